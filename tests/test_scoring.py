import math
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from clients.score.scoring import (
    NEUTRAL_RATING,
    RATING_WEIGHTS,
    Evidence,
    FlagContribution,
    ReviewOutcome,
    ScoringSettings,
    beta_interval,
    compute_fit,
    compute_score,
    compute_trend,
    observation_mass,
    recency,
    round_half_up,
)

# Pure tests: under pytest-django the project settings are already loaded; run alone
# (-p no:django) they need just enough settings for gettext, which is only called in tests.
if not settings.configured:
    settings.configure(USE_I18N=False)

REF = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


def obs(
    key="raises_doubts",
    polarity="green",
    weight=3,
    strength=2,
    source="interaction",
    at=REF,
    category="communication",
    retired=False,
):
    return Evidence(
        flag_key=key,
        label=key.replace("_", " ").capitalize(),
        polarity=polarity,
        category=category,
        weight=weight,
        strength=strength,
        source=source,
        at=at,
        retired=retired,
    )


def review(at=REF, phase="Ordering", would_work_again=True, **ratings):
    """Return a phase review's outcome: every rating 3 unless given."""
    values = dict.fromkeys(RATING_WEIGHTS, NEUTRAL_RATING) | ratings
    return ReviewOutcome(phase, at, **values, would_work_again=would_work_again)


def exact(fit):
    return 100 * fit.a / (fit.a + fit.b)


def width(a, b):
    low, high = beta_interval(a, b)
    return high - low


def test_it_rounds_half_up():
    assert round_half_up(62.5) == 63
    assert round_half_up(37.5) == 38
    assert round_half_up(62.4) == 62
    assert round_half_up(1.005 * 100) == 101  # 100.49999999999999 in binary, 100.5 on paper
    assert round_half_up(100 * 5 / 8) == 63
    assert round_half_up(-2.5) == -3  # halves away from zero, as Decimal's ROUND_HALF_UP


def test_it_scores_no_evidence_as_the_neutral_prior():
    fit = compute_fit([], None)
    # Beta(3, 3): mean 0.5; sd = sqrt(9 / (36·7)) = 0.18898; 1.2816·sd = 0.24220
    # → 0.5 ± 0.24220 = 25.78 … 74.22 → 26 … 74
    assert (fit.score, fit.low, fit.high) == (50, 26, 74)
    assert fit.confidence == "low"
    assert fit.band == "unclear"
    assert fit.prior_score == 50
    assert fit.contributions == () and fit.categories == ()
    assert fit.top_green == () and fit.top_red == ()


def test_it_uses_a_positive_first_gut_as_prior():
    fit = compute_fit([], 2)
    # a0 = 3 + 2·2 = 7, b0 = 3 → 100·7/10 = 70
    # sd = sqrt(21 / (100·11)) = 0.13817; ±0.17708 → 52.29 … 87.71 → 52 … 88
    assert (fit.score, fit.low, fit.high) == (70, 52, 88)
    assert fit.band == "good"
    assert fit.prior_score == 70
    assert fit.first_gut == 2


def test_it_uses_a_negative_first_gut_as_prior():
    fit = compute_fit([], -1)
    # a0 = 3, b0 = 3 + 2·1 = 5 → 100·3/8 = 37.5 → 38 (half up); 38 < 40 → poor
    assert fit.score == 38
    assert fit.band == "poor"
    assert fit.prior_score == 37.5


def test_it_counts_one_strong_green_flag():
    fit = compute_fit([obs(weight=4, strength=3)], None)
    # mass = 4·3·1·1 = 12; a = 3 + 12 = 15, b = 3 → 100·15/18 = 83.33 → 83
    # sd = sqrt(45 / (324·19)) = 0.08550; ±0.10957 → 72.38 … 94.29 → 72 … 94
    assert (fit.score, fit.low, fit.high) == (83, 72, 94)
    assert fit.green_mass == 12 and fit.red_mass == 0
    assert fit.confidence == "medium"  # 6 ≤ 12 < 18
    assert fit.band == "good"
    [c] = fit.contributions
    # 100·12·b0 / ((a+b)(a0+b0)) = 3600 / (18·6) = 33.33 = 83.33 − 50
    assert c.points == pytest.approx(100 / 3)
    assert c.sentence() == "Raises doubts (green, weight 4, strong) · +33 points"


