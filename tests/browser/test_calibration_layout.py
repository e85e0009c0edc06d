"""Calibration on a desktop and on a phone: the plain sentences come first, and the flag
table fits its card at 1366 px and stacks on a 390 px phone, with no sideways scroll."""

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from clients.data import demo as demo_data

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", stdout=StringIO())


def calibration_page(request, browser, page_guard, live_server, viewport, locale="en-GB"):
    context = browser.new_context(locale=locale, viewport=viewport, timezone_id="Europe/Paris")
    request.addfinalizer(context.close)
    page = page_guard.watch(context.new_page())
    page.goto(live_server.url + "/accounts/login/")
    page.locator("#id_username").fill(demo_data.USERNAME)
    page.locator("#id_password").fill(demo_data.PASSWORD)
    page.locator("#id_password").press("Enter")
    page.wait_for_url(live_server.url + "/")
    page.goto(live_server.url + "/calibration/")
    return page


def widths(page) -> dict:
    """Return the right edges of the flag table, of the inside of its box and of its card,
    and the page's width against the window's."""
    return page.evaluate(
        """() => {
          const table = document.querySelector('.calib-flags');
          const box = table.parentElement;
          const card = table.closest('.card').getBoundingClientRect();
          return {
            table: table.getBoundingClientRect().right,
            box: box.getBoundingClientRect().left + box.clientLeft + box.clientWidth,
            card: card.right,
            page: document.documentElement.scrollWidth,
            window: window.innerWidth,
          };
        }"""
    )


def fits(size: dict) -> bool:
    return size["table"] <= size["box"] + 0.5 and size["box"] <= size["card"]


def test_the_flag_table_fits_its_card_at_1366(request, browser, page_guard, live_server, demo):
    page = calibration_page(
        request, browser, page_guard, live_server, {"width": 1366, "height": 768}
    )

    expect(page.locator(".calib-verdict").first).to_contain_text(
        "Your first impression was right for"
    )
    expect(page.locator(".calib-verdict").nth(1)).to_contain_text(
        "Your scores at decision put the better client first in"
    )
    # ρ and the formulas wait behind "How this is computed".
    expect(page.get_by_text("ρ =").first).to_be_hidden()
    page.locator(".calib-how > summary").first.click()
    expect(page.get_by_text("ρ =").first).to_be_visible()
    size = widths(page)
    assert fits(size), size
    assert size["page"] <= size["window"], size
    # Each row's cells sit under their own column headers: nothing adds a cell to a row.
    header = page.locator(".calib-flags thead th").last.bounding_box()
    for row in range(3):
        cell = page.locator(".calib-flags tbody tr").nth(row).locator("td").last.bounding_box()
        assert abs(cell["x"] - header["x"]) < 1 and abs(cell["width"] - header["width"]) < 1


@pytest.mark.parametrize("locale", ["en-GB", "fr-FR"])
def test_the_flag_table_stacks_on_a_phone(request, browser, page_guard, live_server, demo, locale):
    page = calibration_page(
        request, browser, page_guard, live_server, {"width": 390, "height": 844}, locale
    )

    size = widths(page)
    assert fits(size), size
    assert size["page"] <= 390, size
    first = page.locator(".calib-flags tbody td").first
    label = first.evaluate("cell => getComputedStyle(cell, '::before').content")
    assert label.strip('"') == first.get_attribute("data-label") != ""
