"""The next contact with a client: planned from the log form, the client page or the call sheet,
counted by "Today" (today and overdue, in the consultant's time zone), shown on the dashboard."""

import re
import zoneinfo
from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from clients.actions import profile_for
from clients.contacts.planned import PlannedContact, plan_contact
from clients.models import Client
from tests.factories import ago, interaction_data, local_input, log
from tests.test_today import strip

DASHBOARD = reverse("dashboard")


@pytest.fixture
def acme(consultant, make_client):
    return make_client(consultant, "Acme")


def planned(client) -> PlannedContact | None:
    return PlannedContact.of(Client.objects.get(pk=client.pk))


def test_it_sets_a_next_call_from_the_log_form_and_today_counts_it(logged_in, acme):
    this_minute = ago()  # today whatever the hour
    data = interaction_data() | {
        "next-at": local_input(this_minute),
        "next-kind": "call",
        "next-note": "Budget, then timeline",
    }

    response = logged_in.post(reverse("interaction_new", args=[acme.pk]), data)

    assert response.status_code == 302
    assert planned(acme) == PlannedContact(this_minute, "call", "Budget, then timeline")
    page = logged_in.get(DASHBOARD).text
    assert strip(page)["calls"] == 1
    assert "Budget, then timeline" not in page  # the note stays on the client's pages
    listed = logged_in.get(DASHBOARD, {"today": "calls"}).text
    assert ">Acme</a>" in listed


def test_logging_the_planned_call_takes_it_off_the_plan(logged_in, acme):
    plan_contact(client=acme, planned=PlannedContact(ago(hours=1), "call"))
    form = logged_in.get(reverse("interaction_new", args=[acme.pk])).text
    assert re.search(r'name="next-done"[^>]*checked', form)  # asked, and ticked: it is due

    data = interaction_data() | {"next-done": "on"}
    logged_in.post(reverse("interaction_new", args=[acme.pk]), data)

    assert planned(acme) is None


def test_logging_something_else_keeps_the_plan_when_told_to(logged_in, acme):
    later = ago(days=-3)
    plan_contact(client=acme, planned=PlannedContact(later, "meeting", "Workshop"))

    logged_in.post(reverse("interaction_new", args=[acme.pk]), interaction_data())

    assert planned(acme) == PlannedContact(later, "meeting", "Workshop")


def test_a_new_next_contact_from_the_log_form_replaces_the_planned_one(logged_in, acme):
    plan_contact(client=acme, planned=PlannedContact(ago(hours=1), "call"))
    later = ago(days=-7)
    data = interaction_data() | {"next-at": local_input(later), "next-kind": "email"}

    logged_in.post(reverse("interaction_new", args=[acme.pk]), data)

    assert planned(acme) == PlannedContact(later, "email", "")


def test_a_wrong_next_contact_saves_nothing_of_the_interaction(logged_in, acme):
    data = interaction_data(notes="Call notes") | {"next-at": "next tuesday"}

    response = logged_in.post(reverse("interaction_new", args=[acme.pk]), data)

    assert response.status_code == 200
    assert "Enter a valid date/time." in response.text
    assert not acme.interactions.exists()
    assert planned(acme) is None


@pytest.mark.parametrize(
    "return_to, url_name", [("page", "client_detail"), ("sheet", "client_prepare")]
)
def test_it_plans_and_clears_from_the_client_page_and_the_call_sheet(
    logged_in, acme, return_to, url_name
):
    shown = logged_in.get(reverse(url_name, args=[acme.pk])).text
    assert f'action="{reverse("planned_contact", args=[acme.pk])}"' in shown
    when = ago(days=-2)
    data = {"next-at": local_input(when), "next-kind": "meeting", "return_to": return_to}

    response = logged_in.post(reverse("planned_contact", args=[acme.pk]), data)

    assert response.url == reverse(url_name, args=[acme.pk])
    assert planned(acme) == PlannedContact(when, "meeting", "")
    shown = logged_in.get(reverse(url_name, args=[acme.pk])).text
    assert f'datetime="{timezone.localtime(when).isoformat()}"' in shown
    assert reverse("planned_contact_ics", args=[acme.pk]) in shown

    clear = reverse("planned_contact_clear", args=[acme.pk])
    response = logged_in.post(clear, {"return_to": return_to})

    assert response.url == reverse(url_name, args=[acme.pk])
    assert planned(acme) is None


def test_planning_without_a_date_says_so_and_changes_nothing(logged_in, acme):
    response = logged_in.post(reverse("planned_contact", args=[acme.pk]), {"next-kind": "call"})

    assert response.status_code == 200
    assert "This field is required." in response.text
    assert planned(acme) is None


def test_overdue_is_a_contact_planned_before_today_with_nothing_logged_since(
    logged_in, consultant, make_client
):
    forgotten = make_client(consultant, "Forgotten")
    plan_contact(client=forgotten, planned=PlannedContact(ago(days=2), "call"))
    done = make_client(consultant, "Done but kept")
    plan_contact(client=done, planned=PlannedContact(ago(days=2), "call"))
    log(done, occurred_at=ago(days=1))

    page = logged_in.get(DASHBOARD).text

    assert strip(page)["overdue"] == 1
    listed = logged_in.get(DASHBOARD, {"today": "overdue"}).text
    assert ">Forgotten</a>" in listed and ">Done but kept</a>" not in listed


def test_today_is_the_consultants_day_in_their_time_zone(client, consultant, make_client):
    profile = profile_for(consultant)
    profile.time_zone = "Pacific/Auckland"
    profile.save()
    zone = zoneinfo.ZoneInfo("Pacific/Auckland")
    today = timezone.now().astimezone(zone).date()

    def at(day, hour, minute=0):
        return datetime.combine(day, time(hour, minute), tzinfo=zone)

    moments = {
        "first thing": at(today, 0, 0),
        "last thing": at(today, 23, 59),
        "tomorrow": at(today + timedelta(1), 0, 0),
        "yesterday": at(today - timedelta(1), 23, 59),
    }
    for name, moment in moments.items():
        plan_contact(client=make_client(consultant, name), planned=PlannedContact(moment, "call"))
    client.force_login(consultant)

    page = client.get(DASHBOARD).text

    assert strip(page)["calls"] == 2
    assert strip(page)["overdue"] == 1


def test_the_dashboard_shows_and_sorts_by_the_next_contact(logged_in, consultant, make_client):
    for name, days in (("Later", 5), ("Sooner", 1)):
        client = make_client(consultant, name)
        plan_contact(client=client, planned=PlannedContact(ago(days=-days), "meeting"))
    make_client(consultant, "Nothing planned")

    page = logged_in.get(DASHBOARD, {"sort": "next"}).text

    assert re.findall(r'<a href="/clients/\d+/">([^<]+)</a>', page) == [
        "Sooner",
        "Later",
        "Nothing planned",
    ]
    assert "meeting · " in page and "none planned" in page


def test_overdue_follows_every_write_of_the_interactions(logged_in, acme):
    """Overdue reads the planned moment and the stored last contact, which each write keeps."""
    plan_contact(client=acme, planned=PlannedContact(ago(days=3), "call"))
    after = logged_in.post(
        reverse("interaction_new", args=[acme.pk]),
        interaction_data(occurred_at=ago(days=1)),  # "it was not that call": the plan stays
    )
    assert after.status_code == 302
    assert strip(logged_in.get(DASHBOARD).text)["overdue"] == 0

    interaction = acme.interactions.get()
    logged_in.post(reverse("interaction_delete", args=[interaction.pk]))

    assert strip(logged_in.get(DASHBOARD).text)["overdue"] == 1
