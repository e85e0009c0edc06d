"""The fit score (model v2), as pure functions over plain values: no ORM, checkable by hand.

    mass     = weight × strength × source × recency     source: interaction 1, review 2
    recency  = 0.5 ** (days / half_life)                days back from the client's latest moment
    outcome  each phase review adds, with source 2 and its own recency: rating_weight × |r − 3|
             per rating r (green above 3, red below; weight 2 for overall satisfaction, 1 for
             the four others), and 3 for "would work with them again" (green yes, red no)
    prior    a0 = b0 = 3; the first gut g adds 2g to a0 if g > 0, 2|g| to b0 if g < 0
    a = a0 + G, b = b0 + R                               G, R: summed green and red mass
    score    = round_half_up(100 · a / (a + b))
    interval = 100 · (mean ± 1.2816 · sd), sd = sqrt(ab / ((a+b)² (a+b+1))), clamped to 0–100,
               rounded half up (the 80 % interval of Beta(a, b))
    confidence: low while G + R < 6; medium below 18 or while no phase was reviewed; else high
    band: good at ≥ good_fit_min (65), poor below poor_fit_below (40), unclear in between

Each item's share of the move from the prior is exact, because the move is linear in each mass:
100·(a/(a+b) − a0/(a0+b0)) = 100·(G·b0 − R·a0) / ((a+b)(a0+b0)).
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from django.utils.translation import gettext, gettext_lazy, ngettext

PRIOR = 3.0
SOURCE_FACTOR = {"interaction": 1.0, "review": 2.0}
Z_80 = 1.2816
LOW_BELOW = 6.0  # confidence is low while G + R is below this
MEDIUM_BELOW = 18.0
# A phase review's own outcome: how much each rating counts per step away from a neutral 3.
NEUTRAL_RATING = 3
RATING_WEIGHTS = {
    "communication": 1,
    "expectations": 1,
    "collaboration": 1,
    "boundaries": 1,
    "satisfaction": 2,
}
WOULD_WORK_AGAIN_WEIGHT = 3
# The category key of the review outcomes' row in the per-category breakdown.
OUTCOMES = "outcomes"

# Translators: the strength of an observed flag (1 hint, 2 clear, 3 strong).
STRENGTH_WORDS = {1: gettext_lazy("hint"), 2: gettext_lazy("clear"), 3: gettext_lazy("strong")}
# Translators: the polarity of a flag.
POLARITY_WORDS = {"green": gettext_lazy("green"), "red": gettext_lazy("red")}
MINUS = "\N{MINUS SIGN}"


@dataclass(frozen=True)
class ScoringSettings:
    half_life_days: float = 180.0
    good_fit_min: int = 65
    poor_fit_below: int = 40


class Evidence(NamedTuple):
    """One observation, flattened: the flag as it is now, seen once at `at`.

    A named tuple rather than a dataclass: a re-score builds half a million of them, and a
    tuple is built three times faster. The database's constraints keep its values valid.
    """

    flag_key: str
    label: str
    polarity: str  # "green" | "red"
    category: str
    weight: int  # 1..5
    strength: int  # 1 hint, 2 clear, 3 strong
    source: str  # "interaction" | "review"
    at: datetime  # occurred_at of the interaction / reviewed_at of the review (aware)
    retired: bool = False  # a retired flag still counts: history is not rewritten


class ReviewOutcome(NamedTuple):
    """What one phase review says of the phase as a whole: its ratings (1–5) and verdict."""

    phase: str  # the reviewed phase's name, for the explanation
    at: datetime  # reviewed_at (aware)
    communication: int
    expectations: int
    collaboration: int
    boundaries: int
    satisfaction: int
    would_work_again: bool


@dataclass(frozen=True)
class FlagContribution:
    flag_key: str
    label: str
    polarity: str
    category: str
    weight: int
    strongest: int
    count: int
    mass: float
    points: float  # signed, in score points, unrounded
    retired: bool

    def sentence(self) -> str:
        """Return the one sentence that explains this flag's share, the same everywhere."""
        values = {
            "label": self.label,
            "polarity": POLARITY_WORDS[self.polarity],
            "weight": self.weight,
            "strength": STRENGTH_WORDS[self.strongest],
        }
        if self.retired:
            # Translators: e.g. "Raises doubts early (green, weight 4, strong, retired)"; the
            # points follow.
            flag = gettext("%(label)s (%(polarity)s, weight %(weight)d, %(strength)s, retired)")
        else:
            # Translators: e.g. "Raises doubts early (green, weight 4, strong)"; the points follow.
            flag = gettext("%(label)s (%(polarity)s, weight %(weight)d, %(strength)s)")
        return _with_points(flag % values, self.points, self.polarity)


