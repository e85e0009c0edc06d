"""Model v2: a phase review's own outcome (ratings and "would work again") is evidence.

Every expected number is worked out by hand in the comments, as a consultant would check it.
"""

import math
from datetime import timedelta

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from clients.models import PhaseReview
from clients.score.scoring import (
    OUTCOMES,
    ReviewOutcome,
    compute_fit,
    compute_score,
    compute_trend,
    outcome_masses,
)

from .test_scoring import REF, evidence_lists, exact, guts, obs, review


def test_it_reads_the_ratings_in_the_order_of_the_review_model():
    # The loader builds outcomes by position from PhaseReview.RATING_FIELDS.
    assert ReviewOutcome._fields[2:7] == PhaseReview.RATING_FIELDS


def test_it_computes_the_worked_example_of_the_brief():
    # A neutral gut; "Communicates clearly" (weight 3) seen clear in a call thirty days before
    # a review rated 4, 3, 4, 2, satisfaction 4, "yes", with no flags.
    call = obs("communicates_clearly", weight=3, strength=2, at=REF - timedelta(days=30))
    ordering = review(communication=4, collaboration=4, boundaries=2, satisfaction=4)
    fit = compute_fit([call], 0, outcomes=[ordering])
    # The call: 6 × 0.5^(30/180) = 5.3454 (recency counted back from the review).
    # The review: green (1 + 1 + 2·1)·2 = 8, plus 3·2 = 6 for "yes": 14; red 1·1·2 = 2.
    # G = 19.3454, R = 2; a = 22.3454, b = 5 → 100 · 22.3454 / 27.3454 = 81.72 → 82.
    assert fit.green_mass == pytest.approx(19.3454, abs=1e-4)
    assert fit.red_mass == 2
    assert fit.score == 82
    # sd = sqrt(22.3454·5 / (27.3454²·28.3454)) = 0.072603; ±0.093048 → 72.41 … 91.02.
    assert (fit.low, fit.high) == (72, 91)
    assert (fit.confidence, fit.band, fit.reviewed) == ("high", "good", True)
    # Shares: 100 / (27.3454 · 6) = 0.60948 a point of mass on the green side × b0 = 3.
    # The call: 5.3454 · 3 · 0.60948 = 9.77; the review: (14 · 3 − 2 · 3) · 0.60948 = 21.94.
    [outcome] = fit.outcomes
    assert outcome.points == pytest.approx(21.9415, abs=1e-4)
    assert fit.contributions[0].points == pytest.approx(9.7738, abs=1e-4)
    with translation.override("en"):
        assert [item.sentence() for item in fit.items] == [
            "Review of Ordering: satisfaction 4/5, would work with them again · +22 points",
            "Communicates clearly (green, weight 3, clear) · +10 points",
        ]
    assert compute_score([call], 0, outcomes=[ordering]).score == 82


def test_it_scores_a_bad_review_without_flags():
    # Satisfaction 1, the rest 3, "no": red 2·2·2 = 8, plus 3·2 = 6: R = 14.
    # a = 3, b = 17 → 15; sd = sqrt(51 / (400·21)) = 0.077919; ±0.099861 → 5.01 … 24.99.
    fit = compute_fit([], None, outcomes=[review(satisfaction=1, would_work_again=False)])
    assert (fit.score, fit.low, fit.high) == (15, 5, 25)
    assert (fit.green_mass, fit.red_mass) == (0, 14)
    assert (fit.band, fit.confidence) == ("poor", "medium")  # 14 < 18
    with translation.override("en"):
        assert fit.outcomes[0].sentence() == (
            "Review of Ordering: satisfaction 1/5, would not work with them again"
            " · \N{MINUS SIGN}35 points"
        )  # −14 · 3 · 100 / (20 · 6) = −35


def test_it_counts_only_the_verdict_of_an_all_three_review():
    # Every rating 3 adds nothing; "yes" adds 3·2 = 6: a = 9, b = 3 → 75 (59.61 … 90.39).
    fit = compute_fit([], None, outcomes=[review()])
    assert (fit.score, fit.low, fit.high) == (75, 60, 90)
    assert (fit.green_mass, fit.red_mass) == (6, 0)
    # "No" instead: a = 3, b = 9 → 25 (9.61 … 40.39).
    fit = compute_fit([], None, outcomes=[review(would_work_again=False)])
    assert (fit.score, fit.low, fit.high) == (25, 10, 40)
    assert (fit.green_mass, fit.red_mass) == (0, 6)


