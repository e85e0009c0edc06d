"""axe-core on every page, in English and French, light and dark; and a keyboard-only call.

The demo consultant (`seed_demo`) gives every page something real to show. Each page is
checked in the state a person sees it in (chips pressed, a form with its errors, a decision
inside the reflection period) and must have no violation of impact serious or critical. The
French demo consultant (`demo-fr`) adds its client page and calibration, in French whatever
the browser says.

Not checked: the admin's catalogue change page. Django's tabular inlines label their inputs
only by the column headers, which axe rightly reports (`label`, `select-name`); that page is
staff-only and Django's own template, so it is left to the admin's layout work.
"""

import re
from io import StringIO

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from clients import actions, decisions
from clients.data import demo as demo_data
from clients.data import demo_fr
from clients.models import Boundary, Client, Flag, Interaction, Phase, Project

from .nu import nu_errors

pytestmark = pytest.mark.browser

AXE = Axe()
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}
BLOCKING = ("serious", "critical")
PREVIEW = re.compile(r"/clients/\d+/preview/$")
# Violations we accept, by rule id, each with its reason. None so far: add one only with a
# reason a reviewer would accept, never to make a red test green.
EXCEPTIONS: dict[str, str] = {}


def axe_violations(page) -> list[str]:
    """Return the serious and critical violations on the page, one line per element."""
    results = AXE.run(page, options=AXE_OPTIONS).response
    return [
        f"{violation['id']} ({violation['impact']}): {node['target']} {node['html'][:160]}"
        f" — {violation['help']}"
        for violation in results["violations"]
        if violation["impact"] in BLOCKING and violation["id"] not in EXCEPTIONS
        for node in violation["nodes"]
    ]


class Audit:
    """Visit pages in one browser context and collect every page's violations, and the HTML
    each page was served as (for the Nu HTML Checker)."""

    def __init__(self, page, base_url):
        self.page, self.base_url, self.found, self.served = page, base_url, {}, {}
        self._document = None
        page.on("response", self._keep_document)

    def _keep_document(self, response):
        if response.request.resource_type == "document" and response.status < 300:
            self._document = response

    def check(self, name):
        self.page.wait_for_load_state()
        self.found[name] = axe_violations(self.page)
        if self._document is not None:  # a page loaded since the last check
            self.served[name] = self._document.text()
            self._document = None

    def visit(self, name, path):
        response = self.page.goto(self.base_url + path)
        assert response.status == 200, (path, response.status)
        self.check(name)

    def report(self) -> str:
        return "\n".join(
            f"{name}:\n" + "\n".join(f"  - {line}" for line in lines)
            for name, lines in self.found.items()
            if lines
        )


@pytest.fixture
def demo(transactional_db, settings):
    # A fast hasher: the login form is what these tests use, not PBKDF2's cost.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", stdout=StringIO())
    return Client.objects.filter(owner__username=demo_data.USERNAME)


def log_in_as_demo(page, base_url, data=demo_data):
    page.goto(base_url + "/accounts/login/")
    page.locator("#id_username").fill(data.USERNAME)
    page.locator("#id_password").fill(data.PASSWORD)
    page.locator("#id_password").press("Enter")
    page.wait_for_url(base_url + "/")


def reflecting_client(clients):
    """Return a demo client whose reflection period is still running."""
    now = timezone.now()
    for client in clients:
        ends_at = decisions.reflection_ends_at(client)
        if ends_at and ends_at > now:
            return client
    raise AssertionError("the demo has no client within its reflection period")


