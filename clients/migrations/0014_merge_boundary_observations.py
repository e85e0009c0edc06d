"""One crossed boundary, one piece of evidence (issue 26, item 8).

Marking a boundary respected or crossed used to add its flag's observation of its own, and
pressing that flag's chip as well added a second one, so the same piece of evidence counted
twice. Each such doubled pair (the same interaction or review, the same flag, one observation
with a boundary and one without) becomes the boundary's observation alone: its boundary, its
words and its strength, as the form now saves it. The other observation's note, when it said
something more, is kept after the boundary's words. Then the clients concerned are re-scored
with the app's own scoring code (see 0013): keep this migration after every migration that
changes the tables the score reads.
"""

from django.db import migrations

SEPARATOR = " — "


def merge_doubled_boundary_observations(apps, schema_editor):
    Observation = apps.get_model("clients", "Observation")
    with_boundary = Observation.objects.filter(boundary__isnull=False).order_by("id")
    kept = {}  # (interaction, review, flag) -> the first observation with a boundary
    for observation in with_boundary:
        key = (observation.interaction_id, observation.review_id, observation.flag_id)
        kept.setdefault(key, observation)
    merged, client_ids = 0, set()
    doubles = Observation.objects.filter(boundary__isnull=True, flag_id__in={k[2] for k in kept})
    for double in list(doubles.select_related("interaction", "review__phase__project")):
        boundary_observation = kept.get((double.interaction_id, double.review_id, double.flag_id))
        if boundary_observation is None:
            continue
        note = double.note.strip()
        if note and note not in boundary_observation.note:
            boundary_observation.note = f"{boundary_observation.note}{SEPARATOR}{note}"
            boundary_observation.save(update_fields=["note"])
        double.delete()
        merged += 1
        if double.interaction_id:
            client_ids.add(double.interaction.client_id)
        else:
            client_ids.add(double.review.phase.project.client_id)
    if merged:
        rescore(client_ids)
        print(
            f"\n  Merged {merged} doubled boundary observation(s) of {len(client_ids)} "
            "client(s); their scores are up to date."
        )


def rescore(client_ids):
    from clients.models import Client
    from clients.score.batches import rescore_for_migration

    rescore_for_migration(Client.objects.filter(pk__in=client_ids))


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0013_checkpoints"),
    ]

    operations = [
        migrations.RunPython(merge_doubled_boundary_observations, migrations.RunPython.noop),
    ]