def test_it_fades_an_earlier_review_like_any_evidence():
    first = review(
        at=REF - timedelta(days=180),
        phase="Discovery",
        communication=5,
        expectations=5,
        collaboration=5,
        boundaries=5,
        satisfaction=5,
    )
    second = review(phase="Build", satisfaction=2, would_work_again=False)
    # First: (1·2 · 4 + 2·2 + 3) · 2 = 30, one half-life old: 15 green.
    # Second: (2·1 + 3) · 2 = 10 red. a = 18, b = 13 → 58.06 → 58 (46.88 … 69.24).
    assert outcome_masses(first, REF, 180) == (15, 0)
    assert outcome_masses(second, REF, 180) == (0, 10)
    fit = compute_fit([], None, outcomes=[second, first])
    assert (fit.score, fit.low, fit.high, fit.confidence) == (58, 47, 69, "high")
    # Shares: 100 / (31 · 6) per unit: +15·3 → +24.19, −10·3 → −16.13; in time order.
    assert [(o.phase, round(o.points, 2)) for o in fit.outcomes] == [
        ("Discovery", 24.19),
        ("Build", -16.13),
    ]
    [row] = fit.categories
    assert (row.category, row.green_mass, row.red_mass) == (OUTCOMES, 15, 10)
    assert row.points == pytest.approx(exact(fit) - 50)


def test_it_moves_the_trend_after_a_review():
    call_at = REF - timedelta(days=30)
    call = obs("communicates_clearly", weight=3, strength=2, at=call_at)
    moments = [(call_at, "interaction"), (REF, "review")]
    ordering = review(communication=4, collaboration=4, boundaries=2, satisfaction=4)
    points = compute_trend(moments, [call], [(call_at, 0)], outcomes=[ordering])
    # After the call: a = 9, b = 3 → 75; after the review: the worked example's 82.
    assert [p.score for p in points] == [75, 82]
    bad = review(satisfaction=1, would_work_again=False)
    points = compute_trend(moments, [call], [(call_at, 0)], outcomes=[bad])
    # G = 5.3454, R = 14: a = 8.3454, b = 17 → 32.93 → 33.
    assert [p.score for p in points] == [75, 33]


ratings = st.integers(1, 5)


@st.composite
def outcomes(draw, better=None):
    """A review outcome; better=True: every rating above 3 and "yes"; False: below 3 and "no"."""
    if better is None:
        rating, again = ratings, st.booleans()
    else:
        rating = st.integers(4, 5) if better else st.integers(1, 2)
        again = st.just(better)
    age = draw(st.floats(0, 2000))
    values = [draw(rating) for _ in range(5)]
    return ReviewOutcome("Phase", REF - timedelta(days=age), *values, draw(again))


outcome_lists = st.lists(outcomes(), max_size=6)


@given(evidence_lists, outcome_lists, guts)
def test_it_attributes_the_whole_move_to_flags_and_reviews(evidence, reviews, gut):
    fit = compute_fit(evidence, gut, reference=REF, outcomes=reviews)
    shares = math.fsum(item.points for item in fit.items)
    assert shares == pytest.approx(exact(fit) - fit.prior_score, abs=1e-9)
    assert math.fsum(c.points for c in fit.categories) == pytest.approx(shares, abs=1e-9)
    verdict = compute_score(evidence, gut, reference=REF, outcomes=reviews)
    assert (verdict.score, verdict.low, verdict.high, verdict.confidence) == (
        fit.score,
        fit.low,
        fit.high,
        fit.confidence,
    )
    if not reviews:
        assert fit.confidence != "high"


@given(evidence_lists, outcome_lists, guts, outcomes(better=True), outcomes(better=False))
def test_a_review_moves_the_score_the_way_it_went(evidence, reviews, gut, good, bad):
    before = compute_fit(evidence, gut, reference=REF, outcomes=reviews)
    after_good = compute_fit(evidence, gut, reference=REF, outcomes=[*reviews, good])
    after_bad = compute_fit(evidence, gut, reference=REF, outcomes=[*reviews, bad])
    assert exact(after_good) >= exact(before) and after_good.score >= before.score
    assert exact(after_bad) <= exact(before) and after_bad.score <= before.score