# Each language once and each colour scheme once: colours do not depend on the language,
# and the words do not depend on the colour scheme (a run takes half a minute).
@pytest.mark.parametrize(("locale", "color_scheme"), [("en-GB", "light"), ("fr-FR", "dark")])
def test_every_page_has_no_serious_accessibility_violation(
    request, live_server, browser, page_guard, demo, locale, color_scheme
):
    context = browser.new_context(
        locale=locale, color_scheme=color_scheme, timezone_id="Europe/Paris"
    )
    request.addfinalizer(context.close)
    page = page_guard.watch(context.new_page())
    audit = Audit(page, live_server.url)
    assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") == (
        color_scheme == "dark"
    )

    audit.visit("password reset", "/account/reset/")
    audit.visit("password reset sent", "/account/reset/sent/")
    audit.visit("login", "/accounts/login/")
    page.locator("#id_username").fill(demo_data.USERNAME)
    page.locator("#id_password").fill("not the password")
    page.locator("#id_password").press("Enter")
    expect(page.locator(".form-errors, .errorlist").first).to_be_visible()
    audit.check("login with an error")
    log_in_as_demo(page, live_server.url)
    expect(page.locator("html")).to_have_attribute("lang", locale[:2])
    audit.check("dashboard")
    audit.visit("dashboard without results", "/?q=nobody-is-called-this")
    expect(page.locator("table tbody tr")).to_have_count(0)

    rich = demo.filter(projects__phases__review__isnull=False).order_by("name").first()
    audit.visit("client page", f"/clients/{rich.pk}/")
    audit.visit("call sheet", f"/clients/{rich.pk}/prepare/")
    audit.visit("new question", f"/clients/{rich.pk}/questions/new/")
    audit.visit("edit client", f"/clients/{rich.pk}/edit/")
    interaction = Interaction.objects.filter(client=rich).order_by("occurred_at").first()
    audit.visit("edit interaction", f"/interactions/{interaction.pk}/edit/")
    project = Project.objects.filter(client=rich).first()
    audit.visit("new phase", f"/projects/{project.pk}/phases/new/")
    audit.visit("new project", f"/clients/{rich.pk}/projects/new/")
    audit.visit("edit project", f"/projects/{project.pk}/edit/")
    audit.visit("delete project: what goes with it", f"/projects/{project.pk}/delete/")
    phase = Phase.objects.filter(project=project).first()
    audit.visit("delete phase: what goes with it", f"/phases/{phase.pk}/delete/")
    audit.visit("edit phase", f"/phases/{phase.pk}/edit/")
    page.locator("#id_ends_on").fill("1999-01-01")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".field-errors").first).to_be_visible()
    audit.check("edit phase with an end before its start")

    lead = demo.get(status=Client.Status.LEAD)
    audit.visit("client page of a lead", f"/clients/{lead.pk}/")

    # Planned contacts: shown, planned again (refused without a date), asked on the log form.
    planned = demo.filter(next_contact_at__isnull=False).order_by("next_contact_at").first()
    audit.visit("client page with a planned contact", f"/clients/{planned.pk}/")
    audit.visit("call sheet with a planned contact", f"/clients/{planned.pk}/prepare/")
    audit.visit("log form asking about the planned contact", f"/clients/{planned.pk}/log/")
    audit.visit("plan the next contact", f"/clients/{planned.pk}/next-contact/")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".field-errors").first).to_be_visible()
    audit.check("plan the next contact without a date")

    # Each stage's decision panel: a checkpoint to take (refused once), declined, completed.
    to_decide = demo.get(name="Northwind Logistics")
    audit.visit("client page with a checkpoint to take", f"/clients/{to_decide.pk}/")
    page.locator("form[action$='/checkpoint/'] button[value=end]").click()
    expect(page.locator(".checkpoint .field-errors")).to_be_visible()
    audit.check("checkpoint refused without a reason")
    declined = demo.filter(status=Client.Status.DECLINED).first()
    page.goto(f"{live_server.url}/clients/{declined.pk}/")
    page.locator("details.decide-early > summary").click()
    audit.check("declined client, reconsidering")
    completed = demo.filter(decisions__kind="end").first()
    audit.visit("client ended after a phase", f"/clients/{completed.pk}/")

    reflecting = reflecting_client(demo)
    page.goto(f"{live_server.url}/clients/{reflecting.pk}/")
    page.locator("details.decide-early > summary").click()
    expect(page.locator("details.decide-early textarea").first).to_be_visible()
    audit.check("decision within the reflection period")

    page.goto(f"{live_server.url}/clients/{reflecting.pk}/log/")
    chips = page.locator(".chip-toggle")
    # One change at a time: a preview overtaken by the next is aborted, and htmx logs that
    # as a console error, which the page guard would count.
    for index in (0, 3, 7):
        with page.expect_response(PREVIEW):
            chips.nth(index).click()
        expect(chips.nth(index)).to_have_attribute("aria-pressed", "true")
    with page.expect_response(PREVIEW):
        page.locator(".chip-details select").nth(3).select_option("3")
    audit.check("log form with chips pressed")
    with page.expect_response(PREVIEW):
        page.locator("#id_occurred_at").fill("")
    page.locator(".interaction-form button[type=submit]").click()
    expect(page.locator(".field-errors").first).to_be_visible()
    audit.check("log form with errors")

    due = next(p for p in Phase.objects.filter(project__client__in=demo) if p.awaits_review())
    audit.visit("review form", f"/phases/{due.pk}/review/")

    audit.visit("calibration", "/calibration/")
    page.locator("form[action$='/calibration/apply/'] button[type=submit]").click()
    audit.check("calibration: confirm the suggested weights")

    audit.visit("my flags", "/my-flags/")
    late = Flag.objects.get(catalogue__owner__username=demo_data.USERNAME, key="late-to-reply")
    audit.visit("edit an observed flag of my own", f"/my-flags/{late.pk}/edit/")
    audit.visit("add a flag of my own", "/my-flags/new/")
    page.locator("#id_label").fill("")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".field-errors").first).to_be_visible()
    audit.check("add a flag of my own with errors")
    audit.visit("move my clients", "/my-flags/move/")
    page.locator("main form button[type=submit]").last.click()
    expect(page.locator(".move-summary")).to_be_visible()
    audit.check("move my clients: what would change")
    audit.visit("my catalogue from a file", "/my-flags/import/")

    audit.visit("boundaries", "/boundaries/")
    boundary = Boundary.objects.filter(owner__username=demo_data.USERNAME).first()
    audit.visit("edit boundary", f"/boundaries/{boundary.pk}/edit/")
    audit.visit("settings", "/settings/")
    page.locator("form[action$='/settings/calendar/new/'] button").click()
    expect(page.locator("#calendar-feed-url")).to_be_visible()
    audit.check("settings with the calendar feed on")
    audit.visit("morning note settings", "/settings/morning-note/")
    audit.visit("account", "/account/")
    audit.visit("change email", "/account/email/")
    audit.visit("change password", "/account/password/")
    audit.visit("delete account", "/account/delete/")
    audit.visit("export", "/export/")
    audit.visit("admin", "/admin/")
    audit.visit("admin: flag catalogues", "/admin/clients/flagcatalogue/")
    audit.visit("new client", "/clients/new/")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".field-errors").first).to_be_visible()
    audit.check("new client with errors")

    # The French demo consultant: French pages whatever the browser's language.
    page.locator("form[action$='/accounts/logout/'] button").click()
    log_in_as_demo(page, live_server.url, demo_fr)
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    french = Client.objects.filter(owner__username=demo_fr.USERNAME)
    busiest = french.filter(projects__phases__review__isnull=False).order_by("name").first()
    audit.visit("French demo: client page", f"/clients/{busiest.pk}/")
    audit.visit("French demo: calibration", "/calibration/")

    # A missing page answers 404: looked at outside the guarded page, which fails on errors.
    missing = context.new_page()
    assert missing.goto(live_server.url + "/no-such-page/").status == 404
    audit.page = missing
    audit.check("404")

    report = audit.report()
    assert not report, f"axe-core found serious or critical violations:\n{report}"
    invalid = nu_errors(audit.served)
    assert not invalid, "The Nu HTML Checker found errors:\n" + "\n".join(invalid)


