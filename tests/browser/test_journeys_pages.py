"""Every main page loads its assets, runs its scripts and keeps its CSP without a complaint.

The `page_guard` fixture (tests/browser/conftest.py) fails the test on any console error,
uncaught exception, CSP violation or HTTP error; these tests make sure each page is
actually visited under it, with a strict policy in force.
"""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from clients import actions
from clients.models import RATING_FIELDS, Boundary, Client, Flag, FlagCatalogue

pytestmark = pytest.mark.browser

STATIC_ASSETS = {
    "stylesheet": re.compile(r"/static/css/fitcheck\.css$"),
    "fitcheck.js": re.compile(r"/static/js/fitcheck\.js$"),
    "htmx": re.compile(r"/static/django_htmx/htmx-\d+(\.min)?\.js$"),
}
INLINE_CODE = """() => ({
  scriptsWithoutNonce: [...document.querySelectorAll("script:not([src])")]
    .filter((script) => !script.nonce).map((script) => script.outerHTML.slice(0, 120)),
  eventHandlerAttributes: [...document.querySelectorAll("*")]
    .flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name))
    .map((a) => `${el.tagName.toLowerCase()}[${a.name}]`)),
})"""


def visit(page, url):
    """Open a page and check what the guard cannot see: the policy and inline code."""
    response = page.goto(url)
    assert response.status == 200, (url, response.status)
    policy = response.headers.get("content-security-policy", "")
    assert re.search(r"script-src 'self' 'nonce-[^']+'", policy), (url, policy)
    assert "unsafe-inline" not in policy, (url, policy)
    expect(page.locator("h1").first).to_be_visible()
    inline = page.evaluate(INLINE_CODE)
    assert inline == {"scriptsWithoutNonce": [], "eventHandlerAttributes": []}, url
    return response


def watch_static(page):
    """Record (url, status) of every static file the page asks for."""
    loaded = []
    page.on("response", lambda r: loaded.append((r.url, r.status)) if "/static/" in r.url else 0)
    return loaded


def assert_assets_loaded(page, loaded):
    """The stylesheet, fitcheck.js and htmx were served (200 on a cold cache) and ran."""
    for name, pattern in STATIC_ASSETS.items():
        statuses = [status for url, status in loaded if pattern.search(url)]
        assert statuses == [200], (name, loaded)
    assert page.evaluate("typeof window.htmx") == "object", "htmx did not run"
    expect(page.locator("html")).to_have_class(re.compile(r"\bjs\b"))  # fitcheck.js ran


def a_client_with_history(owner):
    """Return a client with a discovery call, flags, a boundary check, and an ended phase."""
    catalogue = FlagCatalogue.objects.get(is_default=True)
    client = Client.objects.create(owner=owner, catalogue=catalogue, name="Blue Harbour")
    boundary = Boundary.objects.create(owner=owner, text="No calls after 19:00")
    flags = {f.key: f for f in Flag.objects.filter(catalogue=catalogue)}
    actions.log_interaction(
        client=client,
        fields={
            "occurred_at": timezone.now() - timezone.timedelta(days=40),
            "kind": "discovery",
            "notes": "Motivated, a little vague on budget.",
            "gut": 1,
            "questions": "Budget?\nWho signs off?",
        },
        observations=[
            actions.ObservationInput(flag=flags["communicates-clearly"], strength=2),
            actions.ObservationInput(flag=flags["emotionally-reactive"], strength=1, note="Sigh"),
            actions.ObservationInput(
                flag=flags["respects-boundaries"], strength=2, boundary=boundary
            ),
        ],
    )
    project = client.projects.create(name="Website redesign")
    today = timezone.localdate()
    phase = project.phases.create(
        name="Prototype",
        starts_on=today - timezone.timedelta(days=30),
        ends_on=today - timezone.timedelta(days=2),
    )
    return client, phase


def test_consultant_pages_load_cleanly_under_a_strict_csp(live_server, page, page_as, consultant):
    loaded = watch_static(page)
    visit(page, live_server.url + "/accounts/login/")
    assert_assets_loaded(page, loaded)  # the login page works before anyone logs in

    client, phase = a_client_with_history(consultant)
    page_as(consultant)
    base = live_server.url
    for path in [
        "/",
        f"/clients/{client.pk}/",
        f"/clients/{client.pk}/log/",
        f"/clients/{client.pk}/edit/",
        f"/phases/{phase.pk}/review/",
        "/clients/new/",
        "/boundaries/",
        "/settings/",
        "/calibration/",
        "/export/",
    ]:
        visit(page, base + path)
    # Later pages revalidate the cached files: 304 Not Modified is fine, nothing else.
    assert {status for _url, status in loaded} <= {200, 304}, loaded

    # The pages that draw: the trend chart and the dashboard's sparkline are there.
    visit(page, f"{base}/clients/{client.pk}/")
    expect(page.locator("svg.trend-chart circle")).to_have_count(1)
    visit(page, base + "/")
    expect(page.locator("svg.sparkline")).to_have_count(1)


def test_calibration_draws_its_scatter_plots(live_server, page, page_as, consultant):
    # Five reviewed clients, each with a different outcome: enough for a figure.
    for satisfaction in range(1, 6):
        _client, phase = a_client_with_history(consultant)
        ratings = dict.fromkeys(RATING_FIELDS, satisfaction)
        actions.save_review(
            phase=phase, fields={**ratings, "would_work_again": True}, observations=[]
        )
    page_as(consultant)
    visit(page, live_server.url + "/calibration/")
    # Gut vs outcome is drawn; score at decision needs decisions, which these clients lack.
    expect(page.locator("svg.calib-scatter")).to_have_count(1)


def test_admin_pages_load_cleanly_for_staff(live_server, page_as, make_consultant):
    staff = make_consultant("root", is_staff=True, is_superuser=True)
    page = page_as(staff)
    expect(page.get_by_role("link", name="Admin")).to_be_visible()
    visit(page, live_server.url + "/admin/")
    expect(page.get_by_role("link", name=re.compile("catalogues", re.I)).first).to_be_visible()
    catalogue = FlagCatalogue.objects.get(is_default=True)
    visit(page, f"{live_server.url}/admin/clients/flagcatalogue/")
    visit(page, f"{live_server.url}/admin/clients/flagcatalogue/{catalogue.pk}/change/")


def test_the_guard_sees_csp_violations_and_script_errors(live_server, logged_in_page, page_guard):
    """The other tests pass only if this guard would have caught something."""
    page = logged_in_page
    page.evaluate(
        """() => {
        const script = document.createElement("script");
        script.textContent = "window.__injected = true";
        document.body.append(script);
        document.body.setAttribute("style", "color: red");
        setTimeout(() => { throw new Error("boom"); });
        console.error("something broke");
    }"""
    )
    for _attempt in range(40):  # console events arrive asynchronously
        problems = "\n".join(page_guard.problems)
        if problems.count("CSP violation") >= 2 and "boom" in problems:
            break
        page.wait_for_timeout(50)
    assert page.evaluate("window.__injected") is None, "the CSP let an inline script run"
    assert problems.count("CSP violation") == 2, problems
    assert "uncaught exception: boom" in problems
    assert "console error: something broke" in problems
    page_guard.problems.clear()
