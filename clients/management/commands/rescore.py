"""Recompute every client's stored fit score, e.g. after editing weights outside the admin."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from clients.models import Client, FlagCatalogue
from clients.score.scores import refresh_scores

# Clients scored per pass: bounds the evidence held in memory, whatever the account size.
CHUNK_SIZE = 2000


class Command(BaseCommand):
    help = "Recompute the stored fit score of every client, or of one catalogue's clients."

    def add_arguments(self, parser):
        parser.add_argument("--catalogue", help="Only the clients scored with this catalogue.")

    def handle(self, *, catalogue, **options):
        started = time.monotonic()
        clients = Client.objects.all()
        if catalogue is not None:
            try:
                clients = clients.filter(
                    catalogue=FlagCatalogue.objects.shared().get(name=catalogue)
                )
            except FlagCatalogue.DoesNotExist:
                raise CommandError(f"No catalogue named “{catalogue}”.") from None
        pks = list(clients.order_by("pk").values_list("pk", flat=True))
        scored, failed = 0, []
        for start in range(0, len(pks), CHUNK_SIZE):
            ids = pks[start : start + CHUNK_SIZE]
            chunk = clients.filter(pk__gte=ids[0], pk__lte=ids[-1])
            try:
                with transaction.atomic():
                    scored += refresh_scores(chunk)
            except Exception:  # one bad client must not stop the others
                # Score this chunk's clients one by one, to name the ones that fail.
                for client in chunk.order_by("pk"):
                    try:
                        with transaction.atomic():
                            scored += refresh_scores(Client.objects.filter(pk=client.pk))
                    except Exception as error:
                        failed.append(client)
                        self.stderr.write(
                            f"Cannot score client {client.pk} “{client.name}” "
                            f"(owner {client.owner_id}): {type(error).__name__}: {error}"
                        )
        self.stdout.write(f"Re-scored {scored} clients in {time.monotonic() - started:.1f} s.")
        if failed:
            raise CommandError(
                f"{len(failed)} client(s) could not be re-scored (listed above); "
                "their stored scores are unchanged."
            )
