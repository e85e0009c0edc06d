"""Store what the dashboard's "Today" strip reads on each client.

The re-score of every client that fills them (model v2, formerly 0010, then here) now runs
in 0013: it runs the app's own scoring code, which also stores the column 0013 adds, so it
must stay after every migration that changes the tables the score reads. A database already
past this migration was re-scored here; 0013 re-scores it again, with the same result.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("clients", "0010_rescore_model_v2")]

    operations = [
        migrations.AddField(
            model_name="client",
            name="last_decision_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="last decision"
            ),
        ),
        migrations.AddField(
            model_name="client",
            name="last_discovery_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="last discovery call"
            ),
        ),
        migrations.AddField(
            model_name="client",
            name="review_due_on",
            field=models.DateField(
                blank=True, editable=False, null=True, verbose_name="phase review due since"
            ),
        ),
    ]
