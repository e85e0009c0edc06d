"""The morning note: `send_digest` emails each consultant who asked for it, at their hour in
their time zone, once a day, and only when there is something to say. Through a real SMTP
server on the loopback (tests/conftest.py), never a mock."""

import zoneinfo
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from clients.actions import profile_for
from clients.contacts.digest import send_due_notes
from clients.contacts.planned import PlannedContact, plan_contact
from clients.models import ConsultantProfile
from tests.conftest import wait_for_mails
from tests.factories import add_phase

SITE = "https://fitcheck.example"


def opt_in(user, *, zone="Europe/Paris", hour=None, language=""):
    """Ask for the note at `hour` (default: the hour it is now in `zone`)."""
    profile = profile_for(user)
    profile.time_zone = zone
    profile.language = language
    profile.digest_enabled = True
    profile.digest_hour = (
        timezone.now().astimezone(zoneinfo.ZoneInfo(zone)).hour if hour is None else hour
    )
    profile.save()
    return profile


@pytest.fixture
def ada(consultant, make_client):
    """A consultant with a call planned today (now), an overdue one and a review due."""
    consultant.email = "ada@example.com"
    consultant.save()
    acme = make_client(consultant, "Acme")
    plan_contact(client=acme, planned=PlannedContact(timezone.now(), "call", "Budget"))
    late = make_client(consultant, "Late Ltd")
    plan_contact(client=late, planned=PlannedContact(timezone.now() - timedelta(days=3), "email"))
    add_phase(make_client(consultant, "Greenleaf"))
    return consultant


def run() -> str:
    out = StringIO()
    call_command("send_digest", "--site-url", SITE, stdout=out)
    return out.getvalue()


def test_twice_in_the_hour_sends_one_note_with_the_day_in_it(smtp_server, ada, make_client):
    opt_in(ada)
    acme = ada.clients.get(name="Acme")

    assert run() == "Sent 1 morning note.\n"
    assert run() == "Sent 0 morning notes.\n"

    (mail,) = wait_for_mails(smtp_server, 1)
    assert mail["To"] == "ada@example.com"
    assert mail["Subject"].startswith("Your day in fitcheck")
    body = mail.get_content()
    assert "Planned today:" in body and "Acme (Budget)" in body
    assert SITE + reverse("client_prepare", args=[acme.pk]) in body
    assert "Planned earlier, not done yet:" in body and "Late Ltd" in body
    assert "Phase reviews due:" in body and "Greenleaf" in body
    assert ConsultantProfile.objects.get(user=ada).digest_sent_at is not None


def test_none_to_a_consultant_who_did_not_ask(smtp_server, ada):
    profile = opt_in(ada)
    profile.digest_enabled = False
    profile.save()

    assert run() == "Sent 0 morning notes.\n"
    assert smtp_server == []


def test_none_when_there_is_nothing_to_say(smtp_server, make_user):
    quiet = make_user("quiet", email="quiet@example.com")
    opt_in(quiet)

    assert run() == "Sent 0 morning notes.\n"
    assert smtp_server == []


def test_a_consultant_in_new_york_gets_it_at_their_hour(smtp_server, make_user, make_client):
    bob = make_user("bob", email="bob@example.com")
    opt_in(bob, zone="America/New_York", hour=7)
    # 8 December 2027, 07:00 in New York is 12:00 UTC (EST, UTC−5).
    seven = datetime(2027, 12, 8, 12, 0, tzinfo=UTC)
    client = make_client(bob, "Hudson")
    plan_contact(client=client, planned=PlannedContact(seven + timedelta(hours=3), "meeting"))

    assert send_due_notes(seven - timedelta(hours=1), SITE) == 0  # 06:00 in New York
    assert send_due_notes(seven + timedelta(minutes=5), SITE) == 1
    assert send_due_notes(seven + timedelta(minutes=50), SITE) == 0  # sent already today

    (mail,) = wait_for_mails(smtp_server, 1)
    assert "10:00" in mail.get_content()  # the meeting at the consultant's own time
    assert "Hudson" in mail.get_content()
    # The next morning there is a new note (the meeting is overdue by then).
    assert send_due_notes(seven + timedelta(days=1), SITE) == 1


def test_it_is_in_the_consultants_language(smtp_server, ada):
    opt_in(ada, language="fr")

    run()

    (mail,) = wait_for_mails(smtp_server, 1)
    assert mail["Subject"].startswith("Votre journée dans fitcheck")
    assert "Prévu aujourd'hui" in mail.get_content()


def test_settings_turn_the_note_on_at_an_hour(logged_in, consultant):
    assert 'name="digest-digest_enabled"' in logged_in.get(reverse("settings")).text

    response = logged_in.post(
        reverse("digest_settings"), {"digest-digest_enabled": "on", "digest-digest_hour": "6"}
    )

    assert response.status_code == 302
    profile = profile_for(consultant)
    assert (profile.digest_enabled, profile.digest_hour) == (True, 6)


def test_a_wrong_hour_says_so_and_changes_nothing(logged_in, consultant):
    response = logged_in.post(
        reverse("digest_settings"), {"digest-digest_enabled": "on", "digest-digest_hour": "24"}
    )

    assert response.status_code == 200
    assert "Select a valid choice." in response.text
    assert profile_for(consultant).digest_enabled is False
