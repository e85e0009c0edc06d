"""My flags, as a consultant goes through it: make the catalogue, add "Late to reply", note
it on a client, see it explain the score, weigh it more, move every client with a preview
that the result matches, and let calibration change my catalogue, nobody else's scores."""

import re
from datetime import date, timedelta

from django.utils import timezone
from playwright.sync_api import expect

from clients import actions
from clients.models import RATING_FIELDS, Client, Flag, FlagCatalogue, Phase, Project


def field(page, label):
    return page.get_by_label(re.compile(rf"^{re.escape(label)}:?$"))


def reviewed(owner, catalogue, name, *, satisfaction, flags=()):
    """A client with a discovery call (its flags), an accept, and a reviewed phase."""
    client = Client.objects.create(owner=owner, catalogue=catalogue, name=name)
    start = timezone.now() - timedelta(days=100)
    seen = [actions.ObservationInput(catalogue.flags.get(key=key), 2) for key in flags]
    fields = {"occurred_at": start, "kind": "discovery", "gut": None, "notes": "", "questions": ""}
    actions.log_interaction(client=client, fields=fields, observations=seen)
    actions.record_decision(client=client, kind="accept", now=start + timedelta(days=2))
    project = Project.objects.create(client=client, name="Work")
    phase = Phase.objects.create(
        project=project, name="One", starts_on=date(2025, 1, 1), ends_on=date(2025, 2, 1)
    )
    ratings = dict.fromkeys(RATING_FIELDS, satisfaction) | {"would_work_again": True}
    actions.save_review(
        phase=phase, fields=ratings | {"reviewed_at": start + timedelta(days=50)}, observations=[]
    )
    return client


def test_my_own_flags_from_the_first_to_calibration(
    live_server, page_as, consultant, make_consultant
):
    shared = FlagCatalogue.objects.get(is_default=True)
    older = reviewed(consultant, shared, "Older client", satisfaction=3, flags=["impolite"])
    grace = make_consultant("grace")
    theirs = reviewed(grace, shared, "Grace's client", satisfaction=1, flags=["impolite"])
    page = page_as(consultant)

    # Make my catalogue, add a flag of my own.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My flags").click()
    page.get_by_role("button", name="Make my catalogue").click()
    expect(page.get_by_role("status")).to_contain_text("is ready")
    page.get_by_role("link", name="Add a flag of my own").click()
    field(page, "Label").fill("Late to reply")
    field(page, "Category").select_option("communication")
    page.get_by_role("button", name="Add the flag").click()
    expect(page.locator("main")).to_contain_text("Late to reply")
    own = FlagCatalogue.objects.get(owner=consultant)
    late = own.flags.get(label="Late to reply")
    assert late.key == "late-to-reply"

    # A new client is scored with my catalogue: log the flag on it.
    page.goto(live_server.url + "/clients/new/")
    field(page, "Name").fill("Nova")
    page.get_by_role("button", name="Add client").click()
    page.get_by_role("button", name="Late to reply").click()
    page.get_by_role("button", name="Save interaction").click()
    nova = Client.objects.get(owner=consultant, name="Nova")
    assert nova.catalogue == own
    expect(page.locator(".explanations")).to_contain_text("Late to reply")
    before = int(page.locator(".score-card .score-number").inner_text())

    # Weigh it more: the score changes, and the page says so.
    page.goto(live_server.url + "/my-flags/")
    page.get_by_role("link", name="Edit Late to reply").click()
    field(page, "Weight").select_option("5")
    page.get_by_role("button", name="Save the flag").click()
    expect(page.locator("main")).to_contain_text("Saved; 1 score changed.")
    page.goto(f"{live_server.url}/clients/{nova.pk}/")
    after = int(page.locator(".score-card .score-number").inner_text())
    assert after < before

    # Move every client: the preview's numbers are the result's.
    page.goto(live_server.url + "/my-flags/")
    page.get_by_role("link", name="Move my clients onto my catalogue").click()
    page.get_by_role("button", name="Show what would change").click()
    preview = page.locator(".move-summary").inner_text()
    assert "1 client would move" in preview
    page.get_by_role("button", name="Move 1 client").click()
    result = page.locator(".move-summary").inner_text()
    assert result.replace("moved", "would move").split("\n")[1:] == preview.split("\n")[1:]
    older.refresh_from_db()
    assert older.catalogue == own

    # Calibration: suggestions apply to my catalogue; Grace's scores do not move.
    for n in range(3):
        polished = ["late-to-reply", "professional-polite"]
        reviewed(consultant, own, f"Slow {n}", satisfaction=1, flags=polished)
    for n in range(2):
        reviewed(consultant, own, f"Quick {n}", satisfaction=5)
    theirs_before = Client.objects.get(pk=theirs.pk).score
    page.goto(live_server.url + "/calibration/")
    page.locator("form[action$='/calibration/apply/'] button[type=submit]").click()
    expect(page.get_by_role("heading", name="Apply the suggested weights?")).to_be_visible()
    expect(page.locator(".calib-confirm")).to_contain_text("nobody else's scores move")
    page.get_by_role("button", name="Apply these weights").click()
    expect(page.locator("main")).to_contain_text("Suggested weights applied to My flags")
    assert Client.objects.get(pk=theirs.pk).score == theirs_before
    # Polite, yet every such client went badly: my weight for it goes down, the shared one's
    # stays.
    assert own.flags.get(key="professional-polite").weight < 3
    assert Flag.objects.get(catalogue=shared, key="professional-polite").weight == 3