# Keyboard only --------------------------------------------------------------------------

FOCUS_STYLE = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow !== "none";
  return {tag: el.tagName.toLowerCase(), id: el.id, cls: el.className,
          text: (el.innerText || el.value || "").trim().slice(0, 40), visible: outline || shadow};
}"""


def press(page, key, steps, *, changes=False):
    """Press a key and record what has focus and whether its focus is visible.

    `changes`: the key changes the form, so wait for the score preview to follow (its
    request starts 150 ms after a change; an overtaken request would be aborted, which
    htmx reports as a console error).
    """
    page.keyboard.press(key)
    if changes:
        page.wait_for_timeout(300)
        page.wait_for_function("() => !document.querySelector('.htmx-request')")
    focused = page.evaluate(FOCUS_STYLE)
    steps.append((key, focused))
    assert focused["visible"], f"no visible focus after {key}: {focused}"
    return focused


def tab_to(page, steps, predicate, what, limit=80):
    """Tab until the focused element satisfies `predicate`; fail after `limit` presses."""
    for _ in range(limit):
        focused = press(page, "Tab", steps)
        if predicate(focused):
            return focused
    pytest.fail(f"Tab never reached {what}")


def test_a_call_is_logged_with_the_keyboard_alone_with_visible_focus_all_the_way(
    live_server, logged_in_page, consultant
):
    page = logged_in_page
    client = Client.objects.create(
        owner=consultant,
        catalogue=actions.catalogue_for(consultant),
        name="Keyboard & Co",
    )
    page.goto(f"{live_server.url}/clients/{client.pk}/log/")
    preview_score = page.locator("#score-preview .score-number")
    expect(preview_score).to_have_text("50")
    steps = []

    tab_to(page, steps, lambda f: f["id"] == "id_kind", "the kind of interaction")
    press(page, "ArrowDown", steps, changes=True)  # discovery call → meeting
    press(page, "ArrowDown", steps, changes=True)  # → call
    expect(page.locator("#id_kind")).to_have_value("call")
    tab_to(page, steps, lambda f: f["id"] == "id_notes", "the notes")
    page.keyboard.type("Asked sharp questions; wants to start next month.")
    assert press(page, "Tab", steps, changes=True)["id"] == "id_gut"
    press(page, "ArrowDown", steps, changes=True)  # "+2 great feeling", below "not noted"
    expect(page.locator("#id_gut")).to_have_value("2")
    score = preview_score.inner_text()

    def is_chip(focused):
        return "chip-toggle" in focused["cls"]

    for pressed in (1, 2):
        tab_to(page, steps, is_chip, "a flag chip")
        press(page, "Space", steps, changes=True)
        expect(page.locator(".chip-toggle[aria-pressed=true]")).to_have_count(pressed)
        expect(preview_score).not_to_have_text(score)
        score = preview_score.inner_text()
        strength = press(page, "Tab", steps)
        assert strength["tag"] == "select", strength
        press(page, "ArrowDown", steps, changes=True)  # clear → strong
        expect(page.locator(f"#{strength['id']}")).to_have_value("3")
        expect(preview_score).not_to_have_text(score)
        press(page, "Tab", steps)  # the evidence note
        page.keyboard.type("In their words.")
        press(page, "Tab", steps, changes=True)
        score = preview_score.inner_text()

    tab_to(page, steps, lambda f: f["text"] == "Save interaction", "the Save button")
    page.keyboard.press("Space")
    expect(page).to_have_url(f"{live_server.url}/clients/{client.pk}/")

    interaction = Interaction.objects.get(client=client)
    assert (interaction.kind, interaction.gut) == ("call", 2)
    assert sorted(o.strength for o in interaction.observations.all()) == [3, 3]
    assert {o.note for o in interaction.observations.all()} == {"In their words."}
    expect(page.locator(".score-card .score-number")).to_have_text(score)
    assert len(steps) > 10
