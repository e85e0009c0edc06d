"""French typography in the French default catalogue: a narrow no-break space before ; : ! ?
and inside « ».

Only a text still as the data migrations wrote it (with an ordinary space) is changed: a
label, description or probing question edited since in the admin is the staff's own. Running
it again changes nothing.
"""

from django.db import migrations

from clients.data.catalogues import DEFAULT_CATALOGUES, PROBING_QUESTIONS

NARROW_NBSP = "\u202f"
FRENCH = DEFAULT_CATALOGUES["fr"]


def _as_first_written(text: str) -> str:
    return text.replace(NARROW_NBSP, " ")


def typeset(apps, schema_editor):
    FlagCatalogue = apps.get_model("clients", "FlagCatalogue")
    Flag = apps.get_model("clients", "Flag")
    FlagCatalogue.objects.filter(
        name=FRENCH["name"], description=_as_first_written(FRENCH["description"])
    ).update(description=FRENCH["description"])
    texts = {
        flag["key"]: {
            "label": flag["label"],
            "description": flag["description"],
            "probing_question": PROBING_QUESTIONS["fr"][flag["key"]],
        }
        for flag in FRENCH["flags"]
    }
    for flag in Flag.objects.filter(catalogue__name=FRENCH["name"], key__in=texts):
        changed = [
            field
            for field, text in texts[flag.key].items()
            if getattr(flag, field) == _as_first_written(text) != text
        ]
        for field in changed:
            setattr(flag, field, texts[flag.key][field])
        if changed:
            flag.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [("clients", "0016_profile_language")]

    operations = [migrations.RunPython(typeset, migrations.RunPython.noop)]
