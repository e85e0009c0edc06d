"""Restore a consultant's data from an export_data file into an account without clients."""

import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from clients.exchange.data_io import DataFileError, import_data, parse_document

# As much as the upload takes: the largest file that restores within 10 s and 200 MB of
# memory (bench/big_import.py); a 50 MB file took minutes and gigabytes.
MAX_FILE_MB = 10
MAX_FILE = MAX_FILE_MB * 1024 * 1024


class Command(BaseCommand):
    help = (
        "Restore a consultant's clients, interactions, reviews, decisions and boundaries from "
        "a JSON file written by export_data, all of it or nothing. The account must have no "
        "clients."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="The consultant who receives the data.")
        parser.add_argument("file", help="The JSON document.")

    def handle(self, *, username, file, **options):
        model = get_user_model()
        try:
            user = model.objects.get_by_natural_key(username)
        except model.DoesNotExist:
            raise CommandError(f"No consultant named {username!r}.") from None
        raw = _read(file)
        try:
            summary = import_data(user, parse_document(raw))
        except DataFileError as error:
            raise CommandError(f"{file}: {error} Nothing was restored.") from None
        self.stdout.write(
            f"Restored {summary.clients} clients, {summary.interactions} interactions, "
            f"{summary.reviews} phase reviews, {summary.decisions} decisions and "
            f"{summary.boundaries} boundaries for {username}; scores recomputed."
        )
        if summary.rescored_differently:
            self.stdout.write(
                "Recomputed scores that differ from the file's (the catalogue changed since the "
                "export, or the file was edited): " + ", ".join(summary.rescored_differently)
            )


def _read(file: str) -> bytes:
    """Return the file's bytes, refusing anything over the limit before reading it."""
    too_large = (
        f"{file} is larger than {MAX_FILE_MB} MB, the most a restore takes: "
        "is it a fitcheck export?"
    )
    try:
        if os.stat(file).st_size > MAX_FILE:
            raise CommandError(too_large)
        with open(file, "rb") as handle:
            # Read one byte past the limit: a pipe or a growing file has no size to trust.
            raw = handle.read(MAX_FILE + 1)
    except OSError as error:
        raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
    if len(raw) > MAX_FILE:
        raise CommandError(too_large)
    return raw
