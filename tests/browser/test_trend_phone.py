"""The trend chart on a phone (390 px): it fits the width, nothing scrolls sideways, its dates
can be read and its latest point is on screen."""

import itertools
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from clients.models import Client, Decision, FlagCatalogue
from tests.conftest import PASSWORD
from tests.factories import add_phase, ago, log, review

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def a_client_with_months_of_history(owner) -> Client:
    catalogue = FlagCatalogue.objects.get(is_default=True)
    client = Client.objects.create(owner=owner, catalogue=catalogue, name="Blue Harbour")
    log(client, occurred_at=ago(days=130), kind="discovery", gut=1)
    Decision.objects.create(
        client=client,
        kind="accept",
        decided_at=ago(days=125),
        score=60,
        score_low=45,
        score_high=75,
        band="unclear",
        confidence="low",
    )
    today = timezone.localdate()
    first = add_phase(
        client,
        name="Pilot",
        starts_on=today - timedelta(days=120),
        ends_on=today - timedelta(days=70),
    )
    review(first, reviewed_at=ago(days=68), satisfaction=4)
    log(client, occurred_at=ago(days=90), gut=2, flags=[("communicates-clearly", 2)])
    add_phase(
        client,
        name="Roll-out",
        starts_on=today - timedelta(days=60),
        ends_on=today + timedelta(days=45),  # ends weeks ahead: ongoing
    )
    log(client, occurred_at=ago(days=40), gut=-1, flags=[("crosses-boundaries", 2)])
    log(client, occurred_at=ago(days=3), gut=0)
    return client


@pytest.mark.parametrize("locale", ["en-GB", "fr-FR"])
def test_it_fits_the_trend_on_a_phone_with_its_latest_point_in_view(
    request, live_server, browser, page_guard, consultant, locale
):
    client = a_client_with_months_of_history(consultant)
    context = browser.new_context(viewport=PHONE, locale=locale, timezone_id="Europe/Paris")
    request.addfinalizer(context.close)
    page = page_guard.watch(context.new_page())
    page.goto(live_server.url + reverse("login"))
    page.locator("input[name=username]").fill("ada")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(live_server.url + "/")

    page.goto(live_server.url + reverse("client_detail", args=[client.pk]))
    page.locator("summary:has(#trend-heading)").click()  # folded on a phone
    chart = page.locator("svg.trend-chart")
    chart.scroll_into_view_if_needed()

    box = chart.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    latest = chart.locator("circle.score-point").last
    point = latest.bounding_box()
    assert point["x"] >= 0 and point["x"] + point["width"] <= PHONE["width"]
    # A handful of dates, in the reader's language, none hidden under another.
    dates = chart.locator(".tick:visible .date-label")
    assert 2 <= dates.count() <= 4
    boxes = [dates.nth(i).bounding_box() for i in range(dates.count())]
    assert all(a["x"] + a["width"] <= b["x"] for a, b in itertools.pairwise(boxes))
    assert all(b["x"] >= 0 and b["x"] + b["width"] <= PHONE["width"] for b in boxes)
    assert min(b["height"] for b in boxes) >= 8  # about 10 px text: readable
    # The phase that ends weeks ahead stops at the right edge, with its arrow.
    expect(chart.locator(".phase-label", has_text="Roll-out")).to_be_visible()
    expect(chart.locator(".phase-arrow")).to_have_count(1)
    expect(chart.locator(".decision-label")).to_have_count(1)
    expect(chart.locator(".feeling-point")).to_have_count(4)
    expect(chart).to_have_accessible_name(page.locator("#trend-title").text_content())
