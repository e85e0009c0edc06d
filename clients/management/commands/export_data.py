"""Write all of a consultant's data as the JSON document that import_data restores."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from clients.exchange.data_io import export_json
from clients.models import Client


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
        # Written a client at a time, so the whole document is never in memory.
        if output is None:
            for text in export_json(user):
                self.stdout.write(text, ending="")
            return
        try:
            with open(output, "w", encoding="utf-8") as file:
                file.writelines(export_json(user))
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from None
        clients = Client.objects.filter(owner=user).count()
        self.stdout.write(f"Wrote {clients} clients of {username} to {output}")