def test_it_scores_a_mix_of_flags():
    evidence = [
        obs("raises_doubts", "green", weight=4, strength=3),  # 4·3·1 = 12
        obs("we_attitude", "green", weight=2, strength=2, source="review", category="collab"),
        # ↑ 2·2·2 = 8
        obs("blames_others", "red", weight=5, strength=1),  # 5·1·1 = 5
        obs("blames_others", "red", weight=5, strength=2, at=REF - timedelta(days=180)),
        # ↑ 5·2·1·0.5 = 5 (one half-life old)
    ]
    fit = compute_fit(evidence, None)
    # G = 20, R = 10; a = 23, b = 13 → 100·23/36 = 63.89 → 64 → unclear (< 65)
    # sd = sqrt(299 / (1296·37)) = 0.07896; ±0.10120 → 53.77 … 74.01 → 54 … 74
    assert (fit.score, fit.low, fit.high) == (64, 54, 74)
    assert (fit.green_mass, fit.red_mass) == (20, 10)
    assert fit.band == "unclear"
    assert fit.confidence == "medium"  # 30 ≥ 18, but no phase review yet: first impressions
    # Shares: 100·m·3 / (36·6) → +16.67, +11.11, −100·10·3/216 = −13.89
    got = [(c.flag_key, c.count, c.strongest, c.mass, c.points) for c in fit.contributions]
    assert got == [
        ("raises_doubts", 1, 3, 12, pytest.approx(16.6667, abs=1e-4)),
        ("blames_others", 2, 2, 10, pytest.approx(-13.8889, abs=1e-4)),
        ("we_attitude", 1, 2, 8, pytest.approx(11.1111, abs=1e-4)),
    ]
    assert [c.flag_key for c in fit.top_green] == ["raises_doubts", "we_attitude"]
    assert [c.flag_key for c in fit.top_red] == ["blames_others"]
    cats = [(c.category, c.green_mass, c.red_mass, c.points) for c in fit.categories]
    assert cats == [
        ("collab", 8, 0, pytest.approx(11.1111, abs=1e-4)),
        ("communication", 12, 10, pytest.approx(2.7778, abs=1e-4)),  # 16.67 − 13.89
    ]
    assert math.fsum(c.points for c in fit.contributions) == pytest.approx(exact(fit) - 50)


def test_it_halves_an_observation_one_half_life_old():
    e = obs(weight=3, strength=2, at=REF - timedelta(days=180))
    assert observation_mass(e, REF, 180) == pytest.approx(3.0)  # 3·2·1·0.5
    fit = compute_fit([e], None, reference=REF)
    assert fit.green_mass == pytest.approx(3.0)
    # Without a reference, the latest observation is the reference: full mass.
    assert compute_fit([e], None).green_mass == 6


def test_it_counts_days_with_fractions():
    assert recency(1.5, 1.5) == 0.5
    e = obs(weight=3, strength=2, at=REF - timedelta(hours=36))
    # 36 h = 1.5 days; half-life 3 days → 6·0.5^0.5 = 4.2426
    assert observation_mass(e, REF, 3.0) == pytest.approx(6 * math.sqrt(0.5))


def test_it_never_counts_an_observation_after_the_reference_as_fresher():
    e = obs(weight=3, strength=2, at=REF + timedelta(days=10))
    assert observation_mass(e, REF, 180) == 6


def test_it_counts_a_phase_review_double():
    interaction = obs(weight=3, strength=2, at=REF - timedelta(days=30))
    review = obs(weight=3, strength=2, at=REF - timedelta(days=30), source="review")
    assert observation_mass(review, REF, 180) == 2 * observation_mass(interaction, REF, 180)


def test_it_switches_confidence_at_6_and_18_once_a_phase_was_reviewed():
    a_second_ago = REF - timedelta(seconds=1)  # recency 0.5^(1 s / 180 days), just below 1

    def confidence(**outcome):
        return compute_fit([], None, reference=REF, outcomes=[review(**outcome)]).confidence

    assert confidence(at=a_second_ago) == "low"  # "yes" alone: 3·2 = 6 · 0.99999…
    assert confidence() == "medium"  # 6
    assert confidence(at=a_second_ago, satisfaction=5, communication=5) == "medium"  # 17.999…
    assert confidence(satisfaction=5, communication=5) == "high"  # (2·2 + 1·2 + 3)·2 = 18


