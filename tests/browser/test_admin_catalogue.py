"""Issue 15, part 3: the catalogue's admin page shows every flag column on a laptop screen."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from clients.models import FlagCatalogue

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 768}
COLUMNS = ("key", "label", "description", "polarity", "category", "weight", "active", "DELETE")


@pytest.fixture
def staff_page(page_as, make_consultant):
    page = page_as(make_consultant("admin", is_staff=True, is_superuser=True))
    page.set_viewport_size(LAPTOP)
    return page


def off_screen(page, selector: str, within: str = "body") -> list[str]:
    """Return what `selector` matches outside the viewport's width, or outside the visible
    width of the `within` box (cut off by its scroll bar), or not drawn at all.

    Only the width counts: a long page scrolls down, never sideways.
    """
    return page.evaluate(
        """([selector, within, width]) => {
          const box = document.querySelector(within).getBoundingClientRect();
          const right = Math.min(width, box.right);
          return [...document.querySelectorAll(selector)]
            .filter((element) => {
              const own = element.getBoundingClientRect();
              return own.width === 0 || own.left < Math.max(0, box.left) || own.right > right;
            })
            .map((element) => element.name || element.textContent.trim());
        }""",
        [selector, within, LAPTOP["width"]],
    )


def test_every_flag_column_is_visible_at_1366_px(live_server, staff_page):
    catalogue = FlagCatalogue.objects.get(is_default=True)
    url = reverse("admin:clients_flagcatalogue_change", args=[catalogue.pk])

    staff_page.goto(live_server.url + url)

    rows = staff_page.locator("#flags-group tr.form-row.has_original")
    expect(rows).to_have_count(catalogue.flags.count())
    headers = "#flags-group thead th:not(.original, .hidden)"
    assert off_screen(staff_page, headers, within="#flags-group") == []
    for column in COLUMNS:
        fields = f'#flags-group tr.has_original [name^="flags-"][name$="-{column}"]'
        assert off_screen(staff_page, fields, within="#flags-group") == [], column
    page_width = staff_page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= LAPTOP["width"]


def test_the_admin_says_whose_it_is(live_server, staff_page):
    staff_page.goto(live_server.url + reverse("admin:index"))

    expect(staff_page).to_have_title("fitcheck administration | fitcheck administration")
    expect(staff_page.locator("#site-name")).to_have_text("fitcheck administration")


def test_the_flag_list_keeps_its_editable_weights(live_server, staff_page):
    staff_page.goto(live_server.url + reverse("admin:clients_flag_changelist"))

    weights = staff_page.locator('#result_list input[name$="-weight"]')
    expect(weights.first).to_be_visible()
    assert off_screen(staff_page, '#result_list input[name$="-weight"]') == []
