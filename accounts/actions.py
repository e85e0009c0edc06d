"""Writes that span several models: deleting a consultant with everything they keep."""

from django.db import transaction


def delete_account(*, user) -> None:
    """Delete the consultant, their clients with everything hanging off them (interactions,
    observations, projects, phases, reviews, decisions…), their boundaries and profile, in
    one transaction. The flag catalogues are shared and stay, even those a staff member made.
    """
    with transaction.atomic():
        # Every model that belongs to a consultant reaches the user through CASCADE foreign
        # keys (tests/test_accounts_delete.py counts every table to hold that true).
        user.delete()
