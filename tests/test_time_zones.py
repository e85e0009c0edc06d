"""Each consultant's own time zone (Settings): dates, times, the reflection period and "today"
are shown in it, and the times they type are read in it."""

import html
import re
from datetime import datetime, time, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import dateformat, timezone

from clients.actions import profile_for
from clients.data import demo as demo_data
from clients.decisions import reflection_ends_at
from clients.middleware import TIME_ZONE_SESSION_KEY
from clients.models import ConsultantProfile, Interaction
from tests.factories import add_phase, ago, log
from tests.test_today import strip

NEW_YORK = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")
SERVER = ZoneInfo(settings.TIME_ZONE)
DASHBOARD = reverse("dashboard")
SETTINGS = reverse("settings")


def in_zone(user, name: str) -> None:
    profile = profile_for(user)
    profile.time_zone = name
    profile.save()


@pytest.fixture
def new_yorker(make_user, client):
    """Return the test client, logged in as a consultant in America/New_York."""
    user = make_user("nina")
    in_zone(user, "America/New_York")
    client.force_login(user)
    return client


@pytest.fixture
def tokyoite(make_user):
    """Return another test client, logged in as a consultant in Asia/Tokyo."""
    user = make_user("taro")
    in_zone(user, "Asia/Tokyo")
    browser = Client()
    browser.force_login(user)
    return browser


def owner(browser):
    """Return the consultant a test client is logged in as."""
    return get_user_model().objects.get(pk=browser.session["_auth_user_id"])


def shown(moment: datetime, zone: ZoneInfo) -> str:
    """Return a moment as the pages write it (DATETIME_FORMAT), in a zone."""
    return dateformat.format(moment.astimezone(zone), "j M Y, H:i")


# The reflection period -----------------------------------------------------------------------


def test_each_consultant_sees_the_reflection_end_in_their_own_time(
    new_yorker, tokyoite, make_client
):
    ends = {}
    for browser in (new_yorker, tokyoite):
        acme = make_client(owner(browser), "Acme")
        log(acme, occurred_at=ago(hours=2), kind="discovery")  # the same call, for each
        ends[browser] = (acme, reflection_ends_at(acme))

    for browser, zone, others in ((new_yorker, NEW_YORK, TOKYO), (tokyoite, TOKYO, NEW_YORK)):
        acme, end = ends[browser]
        page = browser.get(reverse("client_detail", args=[acme.pk])).text
        assert f"Reflect until {shown(end, zone)}." in page
        assert shown(end, SERVER) not in page
        assert shown(end, others) not in page


def test_a_consultant_without_a_zone_sees_the_servers(logged_in, consultant, make_client):
    acme = make_client(consultant)
    log(acme, occurred_at=ago(hours=2), kind="discovery")

    page = logged_in.get(reverse("client_detail", args=[acme.pk])).text

    assert f"Reflect until {shown(reflection_ends_at(acme), SERVER)}." in page


def test_the_zone_stays_in_the_request(new_yorker, make_client):
    acme = make_client(owner(new_yorker))
    new_yorker.get(reverse("client_detail", args=[acme.pk]))

    # Code after the request (the next test, a command) is back in the server's zone.
    assert timezone.get_current_timezone() == SERVER


# "Today" ----------------------------------------------------------------------------------


def review_due(browser, monkeypatch, moment: datetime) -> int:
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return strip(browser.get(DASHBOARD).text)["review"]


@pytest.mark.parametrize(("zone", "fixture"), [(NEW_YORK, "new_yorker"), (TOKYO, "tokyoite")])
def test_review_due_starts_at_the_consultants_midnight(
    request, monkeypatch, make_client, zone, fixture
):
    browser = request.getfixturevalue(fixture)
    ended = timezone.localdate() - timedelta(days=1)
    add_phase(make_client(owner(browser)), ends_on=ended)
    their_midnight = datetime.combine(ended + timedelta(days=1), time(0), tzinfo=zone)
    before, after = their_midnight - timedelta(minutes=30), their_midnight + timedelta(minutes=30)
    # The server's date is the same on both sides of their midnight, so it is theirs that counts.
    assert before.astimezone(SERVER).date() == after.astimezone(SERVER).date()

    assert review_due(browser, monkeypatch, before) == 0
    assert review_due(browser, monkeypatch, after) == 1


# Forms --------------------------------------------------------------------------------------


def test_a_time_typed_in_the_log_form_is_read_in_the_consultants_zone(new_yorker, make_client):
    acme = make_client(owner(new_yorker))
    day = timezone.localdate() - timedelta(days=10)

    response = new_yorker.post(
        reverse("interaction_new", args=[acme.pk]),
        {"occurred_at": f"{day.isoformat()}T21:00", "kind": "meeting", "notes": "", "gut": ""},
    )

    assert response.status_code == 302
    interaction = Interaction.objects.get(client=acme)
    assert interaction.occurred_at == datetime.combine(day, time(21, 0), tzinfo=NEW_YORK)
    # And the form shows it back as typed.
    page = new_yorker.get(reverse("interaction_edit", args=[interaction.pk]))
    assert f'value="{day.isoformat()}T21:00"' in page.text


# Settings -------------------------------------------------------------------------------------


def settings_data(**changes) -> dict:
    return {"reflection_hours": 24, "preferred_catalogue": "", "time_zone": ""} | changes


