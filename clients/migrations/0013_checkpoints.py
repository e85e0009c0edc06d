"""Checkpoints after a phase (issue 21): the decision kinds, the phase a checkpoint follows,
and when a checkpoint became due; then every client gets a consistent stage and is re-scored.

Stage: a client's status follows its latest accept, stretch or decline (a "need more info"
recorded after an accept used to make an active client "deciding" again). An active client
keeps its accept; nothing is deleted. The re-score runs the app's own scoring code (see
0011), which fills `checkpoint_due_since`: it must stay after every migration that changes
the tables the score reads.
"""

import django.db.models.deletion
from django.db import migrations, models

DECIDED = {"accept": "active", "stretch": "active", "decline": "declined"}


def align_stages(apps, schema_editor):
    Client = apps.get_model("clients", "Client")
    Decision = apps.get_model("clients", "Decision")
    latest = {}
    decisive = Decision.objects.filter(kind__in=DECIDED).order_by("decided_at", "id")
    for client_id, kind in decisive.values_list("client_id", "kind").iterator():
        latest[client_id] = kind  # the last one wins
    for status in set(DECIDED.values()):
        ids = [pk for pk, kind in latest.items() if DECIDED[kind] == status]
        # Completed clients stay completed: the work ended after being accepted.
        Client.objects.filter(pk__in=ids).exclude(status__in=[status, "completed"]).update(
            status=status
        )


def rescore_every_client(apps, schema_editor):
    # In batches with progress printed (clients.score.batches), the same scores as one pass.
    # The migration stays one transaction with the schema changes above: interrupted, it
    # leaves nothing done, and migrating again runs it whole.
    from clients.models import Client
    from clients.score.batches import rescore_for_migration

    rescore_for_migration(Client.objects.all())


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0012_client_name_trigram_index"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="decision",
            name="decision_kind_valid",
        ),
        migrations.AddField(
            model_name="client",
            name="checkpoint_due_since",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="checkpoint due since"
            ),
        ),
        migrations.AddField(
            model_name="decision",
            name="phase",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="checkpoint",
                to="clients.phase",
                verbose_name="phase",
            ),
        ),
        migrations.AlterField(
            model_name="decision",
            name="kind",
            field=models.CharField(
                choices=[
                    ("accept", "accept"),
                    ("decline", "decline"),
                    ("stretch", "accept as stretch"),
                    ("need_info", "need more info"),
                    ("continue", "continue"),
                    ("change", "continue with changes"),
                    ("end", "end after this phase"),
                ],
                max_length=10,
                verbose_name="decision",
            ),
        ),
        migrations.AddConstraint(
            model_name="decision",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "kind__in",
                        ["accept", "decline", "stretch", "need_info", "continue", "change", "end"],
                    )
                ),
                name="decision_kind_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="decision",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("kind__in", ("continue", "change", "end")), ("phase__isnull", False)),
                    models.Q(
                        models.Q(("kind__in", ("continue", "change", "end")), _negated=True),
                        ("phase__isnull", True),
                    ),
                    _connector="OR",
                ),
                name="decision_checkpoint_has_phase",
                violation_error_message="A checkpoint follows a phase; other decisions do not.",
            ),
        ),
        migrations.AddConstraint(
            model_name="decision",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("kind__in", ["change", "end"]), _negated=True),
                    models.Q(("reason", ""), _negated=True),
                    _connector="OR",
                ),
                name="decision_checkpoint_has_reason",
                violation_error_message="Say what changes, or why the work ends after this phase.",
            ),
        ),
        migrations.RunPython(align_stages, migrations.RunPython.noop),
        migrations.RunPython(rescore_every_client, migrations.RunPython.noop),
    ]
