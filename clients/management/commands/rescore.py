"""Recompute every client's stored fit score, e.g. after editing weights outside the admin."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from clients.models import Client, FlagCatalogue
from clients.scores import refresh_scores

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
                clients = clients.filter(catalogue=FlagCatalogue.objects.get(name=catalogue))
            except FlagCatalogue.DoesNotExist:
                raise CommandError(f"No catalogue named “{catalogue}”.") from None
        pks = list(clients.order_by("pk").values_list("pk", flat=True))
        scored = 0
        for start in range(0, len(pks), CHUNK_SIZE):
            chunk = pks[start : start + CHUNK_SIZE]
            with transaction.atomic():
                scored += refresh_scores(clients.filter(pk__gte=chunk[0], pk__lte=chunk[-1]))
        self.stdout.write(f"Re-scored {scored} clients in {time.monotonic() - started:.1f} s.")
