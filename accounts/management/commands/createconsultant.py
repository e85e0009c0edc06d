"""Create a consultant's account from the command line: with a password, or an invitation."""

import getpass
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.forms import ConsultantCreationForm
from accounts.invitations import send_invitation


def default_site_url() -> str:
    """Return the address invitation links point to when --site-url is not given."""
    if settings.DEBUG:
        return "http://127.0.0.1:8000"
    hosts = [host for host in settings.ALLOWED_HOSTS if host not in ("*", "") and host[0] != "."]
    if not hosts:
        raise CommandError("Give --site-url https://your.host: ALLOWED_HOSTS names no host.")
    return f"https://{hosts[0]}"


class Command(BaseCommand):
    help = (
        "Create a consultant. Without --invite, asks for the password (or reads one line from "
        "standard input with --password-stdin); with --invite, emails a link to choose it."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", required=True, help="Where reset links are sent.")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument(
            "--staff",
            action="store_true",
            help="Staff: may use the admin (flag catalogues, consultants) as a superuser.",
        )
        choice = parser.add_mutually_exclusive_group()
        choice.add_argument("--invite", action="store_true", help="Email a set-password link.")
        choice.add_argument(
            "--password-stdin", action="store_true", help="Read the password from stdin."
        )
        parser.add_argument(
            "--site-url",
            help="Scheme and host of the links in the invitation (default: from ALLOWED_HOSTS).",
        )

    def handle(self, *, username, email, invite, staff, **options):
        site_url = (options["site_url"] or default_site_url()) if invite else ""
        password = "" if invite else self._password(options["password_stdin"])
        form = ConsultantCreationForm(
            {
                "username": username,
                "email": email,
                "first_name": options["first_name"],
                "last_name": options["last_name"],
                "password1": password,
                "password2": password,
                "invite": invite,
            }
        )
        if not form.is_valid():
            problems = [f"{name}: {' '.join(errors)}" for name, errors in form.errors.items()]
            raise CommandError("No consultant created. " + "; ".join(problems))
        with transaction.atomic():
            user = form.save(commit=False)
            user.is_staff = user.is_superuser = staff
            user.save()
        self.stdout.write(f"Consultant {username} created{' (staff)' if staff else ''}.")
        if invite:
            if not send_invitation(user, site_url=site_url):
                raise CommandError(
                    f"The invitation to {email} could not be sent (see the log above); the "
                    "account exists: set a password with `manage.py changepassword`."
                )
            self.stdout.write(f"Invitation sent to {email}.")

    def _password(self, from_stdin: bool) -> str:
        if from_stdin:
            return sys.stdin.readline().rstrip("\n")
        if not sys.stdin.isatty():
            raise CommandError("No terminal to ask the password on: use --password-stdin.")
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ. No consultant created.")
        return password