@dataclass(frozen=True)
class OutcomeContribution:
    """One phase review's own outcome (its ratings and verdict) and its share of the score."""

    phase: str
    at: datetime
    satisfaction: int
    would_work_again: bool
    green_mass: float
    red_mass: float
    points: float  # signed, in score points, unrounded

    @property
    def polarity(self) -> str:
        """Return which way the review pushes the score overall."""
        return "green" if self.points >= 0 else "red"

    def sentence(self) -> str:
        """Return the one sentence that explains this review's share, the same everywhere."""
        values = {"phase": self.phase, "satisfaction": self.satisfaction}
        if self.would_work_again:
            # Translators: e.g. "Review of Ordering: satisfaction 4/5, would work with them
            # again"; the points follow.
            review = gettext(
                "Review of %(phase)s: satisfaction %(satisfaction)d/5, would work with them again"
            )
        else:
            # Translators: e.g. "Review of Ordering: satisfaction 2/5, would not work with them
            # again"; the points follow.
            review = gettext(
                "Review of %(phase)s: satisfaction %(satisfaction)d/5, "
                "would not work with them again"
            )
        return _with_points(review % values, self.points, self.polarity)


@dataclass(frozen=True)
class CategoryShare:
    category: str  # a flag category, or OUTCOMES for the phase reviews' own outcomes
    green_mass: float
    red_mass: float
    points: float


@dataclass(frozen=True)
class FitScore:
    score: int
    low: int
    high: int
    confidence: str  # "low" | "medium" | "high"
    band: str  # "good" | "unclear" | "poor"
    reviewed: bool  # at least one phase was reviewed; before that, first impressions only
    green_mass: float
    red_mass: float
    a: float
    b: float
    prior_score: float  # 100·a0/(a0+b0), unrounded, gut included
    first_gut: int | None
    contributions: tuple[FlagContribution, ...]  # by |points| descending, then label
    outcomes: tuple[OutcomeContribution, ...]  # one per review, in time order
    categories: tuple[CategoryShare, ...]  # by category key, the outcomes' row last

    @property
    def items(self) -> tuple[FlagContribution | OutcomeContribution, ...]:
        """Return every flag and review outcome, the largest share first: the explanation."""
        both = (*self.contributions, *self.outcomes)
        return tuple(sorted(both, key=lambda item: -abs(item.points)))

    @property
    def top_green(self) -> tuple[FlagContribution | OutcomeContribution, ...]:
        return tuple(item for item in self.items if item.polarity == "green")[:3]

    @property
    def top_red(self) -> tuple[FlagContribution | OutcomeContribution, ...]:
        return tuple(item for item in self.items if item.polarity == "red")[:3]

    @property
    def evidence_mass(self) -> float:
        return self.green_mass + self.red_mass


@dataclass(frozen=True)
class Verdict:
    """The score without its explanation: what is stored on a client."""

    score: int
    low: int
    high: int
    confidence: str
    band: str
    reviewed: bool


@dataclass(frozen=True)
class TrendPoint:
    at: datetime
    source: str
    score: int
    low: int
    high: int


