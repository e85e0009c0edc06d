"""Writes that span several models: deleting a consultant with everything they keep."""

from django.db import DatabaseError, IntegrityError, transaction

from clients.models import Client

# Tries before a deletion gives up on its races with the consultant's other sessions.
DELETE_ATTEMPTS = 5


def delete_account(*, user) -> None:
    """Delete the consultant, their clients with everything hanging off them (interactions,
    observations, projects, phases, reviews, decisions…), their boundaries, profile and
    sessions, in one transaction. The flag catalogues are shared and stay, even those a staff
    member made.

    Their other sessions may be writing meanwhile: the deletion locks the account and its
    clients first, so a write under way finishes (and is deleted with the rest) and a write
    that comes later waits, then finds nothing to write to. A write that locked its rows in
    the other order makes PostgreSQL end one of the two as a deadlock; if that is the
    deletion, it starts again.
    """
    for attempt in range(1, DELETE_ATTEMPTS + 1):
        try:
            with transaction.atomic():
                _lock_account(user)
                # Every model that belongs to a consultant reaches the user through CASCADE
                # foreign keys (tests/test_account_deletion.py counts every table to hold that
                # true); accounts.sessions deletes the sessions on the way.
                user.delete()
            return
        except DatabaseError as error:
            if attempt == DELETE_ATTEMPTS or not _lost_a_race(error):
                raise


def _lock_account(user) -> None:
    """Lock the account, then its clients in key order: the rows every write of theirs locks."""
    list(user._meta.model._default_manager.select_for_update().filter(pk=user.pk).values_list("pk"))
    list(Client.objects.select_for_update().filter(owner=user).order_by("pk").values_list("pk"))


def _lost_a_race(error: DatabaseError) -> bool:
    """Return whether the error is a concurrent write's doing, so trying again can succeed:
    a deadlock or serialization failure (SQLSTATE class 40), or a foreign key that a write
    committed meanwhile still holds."""
    sqlstate = getattr(error.__cause__, "sqlstate", None) or ""
    return sqlstate.startswith("40") or isinstance(error, IntegrityError)
