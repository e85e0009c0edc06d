"""Write a flag catalogue as a JSON document that import_catalogue reads back."""

import json

from django.core.management.base import BaseCommand, CommandError

from clients.exchange.catalogue_io import export_catalogue
from clients.models import FlagCatalogue


class Command(BaseCommand):
    help = "Print a flag catalogue as JSON, or write it to --output FILE."

    def add_arguments(self, parser):
        parser.add_argument("name", help="The catalogue's name, e.g. Default.")
        parser.add_argument("--output", help="Write to this file instead of printing.")

    def handle(self, *, name, output, **options):
        try:
            catalogue = FlagCatalogue.objects.shared().get(name=name)
        except FlagCatalogue.DoesNotExist:
            raise CommandError(f"No catalogue named “{name}”.") from None
        document = json.dumps(export_catalogue(catalogue), indent=2, ensure_ascii=False)
        if output is None:
            self.stdout.write(document)
        else:
            with open(output, "w", encoding="utf-8") as file:
                file.write(document + "\n")
            self.stdout.write(f"Wrote catalogue {name} to {output}")
