"""A consultant in New York, in a real browser: Settings offer the browser's time zone, and once
it is saved the reflection period ends in their time, not the server's."""

from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.utils import dateformat, timezone
from playwright.sync_api import expect

from clients import actions
from clients.decisions import reflection_ends_at

from .conftest import log_in
from .test_journeys import new_client

pytestmark = pytest.mark.browser
NEW_YORK = ZoneInfo("America/New_York")


def shown(moment, zone) -> str:
    return dateformat.format(moment.astimezone(zone), "j M Y, H:i")


def discovery_call(consultant):
    client = new_client(consultant, "Harbour Ltd")
    actions.log_interaction(
        client=client,
        fields={"occurred_at": timezone.now() - timezone.timedelta(hours=2), "kind": "discovery"},
        observations=[],
    )
    return client, reflection_ends_at(client)


def in_new_york(request, browser, page_guard, **options):
    """Return a page of a browser whose clock is set to New York."""
    context = browser.new_context(locale="en-GB", timezone_id="America/New_York", **options)
    request.addfinalizer(context.close)
    return page_guard.watch(context.new_page())


def test_a_consultant_in_new_york_sees_the_reflection_end_in_their_time(
    request, live_server, browser, page_guard, consultant
):
    client, ends = discovery_call(consultant)
    page = in_new_york(request, browser, page_guard)
    log_in(page, live_server.url, consultant.get_username())

    page.goto(f"{live_server.url}/settings/")
    # Not chosen yet: the browser's zone is offered.
    expect(page.get_by_label("Time zone")).to_have_value("America/New_York")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Settings saved.")).to_be_visible()
    expect(page.get_by_label("Time zone")).to_have_value("America/New_York")

    page.goto(f"{live_server.url}/clients/{client.pk}/")
    expect(page.get_by_text(f"Reflect until {shown(ends, NEW_YORK)}.")).to_be_visible()
    expect(page.get_by_text(shown(ends, ZoneInfo(settings.TIME_ZONE)))).to_have_count(0)


def test_without_javascript_the_servers_zone_stays_until_one_is_chosen(
    request, live_server, browser, page_guard, consultant
):
    client, ends = discovery_call(consultant)
    page = in_new_york(request, browser, page_guard, java_script_enabled=False)
    log_in(page, live_server.url, consultant.get_username())

    page.goto(f"{live_server.url}/settings/")
    zone = page.get_by_label("Time zone")
    expect(zone).to_have_value("")
    zone.select_option("America/New_York")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Settings saved.")).to_be_visible()

    page.goto(f"{live_server.url}/clients/{client.pk}/")
    expect(page.get_by_text(f"Reflect until {shown(ends, NEW_YORK)}.")).to_be_visible()
