from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0015_profile_time_zone"),
    ]

    operations = [
        migrations.AddField(
            model_name="consultantprofile",
            name="language",
            field=models.CharField(
                blank=True,
                choices=[("en", "English"), ("fr", "French")],
                help_text="The language of the pages and of the emails fitcheck sends you.",
                max_length=10,
                verbose_name="language",
            ),
        ),
    ]
