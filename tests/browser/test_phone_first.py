"""Phone first after a call (390 × 844): the client page leads with the score, the decision and
what to ask next, the rest folded; the dashboard's filters fold behind one summary, so the
first client shows in the first screen. On a desktop the sections stay open."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from clients.data import demo as demo_data
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}
TWO_AND_A_HALF_SCREENS = 2110
FOLDED = ("Why", "Trend", "Timeline", "Projects and phases")


@pytest.fixture
def demo_on(request, live_server, new_context, page_guard, busiest):
    """Return a function opening a page logged in as the demo consultant on a screen size."""

    def open_page(viewport, *, language="en", java_script_enabled=True):
        context = new_context(viewport=viewport, java_script_enabled=java_script_enabled)
        page = page_guard.watch(context.new_page())
        log_in(page, live_server.url, demo_data.USERNAME, demo_data.PASSWORD)
        # The language as the header's switch sets it.
        context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        return page

    return open_page


def client_url(live_server, client):
    return live_server.url + reverse("client_detail", args=[client.pk])


def section(page, name):
    """Return the section whose heading is `name`, with its count when it is folded."""
    return page.get_by_role("region", name=re.compile(rf"^{re.escape(name)}( \(\d+\))?$"))


def test_it_starts_the_first_client_card_in_the_first_screen(demo_on):
    page = demo_on(PHONE)

    expect(page.get_by_label("Search")).to_be_visible()
    expect(page.get_by_label("Fit", exact=True)).to_be_hidden()  # behind "Filters"
    first_card = page.locator("#client-list tbody tr").first
    assert first_card.bounding_box()["y"] < PHONE["height"]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_it_fits_the_busiest_clients_page_in_two_and_a_half_screens(
    demo_on, live_server, busiest, language
):
    page = demo_on(PHONE, language=language)
    page.goto(client_url(live_server, busiest))

    expect(page.locator("html")).to_have_attribute("lang", language)
    for fold in page.locator("details[data-fold]").all():
        expect(fold).not_to_have_attribute("open", "")
    height = page.evaluate("document.scrollingElement.scrollHeight")
    assert height <= TWO_AND_A_HALF_SCREENS, f"{height} px in {language}"


def test_it_shows_the_score_the_decision_and_the_next_call_first_on_a_phone(
    demo_on, live_server, busiest
):
    page = demo_on(PHONE)
    page.goto(client_url(live_server, busiest))

    order = ["Fit score", "Decision", "Before your next call", *FOLDED]
    tops = [section(page, name).bounding_box()["y"] for name in order]
    assert tops == sorted(tops), dict(zip(order, tops, strict=True))
    # Read in the same order, not only seen in it.
    headings = [re.sub(r" \(\d+\)$", "", h) for h in page.locator("main h2").all_inner_texts()]
    assert [h for h in headings if h in order] == order
    # The checkpoint to take is on the first two screens.
    checkpoint = page.get_by_role("button", name="Continue", exact=True)
    assert checkpoint.bounding_box()["y"] < 2 * PHONE["height"]


def test_it_opens_the_sections_on_a_desktop_and_folds_them_on_a_phone(
    demo_on, live_server, busiest
):
    desktop = demo_on(DESKTOP)
    desktop.goto(client_url(live_server, busiest))
    for name in FOLDED:
        expect(section(desktop, name).locator("details[data-fold]")).to_have_attribute("open", "")
    expect(desktop.locator(".timeline")).to_be_visible()
    expect(desktop.locator(".trend-chart")).to_be_visible()
    # Side by side, as always: the score beside the decision, the timeline beside the projects.
    for left, right in (("Fit score", "Decision"), ("Timeline", "Projects and phases")):
        assert (
            section(desktop, left).bounding_box()["y"]
            == section(desktop, right).bounding_box()["y"]
        )

    phone = demo_on(PHONE)
    phone.goto(client_url(live_server, busiest))
    for name in FOLDED:
        expect(section(phone, name).locator("details[data-fold] > summary")).to_be_visible()
    expect(phone.locator(".timeline")).to_be_hidden()
    expect(phone.locator(".trend-chart")).to_be_hidden()
    expect(phone.locator(".explanations")).to_be_hidden()


def test_it_shows_the_sections_on_a_desktop_without_javascript(demo_on, live_server, busiest):
    page = demo_on(DESKTOP, java_script_enabled=False)
    page.goto(client_url(live_server, busiest))

    expect(page.locator(".timeline")).to_be_visible()
    expect(page.locator(".trend-chart")).to_be_visible()


def test_it_opens_a_section_by_keyboard_and_shows_its_trend_chart(demo_on, live_server, busiest):
    page = demo_on(PHONE)
    page.goto(client_url(live_server, busiest))
    summary = section(page, "Trend").locator("details[data-fold] > summary")
    expect(summary).to_contain_text(re.compile(r"^\s*Trend \(\d+\)\s*$"))
    chart = page.locator("svg.trend-chart")
    expect(chart).to_be_hidden()

    summary.focus()
    page.keyboard.press("Enter")

    expect(chart).to_be_visible()
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    assert box["width"] > 0 and box["x"] + box["width"] <= PHONE["width"]
    page.keyboard.press("Enter")
    expect(chart).to_be_hidden()


def test_it_keeps_the_whole_timeline_open_when_asked_for_on_a_phone(demo_on, live_server, busiest):
    page = demo_on(PHONE)
    page.goto(client_url(live_server, busiest) + "?timeline=all#timeline-heading")

    expect(page.locator(".timeline")).to_be_visible()


def test_it_takes_a_filter_off_with_its_chip(demo_on, live_server):
    page = demo_on(PHONE)
    page.goto(live_server.url + "/?band=poor&status=active")
    expect(page.locator(".filters-fold summary")).to_have_text("Filters (2)")

    page.get_by_role("link", name="Remove filter: Fit: Poor fit").click()

    expect(page).to_have_url(re.compile(r"/\?status=active$"))
    expect(page.get_by_role("link", name="Remove filter: Fit: Poor fit")).to_have_count(0)
    expect(page.locator(".filters-fold summary")).to_have_text("Filters (1)")
    page.locator(".filters-fold summary").click()
    expect(page.get_by_label("Fit", exact=True)).to_have_value("")
    expect(page.get_by_label("Status", exact=True)).to_have_value("active")
    page.get_by_role("link", name="Remove filter: Status: Active").click()
    expect(page).to_have_url(live_server.url + "/")
    expect(page.locator(".filter-chips")).to_have_count(0)


def test_it_counts_the_filters_as_they_change_in_place(demo_on):
    page = demo_on(PHONE)
    page.locator(".filters-fold summary").click()

    page.get_by_label("Fit", exact=True).select_option("poor")

    expect(page.locator(".filters-fold summary")).to_have_text("Filters (1)")
    expect(page.get_by_role("link", name="Remove filter: Fit: Poor fit")).to_be_visible()


def test_it_folds_and_applies_the_filters_without_javascript(demo_on, live_server):
    page = demo_on(PHONE, java_script_enabled=False)
    band = page.get_by_label("Fit", exact=True)
    expect(band).to_be_hidden()

    page.locator(".filters-fold summary").click()
    band.select_option("poor")
    page.get_by_role("button", name="Apply filters").click()

    expect(page).to_have_url(re.compile(r"band=poor"))
    expect(page.get_by_role("link", name="Remove filter: Fit: Poor fit")).to_be_visible()
    expect(page.locator(".filters-fold summary")).to_have_text("Filters (1)")
    expect(band).to_be_hidden()  # folded again: the chip says what is in force
    assert page.locator("#client-list tbody tr").count() > 0
