"""The database itself refuses values outside the rules, whatever code path writes them."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import RestrictedError

from clients.models import (
    ConsultantProfile,
    Decision,
    Flag,
    FlagCatalogue,
    Interaction,
    Observation,
    Phase,
    PhaseReview,
    Project,
)

RATINGS = {"communication": 4, "expectations": 4, "collaboration": 4, "boundaries": 4}


@pytest.fixture
def owner(db):
    # No password: hashing one would take most of each test's time.
    return get_user_model().objects.create(username="ada")


@pytest.fixture
def rows(owner, make_client, catalogue):
    """Return one valid row of every constrained model, by name."""
    client = make_client(owner)
    interaction = Interaction.objects.create(client=client, gut=1)
    phase = Phase.objects.create(
        project=Project.objects.create(client=client, name="Site"),
        name="Design",
        starts_on=date(2025, 1, 1),
        ends_on=date(2025, 2, 1),
    )
    review = PhaseReview.objects.create(
        phase=phase, satisfaction=4, would_work_again=True, **RATINGS
    )
    flag = catalogue.flags.get(key="communicates-clearly")
    return {
        "catalogue": catalogue,
        "flag": flag,
        "profile": ConsultantProfile.objects.create(user=owner),
        "client": client,
        "interaction": interaction,
        "phase": phase,
        "review": review,
        "observation": Observation.objects.create(flag=flag, interaction=interaction),
        "decision": Decision.objects.create(
            client=client,
            kind="accept",
            score=60,
            score_low=40,
            score_high=75,
            band="unclear",
            confidence="low",
        ),
    }


def assert_refused(model, **values):
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(**values)


@pytest.mark.parametrize(
    ("row", "values", "constraint"),
    [
        ("catalogue", {"half_life_days": 0}, "catalogue_half_life_range"),
        ("catalogue", {"half_life_days": 3651}, "catalogue_half_life_range"),
        ("catalogue", {"poor_fit_below": 70, "good_fit_min": 65}, "catalogue_band_thresholds"),
        ("catalogue", {"good_fit_min": 101}, "catalogue_band_thresholds"),
        ("flag", {"weight": 0}, "flag_weight_range"),
        ("flag", {"weight": 6}, "flag_weight_range"),
        ("flag", {"polarity": "blue"}, "flag_polarity_valid"),
        ("flag", {"category": "money"}, "flag_category_valid"),
        ("profile", {"reflection_hours": 721}, "profile_reflection_range"),
        ("client", {"score": 101, "score_high": 101}, "client_score_range"),
        ("client", {"score_low": 60, "score": 50}, "client_score_range"),
        ("client", {"status": "pending"}, "client_status_valid"),
        ("client", {"breed": "poodle-ish"}, "client_breed_valid"),
        ("client", {"band": "great"}, "client_band_valid"),
        ("client", {"confidence": "total"}, "client_confidence_valid"),
        ("interaction", {"gut": 3}, "interaction_gut_range"),
        ("interaction", {"gut": -3}, "interaction_gut_range"),
        ("interaction", {"kind": "fax"}, "interaction_kind_valid"),
        ("phase", {"ends_on": date(2024, 12, 31)}, "phase_ends_after_start"),
        ("review", {"satisfaction": 0}, "review_ratings_range"),
        ("review", {"communication": 6}, "review_ratings_range"),
        ("observation", {"strength": 0}, "observation_strength_range"),
        ("observation", {"strength": 4}, "observation_strength_range"),
        ("decision", {"kind": "maybe"}, "decision_kind_valid"),
        ("decision", {"score": 101, "score_high": 101}, "decision_score_range"),
        ("decision", {"kind": "stretch", "learning_goal": ""}, "decision_stretch_has_goal"),
        ("decision", {"decided_early": True, "reason": ""}, "decision_early_has_reason"),
    ],
)
def test_it_refuses_an_update_outside_the_rules(rows, row, values, constraint):
    instance = rows[row]
    # Both SQLite and PostgreSQL name the check that failed: it must be this one.
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        type(instance).objects.filter(pk=instance.pk).update(**values)


def test_it_accepts_a_stretch_with_a_learning_goal(rows):
    decision = rows["decision"]
    Decision.objects.filter(pk=decision.pk).update(kind="stretch", learning_goal="Say no kindly")
    decision.refresh_from_db()
    assert decision.kind == "stretch"


def test_it_allows_only_one_default_catalogue(catalogue):
    assert_refused(FlagCatalogue, name="Second", is_default=True)


def test_it_refuses_a_duplicate_flag_key_in_a_catalogue(catalogue):
    flag = {"label": "Again", "polarity": "green", "category": "rapport"}
    assert_refused(Flag, catalogue=catalogue, key="communicates-clearly", **flag)


def test_it_refuses_a_second_review_of_a_phase(rows):
    assert_refused(
        PhaseReview, phase=rows["phase"], satisfaction=2, would_work_again=False, **RATINGS
    )


@pytest.mark.parametrize("both", [True, False])
def test_it_refuses_an_observation_without_exactly_one_source(rows, both):
    sources = {"interaction": rows["interaction"], "review": rows["review"]} if both else {}
    assert_refused(Observation, flag=rows["flag"], **sources)


def test_it_protects_an_observed_flag_from_deletion(rows):
    with pytest.raises(RestrictedError):
        rows["flag"].delete()
    assert Flag.objects.filter(pk=rows["flag"].pk).exists()


def test_it_deletes_only_the_deleted_clients_evidence(rows, owner, make_client):
    other = make_client(owner, name="Other")
    kept = Interaction.objects.create(client=other)
    Observation.objects.create(flag=rows["flag"], interaction=kept)

    rows["client"].delete()

    assert list(Interaction.objects.all()) == [kept]
    assert list(Observation.objects.values_list("interaction", flat=True)) == [kept.pk]
    assert not PhaseReview.objects.exists()
