"""Deciding on a client: the reflection period, stretch goals, the score of the moment."""

import re

import pytest
from django.urls import reverse
from django.utils import formats, timezone

from clients.actions import profile_for
from clients.models import Client, Decision
from tests.factories import (
    ago,
    fresh_fit,
    log,
)

REFLECTING = "You are still in your reflection period: write why you decide now."
ACCEPT_DISABLED = re.compile(r'<button [^>]*value="accept"[^>]*disabled')
ACCEPT = re.compile(r'<button [^>]*value="accept"[^>]*>')


@pytest.fixture
def acme(consultant, make_client):
    return make_client(consultant, "Acme")


@pytest.fixture
def reflecting(acme):
    """Return a client whose discovery call was two hours ago: inside the default 24 h."""
    log(acme, occurred_at=ago(hours=2), kind="discovery", flags=[("win-win", 3)])
    return acme


@pytest.fixture
def reflected(acme):
    """Return a client whose last discovery call was 25 hours ago."""
    log(acme, occurred_at=ago(hours=25), kind="discovery", flags=[("win-win", 3)])
    return acme


def decide(http, client, **data):
    return http.post(reverse("decision_new", args=[client.pk]), data, follow=True)


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "accept"},
        {"kind": "decline"},
        {"kind": "stretch", "learning_goal": "Handling pressure"},
        {"kind": "accept", "reason": "   "},
    ],
)
def test_it_refuses_to_decide_without_a_reason_while_reflecting(logged_in, reflecting, data):
    response = decide(logged_in, reflecting, **data)

    assert response.status_code == 200  # the page again, the message on its form
    assert REFLECTING in response.text
    assert not Decision.objects.exists()
    assert Client.objects.get(pk=reflecting.pk).status == "discovery"


@pytest.mark.parametrize(("kind", "status"), [("accept", "active"), ("decline", "declined")])
def test_it_accepts_an_early_decision_with_a_reason(logged_in, reflecting, kind, status):
    response = decide(logged_in, reflecting, kind=kind, reason="They need it by Friday")

    assert "Decision recorded with today&#x27;s score." in response.text
    decision = Decision.objects.get()
    assert (decision.kind, decision.reason, decision.decided_early) == (
        kind,
        "They need it by Friday",
        True,
    )
    assert Client.objects.get(pk=reflecting.pk).status == status


def test_it_always_allows_asking_for_more_info(logged_in, reflecting):
    decide(logged_in, reflecting, kind="need_info")

    decision = Decision.objects.get()
    assert (decision.kind, decision.decided_early) == ("need_info", False)
    assert Client.objects.get(pk=reflecting.pk).status == "deciding"


def test_it_accepts_without_a_reason_once_the_period_is_over(logged_in, reflected):
    decide(logged_in, reflected, kind="accept")

    decision = Decision.objects.get()
    assert (decision.kind, decision.reason, decision.decided_early) == ("accept", "", False)
    assert Client.objects.get(pk=reflected.pk).status == "active"


def test_it_has_no_reflection_period_before_any_interaction(logged_in, acme):
    decide(logged_in, acme, kind="decline")

    assert Decision.objects.get().decided_early is False


def test_it_counts_the_period_from_the_first_interaction_without_discovery_calls(logged_in, acme):
    log(acme, occurred_at=ago(hours=1), kind="meeting")

    response = decide(logged_in, acme, kind="decline")

    assert REFLECTING in response.text
    assert not Decision.objects.exists()


def test_it_counts_the_period_from_the_last_discovery_call(logged_in, reflected):
    log(reflected, occurred_at=ago(hours=1), kind="discovery")

    response = decide(logged_in, reflected, kind="accept")

    assert REFLECTING in response.text
    assert not Decision.objects.exists()


def test_it_uses_the_consultants_own_reflection_period(logged_in, consultant, reflected):
    profile = profile_for(consultant)
    profile.reflection_hours = 48
    profile.save()

    refused = decide(logged_in, reflected, kind="accept")
    profile.reflection_hours = 0
    profile.save()
    decide(logged_in, reflected, kind="accept")

    assert REFLECTING in refused.text
    assert Decision.objects.get().decided_early is False


def test_it_requires_a_learning_goal_for_a_stretch_client(logged_in, reflected):
    response = decide(logged_in, reflected, kind="stretch", learning_goal="  ")

    assert "Say what you want to learn from this client." in response.text
    assert not Decision.objects.exists()


def test_it_stores_the_learning_goal_of_a_stretch_client(logged_in, reflected):
    decide(logged_in, reflected, kind="stretch", learning_goal="Saying no to scope creep")

    decision = Decision.objects.get()
    assert (decision.kind, decision.learning_goal) == ("stretch", "Saying no to scope creep")
    assert Client.objects.get(pk=reflected.pk).status == "active"
    page = logged_in.get(reverse("client_detail", args=[reflected.pk]))
    assert "Learning goal: Saying no to scope creep" in page.text


@pytest.mark.parametrize("kind", ["", "hire", "ACCEPT"])
def test_it_refuses_an_unknown_decision(logged_in, reflected, kind):
    response = decide(logged_in, reflected, kind=kind)

    assert response.status_code == 200
    assert not Decision.objects.exists()
    assert Client.objects.get(pk=reflected.pk).status == "discovery"


def test_it_stores_the_score_of_the_moment(logged_in, reflected):
    at_decision = fresh_fit(reflected)

    decide(logged_in, reflected, kind="accept")
    log(reflected, occurred_at=ago(hours=1), flags=[("crosses-boundaries", 3)])

    decision = Decision.objects.get()
    stored = (decision.score, decision.score_low, decision.score_high)
    assert (*stored, decision.band, decision.confidence) == at_decision
    assert fresh_fit(reflected)[0] < decision.score  # the client moved on, the decision did not


def test_it_shows_the_latest_decision_with_its_score(logged_in, reflected):
    decide(logged_in, reflected, kind="accept")
    decision = Decision.objects.get()

    page = logged_in.get(reverse("client_detail", args=[reflected.pk]))

    date = formats.date_format(timezone.localtime(decision.decided_at), "DATE_FORMAT")
    assert f"Accepted on {date}, at a score of {decision.score}; it is" in page.text


def test_it_shows_the_reflection_period_and_locks_accept(logged_in, reflecting):
    page = logged_in.get(reverse("client_detail", args=[reflecting.pk]))

    assert "Reflect until" in page.text
    assert ACCEPT_DISABLED.search(page.text)
    assert "Decide now anyway" in page.text


def test_it_unlocks_accept_after_the_reflection_period(logged_in, reflected):
    page = logged_in.get(reverse("client_detail", args=[reflected.pk]))

    assert "Reflect until" not in page.text
    assert ACCEPT.search(page.text)
    assert not ACCEPT_DISABLED.search(page.text)


def test_it_hides_another_consultants_client_from_deciding(
    logged_in, other_consultant, make_client
):
    theirs = make_client(other_consultant, "Theirs")

    response = logged_in.post(reverse("decision_new", args=[theirs.pk]), {"kind": "decline"})

    assert response.status_code == 404
    assert not Decision.objects.exists()
    assert Client.objects.get(pk=theirs.pk).status == "lead"


def test_it_decides_only_by_post(logged_in, reflected):
    response = logged_in.get(reverse("decision_new", args=[reflected.pk]), {"kind": "accept"})

    assert response.status_code == 405
    assert not Decision.objects.exists()