def round_half_up(x: float) -> int:
    """Return x rounded to the nearest integer, halves away from zero (62.5 → 63, −2.5 → −3).

    Python's round() rounds halves to even (62.5 → 62), which a person checking by hand would
    not expect. Rounding to 9 decimals first absorbs float noise, so a value that is a half on
    paper but lands a hair below it in binary (1.005 × 100 = 100.49999999999999) still rounds up.
    Scores live in 0–100, far from where 9 decimals would lose real precision.
    """
    x = round(x, 9)
    return int(math.copysign(math.floor(abs(x) + 0.5), x))


def recency(days: float, half_life_days: float) -> float:
    """Return the weight of an observation `days` old: 1 now, ½ one half-life ago."""
    if half_life_days <= 0:
        raise ValueError("half_life_days must be positive")
    return 0.5 ** (days / half_life_days)


def _decay(at: datetime, reference: datetime, half_life_days: float) -> float:
    # Fractional days (36 h = 1.5); a moment after the reference is not "fresher than now".
    days = max((reference - at).total_seconds() / 86400, 0.0)
    return recency(days, half_life_days)


def _fresh_mass(e: Evidence) -> float:
    return e.weight * e.strength * SOURCE_FACTOR[e.source]


def observation_mass(e: Evidence, reference: datetime, half_life_days: float) -> float:
    """Return weight × strength × source × recency, with days counted back from `reference`."""
    return _fresh_mass(e) * _decay(e.at, reference, half_life_days)


def _fresh_outcome(o: ReviewOutcome) -> tuple[float, float]:
    """Return the (green, red) mass of a review's outcome before recency: rating_weight ×
    |r − 3| per rating and 3 for the verdict, × source."""
    green = red = 0
    for name, weight in RATING_WEIGHTS.items():
        steps = getattr(o, name) - NEUTRAL_RATING
        if steps > 0:
            green += weight * steps
        else:
            red -= weight * steps
    if o.would_work_again:
        green += WOULD_WORK_AGAIN_WEIGHT
    else:
        red += WOULD_WORK_AGAIN_WEIGHT
    return green * SOURCE_FACTOR["review"], red * SOURCE_FACTOR["review"]


def outcome_masses(
    o: ReviewOutcome, reference: datetime, half_life_days: float
) -> tuple[float, float]:
    """Return the (green, red) mass of a review's outcome, with days counted back from
    `reference`."""
    green, red = _fresh_outcome(o)
    decay = _decay(o.at, reference, half_life_days)
    return green * decay, red * decay


def prior(first_gut: int | None) -> tuple[float, float]:
    """Return (a0, b0): the neutral prior, moved by the client's first gut feeling."""
    g = first_gut or 0
    return PRIOR + 2 * max(g, 0), PRIOR + 2 * max(-g, 0)


def beta_interval(a: float, b: float) -> tuple[float, float]:
    """Return the unrounded 80 % interval of Beta(a, b) in score points, clamped to 0–100."""
    n = a + b
    mean = a / n
    sd = math.sqrt(a * b / (n * n * (n + 1)))
    return max(0.0, 100 * (mean - Z_80 * sd)), min(100.0, 100 * (mean + Z_80 * sd))


def _summary(a: float, b: float) -> tuple[int, int, int]:
    low, high = beta_interval(a, b)
    return round_half_up(100 * a / (a + b)), round_half_up(low), round_half_up(high)


def _masses(
    evidence: list[Evidence],
    outcomes: list[ReviewOutcome],
    reference: datetime | None,
    half_life_days: float,
) -> tuple[list[float], list[float], list[float], list[tuple[float, float]]]:
    """Return every green mass and every red mass (flags and outcomes, to be summed exactly),
    then each observation's mass and each outcome's (green, red) masses, in input order."""
    greens, reds, flag_masses = [], [], []
    last_at = decay = None
    for e in evidence:
        # The observations of one interaction share its moment (the same object, as loaded):
        # one recency for them all, not one each (a re-score computes half a million).
        if e.at is not last_at:
            last_at, decay = e.at, _decay(e.at, reference, half_life_days)
        mass = _fresh_mass(e) * decay
        flag_masses.append(mass)
        (greens if e.polarity == "green" else reds).append(mass)
    review_masses = [outcome_masses(o, reference, half_life_days) for o in outcomes]
    greens += [green for green, _ in review_masses]
    reds += [red for _, red in review_masses]
    return greens, reds, flag_masses, review_masses


