"""After yes, in a real browser: an accepted client's routine call reopens nothing; a bad
phase asks whether to go on, and the dashboard counts it until the consultant decides."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from clients import actions
from clients.models import Client, Decision

from .test_journeys import new_client, rate

pytestmark = pytest.mark.browser

RATINGS = (
    "Communication",
    "Consistency of expectations",
    "Collaboration",
    "Respect of my boundaries",
    "Overall satisfaction",
)


def test_after_yes_a_bad_phase_asks_whether_to_go_on_and_ending_completes_the_client(
    live_server, logged_in_page, consultant
):
    page = logged_in_page
    client = new_client(consultant, "Nova Dental")
    actions.log_interaction(
        client=client,
        fields={"occurred_at": timezone.now() - timedelta(days=40), "kind": "discovery"},
        observations=[],
    )
    detail = f"{live_server.url}/clients/{client.pk}/"
    decision = page.get_by_role("region", name="Decision")

    # Accept, then log a routine call without touching the kind.
    page.goto(detail)
    decision.get_by_role("button", name="Accept", exact=True).click()
    expect(decision).to_contain_text("Accepted on")
    page.get_by_role("link", name="Log an interaction").click()
    expect(page.get_by_label(re.compile(r"^Kind:?$"))).to_have_value("call")
    page.get_by_role("button", name="Save interaction").click()
    expect(page).to_have_url(detail)
    expect(page.get_by_role("region", name="Timeline")).to_contain_text("Call")
    expect(decision).not_to_contain_text("Reflect until")
    for name in ("Accept", "Accept as stretch", "Decline", "Need more info"):
        expect(decision.get_by_role("button", name=name, exact=True)).to_have_count(0)

    # A project, a phase that ended, and a bad review of it.
    page.get_by_role("link", name="Add a project").click()
    page.get_by_label("Name").fill("Booking system")
    page.get_by_role("button", name="Add project").click()
    today = timezone.localdate()
    page.get_by_label("Name").fill("Ordering")
    page.get_by_label("Starts on").fill((today - timedelta(days=30)).isoformat())
    page.get_by_label("Ends on").fill((today - timedelta(days=2)).isoformat())
    page.get_by_role("button", name="Add phase").click()
    page.get_by_role("link", name="Review Ordering now").click()
    for question in RATINGS:
        rate(page, question, 1)
    rate(page, "Would I work with them again?", "no")
    page.get_by_role("button", name="Save review").click()

    expect(page).to_have_url(detail)
    checkpoint = page.get_by_role("region", name="After Ordering: go on?")
    expect(checkpoint).to_be_visible()
    expect(checkpoint.locator(".checkpoint-warning")).to_have_text(
        re.compile(r"^Take a moment: your review says you would not work with them again.*\.$")
    )

    # The dashboard counts it, and its filter lists the client.
    page.goto(live_server.url + "/")
    strip = page.get_by_role("navigation", name="Today")
    to_decide = strip.get_by_role("link", name=re.compile("reviewed phase to decide on"))
    expect(to_decide).to_have_text("1 reviewed phase to decide on: go on or end?")
    to_decide.click()
    expect(page.locator("#client-list")).to_contain_text("Nova Dental")

    # Ending needs a reason; with one, the client is completed and the count is gone.
    page.goto(detail)
    checkpoint.get_by_role("button", name="End after this phase").click()
    expect(checkpoint).to_contain_text("Say why the work ends after this phase.")
    checkpoint.get_by_label(re.compile("What changes, or why it ends")).fill("Scope shifts weekly")
    checkpoint.get_by_role("button", name="End after this phase").click()
    expect(decision).to_contain_text("Ended after Ordering on")
    expect(page.locator(".page-head")).to_contain_text("Completed")
    assert Client.objects.get(pk=client.pk).status == "completed"
    assert Decision.objects.get(kind="end").reason == "Scope shifts weekly"
    page.goto(live_server.url + "/")
    expect(strip.get_by_role("link", name=re.compile("reviewed phase"))).to_contain_text("0 ")