def test_it_withholds_high_confidence_until_a_phase_is_reviewed():
    # Three flags of weight 3 seen clear in one call: G = 18, a = 21, b = 3 → 87.5 → 88.
    calls = [obs(key, weight=3, strength=2) for key in ("clear", "listens", "we_attitude")]
    before = compute_fit(calls, None)
    assert (before.score, before.confidence, before.reviewed) == (88, "medium", False)
    assert compute_score(calls, None).confidence == "medium"
    # An all-3 review a day later: its "yes" adds 6; the calls fade to 18·0.5^(1/180) = 17.931.
    after = compute_fit(calls, None, outcomes=[review(at=REF + timedelta(days=1))])
    assert (after.confidence, after.reviewed) == ("high", True)


def test_it_applies_custom_band_thresholds():
    strict = ScoringSettings(good_fit_min=71, poor_fit_below=51)
    assert compute_fit([], 2, strict).band == "unclear"  # 70 < 71
    assert compute_fit([], None, strict).band == "poor"  # 50 < 51
    lenient = ScoringSettings(good_fit_min=70, poor_fit_below=38)
    assert compute_fit([], 2, lenient).band == "good"  # 70 ≥ 70
    assert compute_fit([], -1, lenient).band == "unclear"  # 38 is not below 38


def test_it_traces_the_score_as_it_stood_at_each_moment():
    t0 = REF
    t1 = t0 + timedelta(days=180)
    t2 = t1 + timedelta(days=10)
    evidence = [
        obs("raises_doubts", "green", weight=3, strength=2, at=t0),
        obs("late_payment", "red", weight=2, strength=1, source="review", at=t2),
    ]
    guts = [(t2, -2), (t1, 2)]  # the call at t0 had no gut feeling
    moments = [(t2, "review"), (t0, "interaction"), (t1, "interaction")]
    points = compute_trend(moments, evidence, guts)
    assert [(p.at, p.source) for p in points] == [
        (t0, "interaction"),
        (t1, "interaction"),
        (t2, "review"),
    ]
    # t0: no gut yet; G = 6 → a = 9, b = 3 → 75; sd = 0.12010, ±0.15392 → 59.61 … 90.39
    # t1: gut +2 → a0 = 7; G = 6·0.5 = 3 (180 days old) → a = 10, b = 3 → 76.92 → 77;
    #     sd = 0.11260, ±0.14431 → 62.49 … 91.35
    # t2: gut still +2 (the earliest); G = 6·0.5^(190/180) = 2.8867; R = 2·1·2 = 4
    #     → a = 9.8867, b = 7 → 58.55 → 59; sd = 0.11648, ±0.14929 → 43.62 … 73.48
    assert [(p.score, p.low, p.high) for p in points] == [(75, 60, 90), (77, 62, 91), (59, 44, 73)]
    last = compute_fit(evidence, 2, reference=t2)
    assert (last.score, last.low, last.high) == (59, 44, 73)


def test_it_explains_a_flag_in_one_sentence():
    c = FlagContribution(
        "raises_doubts", "Raises doubts early", "green", "communication", 4, 3, 2, 24.0, 12.4, False
    )
    with translation.override("en"):
        assert c.sentence() == "Raises doubts early (green, weight 4, strong) · +12 points"
        red = FlagContribution("late", "Pays late", "red", "money", 2, 1, 1, 2.0, -2.5, True)
        assert red.sentence() == "Pays late (red, weight 2, hint, retired) · \N{MINUS SIGN}3 points"
        faded = FlagContribution("late", "Pays late", "red", "money", 2, 2, 1, 0.01, -0.1, False)
        assert faded.sentence() == "Pays late (red, weight 2, clear) · \N{MINUS SIGN}0 points"
        one = FlagContribution("late", "Pays late", "red", "money", 2, 2, 1, 0.7, -1.2, False)
        assert one.sentence() == "Pays late (red, weight 2, clear) · \N{MINUS SIGN}1 point"


# Properties. Flag attributes follow from the key, as they do in a catalogue.
FLAGS = {
    "raises_doubts": ("green", "communication", 4),
    "we_attitude": ("green", "collaboration", 3),
    "humour": ("green", "communication", 1),
    "blames_others": ("red", "communication", 5),
    "boss_tone": ("red", "collaboration", 2),
}


