"""The client's stage decides what its page offers: deciding before the first accept or
decline, then the decision taken, and never the reflection period again."""

import re

import pytest
from django.urls import reverse

from clients.actions import record_decision
from clients.decisions import Stage, reflection_ends_at, stage_of
from clients.models import Client, Decision
from tests.factories import ago, log

DECISION_BUTTON = re.compile(r'<button [^>]*name="kind" value="(\w+)"')


def detail(client) -> str:
    return reverse("client_detail", args=[client.pk])


def decision_buttons(page: str) -> list[str]:
    """Return the kinds the decision panel's buttons offer."""
    panel = page.split('id="decision-heading"')[1].split("</section>")[0]
    return DECISION_BUTTON.findall(panel)


def selected_kind(page: str) -> str:
    select = re.search(r'<select name="kind".*?</select>', page, re.S).group(0)
    return re.search(r'<option value="(\w+)" selected>', select).group(1)


@pytest.fixture
def acme(consultant, make_client):
    client = make_client(consultant, "Acme")
    log(client, occurred_at=ago(days=3), kind="discovery")
    return client


@pytest.fixture
def accepted(acme):
    record_decision(client=acme, kind="accept", reason="Clear scope", now=ago(days=2))
    return acme


@pytest.fixture
def declined(acme):
    record_decision(client=acme, kind="decline", reason="No budget", now=ago(days=2))
    return acme


def test_it_starts_the_log_form_on_a_discovery_call_before_the_first_decision(logged_in, acme):
    page = logged_in.get(reverse("interaction_new", args=[acme.pk])).text

    assert selected_kind(page) == "discovery"


def test_it_starts_the_log_form_on_a_call_once_accepted(logged_in, accepted):
    page = logged_in.get(reverse("interaction_new", args=[accepted.pk])).text

    assert selected_kind(page) == "call"


def test_it_starts_the_log_form_on_the_kind_last_used_with_the_client(logged_in, accepted):
    log(accepted, occurred_at=ago(days=1), kind="meeting")
    log(accepted, occurred_at=ago(hours=5), kind="discovery")  # chosen by hand: not a habit

    page = logged_in.get(reverse("interaction_new", args=[accepted.pk])).text

    assert selected_kind(page) == "meeting"


def test_a_call_logged_without_touching_the_kind_keeps_an_accepted_client_engaged(
    logged_in, accepted
):
    form = logged_in.get(reverse("interaction_new", args=[accepted.pk])).text
    logged_in.post(
        reverse("interaction_new", args=[accepted.pk]),
        {"occurred_at": ago(hours=1).strftime("%Y-%m-%dT%H:%M"), "kind": selected_kind(form)},
    )

    page = logged_in.get(detail(accepted)).text
    assert accepted.interactions.latest("occurred_at").kind == "call"
    assert "Reflect until" not in page
    assert decision_buttons(page) == []


def test_a_later_discovery_call_never_reopens_the_reflection_period(logged_in, accepted):
    log(accepted, occurred_at=ago(hours=1), kind="discovery")

    page = logged_in.get(detail(accepted)).text

    assert reflection_ends_at(Client.objects.get(pk=accepted.pk)) is None
    assert "Reflect until" not in page and "Decide now anyway" not in page
    assert decision_buttons(page) == []


def test_an_accepted_client_shows_the_decision_with_the_score_then_and_now(logged_in, accepted):
    decision = Decision.objects.get()
    log(accepted, occurred_at=ago(hours=1), flags=[("crosses-boundaries", 3)])
    now = Client.objects.get(pk=accepted.pk).score

    page = logged_in.get(detail(accepted)).text

    assert f"at a score of {decision.score}; it is {now} now." in page
    assert "Why: Clear scope" in page
    assert page.count('name="reason"') == 0  # no decision form, and no checkpoint yet


def test_a_stretch_client_shows_its_learning_goal(logged_in, acme):
    record_decision(client=acme, kind="stretch", learning_goal="Saying no", now=ago(days=1))

    page = logged_in.get(detail(acme)).text

    assert "Accepted as a stretch client on" in page
    assert "Learning goal: Saying no" in page


def test_it_refuses_a_second_accept_once_engaged(logged_in, accepted):
    response = logged_in.post(
        reverse("decision_new", args=[accepted.pk]), {"kind": "decline"}, follow=True
    )

    assert "decide after each phase instead" in response.text
    assert list(Decision.objects.values_list("kind", flat=True)) == ["accept"]
    assert Client.objects.get(pk=accepted.pk).status == "active"


def test_a_declined_client_offers_only_to_reconsider(logged_in, declined):
    page = logged_in.get(detail(declined)).text

    assert "Declined on " in page and "Why: No budget" in page
    assert "<summary>Reconsider</summary>" in page
    assert decision_buttons(page) == ["accept", "stretch"]


def test_reconsidering_needs_a_reason(logged_in, declined):
    response = logged_in.post(reverse("decision_new", args=[declined.pk]), {"kind": "accept"})

    assert response.status_code == 200
    assert "Say why you reconsider: what has changed?" in response.text
    assert Decision.objects.count() == 1
    assert stage_of(Client.objects.get(pk=declined.pk)) == Stage.DECLINED


def test_reconsidering_with_a_reason_makes_the_client_active(logged_in, declined):
    logged_in.post(
        reverse("decision_new", args=[declined.pk]),
        {"kind": "accept", "reason": "They found the budget"},
    )

    assert Client.objects.get(pk=declined.pk).status == "active"
    assert Decision.objects.latest("decided_at").reason == "They found the budget"


def test_need_more_info_is_not_offered_after_a_decline(logged_in, declined):
    response = logged_in.post(
        reverse("decision_new", args=[declined.pk]), {"kind": "need_info", "reason": "Hmm"}
    )

    assert response.status_code == 200
    assert Client.objects.get(pk=declined.pk).status == "declined"


def test_the_client_form_keeps_a_decided_status(logged_in, accepted):
    page = logged_in.get(reverse("client_edit", args=[accepted.pk])).text

    select = re.search(r'<select name="status".*?</select>', page, re.S).group(0)
    assert re.findall(r'<option value="(\w+)"', select) == ["active"]
    assert "reconsider there to change it" in page


def test_a_refused_decision_keeps_what_was_typed(logged_in, acme):
    response = logged_in.post(
        reverse("decision_new", args=[acme.pk]),
        {"kind": "stretch", "reason": "Interesting problem"},
    )

    assert response.status_code == 200
    assert "Say what you want to learn from this client." in response.text
    assert ">Interesting problem</textarea>" in response.text