def _verdict(
    green: float, red: float, first_gut: int | None, reviewed: bool, settings: ScoringSettings
) -> Verdict:
    a0, b0 = prior(first_gut)
    score, low, high = _summary(a0 + green, b0 + red)
    total = green + red
    if total < LOW_BELOW:
        confidence = "low"
    elif total < MEDIUM_BELOW or not reviewed:
        # You only really know after a phase together: no "high" on first impressions alone.
        confidence = "medium"
    else:
        confidence = "high"
    good, poor = settings.good_fit_min, settings.poor_fit_below
    band = "good" if score >= good else "poor" if score < poor else "unclear"
    return Verdict(score, low, high, confidence, band, reviewed)


def _reference(
    evidence: list[Evidence], outcomes: list[ReviewOutcome], reference: datetime | None
) -> datetime | None:
    if reference is None and (evidence or outcomes):
        return max(item.at for item in (*evidence, *outcomes))
    return reference


def compute_score(
    evidence: Iterable[Evidence],
    first_gut: int | None,
    settings: ScoringSettings = ScoringSettings(),
    reference: datetime | None = None,
    outcomes: Iterable[ReviewOutcome] = (),
) -> Verdict:
    """Return the score of compute_fit() without its explanation: the same numbers, cheaper."""
    evidence, outcomes = list(evidence), list(outcomes)
    reference = _reference(evidence, outcomes, reference)
    # math.fsum is exactly rounded, so the result does not depend on the order of evidence.
    green, red, _, _ = _masses(evidence, outcomes, reference, settings.half_life_days)
    return _verdict(math.fsum(green), math.fsum(red), first_gut, bool(outcomes), settings)


def compute_fit(
    evidence: Iterable[Evidence],
    first_gut: int | None,
    settings: ScoringSettings = ScoringSettings(),
    reference: datetime | None = None,
    outcomes: Iterable[ReviewOutcome] = (),
) -> FitScore:
    """Return the client's fit score and its explanation.

    `reference` is the client's most recent interaction or review; by default the latest
    observation or review, so that recency never drifts with the clock. `outcomes` are the
    client's phase reviews, whose ratings and verdict are evidence of their own.
    """
    evidence, outcomes = list(evidence), list(outcomes)
    reference = _reference(evidence, outcomes, reference)
    greens, reds, flag_masses, review_masses = _masses(
        evidence, outcomes, reference, settings.half_life_days
    )
    green, red = math.fsum(greens), math.fsum(reds)
    a0, b0 = prior(first_gut)
    a, b = a0 + green, b0 + red
    scale = 100 / ((a + b) * (a0 + b0))

    def points(green_mass: float, red_mass: float) -> float:
        return (green_mass * b0 - red_mass * a0) * scale

    by_flag: dict[str, list[tuple[Evidence, float]]] = {}
    for e, m in zip(evidence, flag_masses, strict=True):
        by_flag.setdefault(e.flag_key, []).append((e, m))
    contributions = []
    for key, seen in by_flag.items():
        first = seen[0][0]  # label, weight, … are the flag's own, the same in every observation
        mass = math.fsum(m for _, m in seen)
        share = points(mass, 0) if first.polarity == "green" else points(0, mass)
        # Field order of FlagContribution: the flag itself, then what was seen of it.
        flag = (key, first.label, first.polarity, first.category, first.weight)
        seen_of_it = (max(e.strength for e, _ in seen), len(seen), mass, share, first.retired)
        contributions.append(FlagContribution(*flag, *seen_of_it))
    contributions.sort(key=lambda c: (-abs(c.points), c.label, c.flag_key))

    outcome_shares = tuple(
        OutcomeContribution(o.phase, o.at, o.satisfaction, o.would_work_again, g, r, points(g, r))
        for o, (g, r) in sorted(
            zip(outcomes, review_masses, strict=True), key=lambda pair: pair[0].at
        )
    )

    categories = []
    for cat in sorted({e.category for e in evidence}):
        seen = [(e, m) for e, m in zip(evidence, flag_masses, strict=True) if e.category == cat]
        cat_green = math.fsum(m for e, m in seen if e.polarity == "green")
        cat_red = math.fsum(m for e, m in seen if e.polarity == "red")
        cat_points = math.fsum(c.points for c in contributions if c.category == cat)
        categories.append(CategoryShare(cat, cat_green, cat_red, cat_points))
    if outcome_shares:
        categories.append(
            CategoryShare(
                OUTCOMES,
                math.fsum(o.green_mass for o in outcome_shares),
                math.fsum(o.red_mass for o in outcome_shares),
                math.fsum(o.points for o in outcome_shares),
            )
        )

    verdict = _verdict(green, red, first_gut, bool(outcomes), settings)
    return FitScore(
        score=verdict.score,
        low=verdict.low,
        high=verdict.high,
        confidence=verdict.confidence,
        band=verdict.band,
        reviewed=verdict.reviewed,
        green_mass=green,
        red_mass=red,
        a=a,
        b=b,
        prior_score=100 * a0 / (a0 + b0),
        first_gut=first_gut,
        contributions=tuple(contributions),
        outcomes=outcome_shares,
        categories=tuple(categories),
    )


