"""Questions carried from call to call, the call sheet, and the "Today" strip, in a browser."""

import re

import pytest
from playwright.sync_api import expect

from clients import actions
from clients.models import RATING_FIELDS, Boundary, Client, FlagCatalogue
from tests.browser.conftest import log_in
from tests.browser.test_journeys_pages import a_client_with_history, visit

pytestmark = pytest.mark.browser


def field(page, label):
    return page.get_by_label(re.compile(rf"^{re.escape(label)}:?$"))


def open_questions_cell(page, name):
    """Return the "Open questions" cell of the client's dashboard row (before "Next contact")."""
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=name, exact=True))
    return row.get_by_role("cell").nth(-2)


def test_questions_are_asked_answered_counted_and_carried_to_the_call_sheet(
    live_server, logged_in_page, consultant
):
    page = logged_in_page
    base = live_server.url
    client = Client.objects.create(
        owner=consultant, catalogue=FlagCatalogue.objects.get(is_default=True), name="Nordlicht"
    )

    # The first call: two questions written down, one flag seen.
    page.goto(f"{base}/clients/{client.pk}/log/")
    expect(page.get_by_text("Your open questions")).to_have_count(0)
    preview = page.locator("#score-preview")
    field(page, "Questions to ask").fill("What is the budget?\nWho signs off?")
    field(page, "Kind").select_option("discovery")
    # Each change updates the preview: let it arrive before the next, so none is cut off.
    expect(preview).to_contain_text("Before this interaction: 50")
    page.get_by_role("button", name=re.compile("motivated as I am")).click()
    expect(preview.locator(".score-number")).to_have_text("75")
    page.get_by_role("button", name="Save interaction").click()
    expect(page.get_by_role("heading", name="Nordlicht")).to_be_visible()

    page.goto(base + "/")
    expect(open_questions_cell(page, "Nordlicht")).to_have_text("2")

    # The next call: the open questions come first; one is answered in the client's words.
    page.goto(f"{base}/clients/{client.pk}/log/")
    budget = page.get_by_role("group", name="What is the budget?")
    expect(budget).to_be_visible()
    expect(budget.get_by_role("radio", name="still open")).to_be_checked()
    page.get_by_label("Their answer, in their words (What is the budget?)").fill(
        "Around 20k, flexible."
    )
    field(page, "Kind").select_option("call")
    expect(page.locator("#score-preview")).to_contain_text("Before this interaction: 75")
    page.get_by_role("button", name="Save interaction").click()

    timeline = page.locator(".timeline")
    expect(timeline.get_by_text("Questions settled")).to_be_visible()
    expect(timeline.get_by_text("Around 20k, flexible.")).to_be_visible()
    page.goto(base + "/")
    expect(open_questions_cell(page, "Nordlicht")).to_have_text("1")

    # The call sheet: the remaining question, and what to ask where nothing is known yet.
    page.goto(f"{base}/clients/{client.pk}/")
    page.get_by_role("link", name="Call sheet").click()
    expect(page.get_by_role("heading", name="Before your call with Nordlicht")).to_be_visible()
    questions = page.locator("section", has=page.get_by_role("heading", name="Open questions"))
    expect(questions.get_by_role("listitem")).to_have_text(["Who signs off?"])
    least = page.locator("section", has=page.get_by_role("heading", name="What you know least"))
    communication = least.get_by_role("listitem").filter(has_text="Communication").first
    expect(communication).to_contain_text("no evidence yet")
    expect(communication).to_contain_text(
        "If you had to put what you need from me in one sentence, what would it be?"
    )

    # The call is over: log it, with the open question waiting.
    page.get_by_role("link", name="Log the call").click()
    expect(page.get_by_role("group", name="Who signs off?")).to_be_visible()
    expect(page.get_by_role("group", name="What is the budget?")).to_have_count(0)


def test_the_call_sheet_prints_on_one_sheet(live_server, logged_in_page, consultant):
    page = logged_in_page
    client, phase = a_client_with_history(consultant)
    Boundary.objects.create(owner=consultant, text="Paid within 30 days")
    for n in range(5):
        actions.add_question(client=client, text=f"A longer question number {n}, to fill the page?")
    fields = dict.fromkeys(RATING_FIELDS, 4) | {"would_work_again": True}
    actions.save_review(
        phase=phase, fields=fields | {"learned": "Agree scope in writing."}, observations=[]
    )
    visit(page, f"{live_server.url}/clients/{client.pk}/prepare/")
    expect(page.get_by_text("Agree scope in writing.")).to_be_visible()

    pdf = page.pdf(format="A4")

    assert len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf)) == 1


def test_the_today_strip_filters_the_list_in_place(live_server, logged_in_page, consultant):
    page = logged_in_page
    catalogue = FlagCatalogue.objects.get(is_default=True)
    for name in ("Quiet", "Busy"):
        Client.objects.create(owner=consultant, catalogue=catalogue, name=name)
    Client.objects.filter(name="Quiet").update(open_questions=2)
    page.goto(live_server.url + "/")

    page.get_by_role(
        "link", name=re.compile("^1 client with open questions and no contact")
    ).click()

    expect(page).to_have_url(re.compile(r"\?today=quiet$"))
    expect(page.get_by_role("link", name="Busy", exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name="Quiet", exact=True)).to_be_visible()
    page.reload()
    expect(
        page.get_by_role("link", name=re.compile("^1 client with open questions and no contact"))
    ).to_have_attribute("aria-current", "true")


def test_questions_are_answered_without_javascript(
    live_server, new_context, page_guard, consultant
):
    client = Client.objects.create(
        owner=consultant, catalogue=FlagCatalogue.objects.get(is_default=True), name="Nordlicht"
    )
    actions.add_question(client=client, text="Who signs off?")
    page = page_guard.watch(new_context(java_script_enabled=False).new_page())
    log_in(page, live_server.url, consultant.get_username())

    page.goto(f"{live_server.url}/clients/{client.pk}/log/")
    page.get_by_role("group", name="Who signs off?").get_by_role("radio", name="drop it").check()
    page.get_by_role("button", name="Save interaction").click()

    expect(page.locator(".timeline").get_by_text("dropped")).to_be_visible()
    assert not client.questions.filter(status="open").exists()
