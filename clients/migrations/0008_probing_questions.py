"""Give the flags of the default catalogues their probing question and opposite flag.

Catalogues are matched by the language of the default data; a question already written
(in the admin) is kept.
"""

from django.db import migrations

from clients.data.catalogues import DEFAULT_CATALOGUES, OPPOSITES, PROBING_QUESTIONS


def fill(apps, schema_editor):
    Flag = apps.get_model("clients", "Flag")
    pairs = dict(OPPOSITES) | {red: green for green, red in OPPOSITES}
    for language, data in DEFAULT_CATALOGUES.items():
        questions = PROBING_QUESTIONS[language]
        flags = list(Flag.objects.filter(catalogue__name=data["name"], key__in=questions))
        for flag in flags:
            if not flag.probing_question:
                flag.probing_question = questions[flag.key]
            if not flag.opposite:
                flag.opposite = pairs.get(flag.key, "")
        Flag.objects.bulk_update(flags, ["probing_question", "opposite"])


class Migration(migrations.Migration):
    dependencies = [("clients", "0007_migrate_questions")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
