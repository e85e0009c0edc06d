"""Write all of a consultant's data as the JSON document that import_data restores."""

import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from clients.exchange.data_io import export_data


class Command(BaseCommand):
    help = "Print all of a consultant's data as JSON, or write it to --output FILE."

    def add_arguments(self, parser):
        parser.add_argument("username", help="The consultant whose data is exported.")
        parser.add_argument("--output", help="Write to this file instead of printing.")

    def handle(self, *, username, output, **options):
        model = get_user_model()
        try:
            user = model.objects.get_by_natural_key(username)
        except model.DoesNotExist:
            raise CommandError(f"No consultant named {username!r}.") from None
        document = export_data(user)
        text = json.dumps(document, indent=2, ensure_ascii=False)
        if output is None:
            self.stdout.write(text)
            return
        try:
            with open(output, "w", encoding="utf-8") as file:
                file.write(text + "\n")
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from None
        self.stdout.write(f"Wrote {len(document['clients'])} clients of {username} to {output}")
