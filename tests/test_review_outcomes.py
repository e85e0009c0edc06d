"""Model v2 through the pages: a phase review's outcome moves the stored score, the trend and
the explanation; confidence waits for a review; every write keeps the stored score fresh."""

import importlib

import pytest
from django.apps import apps
from django.db import transaction
from django.urls import reverse
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clients import actions
from clients.exchange.data_io import export_data, import_data
from clients.models import Client, Decision, PhaseReview
from clients.score import scoring
from clients.score.scores import evidence_for
from tests.factories import (
    RATINGS,
    add_phase,
    ago,
    fresh_fit,
    log,
    review,
    review_data,
    stored_fit,
)

# Three weight-3 flags seen clear in one call: G = 18, the "88, high" of model v1.
THREE_CLEAR = [("communicates-clearly", 2), ("we-attitude", 2), ("win-win", 2)]


@pytest.fixture
def acme(consultant, make_client):
    """Return a client with one good discovery call and a phase waiting for its review."""
    client = make_client(consultant, "Acme")
    log(client, occurred_at=ago(days=30), kind="discovery", flags=THREE_CLEAR)
    add_phase(client, name="Ordering")
    return client


def review_url(client):
    return reverse("phase_review", args=[client.projects.get().phases.get().pk])


def test_it_holds_confidence_at_medium_until_a_phase_is_reviewed(logged_in, acme):
    # a = 3 + 18, b = 3 → 87.5 → 88, but first impressions only.
    assert stored_fit(acme) == (88, 79, 96, "good", "medium")
    page = logged_in.get(reverse("client_detail", args=[acme.pk])).text
    assert "medium confidence" in page
    assert "First impressions only: you will know more after a phase together." in page
    assert "first impressions only" in logged_in.get(reverse("dashboard")).text

    logged_in.post(review_url(acme), review_data(**dict.fromkeys(RATINGS, 3)))

    # "Yes" adds 6; the call, 30 days older than the review, fades to 18 · 0.5^(30/180).
    assert stored_fit(acme)[4] == "high"
    page = logged_in.get(reverse("client_detail", args=[acme.pk])).text
    assert "First impressions only" not in page
    assert "first impressions only" not in logged_in.get(reverse("dashboard")).text


def test_a_bad_review_without_flags_lowers_the_score_and_says_why(logged_in, acme):
    before = stored_fit(acme)[0]
    ratings = {"communication": 2, "expectations": 1, "collaboration": 2, "boundaries": 2}

    response = logged_in.post(
        review_url(acme), review_data(satisfaction=1, would_work_again="no", **ratings)
    )

    assert response.status_code == 302
    # Red: (1 + 2 + 1 + 1 + 2·2 + 3) · 2 = 24; the call fades to 18 · 0.5^(≈30/180) ≈ 16.04:
    # a ≈ 19.04, b = 27 → ≈ 41.
    assert stored_fit(acme)[0] < before - 40
    assert stored_fit(acme) == fresh_fit(acme)
    page = logged_in.get(reverse("client_detail", args=[acme.pk])).text
    [outcome] = evidence_for(acme).fit().outcomes
    assert outcome.points < 0
    assert escape(outcome.sentence()) in page
    assert "Review of Ordering: satisfaction 1/5, would not work with them again" in page
    assert "Phase review outcomes" in page  # its row in the per-category breakdown
    trend = evidence_for(acme).trend()
    assert trend[-1].source == "review" and trend[-1].score < trend[-2].score


def test_editing_a_review_rescores_the_client(logged_in, acme):
    logged_in.post(review_url(acme), review_data(satisfaction=5))
    after_good = stored_fit(acme)

    logged_in.post(review_url(acme), review_data(satisfaction=1, version=1))

    assert stored_fit(acme)[0] < after_good[0]
    assert stored_fit(acme) == fresh_fit(acme)


def test_deleting_a_review_rescores_the_client(logged_in, acme):
    before = stored_fit(acme)
    phase = acme.projects.get().phases.get()
    review(phase, satisfaction=1, would_work_again=False)
    assert stored_fit(acme) != before

    response = logged_in.post(reverse("review_delete", args=[phase.pk]))

    assert response.status_code == 302
    assert not PhaseReview.objects.exists()
    assert stored_fit(acme) == before == fresh_fit(acme)
    assert logged_in.post(reverse("review_delete", args=[phase.pk])).status_code == 404


def test_the_review_form_offers_to_delete_only_a_saved_review(logged_in, acme):
    phase = acme.projects.get().phases.get()
    delete = reverse("review_delete", args=[phase.pk])
    assert delete not in logged_in.get(reverse("phase_review", args=[phase.pk])).text
    review(phase)
    assert delete in logged_in.get(reverse("phase_review", args=[phase.pk])).text


def test_a_decision_keeps_the_confidence_it_was_taken_with(acme):
    decision = actions.record_decision(client=acme, kind="accept", reason="Good call")
    review(acme.projects.get().phases.get(), **dict.fromkeys(RATINGS, 5))

    decision = Decision.objects.get(pk=decision.pk)
    assert (decision.score, decision.confidence) == (88, "medium")
    assert Client.objects.get(pk=acme.pk).confidence == "high"