def compute_trend(
    moments: Iterable[tuple[datetime, str]],
    evidence: Iterable[Evidence],
    guts: Iterable[tuple[datetime, int]],
    settings: ScoringSettings = ScoringSettings(),
    outcomes: Iterable[ReviewOutcome] = (),
) -> list[TrendPoint]:
    """Return the score as it stood at each moment (interaction or review), in time order.

    Each point uses only the evidence known then (a review's point includes its outcome),
    with recency measured from that moment, and the first gut feeling recorded by then.
    """
    half_life = settings.half_life_days
    # Every piece of evidence as (when, green mass, red mass) at its own moment: masses decay
    # together, so the sums carry over from one moment to the next (one pass, not one a moment).
    arrivals = []
    for e in evidence:
        mass = _fresh_mass(e)
        arrivals.append((e.at, mass, 0.0) if e.polarity == "green" else (e.at, 0.0, mass))
    arrivals += [(o.at, *_fresh_outcome(o)) for o in outcomes]
    arrivals.sort(key=lambda arrival: arrival[0])
    earliest_gut = min(guts, key=lambda g: g[0], default=None)
    points = []
    known = 0
    green = red = 0.0
    previous = None
    for at, source in sorted(moments, key=lambda m: m[0]):
        if previous is not None:
            decay = recency((at - previous).total_seconds() / 86400, half_life)
            green, red = green * decay, red * decay
        arrived_before = None
        while known < len(arrivals) and arrivals[known][0] <= at:
            arrived_at, arrived_green, arrived_red = arrivals[known]
            if arrived_at is not arrived_before:  # as above: one recency per moment
                arrived_before, decay = arrived_at, _decay(arrived_at, at, half_life)
            green, red = green + arrived_green * decay, red + arrived_red * decay
            known += 1
        previous = at
        gut = earliest_gut[1] if earliest_gut and earliest_gut[0] <= at else None
        a0, b0 = prior(gut)
        score, low, high = _summary(a0 + green, b0 + red)
        points.append(TrendPoint(at=at, source=source, score=score, low=low, high=high))
    return points


def _with_points(subject: str, points: float, polarity: str) -> str:
    """Return `subject · +6 points`: rounded half away from zero, always with the sign of the
    side it pushes (a real minus for red), so "+0 points" still says which way it leans."""
    rounded = abs(round_half_up(points))
    sign = "+" if polarity == "green" else MINUS
    # Translators: a share of the fit score, e.g. "+6 points" or "−1 point".
    share = ngettext("%(sign)s%(points)d point", "%(sign)s%(points)d points", rounded)
    return f"{subject} · {share % {'sign': sign, 'points': rounded}}"
