"""Formerly the re-score of every client with model v2; that re-score now runs in 0011.

The re-score runs the app's own scoring code, which also stores the columns 0011 adds, so it
cannot run before them. A database already past this migration was re-scored here; 0011
re-scores it again, with the same result.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("clients", "0009_client_phase_reviewed")]

    operations = []
