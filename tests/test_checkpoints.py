"""The checkpoint after a reviewed phase: continue, continue with changes, or end after it."""

import importlib
import re

import pytest
from django.apps import apps
from django.urls import reverse

from clients.actions import record_decision
from clients.models import RATING_FIELDS, Client, Decision, Phase
from tests.factories import add_phase, ago, fresh_fit, log, review, review_data

DASHBOARD = reverse("dashboard")
ALL_ONES = dict.fromkeys(RATING_FIELDS, 1)


def detail(client) -> str:
    return reverse("client_detail", args=[client.pk])


def checkpoint(http, phase, **data):
    return http.post(reverse("checkpoint_new", args=[phase.pk]), data)


def today_count(page: str, key: str) -> int:
    nav = re.search(r'<nav class="today-strip".*?</nav>', page, re.S).group(0)
    return int(re.search(rf'today-{key}[^"]*"><strong>(\d+)', nav).group(1))


@pytest.fixture
def accepted(consultant, make_client):
    client = make_client(consultant, "Acme")
    log(client, occurred_at=ago(days=40), kind="discovery", flags=[("win-win", 2)])
    record_decision(client=client, kind="accept", now=ago(days=39))
    return client


@pytest.fixture
def phase(accepted):
    return add_phase(accepted, name="Ordering")


@pytest.fixture
def bad_review(phase):
    return review(phase, would_work_again=False, **ALL_ONES)


def test_it_asks_nothing_before_a_phase_is_reviewed(logged_in, phase):
    page = logged_in.get(detail(phase.project.client)).text

    assert "go on?" not in page
    assert "After each reviewed phase, you decide here whether to go on." in page


def test_it_asks_the_phase_question_once_reviewed(logged_in, phase):
    review(phase)

    page = logged_in.get(detail(phase.project.client)).text

    assert "After Ordering: go on?" in page
    for value in ("continue", "change", "end"):
        assert f'name="kind" value="{value}"' in page
    assert "Take a moment" not in page  # a good phase needs no warning


def test_a_bad_phase_says_why_in_one_sentence_above_the_choice(logged_in, accepted, bad_review):
    decided_at = Decision.objects.get().score
    now = Client.objects.get(pk=accepted.pk)

    page = logged_in.get(detail(accepted)).text

    warning = re.search(r'<p class="checkpoint-warning"[^>]*><strong>(.*?)</strong>', page).group(1)
    assert warning.startswith("Take a moment: your review says you would not work with them again")
    assert f"the score is in the poor-fit band ({now.score})" in warning
    points = decided_at - now.score
    assert f"the score fell {points} points since your last decision" in warning
    assert page.index("checkpoint-warning") < page.index('value="continue"')


def test_a_fall_of_fifteen_points_alone_is_worth_a_warning(logged_in, accepted, phase):
    review(phase, would_work_again=True, **dict(ALL_ONES, satisfaction=3))
    now, then = Client.objects.get(pk=accepted.pk).score, Decision.objects.get().score
    assert then - now >= 15 and Client.objects.get(pk=accepted.pk).band != "poor"

    page = logged_in.get(detail(accepted)).text

    assert "would not work with them again" not in page
    assert f"the score fell {then - now} points since your last decision" in page


def test_the_today_strip_counts_a_checkpoint_to_take_until_it_is_taken(
    logged_in, accepted, phase, bad_review
):
    page = logged_in.get(DASHBOARD).text
    assert today_count(page, "checkpoint") == 1
    assert "reviewed phase to decide on: go on or end?" in page
    listed = logged_in.get(DASHBOARD, {"today": "checkpoint"}).text
    assert ">Acme</a>" in listed

    checkpoint(logged_in, phase, kind="continue")

    assert today_count(logged_in.get(DASHBOARD).text, "checkpoint") == 0


def test_ending_after_the_phase_needs_a_reason_and_changes_nothing_without(
    logged_in, accepted, phase, bad_review
):
    response = checkpoint(logged_in, phase, kind="end", reason="  ")

    assert response.status_code == 200
    assert "Say why the work ends after this phase." in response.text
    assert Decision.objects.count() == 1
    assert Client.objects.get(pk=accepted.pk).status == "active"


def test_ending_after_the_phase_completes_the_client_with_a_snapshot(
    logged_in, accepted, phase, bad_review
):
    score = fresh_fit(accepted)

    checkpoint(logged_in, phase, kind="end", reason="Scope keeps shifting")

    decision = Decision.objects.get(kind="end")
    assert (decision.phase, decision.reason) == (phase, "Scope keeps shifting")
    snapshot = (decision.score, decision.score_low, decision.score_high, decision.band)
    assert (*snapshot, decision.confidence) == score
    client = Client.objects.get(pk=accepted.pk)
    assert client.status == "completed"
    page = logged_in.get(detail(client)).text
    assert "Ended after Ordering on " in page and "Why: Scope keeps shifting" in page
    assert "<summary>Work together again</summary>" in page


