"""The fit score (model v1), as pure functions over plain values: no ORM, checkable by hand.

    mass     = weight × strength × source × recency     source: interaction 1, review 2
    recency  = 0.5 ** (days / half_life)                days back from the client's latest moment
    prior    a0 = b0 = 3; the first gut g adds 2g to a0 if g > 0, 2|g| to b0 if g < 0
    a = a0 + G, b = b0 + R                               G, R: summed green and red mass
    score    = round_half_up(100 · a / (a + b))
    interval = 100 · (mean ± 1.2816 · sd), sd = sqrt(ab / ((a+b)² (a+b+1))), clamped to 0–100,
               rounded half up (the 80 % interval of Beta(a, b))
    confidence: low while G + R < 6, medium below 18, high from 18
    band: good at ≥ good_fit_min (65), poor below poor_fit_below (40), unclear in between

Each flag's share of the move from the prior is exact, because the move is linear in each mass:
100·(a/(a+b) − a0/(a0+b0)) = 100·(G·b0 − R·a0) / ((a+b)(a0+b0)).
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from django.utils.translation import gettext, gettext_lazy

PRIOR = 3.0
SOURCE_FACTOR = {"interaction": 1.0, "review": 2.0}
Z_80 = 1.2816
LOW_BELOW = 6.0  # confidence is low while G + R is below this
MEDIUM_BELOW = 18.0

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


@dataclass(frozen=True)
class CategoryShare:
    category: str
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
    green_mass: float
    red_mass: float
    a: float
    b: float
    prior_score: float  # 100·a0/(a0+b0), unrounded, gut included
    first_gut: int | None
    contributions: tuple[FlagContribution, ...]  # by |points| descending, then label
    categories: tuple[CategoryShare, ...]  # by category key

    @property
    def top_green(self) -> tuple[FlagContribution, ...]:
        return tuple(c for c in self.contributions if c.polarity == "green")[:3]

    @property
    def top_red(self) -> tuple[FlagContribution, ...]:
        return tuple(c for c in self.contributions if c.polarity == "red")[:3]

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


def observation_mass(e: Evidence, reference: datetime, half_life_days: float) -> float:
    """Return weight × strength × source × recency, with days counted back from `reference`."""
    # Fractional days (36 h = 1.5); an observation after the reference is not "fresher than now".
    days = max((reference - e.at).total_seconds() / 86400, 0.0)
    return e.weight * e.strength * SOURCE_FACTOR[e.source] * recency(days, half_life_days)


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


def _split(masses: Iterable[tuple[Evidence, float]]) -> tuple[float, float]:
    # math.fsum is exactly rounded, so the result does not depend on the order of observations.
    pairs = list(masses)
    green = math.fsum(m for e, m in pairs if e.polarity == "green")
    return green, math.fsum(m for e, m in pairs if e.polarity == "red")


def _verdict(green: float, red: float, first_gut: int | None, settings: ScoringSettings) -> Verdict:
    a0, b0 = prior(first_gut)
    score, low, high = _summary(a0 + green, b0 + red)
    total = green + red
    confidence = "low" if total < LOW_BELOW else "medium" if total < MEDIUM_BELOW else "high"
    good, poor = settings.good_fit_min, settings.poor_fit_below
    band = "good" if score >= good else "poor" if score < poor else "unclear"
    return Verdict(score, low, high, confidence, band)


def _reference(evidence: list[Evidence], reference: datetime | None) -> datetime | None:
    if reference is None and evidence:
        return max(e.at for e in evidence)
    return reference


def compute_score(
    evidence: Iterable[Evidence],
    first_gut: int | None,
    settings: ScoringSettings = ScoringSettings(),
    reference: datetime | None = None,
) -> Verdict:
    """Return the score of compute_fit() without its explanation: the same numbers, cheaper."""
    evidence = list(evidence)
    reference = _reference(evidence, reference)
    half_life = settings.half_life_days
    green, red = _split((e, observation_mass(e, reference, half_life)) for e in evidence)
    return _verdict(green, red, first_gut, settings)


def compute_fit(
    evidence: Iterable[Evidence],
    first_gut: int | None,
    settings: ScoringSettings = ScoringSettings(),
    reference: datetime | None = None,
) -> FitScore:
    """Return the client's fit score and its explanation.

    `reference` is the client's most recent interaction or review; by default the latest
    observation, so that recency never drifts with the clock.
    """
    evidence = list(evidence)
    reference = _reference(evidence, reference)
    masses = [(e, observation_mass(e, reference, settings.half_life_days)) for e in evidence]
    green, red = _split(masses)
    a0, b0 = prior(first_gut)
    a, b = a0 + green, b0 + red
    scale = 100 / ((a + b) * (a0 + b0))

    by_flag: dict[str, list[tuple[Evidence, float]]] = {}
    for e, m in masses:
        by_flag.setdefault(e.flag_key, []).append((e, m))
    contributions = []
    for key, seen in by_flag.items():
        first = seen[0][0]  # label, weight, … are the flag's own, the same in every observation
        mass = math.fsum(m for _, m in seen)
        points = mass * scale * (b0 if first.polarity == "green" else -a0)
        # Field order of FlagContribution: the flag itself, then what was seen of it.
        flag = (key, first.label, first.polarity, first.category, first.weight)
        seen_of_it = (max(e.strength for e, _ in seen), len(seen), mass, points, first.retired)
        contributions.append(FlagContribution(*flag, *seen_of_it))
    contributions.sort(key=lambda c: (-abs(c.points), c.label, c.flag_key))

    categories = []
    for cat in sorted({e.category for e in evidence}):
        cat_green, cat_red = _split((e, m) for e, m in masses if e.category == cat)
        cat_points = math.fsum(c.points for c in contributions if c.category == cat)
        categories.append(CategoryShare(cat, cat_green, cat_red, cat_points))

    verdict = _verdict(green, red, first_gut, settings)
    return FitScore(
        score=verdict.score,
        low=verdict.low,
        high=verdict.high,
        confidence=verdict.confidence,
        band=verdict.band,
        green_mass=green,
        red_mass=red,
        a=a,
        b=b,
        prior_score=100 * a0 / (a0 + b0),
        first_gut=first_gut,
        contributions=tuple(contributions),
        categories=tuple(categories),
    )


def compute_trend(
    moments: Iterable[tuple[datetime, str]],
    evidence: Iterable[Evidence],
    guts: Iterable[tuple[datetime, int]],
    settings: ScoringSettings = ScoringSettings(),
) -> list[TrendPoint]:
    """Return the score as it stood at each moment (interaction or review), in time order.

    Each point uses only the evidence known then, with recency measured from that moment, and
    the first gut feeling recorded by then.
    """
    ordered = sorted(evidence, key=lambda e: e.at)
    earliest_gut = min(guts, key=lambda g: g[0], default=None)
    points = []
    known = 0
    green = red = 0.0
    previous = None
    for at, source in sorted(moments, key=lambda m: m[0]):
        # Masses decay together, so the sums carry over from one moment to the next:
        # one pass over the evidence instead of one per moment.
        if previous is not None:
            decay = recency((at - previous).total_seconds() / 86400, settings.half_life_days)
            green, red = green * decay, red * decay
        while known < len(ordered) and ordered[known].at <= at:
            e = ordered[known]
            mass = observation_mass(e, at, settings.half_life_days)
            if e.polarity == "green":
                green += mass
            else:
                red += mass
            known += 1
        previous = at
        gut = earliest_gut[1] if earliest_gut and earliest_gut[0] <= at else None
        a0, b0 = prior(gut)
        score, low, high = _summary(a0 + green, b0 + red)
        points.append(TrendPoint(at=at, source=source, score=score, low=low, high=high))
    return points


def explain(contribution: FlagContribution) -> str:
    """Return the one sentence that explains a flag's share of the score, the same everywhere.

    Points are rounded half away from zero and always carry the flag's sign (a real minus for
    red), so "+0 %" still says which way a faded flag pushes.
    """
    c = contribution
    values = {
        "label": c.label,
        "polarity": POLARITY_WORDS[c.polarity],
        "weight": c.weight,
        "strength": STRENGTH_WORDS[c.strongest],
        "sign": "+" if c.polarity == "green" else MINUS,
        "points": abs(round_half_up(c.points)),
    }
    if c.retired:
        # Translators: e.g. "Raises doubts early (green, weight 4, strong, retired) +12 %".
        template = gettext(
            "%(label)s (%(polarity)s, weight %(weight)d, %(strength)s, retired) "
            "%(sign)s%(points)d %%"
        )
    else:
        # Translators: e.g. "Raises doubts early (green, weight 4, strong) +12 %".
        template = gettext(
            "%(label)s (%(polarity)s, weight %(weight)d, %(strength)s) %(sign)s%(points)d %%"
        )
    return template % values