def test_the_data_migration_rescores_every_client_with_model_v2(acme, make_client, consultant):
    review(acme.projects.get().phases.get(), satisfaction=1, would_work_again=False)
    other = make_client(consultant, "Other")
    log(other, flags=THREE_CLEAR)
    expected = [fresh_fit(acme), fresh_fit(other)]
    # As model v1 stored them: no review outcome, and "high" on first impressions.
    Client.objects.filter(pk__in=[acme.pk, other.pk]).update(
        score=88, score_low=79, score_high=96, confidence="high", phase_reviewed=False
    )

    migration = importlib.import_module("clients.migrations.0013_checkpoints")
    migration.rescore_every_client(apps, None)

    assert [stored_fit(acme), stored_fit(other)] == expected
    assert Client.objects.get(pk=acme.pk).phase_reviewed
    assert stored_fit(other)[4] == "medium"


def test_a_file_written_with_model_v1_restores_with_v2_scores(acme, other_consultant):
    review(acme.projects.get().phases.get(), satisfaction=1, would_work_again=False)
    document = export_data(acme.owner)
    # The score model v1 gave, which a file written before v2 holds: the review's outcome
    # did not count.
    v1 = evidence_for(acme)
    v1.outcomes = []
    v1_fit = v1.fit()
    document["clients"][0]["score"] |= {"value": v1_fit.score, "confidence": v1_fit.confidence}

    restored = import_data(other_consultant, document)

    assert restored.rescored_differently == ["Acme"]
    assert Client.objects.get(owner=other_consultant).score == stored_fit(acme)[0]


# Any sequence of writes leaves the stored score equal to a fresh computation ---------------

ratings = st.fixed_dictionaries({name: st.integers(1, 5) for name in RATINGS})
flags = st.lists(
    st.tuples(st.sampled_from(["win-win", "we-attitude", "vague-feedback"]), st.integers(1, 3)),
    max_size=2,
    unique_by=lambda pair: pair[0],
)
writes = st.one_of(
    st.tuples(st.just("log"), st.integers(0, 400), st.integers(-2, 2) | st.none(), flags),
    st.tuples(st.just("edit"), st.integers(-2, 2) | st.none(), flags),
    st.tuples(st.just("delete")),
    st.tuples(st.just("review"), st.integers(0, 1), ratings, st.booleans(), flags),
    st.tuples(st.just("unreview"), st.integers(0, 1)),
)


def apply(write, client, phases):
    """Apply one write through clients.actions, as the views do; skip what cannot apply."""
    kind, *args = write
    latest = client.interactions.order_by("occurred_at", "pk").last()
    if kind == "log":
        days, gut, seen = args
        log(client, occurred_at=ago(days=days), gut=gut, flags=seen)
    elif kind == "edit" and latest:
        gut, seen = args
        fields = {"occurred_at": latest.occurred_at, "kind": latest.kind, "gut": gut}
        fields |= {"notes": "", "questions": ""}
        actions.edit_interaction(
            interaction=latest,
            expected_version=latest.version,
            fields=fields,
            observations=[actions.ObservationInput(_flag(client, k), s) for k, s in seen],
        )
    elif kind == "delete" and latest:
        actions.delete_interaction(latest)
    elif kind == "review":
        which, given_ratings, again, seen = args
        phase = phases[which]
        phase.refresh_from_db()
        existing = PhaseReview.objects.filter(phase=phase).first()
        fields = given_ratings | {"would_work_again": again, "reviewed_at": ago(days=which * 90)}
        actions.save_review(
            phase=phase,
            fields=fields,
            observations=[actions.ObservationInput(_flag(client, k), s) for k, s in seen],
            expected_version=existing.version if existing else None,
        )
    elif kind == "unreview":
        existing = PhaseReview.objects.filter(phase=phases[args[0]]).first()
        if existing:
            actions.delete_review(existing)


def _flag(client, key):
    return client.catalogue.flags.get(key=key)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(writes, min_size=1, max_size=6))
def test_any_sequence_of_writes_keeps_the_stored_score_fresh(consultant, make_client, sequence):
    with transaction.atomic():
        client = make_client(consultant, "Sequence")
        phases = [add_phase(client, name=f"Phase {n}") for n in range(2)]
        for write in sequence:
            apply(write, client, phases)
            stored = Client.objects.get(pk=client.pk)
            assert stored_fit(client) == fresh_fit(client)
            assert (
                stored.phase_reviewed
                == PhaseReview.objects.filter(phase__project__client=client).exists()
            )
            if not stored.phase_reviewed:
                assert stored.confidence != "high"
        transaction.set_rollback(True)


def test_the_worked_example_of_the_brief_through_the_app(consultant, make_client):
    client = make_client(consultant, "Worked example")
    log(client, occurred_at=ago(days=31), kind="discovery", flags=[("communicates-clearly", 2)])
    phase = add_phase(client, name="Ordering")
    outcome = {"communication": 4, "expectations": 3, "collaboration": 4, "boundaries": 2}
    review(phase, reviewed_at=ago(days=1), satisfaction=4, **outcome)

    fit = evidence_for(client).fit()

    assert stored_fit(client) == (82, 72, 91, "good", "high")
    assert [item.sentence() for item in fit.items] == [
        "Review of Ordering: satisfaction 4/5, would work with them again · +22 points",
        "Communicates clearly (green, weight 3, clear) · +10 points",
    ]
    assert fit.a == pytest.approx(3 + 6 * scoring.recency(30, 180) + 14)