@st.composite
def observations(draw, polarity=None, at_reference=False):
    keys = [k for k, (p, _, _) in FLAGS.items() if polarity in (None, p)]
    key = draw(st.sampled_from(keys))
    pol, category, weight = FLAGS[key]
    age = 0 if at_reference else draw(st.floats(0, 2000))
    return obs(
        key,
        pol,
        weight=weight,
        strength=draw(st.integers(1, 3)),
        source=draw(st.sampled_from(["interaction", "review"])),
        at=REF - timedelta(days=age),
        category=category,
        retired=key == "humour",
    )


evidence_lists = st.lists(observations(), max_size=40)
guts = st.one_of(st.none(), st.integers(-2, 2))


@given(evidence_lists, guts)
def test_it_keeps_score_and_interval_in_range(evidence, gut):
    fit = compute_fit(evidence, gut, reference=REF)
    assert 0 <= fit.low <= fit.score <= fit.high <= 100


@given(evidence_lists, guts, observations("green"), observations("red"))
def test_it_moves_the_score_the_way_of_the_flag(evidence, gut, green, red):
    before = exact(compute_fit(evidence, gut, reference=REF))
    assert exact(compute_fit([*evidence, green], gut, reference=REF)) >= before
    assert exact(compute_fit([*evidence, red], gut, reference=REF)) <= before


@given(evidence_lists, guts, observations(at_reference=True))
def test_it_narrows_the_interval_with_evidence_that_agrees(evidence, gut, extra):
    # "More evidence never widens the interval" is false in general: see the next test.
    # What holds: evidence on the side the score already leans to (green when a ≥ b, red
    # when b ≥ a) never widens it; and every interval fits inside the envelope of a 50/50
    # Beta of the same total, 2·1.2816·50/sqrt(a+b+1), which shrinks with any evidence.
    fit = compute_fit(evidence, gut, reference=REF)
    after = compute_fit([*evidence, extra], gut, reference=REF)
    envelope = 2 * 1.2816 * 50 / math.sqrt(fit.a + fit.b + 1)
    envelope_after = 2 * 1.2816 * 50 / math.sqrt(after.a + after.b + 1)
    assert width(fit.a, fit.b) <= envelope + 1e-9
    assert width(after.a, after.b) <= envelope_after + 1e-9
    assert envelope_after < envelope
    leans_green = fit.a >= fit.b
    if (extra.polarity == "green") == leans_green or fit.a == fit.b:
        assert width(after.a, after.b) <= width(fit.a, fit.b) + 1e-9
    if gut in (None, 0):
        # With a neutral gut no evidence can make the interval wider than the prior's.
        assert width(after.a, after.b) <= width(3, 3) + 1e-9


def test_it_can_widen_the_interval_with_evidence_that_contradicts():
    # Beta's sd is largest near 0.5: a green mass of 1 on a red-leaning client (a = 3, b = 10)
    # moves the mean toward 0.5 and widens the interval 28.86 → 29.90 points.
    assert width(4, 10) > width(3, 10)
    # Likewise against a negative gut alone: Beta(3, 7) → Beta(4, 7) widens 35.42 → 35.60.
    assert width(4, 7) > width(3, 7)


@given(evidence_lists.flatmap(lambda e: st.tuples(st.just(e), st.permutations(e))), guts)
def test_it_ignores_the_order_of_observations(pair, gut):
    evidence, shuffled = pair
    assert compute_fit(shuffled, gut) == compute_fit(evidence, gut)


@given(evidence_lists, guts)
def test_it_attributes_the_whole_move_from_the_prior(evidence, gut):
    fit = compute_fit(evidence, gut, reference=REF)
    shares = math.fsum(c.points for c in fit.contributions)
    assert shares == pytest.approx(exact(fit) - fit.prior_score, abs=1e-9)
    assert math.fsum(c.points for c in fit.categories) == pytest.approx(shares, abs=1e-9)
    assert fit.green_mass + fit.red_mass == pytest.approx(
        math.fsum(c.mass for c in fit.contributions)
    )


@given(evidence_lists, guts)
def test_it_stores_the_same_numbers_it_explains(evidence, gut):
    # compute_score is what a client stores, compute_fit what its page explains.
    fit = compute_fit(evidence, gut, reference=REF)
    verdict = compute_score(evidence, gut, reference=REF)
    assert (fit.score, fit.low, fit.high, fit.confidence, fit.band) == (
        verdict.score,
        verdict.low,
        verdict.high,
        verdict.confidence,
        verdict.band,
    )