def test_continuing_with_changes_says_what_changes(logged_in, accepted, phase):
    review(phase)

    refused = checkpoint(logged_in, phase, kind="change")
    checkpoint(logged_in, phase, kind="change", reason="Weekly demos")

    assert "Say what changes for the next phase." in refused.text
    decision = Decision.objects.get(kind="change")
    assert decision.reason == "Weekly demos"
    assert Client.objects.get(pk=accepted.pk).status == "active"
    page = logged_in.get(detail(accepted)).text
    assert "After Ordering (" in page and "continue with changes. Weekly demos" in page
    assert "go on?" not in page


def test_it_takes_one_checkpoint_per_phase(logged_in, accepted, phase):
    review(phase)
    checkpoint(logged_in, phase, kind="continue")

    response = checkpoint(logged_in, phase, kind="end", reason="Changed my mind")

    assert response.status_code == 302
    assert Decision.objects.filter(phase=phase).count() == 1
    assert Client.objects.get(pk=accepted.pk).status == "active"


def test_only_the_latest_reviewed_phase_asks(logged_in, accepted, phase):
    review(phase, reviewed_at=ago(days=3))
    later = add_phase(accepted, name="Build", project=phase.project)
    review(later, reviewed_at=ago(days=1))

    checkpoint(logged_in, phase, kind="continue")

    assert not Decision.objects.filter(phase=phase).exists()
    assert "After Build: go on?" in logged_in.get(detail(accepted)).text


def test_it_asks_nothing_of_a_client_not_engaged(logged_in, consultant, make_client):
    lead = make_client(consultant, "Lead")
    reviewed = add_phase(lead)
    review(reviewed)

    response = checkpoint(logged_in, reviewed, kind="continue")

    assert response.status_code == 302
    assert not Decision.objects.exists()
    assert today_count(logged_in.get(DASHBOARD).text, "checkpoint") == 0


def test_the_migration_gives_an_accepted_client_its_stage_back(accepted):
    record_decision(client=accepted, kind="need_info", now=ago(days=1))  # as the old panel let
    assert Client.objects.get(pk=accepted.pk).status == "deciding"

    migration = importlib.import_module("clients.migrations.0013_checkpoints")
    migration.align_stages(apps, None)

    assert Client.objects.get(pk=accepted.pk).status == "active"
    assert Decision.objects.count() == 2  # nothing lost


def test_calibration_says_whom_i_ended_after_a_phase(logged_in, accepted, bad_review, phase):
    checkpoint(logged_in, phase, kind="end", reason="Scope keeps shifting")
    first = Decision.objects.get(kind="accept").score

    page = logged_in.get(reverse("calibration")).text

    assert "Ended after a phase" in page
    assert (
        "You ended the work after a phase with 1 of your 1 reviewed clients; at your first "
        f"decision its score was {first}."
    ) in page
    assert f"ended after Ordering; score at your first decision {first}" in page


def test_deleting_the_phase_that_ended_the_work_makes_the_client_active_again(
    logged_in, accepted, phase, bad_review
):
    checkpoint(logged_in, phase, kind="end", reason="Scope keeps shifting")
    assert Client.objects.get(pk=accepted.pk).status == "completed"

    logged_in.post(reverse("phase_delete", args=[phase.pk]))

    assert not Decision.objects.filter(kind="end").exists()
    assert Client.objects.get(pk=accepted.pk).status == "active"


def test_deleting_a_phase_says_its_decision_goes_too(logged_in, accepted, phase, bad_review):
    checkpoint(logged_in, phase, kind="end", reason="Scope keeps shifting")

    page = logged_in.get(reverse("phase_delete", args=[phase.pk])).text
    project_page = logged_in.get(reverse("project_delete", args=[phase.project.pk])).text

    assert "So does the decision you took after it (go on or end)." in page
    assert "That decision ended the work: the client will be active again." in page
    assert "So does the decision you took after 1 of its phases (go on or end)." in project_page
    assert "That decision ended the work" in project_page


def test_a_stretch_review_asks_what_i_learned_after_a_checkpoint_too(
    logged_in, consultant, make_client
):
    client = make_client(consultant, "Stretchy")
    log(client, occurred_at=ago(days=40), kind="discovery")
    record_decision(client=client, kind="stretch", learning_goal="Saying no", now=ago(days=39))
    first = add_phase(client, name="One")
    review(first, learned="Say no early")
    checkpoint(logged_in, first, kind="continue")
    second = add_phase(client, name="Two", project=first.project)

    response = logged_in.post(reverse("phase_review", args=[second.pk]), review_data())

    assert "This was a stretch client: write what you learned." in response.text
    assert not hasattr(Phase.objects.get(pk=second.pk), "review")
