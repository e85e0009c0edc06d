"""Create or update a flag catalogue from a JSON document, all of it or nothing."""

from django.core.management.base import BaseCommand, CommandError

from clients.exchange.catalogue_io import CatalogueFileError, import_catalogue
from clients.exchange.data_validation import DataFileError, parse_document
from clients.models import Client


class Command(BaseCommand):
    help = "Create or update a flag catalogue from a JSON file written by export_catalogue."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The JSON document.")

    def handle(self, *, file, **options):
        try:
            with open(file, "rb") as handle:
                data = parse_document(handle.read())
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        except DataFileError as error:
            raise CommandError(f"{file}: {error}") from None
        try:
            catalogue, created = import_catalogue(data)
        except CatalogueFileError as error:
            raise CommandError(f"{file}: {error}") from None
        if created:
            self.stdout.write(f"Created catalogue {catalogue.name}")
        else:
            rescored = Client.objects.filter(catalogue=catalogue).count()
            self.stdout.write(f"Updated catalogue {catalogue.name} ({rescored} clients re-scored)")
