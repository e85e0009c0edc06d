"""The French demo consultant (`demo-fr`): French pages whatever the browser says, a header on
one line at 1366 px, and no select cut on a 390 px phone."""

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from clients.data import demo_fr
from clients.models import Client, Phase

pytestmark = pytest.mark.browser
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def french_demo(transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", stdout=StringIO())
    return Client.objects.filter(owner__username=demo_fr.USERNAME)


def french_page(request, browser, page_guard, live_server, viewport, locale):
    """Return a page logged in as demo-fr through the login form, in a browser of `locale`."""
    context = browser.new_context(locale=locale, viewport=viewport, timezone_id="Europe/Paris")
    request.addfinalizer(context.close)
    page = page_guard.watch(context.new_page())
    page.goto(live_server.url + "/accounts/login/")
    page.locator("#id_username").fill(demo_fr.USERNAME)
    page.locator("#id_password").fill(demo_fr.PASSWORD)
    page.locator("#id_password").press("Enter")
    page.wait_for_url(live_server.url + "/")
    return page


def test_demo_fr_sees_the_french_dashboard_with_its_french_clients_in_an_english_browser(
    request, browser, page_guard, live_server, french_demo
):
    page = french_page(request, browser, page_guard, live_server, DESKTOP, "en-GB")

    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("h1")).to_have_text("Vos clients")
    expect(page.get_by_role("link", name="Logistique Vent du Nord")).to_be_visible()
    expect(page.get_by_text("Revue à faire").first).to_be_visible()
    page.get_by_role("link", name="Logistique Vent du Nord").click()
    expect(page.get_by_text("Franchit mes limites").first).to_be_visible()


# The header on one line ------------------------------------------------------------------

HEADER_ROWS = """() => {
  const header = document.querySelector('.site-header');
  const items = [header.querySelector('.brand'), ...header.querySelectorAll('nav li'),
                 ...header.querySelectorAll('.header-tools > *')];
  return {
    centres: items.map((el) => {
      const box = el.getBoundingClientRect();
      return box.top + box.height / 2;
    }),
    height: header.getBoundingClientRect().height,
    overflow: document.documentElement.scrollWidth - window.innerWidth,
  };
}"""


@pytest.mark.parametrize("path", ["/", "/calibration/", "/settings/"])
def test_the_header_stays_on_one_line_at_1366_in_french(
    request, browser, page_guard, live_server, french_demo, path
):
    page = french_page(request, browser, page_guard, live_server, DESKTOP, "fr-FR")
    page.goto(live_server.url + path)

    header = page.evaluate(HEADER_ROWS)

    assert max(header["centres"]) - min(header["centres"]) < 6, header
    assert header["height"] < 70, header
    assert header["overflow"] <= 0


# Selects on a phone ----------------------------------------------------------------------

# A select is cut when its chosen option does not fit: measured on a hidden copy holding only
# that option, as wide as it needs (the text, its padding and the arrow).
CUT_SELECTS = """() => [...document.querySelectorAll('select')]
  .filter((el) => el.offsetParent !== null)
  .map((el) => {
    const copy = el.cloneNode(false);
    copy.removeAttribute('id');
    copy.append(el.options[el.selectedIndex].cloneNode(true));
    Object.assign(copy.style, {position: 'absolute', visibility: 'hidden', width: 'auto',
                               minWidth: '0', maxWidth: 'none'});
    el.parentElement.append(copy);
    const needs = copy.getBoundingClientRect().width;
    copy.remove();
    const text = el.options[el.selectedIndex].text;
    return {id: el.id || el.name, text, has: el.getBoundingClientRect().width, needs};
  })
  .filter((select) => select.needs > select.has + 1)"""


def test_no_select_is_cut_on_a_phone_in_french(
    request, browser, page_guard, live_server, french_demo
):
    page = french_page(request, browser, page_guard, live_server, PHONE, "fr-FR")
    busy = french_demo.get(name="Logistique Vent du Nord")
    due = next(
        p for p in Phase.objects.filter(project__client__in=french_demo) if p.awaits_review()
    )
    cut = {}
    for path in (
        "/",
        "/clients/new/",
        f"/clients/{busy.pk}/",
        f"/clients/{busy.pk}/log/",
        f"/phases/{due.pk}/review/",
        "/settings/",
    ):
        page.goto(live_server.url + path)
        if path == "/" and page.locator(".filters-toggle, .filters summary").count():
            page.locator(".filters-toggle, .filters summary").first.click()  # folded filters
        page.wait_for_load_state()
        assert page.locator("select:visible").count() or path == f"/clients/{busy.pk}/", path
        if found := page.evaluate(CUT_SELECTS):
            cut[path] = found

    assert cut == {}
