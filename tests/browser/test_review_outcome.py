"""Model v2 in a real browser: a phase review with low ratings and no flags moves the score,
the trend and the explanation, and ends "first impressions only"."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from clients import actions
from clients.models import Phase, Project

from .test_journeys import new_client, rate, score_of

pytestmark = pytest.mark.browser


def test_a_bad_review_lowers_the_score_and_the_trend(live_server, logged_in_page, consultant):
    page = logged_in_page
    client = new_client(consultant, "Harbour Ltd")
    flags = client.catalogue.flags.filter(key__in=["communicates-clearly", "win-win"])
    actions.log_interaction(
        client=client,
        fields={"occurred_at": timezone.now() - timezone.timedelta(days=20), "kind": "discovery"},
        observations=[actions.ObservationInput(flag, 3) for flag in flags],
    )
    today = timezone.localdate()
    project = Project.objects.create(client=client, name="Shop")
    Phase.objects.create(
        project=project,
        name="Ordering",
        starts_on=today - timezone.timedelta(days=15),
        ends_on=today - timezone.timedelta(days=1),
    )
    page.goto(f"{live_server.url}/clients/{client.pk}/")
    score = page.get_by_role("region", name="Fit score")
    before = score_of(score.locator(".score-number"))
    expect(score).to_contain_text("First impressions only")
    expect(score).to_contain_text("medium confidence")

    page.get_by_role("link", name="Review Ordering now").click()
    for question in (
        "Communication",
        "Consistency of expectations",
        "Collaboration",
        "Respect of my boundaries",
    ):
        rate(page, question, 2)
    rate(page, "Overall satisfaction", 1)
    rate(page, "Would I work with them again?", "no")
    page.get_by_role("button", name="Save review").click()

    expect(page).to_have_url(f"{live_server.url}/clients/{client.pk}/")
    after = score_of(score.locator(".score-number"))
    assert after < before - 20
    expect(score).not_to_contain_text("First impressions only")
    why = page.get_by_role("region", name=re.compile(r"^Why"))  # the score's explanation
    line = why.locator(".explanations li").filter(has_text="Review of Ordering")
    expect(line).to_have_text(
        re.compile(
            r"^Review of Ordering: satisfaction 1/5, would not work with them again · −\d+ points$"
        )
    )
    expect(line).to_have_class(re.compile("flag-red"))
    expect(why.get_by_role("row", name=re.compile("Phase review outcomes"))).to_be_visible()

    page.get_by_text("The trend as a table").click()
    rows = page.locator(".trend-table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(1)).to_contain_text("phase review")
    trend = [int(rows.nth(n).locator("td").nth(2).inner_text()) for n in range(2)]
    assert trend == [before, after]
