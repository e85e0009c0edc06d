"""Store what the dashboard's "Today" strip reads on each client, then re-score every client.

The re-score (model v2, formerly 0010) fills the new columns too. It runs the app's own
scoring code rather than a copy frozen here: a second copy of the model would be a second
model. So it must stay after every migration that changes the tables the score reads.
Decisions keep the score they were taken with.
"""

from django.db import migrations, models


def rescore_every_client(apps, schema_editor):
    from clients.models import Client
    from clients.score.scores import refresh_scores

    refresh_scores(Client.objects.all())


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
        migrations.RunPython(rescore_every_client, migrations.RunPython.noop),
    ]
