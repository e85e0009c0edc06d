"""On a phone (390 px): the header menu, the log form's fixed preview, the dashboard's cards;
and dates an English reader can't misread, in English and French."""

import re
from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from clients.models import Boundary, Client, FlagCatalogue
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD
from tests.factories import log

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
NO_SIDEWAYS_SCROLL = "document.scrollingElement.scrollWidth <= window.innerWidth"


def a_client(owner, name="Blue Harbour", **extra):
    catalogue = FlagCatalogue.objects.get(is_default=True)
    client = Client.objects.create(owner=owner, catalogue=catalogue, name=name, **extra)
    log(client, kind="discovery", gut=0, flags=[("communicates-clearly", 2)])
    return client


def on_phone(page):
    page.set_viewport_size(PHONE)
    return page


def test_it_opens_the_phone_menu_by_click_and_by_keyboard(logged_in_page):
    page = on_phone(logged_in_page)
    menu = page.get_by_role("button", name="Menu")
    settings = page.get_by_role("navigation", name="Main").get_by_role("link", name="Settings")
    expect(settings).to_be_hidden()
    expect(page.locator(".header-tools")).to_be_hidden()  # language and log out: in the menu
    assert page.evaluate(NO_SIDEWAYS_SCROLL)

    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(settings).to_be_visible()
    expect(page.get_by_role("button", name="Log out ada")).to_be_visible()
    page.keyboard.press("Escape")
    expect(settings).to_be_hidden()
    expect(menu).to_have_attribute("aria-expanded", "false")

    menu.focus()
    page.keyboard.press("Enter")
    expect(settings).to_be_visible()
    page.keyboard.press("Tab")  # the open menu comes right after its button
    expect(page.get_by_role("link", name="Clients")).to_be_focused()
    for _link in ("My boundaries", "My flags", "Calibration", "Export", "Settings"):
        page.keyboard.press("Tab")
    expect(settings).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/settings/$"))
    # The language lives here on a phone.
    page.locator("#id_language").select_option("fr")
    page.get_by_role("button", name="Save settings").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("button", name="Menu")).to_be_visible()


def test_it_opens_the_phone_menu_without_javascript(
    live_server, new_context, page_guard, consultant
):
    page = page_guard.watch(new_context(java_script_enabled=False, viewport=PHONE).new_page())
    log_in(page, live_server.url, "ada")

    page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="My boundaries").click()
    expect(page.get_by_role("heading", name="My boundaries", level=1)).to_be_visible()


def test_it_keeps_the_score_preview_in_sight_while_chips_are_pressed(logged_in_page, consultant):
    client = a_client(consultant)
    for text in ("No calls after 19:00", "Invoices paid in 30 days", "Weekends are off"):
        Boundary.objects.create(owner=consultant, text=text)  # asked below the chips
    page = on_phone(logged_in_page)
    page.goto(page.url.rstrip("/") + reverse("interaction_new", args=[client.pk]))
    preview = page.locator("#score-preview")
    before = int(preview.locator(".score-number").inner_text())

    page.locator(".chip-toggle").last.click()  # "Sense of humour", low on the page

    change = preview.locator(".score-change")
    expect(change).to_be_visible()
    shown = int(preview.locator(".score-number").inner_text())
    assert shown != before and change.inner_text() == f"{shown - before:+d}".replace("-", "−")
    box = preview.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]
    expect(preview.locator(".band")).to_be_visible()

    # At the end of the form the preview settles above the buttons instead of covering them.
    save = page.get_by_role("button", name="Save interaction")
    save.scroll_into_view_if_needed()
    page.evaluate("window.scrollTo(0, document.scrollingElement.scrollHeight)")
    assert preview.bounding_box()["y"] + box["height"] <= save.bounding_box()["y"]
    save.click()
    expect(page.locator(".score-card .score-number").first).to_have_text(str(shown))


def test_it_shows_each_client_as_a_card_on_a_phone(logged_in_page, consultant):
    a_client(consultant, "Northwind Logistics and Freight Forwarding International")
    a_client(consultant, "Orbit", organisation="Orbit Fitness Group with a long legal name")
    page = on_phone(logged_in_page)
    page.reload()

    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    card = page.locator("#client-list tbody tr").filter(has_text="Orbit")
    box = card.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    for shown in (".score", ".band", "td:nth-child(4)", "time"):
        expect(card.locator(shown)).to_be_visible()
    expect(card.locator(".sparkline")).to_be_hidden()
    # The column's heading is hidden on a phone: the card labels the date itself.
    expect(card.get_by_role("cell", name=re.compile(r"^Last contact yesterday$"))).to_be_visible()


@pytest.mark.parametrize(
    ("locale", "call", "chart_row"),
    [
        ("en-GB", "24 Jul 2025, 10:00", "24 Jul 2025, 10:00"),
        ("fr-FR", "24 juil. 2025 à 10:00", "24/07/2025 10:00"),
    ],
)
def test_it_writes_dates_in_the_readers_language(
    request, live_server, browser, page_guard, consultant, locale, call, chart_row
):
    client = a_client(consultant)
    log(client, occurred_at=timezone.make_aware(datetime(2025, 7, 24, 10, 0)))
    context = browser.new_context(locale=locale)  # the browser's language: Accept-Language
    request.addfinalizer(context.close)
    page = page_guard.watch(context.new_page())
    page.goto(live_server.url + reverse("login"))
    page.locator("input[name=username]").fill("ada")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(live_server.url + "/")

    page.goto(live_server.url + reverse("client_detail", args=[client.pk]))
    expect(page.locator(".timeline time").last).to_have_text(call)
    expect(page.locator(".trend-table tbody tr").first.locator("td").first).to_have_text(chart_row)
    expect(page.locator("main")).not_to_contain_text("07/24/2025")
