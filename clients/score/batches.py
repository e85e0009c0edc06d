"""Re-scoring many clients batch by batch: the rescore command and the data migrations.

A client's score depends on its own rows only, so scoring the clients in batches stores
exactly what one `refresh_scores` of them all stores, with the evidence of one batch in
memory at a time. Each batch is its own transaction when the caller is not inside one (the
command, a migration with `atomic = False`): an interrupted run keeps the batches it
finished, and running it again scores them all again, to the same result.
"""

from collections.abc import Callable, Iterator

from django.db import transaction
from django.db.models import QuerySet

from ..models import Client
from .scores import refresh_scores

# Clients scored per batch: bounds the evidence held in memory, whatever the database size.
BATCH_SIZE = 2000


def batches(clients: QuerySet[Client], batch_size: int = BATCH_SIZE) -> Iterator[list[int]]:
    """Yield the ids of the clients of the queryset, in batches of `batch_size`, by id."""
    pks = list(clients.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), batch_size):
        yield pks[start : start + batch_size]


def batch_of(clients: QuerySet[Client], ids: list[int]) -> QuerySet[Client]:
    """Return the clients of the queryset in one batch (a range of ids: no long IN list)."""
    return clients.filter(pk__gte=ids[0], pk__lte=ids[-1])


def rescore_in_batches(
    clients: QuerySet[Client],
    *,
    batch_size: int = BATCH_SIZE,
    report: Callable[[int, int], None] | None = None,
) -> int:
    """Re-score the clients of the queryset batch by batch; return how many were scored.

    `report(done, total)` is called after each batch.
    """
    all_batches = list(batches(clients, batch_size))
    total = sum(len(ids) for ids in all_batches)
    done = 0
    for ids in all_batches:
        with transaction.atomic():
            refresh_scores(batch_of(clients, ids))
        done += len(ids)
        if report is not None:
            report(done, total)
    return done


def rescore_for_migration(clients: QuerySet[Client], *, batch_size: int = BATCH_SIZE) -> int:
    """Re-score clients from a data migration, printing its progress batch by batch.

    Import the app's models and this in the migration's function (the score is the app's
    current code), and keep that migration after every one that changes the tables the
    score reads. In a migration of its own with `atomic = False`, each batch commits apart.
    """

    def report(done: int, total: int) -> None:
        print(f"\n  Re-scored {done}/{total} clients", end="", flush=True)

    scored = rescore_in_batches(clients, batch_size=batch_size, report=report)
    if scored:
        print()
    return scored
