"""The call sheet prints on one A4 page, always: for the demo's busiest client (the most
interactions, then the most open questions) in English and in French, and for a client with
more of everything, and longer, than any real one.

The page count is read from the PDF Chromium prints: one `/Type /Page` object per page
(the page tree's own object is `/Type /Pages`, which the pattern leaves out).
"""

import re

import pytest
from django.utils import formats, timezone, translation
from playwright.sync_api import expect

from clients.contacts.planned import PlannedContact, plan_contact
from clients.data import demo as demo_data
from clients.models import Boundary, Category, Client, Flag, FlagCatalogue
from tests.conftest import PASSWORD
from tests.factories import add_phase, ago, log, review

pytestmark = pytest.mark.browser

PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
MM = 96 / 25.4  # CSS pixels in a millimetre


def pages_of(pdf: bytes) -> int:
    """Return how many pages the PDF has."""
    return len(PAGE_OBJECT.findall(pdf))


def log_in_as(page, base_url, username, password):
    page.goto(base_url + "/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("#id_password").press("Enter")
    page.wait_for_url(base_url + "/")


def sheet_in(request, browser, page_guard, live_server, locale, username, password):
    """Return a page logged in as `username` in a browser speaking `locale`."""
    context = browser.new_context(locale=locale, timezone_id="Europe/Paris")
    request.addfinalizer(context.close)
    page = page_guard.watch(context.new_page())
    log_in_as(page, live_server.url, username, password)
    return page


def notes_left(page) -> float:
    """Return the height, in mm, of the notes box as printed, after checking that nothing
    above it runs into it."""
    page.emulate_media(media="print")
    page.set_viewport_size({"width": round(190 * MM), "height": round(277 * MM)})
    columns, notes = (
        page.locator(selector).bounding_box() for selector in (".sheet-columns", ".call-notes")
    )
    assert columns["y"] + columns["height"] <= notes["y"]
    return notes["height"] / MM


@pytest.mark.parametrize("locale", ["en-GB", "fr-FR"])
def test_it_prints_the_busiest_demo_client_on_one_page(
    request, browser, page_guard, live_server, busiest, locale
):
    page = sheet_in(
        request, browser, page_guard, live_server, locale, demo_data.USERNAME, demo_data.PASSWORD
    )
    page.goto(f"{live_server.url}/clients/{busiest.pk}/prepare/")

    with translation.override(locale[:2]):
        today = formats.date_format(timezone.localdate(), "DATE_FORMAT")
        prepared = translation.gettext("Prepared on %(day)s") % {"day": today}
    expect(page.locator(".call-sheet .page-head")).to_contain_text(prepared)
    # Headings in order: the h1, then h2s, none skipped.
    levels = page.locator("main :is(h1, h2, h3, h4, h5, h6)").evaluate_all(
        "headings => headings.map(h => Number(h.tagName[1]))"
    )
    assert levels[0] == 1 and set(levels[1:]) == {2}, levels
    assert pages_of(page.pdf(format="A4")) == 1
    assert notes_left(page) >= 25


@pytest.mark.parametrize("locale", ["en-GB", "fr-FR"])
def test_it_prints_a_client_with_more_of_everything_on_one_page(
    request, browser, page_guard, live_server, consultant, locale
):
    catalogue = FlagCatalogue.objects.get(is_default=True)
    long = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor. " * 8
    Flag.objects.filter(catalogue=catalogue).update(label=long[:120], probing_question=long[:300])
    client = Client.objects.create(
        owner=consultant,
        catalogue=catalogue,
        name=long[:200],
        organisation=long[:200],
        contact=long[:200],
    )
    for number in range(10):
        Boundary.objects.create(owner=consultant, text=f"{number} {long}"[:200])
    # A green and a red flag seen in four categories: four mixed signals.
    flags = []
    for category in list(Category.values)[:4]:
        for polarity in ("green", "red"):
            flag = catalogue.flags.filter(category=category, polarity=polarity).first()
            flags.append((flag.key, 2))
    log(
        client,
        occurred_at=ago(days=20),
        flags=flags,
        questions="\n".join(f"{number} {long}" for number in range(15)),
    )
    phase = add_phase(client, name=long[:200])
    review(phase, learned=long * 3)
    plan_contact(client=client, planned=PlannedContact(ago(days=-1), "meeting", long[:500]))

    page = sheet_in(
        request, browser, page_guard, live_server, locale, consultant.username, PASSWORD
    )
    page.goto(f"{live_server.url}/clients/{client.pk}/prepare/")

    expect(page.locator(".sheet-more").first).to_be_visible()
    assert page.locator(".call-sheet li").count() < 40
    assert pages_of(page.pdf(format="A4")) == 1
    assert notes_left(page) >= 25
