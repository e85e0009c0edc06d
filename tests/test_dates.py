"""Dates an English reader can't misread (24 Jul 2026), French ones as the French write them,
and forms that accept what the pages show (fitcheck/formats/)."""

from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from clients.models import Interaction, Phase, Project
from tests.factories import interaction_data, log

EN = {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}
FR = {"HTTP_ACCEPT_LANGUAGE": "fr-FR,fr;q=0.9"}
# Day 24 can't be a month, so a page showing it numerically would show 24/07 or 07/24.
CALL = datetime(2025, 7, 24, 10, 0)


@pytest.fixture
def acme(consultant, make_client):
    """Return a client with a call on 24 July 2025 at 10:00 and a phase starting that day."""
    acme = make_client(consultant, "Acme")
    log(acme, occurred_at=timezone.make_aware(CALL), kind="discovery")
    project = Project.objects.create(client=acme, name="Website")
    Phase.objects.create(
        project=project, name="Scoping", starts_on=date(2025, 7, 24), ends_on=date(2025, 8, 11)
    )
    return acme


def _client_page(client, acme, headers) -> str:
    response = client.get(reverse("client_detail", args=[acme.pk]), **headers)
    assert response.status_code == 200
    return response.content.decode()


def test_it_writes_english_dates_with_the_month_in_letters(logged_in, acme):
    html = _client_page(logged_in, acme, EN)

    assert "24 Jul 2025, 10:00" in html  # the timeline and the trend table
    assert "24 Jul 2025–11 Aug 2025" in html  # the phase
    assert "07/24/2025" not in html and "24/07/2025" not in html


def test_it_writes_the_last_contact_in_letters_on_the_english_dashboard(logged_in, acme):
    html = logged_in.get(reverse("dashboard"), **EN).content.decode()
    assert ">24 Jul 2025</time>" in html


def test_it_keeps_french_dates_french(logged_in, acme):
    html = _client_page(logged_in, acme, FR)

    assert "24 juil. 2025 à 10:00" in html  # the timeline
    assert "24/07/2025 10:00" in html  # the trend table
    assert "24/07/2025–11/08/2025" in html  # the phase
    dashboard = logged_in.get(reverse("dashboard"), **FR).content.decode()
    assert ">24 juil. 2025</time>" in dashboard


@pytest.mark.parametrize(
    ("headers", "typed"),
    [
        (EN, "24 Jul 2025, 10:00"),
        (EN, "24 July 2025 10:00"),
        (EN, "2025-07-24T10:00"),  # what the browser's date picker sends
        (FR, "24/07/2025 10:00"),
        (FR, "2025-07-24T10:00"),
    ],
)
def test_it_accepts_a_date_as_the_pages_write_it(logged_in, acme, headers, typed):
    url = reverse("interaction_new", args=[acme.pk])
    response = logged_in.post(url, interaction_data() | {"occurred_at": typed}, **headers)

    assert response.status_code == 302
    assert (
        timezone.localtime(acme.interactions.latest("id").occurred_at).replace(tzinfo=None) == CALL
        and acme.interactions.count() == 2
    )


def test_it_refuses_an_english_date_whose_day_and_month_could_be_swapped(logged_in, acme):
    url = reverse("interaction_new", args=[acme.pk])
    response = logged_in.post(url, interaction_data() | {"occurred_at": "07/08/2025 10:00"}, **EN)

    assert response.status_code == 200
    assert "Enter a valid date/time." in response.content.decode()
    assert Interaction.objects.filter(client=acme).count() == 1
