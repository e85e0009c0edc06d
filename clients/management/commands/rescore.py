"""Recompute every client's stored fit score, e.g. after editing weights outside the admin.

Batch by batch, each batch its own transaction: interrupted, the command keeps the batches it
finished, and running it again re-scores every client, to the same scores.
"""

import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

from django.core.management.base import BaseCommand, CommandError
from django.db import connections, transaction

from clients.models import Client, FlagCatalogue
from clients.score.batches import BATCH_SIZE, batch_of, batches
from clients.score.scores import refresh_scores


def positive(text: str) -> int:
    """Return an option's whole number of at least 1 (argparse names the option otherwise)."""
    value = int(text)
    if value < 1:
        raise ValueError(text)
    return value


class Command(BaseCommand):
    help = "Recompute the stored fit score of every client, or of one catalogue's clients."

    def add_arguments(self, parser):
        parser.add_argument("--catalogue", help="Only the clients scored with this catalogue.")
        parser.add_argument(
            "--batch-size",
            type=positive,
            default=BATCH_SIZE,
            help=f"Clients scored per transaction (default {BATCH_SIZE}).",
        )
        parser.add_argument(
            "--progress", action="store_true", help="Print n/total after each batch."
        )
        parser.add_argument(
            "--workers",
            type=positive,
            default=1,
            help="Processes scoring batches side by side (PostgreSQL only; 2 halve the time "
            "on 2 cores).",
        )

    def handle(self, *, catalogue, batch_size, progress, workers, **options):
        started = time.monotonic()
        if workers > 1 and connections["default"].vendor != "postgresql":
            raise CommandError("--workers needs PostgreSQL: SQLite writes one batch at a time.")
        catalogue_pk = None
        if catalogue is not None:
            try:
                catalogue_pk = FlagCatalogue.objects.shared().get(name=catalogue).pk
            except FlagCatalogue.DoesNotExist:
                raise CommandError(f"No catalogue named “{catalogue}”.") from None
        all_batches = list(batches(_clients(catalogue_pk), batch_size))
        total = sum(len(ids) for ids in all_batches)
        scored, failed = 0, []
        for batch_scored, batch_failed in _score(catalogue_pk, all_batches, workers):
            scored += batch_scored
            failed += batch_failed
            for message in batch_failed:
                self.stderr.write(message)
            if progress:
                self.stdout.write(f"{scored + len(failed)}/{total}")
        self.stdout.write(f"Re-scored {scored} clients in {time.monotonic() - started:.1f} s.")
        if failed:
            raise CommandError(
                f"{len(failed)} client(s) could not be re-scored (listed above); "
                "their stored scores are unchanged."
            )


def _clients(catalogue_pk: int | None):
    clients = Client.objects.all()
    return clients if catalogue_pk is None else clients.filter(catalogue=catalogue_pk)


def _score(catalogue_pk, all_batches, workers):
    """Yield (scored, failure messages) of each batch, in this process or in `workers`."""
    arguments = [(catalogue_pk, ids) for ids in all_batches]
    if workers == 1 or len(all_batches) < 2:
        yield from (score_batch(*args) for args in arguments)
        return
    connections.close_all()  # each forked worker opens its own connection
    with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
        yield from pool.map(score_batch, *zip(*arguments, strict=True))


def score_batch(catalogue_pk: int | None, ids: list[int]) -> tuple[int, list[str]]:
    """Re-score one batch in one transaction; return how many were scored, and a message for
    each client that could not be (the batch is then scored client by client)."""
    batch = batch_of(_clients(catalogue_pk), ids)
    try:
        with transaction.atomic():
            return refresh_scores(batch), []
    except Exception:  # one bad client must not stop the others
        pass
    scored, failed = 0, []
    for client in batch.order_by("pk"):
        try:
            with transaction.atomic():
                scored += refresh_scores(Client.objects.filter(pk=client.pk))
        except Exception as error:
            failed.append(
                f"Cannot score client {client.pk} “{client.name}” "
                f"(owner {client.owner_id}): {type(error).__name__}: {error}"
            )
    return scored, failed
