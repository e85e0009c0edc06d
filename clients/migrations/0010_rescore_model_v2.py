"""Re-score every client with model v2: a phase review's outcome is evidence, and confidence
is "high" only once a phase was reviewed. Decisions keep the score they were taken with.

This runs the app's own scoring code rather than a copy frozen here: a second copy of the
model would be a second model. It only reads what the score has read since model v2, so it
must stay after every migration that changes those tables.
"""

from django.db import migrations


def rescore_every_client(apps, schema_editor):
    from clients.models import Client
    from clients.scores import refresh_scores

    refresh_scores(Client.objects.all())


class Migration(migrations.Migration):
    dependencies = [("clients", "0009_client_phase_reviewed")]

    operations = [migrations.RunPython(rescore_every_client, migrations.RunPython.noop)]
