"""Planned contacts in a calendar: one .ics event to download, and a private feed per consultant
(its secret key is the only login: unguessable, revocable, 404 for a wrong one, throttled)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from icalendar import Calendar

from clients.actions import profile_for
from clients.contacts import calendar
from clients.contacts.planned import PlannedContact, plan_contact

MOMENT = datetime(2027, 3, 4, 9, 30, tzinfo=UTC)
# Text that RFC 5545 escapes (comma, semicolon, backslash, new line) and long enough to fold.
NOTE = "Ask about budget; timeline, team \\ roles\nand a very long sentence " + "é" * 60


@pytest.fixture(autouse=True)
def no_throttle_left_over():
    """Count wrong keys from zero, and leave no count to the tests that follow."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def acme(consultant, make_client):
    client = make_client(consultant, "Acme, Ltd; Paris")
    plan_contact(client=client, planned=PlannedContact(MOMENT, "call", NOTE))
    return client


def parsed(response) -> Calendar:
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def assert_rfc_5545_lines(content: bytes) -> None:
    """Every line ends in CRLF and is at most 75 octets, continuations start with a space."""
    assert content.endswith(b"\r\n")
    for line in content.split(b"\r\n")[:-1]:
        assert len(line) <= 75, line


def test_the_ics_of_a_planned_call_parses_back_in_utc_with_the_call_sheet(logged_in, acme):
    response = logged_in.get(reverse("planned_contact_ics", args=[acme.pk]))

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    (event,) = parsed(response).walk("VEVENT")
    assert event.decoded("dtstart") == MOMENT
    assert event.decoded("dtstart").utcoffset() == timedelta(0)
    assert event.decoded("dtend") == MOMENT + timedelta(minutes=30)
    assert str(event["summary"]) == "Call with Acme, Ltd; Paris"
    sheet = "http://testserver" + reverse("client_prepare", args=[acme.pk])
    assert str(event["url"]) == sheet
    assert NOTE in str(event["description"]) and sheet in str(event["description"])
    (alarm,) = event.walk("VALARM")
    assert alarm.decoded("trigger") == -timedelta(minutes=15)
    assert str(alarm["action"]) == "DISPLAY"


def test_the_ics_escapes_and_folds_as_rfc_5545_says(logged_in, acme):
    content = logged_in.get(reverse("planned_contact_ics", args=[acme.pk])).content

    assert_rfc_5545_lines(content)
    unfolded = content.replace(b"\r\n ", b"")
    assert b"SUMMARY:Call with Acme\\, Ltd\\; Paris\r\n" in unfolded
    assert b"Ask about budget\\; timeline\\, team \\\\ roles\\nand" in unfolded
    # A fold never cuts a UTF-8 character in two.
    for line in content.split(b"\r\n"):
        line.decode()


def test_there_is_no_ics_without_a_planned_contact(logged_in, consultant, make_client):
    nothing = make_client(consultant, "Nothing planned")

    assert logged_in.get(reverse("planned_contact_ics", args=[nothing.pk])).status_code == 404


def feed_of(consultant) -> str:
    profile = profile_for(consultant)
    profile.calendar_token = calendar.new_token(profile)
    profile.save()
    return reverse("calendar_feed", args=[profile.calendar_token])


def test_the_feed_lists_planned_contacts_with_names_only_without_a_login(client, consultant, acme):
    url = feed_of(consultant)

    response = client.get(url)

    assert response.status_code == 200
    (event,) = parsed(response).walk("VEVENT")
    assert event.decoded("dtstart") == MOMENT
    assert str(event["summary"]) == "Call with Acme, Ltd; Paris"
    assert "budget" not in response.content.decode()  # never a note
    assert_rfc_5545_lines(response.content)


def test_another_consultants_feed_does_not_list_mine(client, other_consultant, acme):
    response = client.get(feed_of(other_consultant))

    assert response.status_code == 200
    assert not parsed(response).walk("VEVENT")


@pytest.mark.parametrize(
    "wrong",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # one character off
        lambda token: token.partition("-")[2],  # the secret without its id
        lambda token: "999-" + token.partition("-")[2],  # another id
        lambda token: "",
    ],
)
def test_a_wrong_key_is_a_404(client, consultant, acme, wrong):
    token = feed_of(consultant).rsplit("/", 1)[1].removesuffix(".ics")

    assert client.get(f"/calendar/{wrong(token)}.ics").status_code == 404


def test_settings_make_a_new_address_and_turn_the_feed_off(logged_in, client, consultant, acme):
    assert "Make my calendar feed" in logged_in.get(reverse("settings")).text
    logged_in.post(reverse("calendar_feed_new"))
    first = reverse("calendar_feed", args=[profile_for(consultant).calendar_token])
    assert first in logged_in.get(reverse("settings")).text

    logged_in.post(reverse("calendar_feed_new"))
    second = reverse("calendar_feed", args=[profile_for(consultant).calendar_token])

    assert second != first
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200

    logged_in.post(reverse("calendar_feed_revoke"))

    assert client.get(second).status_code == 404
    assert profile_for(consultant).calendar_token == ""


def test_keys_are_unguessable():
    class Profile:
        pk = 7

    keys = {calendar.new_token(Profile) for _ in range(100)}
    assert len(keys) == 100
    assert all(len(key.partition("-")[2]) >= 43 for key in keys)  # 256 bits


def test_guessing_keys_is_throttled_per_address(client, consultant, acme):
    url = feed_of(consultant)
    for attempt in range(20):
        assert client.get(f"/calendar/{attempt}-wrong.ics").status_code == 404

    assert client.get(url).status_code == 429
    assert client.get(url, REMOTE_ADDR="10.0.0.9").status_code == 200
