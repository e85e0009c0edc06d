"""Managing projects and phases in a real browser: edit a phase, end one today, delete a
phase and then its project, each through its page, without a line of script to help."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from clients import actions
from clients.models import Client, FlagCatalogue, Phase, PhaseReview, Project
from clients.score.scores import evidence_for

pytestmark = pytest.mark.browser


def field(page, label):
    """Return the form control labelled `label` (Django adds a colon to its labels)."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}:?$"))


def phase_of(project, name, *, starts, ends):
    today = timezone.localdate()
    phase = Phase(
        project=project,
        name=name,
        starts_on=today + timedelta(days=starts),
        ends_on=today + timedelta(days=ends),
    )
    return actions.add_phase(phase)


@pytest.fixture
def acme(consultant):
    client = Client.objects.create(
        owner=consultant, catalogue=FlagCatalogue.objects.get(is_default=True), name="Acme"
    )
    project = Project.objects.create(client=client, name="Website")
    design = phase_of(project, "Design", starts=-40, ends=-10)
    actions.save_review(
        phase=design,
        fields=dict.fromkeys(PhaseReview.RATING_FIELDS, 2) | {"would_work_again": False},
        observations=[],
    )
    phase_of(project, "Build", starts=-9, ends=20)
    return client


def stored_score_is_fresh(client) -> bool:
    client = Client.objects.get(pk=client.pk)
    fit = evidence_for(client).fit()
    return (client.score, client.band, client.confidence) == (fit.score, fit.band, fit.confidence)


def test_a_consultant_edits_ends_and_deletes_phases(live_server, logged_in_page, acme):
    page = logged_in_page
    today = timezone.localdate()
    page.goto(f"{live_server.url}/clients/{acme.pk}/")
    projects = page.get_by_role("region", name="Projects and phases")

    # Edit: a backwards end date is refused on the form, then fixed.
    projects.get_by_role("link", name="Edit Build").click()
    expect(page.get_by_role("heading", name="Edit the phase Build")).to_be_visible()
    field(page, "Name").fill("Build and launch")
    field(page, "Ends on").fill(str(today - timedelta(days=30)))
    page.get_by_role("button", name="Save the phase").click()
    expect(page.locator("#id_ends_on_error")).to_contain_text(
        "A phase cannot end before it starts."
    )
    assert Phase.objects.get(name="Build").ends_on == today + timedelta(days=20)
    field(page, "Ends on").fill(str(today + timedelta(days=30)))
    page.get_by_role("button", name="Save the phase").click()
    expect(page).to_have_url(f"{live_server.url}/clients/{acme.pk}/")
    expect(projects).to_contain_text("Build and launch")

    # End today, from the keyboard.
    end = projects.get_by_role("button", name="End today (Build and launch)")
    end.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Build and launch now ends today.")
    assert Phase.objects.get(name="Build and launch").ends_on == today
    expect(projects.get_by_role("button", name=re.compile("^End today"))).to_have_count(0)

    # Delete the reviewed phase: the confirmation says its review goes too.
    projects.get_by_role("link", name="Delete Design").click()
    expect(page.get_by_role("heading", name="Delete the phase Design of Website?")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Its review goes with it (satisfaction 2/5)")
    before = Client.objects.get(pk=acme.pk).score
    page.get_by_role("button", name="Delete the phase and its review").click()
    expect(page).to_have_url(f"{live_server.url}/clients/{acme.pk}/")
    expect(page.get_by_role("status")).to_contain_text("Phase Design deleted")
    expect(projects).not_to_contain_text("Design")
    assert not PhaseReview.objects.exists()
    assert Client.objects.get(pk=acme.pk).score != before
    assert stored_score_is_fresh(acme)

    # Delete the project: Cancel keeps it, the button says what goes.
    projects.get_by_role("link", name="Delete the project Website").click()
    expect(page.get_by_role("main")).to_contain_text("Its 1 phase goes with it.")
    page.get_by_role("link", name="Cancel, keep everything").click()
    expect(page).to_have_url(f"{live_server.url}/clients/{acme.pk}/")
    assert Project.objects.exists()
    projects.get_by_role("link", name="Delete the project Website").click()
    page.get_by_role("button", name="Delete the project and its 1 phase").click()
    expect(page.get_by_role("status")).to_contain_text("Project Website deleted")
    expect(projects).to_contain_text("No project yet.")
    assert not Phase.objects.exists()
    assert stored_score_is_fresh(acme)


def test_a_consultant_dates_a_review_in_the_past(live_server, logged_in_page, acme):
    page = logged_in_page
    today = timezone.localdate()
    build = Phase.objects.get(name="Build")
    page.goto(f"{live_server.url}/phases/{build.pk}/review/")
    date_field = field(page, "Date of the review")
    expect(date_field).to_have_value(str(today))

    date_field.fill(str(today - timedelta(days=30)))
    for question in (
        "Communication",
        "Consistency of expectations",
        "Collaboration",
        "Respect of my boundaries",
        "Overall satisfaction",
    ):
        group = page.get_by_role("group", name=re.compile(rf"^{question}:?$"))
        group.get_by_role("radio", name="4", exact=True).check()
    page.get_by_role("group", name=re.compile(r"^Would I work with them again\?")).get_by_role(
        "radio", name="yes"
    ).check()
    page.get_by_role("button", name="Save review").click()
    expect(page.locator("#id_reviewed_at_error")).to_contain_text(
        "A phase cannot be reviewed before it starts"
    )

    date_field.fill(str(today - timedelta(days=3)))
    page.get_by_role("button", name="Save review").click()
    expect(page).to_have_url(f"{live_server.url}/clients/{acme.pk}/")
    saved = PhaseReview.objects.get(phase=build)
    assert timezone.localdate(saved.reviewed_at) == today - timedelta(days=3)
    assert stored_score_is_fresh(acme)
