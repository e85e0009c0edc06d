"""Send the morning notes that are due: run it every hour (cron or a systemd timer)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from accounts.management.commands.createconsultant import default_site_url
from clients.contacts.digest import send_due_notes


class Command(BaseCommand):
    help = (
        "Email each consultant who asked for it their morning note, at their chosen hour in "
        "their time zone; at most once a day, and only when there is something to say."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--site-url", help="The address of the links (default: from ALLOWED_HOSTS)."
        )

    def handle(self, *args, **options):
        site_url = (options["site_url"] or default_site_url()).rstrip("/")
        sent = send_due_notes(timezone.now(), site_url)
        self.stdout.write(f"Sent {sent} morning note{'s' if sent != 1 else ''}.")
