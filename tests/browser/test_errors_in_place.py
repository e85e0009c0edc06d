"""An in-place update that fails shows the error page's words instead of doing nothing."""

import re

import pytest
from playwright.sync_api import expect

from clients.models import Client, FlagCatalogue
from fitcheck.errors import service_unavailable

pytestmark = pytest.mark.browser


def test_an_outage_during_a_search_shows_the_outage_page_in_place(
    live_server, logged_in_page, consultant, page_guard
):
    Client.objects.create(
        owner=consultant, catalogue=FlagCatalogue.objects.get(is_default=True), name="Nova Dental"
    )
    page = logged_in_page
    page.reload()
    outage = service_unavailable(None, "database")
    page.route(
        re.compile(r"/\?.*q=nova"),
        lambda route: route.fulfill(
            status=503, body=outage.content, headers={"Content-Type": "text/html"}
        ),
    )

    page.get_by_label("Search").fill("nova")

    expect(page.get_by_role("heading", name="fitcheck is unavailable for a moment")).to_be_visible()
    expect(page.locator("#main")).to_contain_text("cannot reach its database")
    expect(page.locator("#main")).to_be_focused()
    # The 503 was the point of this test, not a problem of the page.
    page_guard.problems[:] = [p for p in page_guard.problems if "503" not in p]