def test_settings_offer_the_servers_zone_first(logged_in):
    page = logged_in.get(SETTINGS).text

    select = page.split('name="time_zone"')[1].split("</select>")[0]
    first = html.unescape(select.split("<option")[1])
    assert 'value=""' in first and "selected" in first
    assert f"Server's time zone: {settings.TIME_ZONE}" in first
    assert '<option value="America/New_York">America/New York</option>' in select
    # The script offers the browser's zone to whoever has not chosen one yet.
    assert re.search(r'<select name="time_zone"[^>]* data-offer-browser-zone', page)


def test_settings_save_the_zone_and_the_next_page_uses_it(logged_in, consultant, make_client):
    response = logged_in.post(SETTINGS, settings_data(time_zone="Asia/Tokyo"))

    assert response.status_code == 302
    assert ConsultantProfile.objects.get(user=consultant).time_zone == "Asia/Tokyo"
    assert logged_in.session[TIME_ZONE_SESSION_KEY] == "Asia/Tokyo"
    acme = make_client(consultant)
    log(acme, occurred_at=ago(hours=2), kind="discovery")
    page = logged_in.get(reverse("client_detail", args=[acme.pk])).text
    assert f"Reflect until {shown(reflection_ends_at(acme), TOKYO)}." in page
    settings_page = logged_in.get(SETTINGS).text
    assert '<option value="Asia/Tokyo" selected>Asia/Tokyo</option>' in settings_page
    assert re.search(r'<select name="time_zone"[^>]*>', settings_page)
    assert "data-offer-browser-zone" not in settings_page


def test_settings_refuse_an_unknown_zone_and_save_nothing(logged_in, consultant):
    response = logged_in.post(
        SETTINGS, settings_data(time_zone="Mars/Olympus_Mons", reflection_hours=48)
    )

    assert response.status_code == 200
    assert "“Mars/Olympus_Mons” is not a time zone we know: pick one from the list." in (
        response.text
    )
    profile = profile_for(consultant)
    assert (profile.time_zone, profile.reflection_hours) == ("", 24)
    assert logged_in.session[TIME_ZONE_SESSION_KEY] == ""


def test_the_model_refuses_an_unknown_zone_too(consultant):
    profile = profile_for(consultant)
    profile.time_zone = "Mars/Olympus_Mons"
    with pytest.raises(ValidationError, match="not a time zone we know"):
        profile.full_clean()


# The session ----------------------------------------------------------------------------------


def test_login_keeps_the_zone_in_the_session(client, make_user):
    user = make_user("nina")
    in_zone(user, "America/New_York")

    client.post(reverse("login"), {"username": "nina", "password": "a-long-test-password-9"})

    assert client.session[TIME_ZONE_SESSION_KEY] == "America/New_York"


def test_a_session_from_before_time_zones_reads_it_once(new_yorker, make_client):
    session = new_yorker.session
    del session[TIME_ZONE_SESSION_KEY]
    session.save()
    acme = make_client(owner(new_yorker))
    log(acme, occurred_at=ago(hours=2), kind="discovery")

    page = new_yorker.get(reverse("client_detail", args=[acme.pk])).text

    assert f"Reflect until {shown(reflection_ends_at(acme), NEW_YORK)}." in page
    assert new_yorker.session[TIME_ZONE_SESSION_KEY] == "America/New_York"


@pytest.mark.parametrize("url", ["dashboard", "client_detail"])
def test_a_zone_costs_no_query(new_yorker, make_user, make_client, url):
    """The zone comes from the session: a New Yorker's page asks the database as much as the
    same page of a consultant in the server's zone."""
    at_home = Client()
    at_home.force_login(make_user("paula"))
    counts = []
    for browser in (new_yorker, at_home):
        acme = make_client(owner(browser))
        log(acme, occurred_at=ago(hours=2), kind="discovery")
        args = [acme.pk] if url == "client_detail" else []
        with CaptureQueriesContext(connection) as queries:
            assert browser.get(reverse(url, args=args)).status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]


# The demo -------------------------------------------------------------------------------------


def test_the_demo_was_called_this_morning_at_half_past_nine_in_its_zone(db, settings):
    settings.TIME_ZONE = "America/New_York"  # a server elsewhere: the demo's times do not move
    call_command("seed_demo", stdout=StringIO())
    user = get_user_model().objects.get(username=demo_data.USERNAME)
    paris = ZoneInfo(demo_data.TIME_ZONE)

    assert profile_for(user).time_zone == "Europe/Paris"
    called = Interaction.objects.get(client__owner=user, client__name="Alder Street Clinic")
    local = called.occurred_at.astimezone(paris)
    assert local.time() == time(9, 30)
    today = timezone.localtime(timezone=paris).date()
    # Seeded before 09:30 there, "this morning" is yesterday's; never in the future.
    started = datetime.combine(today, time(9, 30), tzinfo=paris) <= timezone.now()
    assert local.date() == (today if started else today - timedelta(days=1))
    assert called.occurred_at <= timezone.now()
    # Every other call of the demo is at 10:00 there.
    others = Interaction.objects.filter(client__owner=user).exclude(pk=called.pk)
    assert {i.occurred_at.astimezone(paris).time() for i in others} == {time(10, 0)}
