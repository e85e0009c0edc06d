"""Create the default flag catalogues of the brief, in English (the default) and French."""

from django.db import migrations

from clients.data.catalogues import DEFAULT_CATALOGUES


def create_catalogues(apps, schema_editor):
    FlagCatalogue = apps.get_model("clients", "FlagCatalogue")
    Flag = apps.get_model("clients", "Flag")
    for language, data in DEFAULT_CATALOGUES.items():
        catalogue, _ = FlagCatalogue.objects.get_or_create(
            name=data["name"],
            defaults={
                "description": data["description"],
                "language": language,
                "is_default": language == "en",
            },
        )
        for position, flag in enumerate(data["flags"]):
            Flag.objects.get_or_create(
                catalogue=catalogue,
                key=flag["key"],
                defaults={**flag, "position": position},
            )


class Migration(migrations.Migration):
    dependencies = [("clients", "0001_initial")]

    operations = [migrations.RunPython(create_catalogues, migrations.RunPython.noop)]
