"""The statistics of the calibration page, as pure functions over plain values: no ORM.

    outcome      mean overall satisfaction of a client's phase reviews; good ≥ 4, bad ≤ 2
    correlation  Spearman's ρ: Pearson's correlation of the ranks, ties sharing their mean rank
    LLR          ln(((good_with + 1) / (good + 2)) / ((bad_with + 1) / (bad + 2))), among clients
                 with a good or bad outcome: > 0 when a flag comes more with good outcomes
    support      LLR for a green flag, −LLR for a red one: > 0 when the evidence agrees with it
    suggestion   raw = clamp(3 + 1.5 · support, 1, 5), moved from the current weight only
                 n / (n + 5) of the way (n: good or bad clients where the flag was seen),
                 rounded half up; a flag is never flipped, only pointed out
    scatter      coordinates of the outcome plots: the template only draws them
    right        a first gut feeling is right when its sign is the outcome's side: +1 for a
                 good outcome, −1 for a bad one, 0 in between; so a neutral gut (0) is right
                 only for an outcome in between, and an outcome in between only for a neutral gut
    concordance  among pairs of clients with different outcomes, those whose higher score at
                 decision went with the better outcome; equal scores put neither first

Small numbers are the normal case here (a consultant has a few dozen clients), so every
figure says how many clients stand behind it, and nothing is said below MIN_CLIENTS.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext, ngettext_lazy

from ..score.scoring import MINUS, round_half_up

GOOD_FROM = 4.0  # an outcome at least this is good
BAD_UP_TO = 2.0  # an outcome at most this is bad
MIN_CLIENTS = 5  # below this, no correlation is drawn
NEUTRAL_WEIGHT = 3.0
LLR_SCALE = 1.5  # weight points per unit of log-likelihood ratio
SHRINK_CLIENTS = 5  # a flag seen on this many clients moves halfway to its raw weight
CLEARLY = math.log(2)  # "clearly" against a flag: twice as likely with the wrong outcome
CONTRADICTION_MIN_CLIENTS = 3
MIN_WEIGHT, MAX_WEIGHT = 1, 5


def mean(values: Sequence[float]) -> float | None:
    """Return the arithmetic mean, or None for no values."""
    return math.fsum(values) / len(values) if values else None


def outcome_verdict(outcome: float) -> str | None:
    """Return "good", "bad", or None for an outcome in between."""
    if outcome >= GOOD_FROM:
        return "good"
    if outcome <= BAD_UP_TO:
        return "bad"
    return None


def outcome_side(outcome: float) -> int:
    """Return +1 for a good outcome, −1 for a bad one, 0 for one in between."""
    return {"good": 1, "bad": -1, None: 0}[outcome_verdict(outcome)]


def gut_was_right(gut: int, outcome: float) -> bool:
    """Return True when the first gut feeling has the sign of the outcome's side."""
    return (gut > 0) - (gut < 0) == outcome_side(outcome)


def concordance(pairs: Sequence[tuple[float, float]]) -> tuple[int, int]:
    """Return (concordant, compared) over the (score, outcome) pairs of clients.

    Every two clients with different outcomes are compared; the pair is concordant when the
    client with the better outcome had the higher score. Equal scores order neither first.
    """
    concordant = compared = 0
    for i, (score_a, outcome_a) in enumerate(pairs):
        for score_b, outcome_b in pairs[i + 1 :]:
            if outcome_a == outcome_b:
                continue
            compared += 1
            if (score_a - score_b) * (outcome_a - outcome_b) > 0:
                concordant += 1
    return concordant, compared


def impression_sentence(right: int, count: int) -> str:
    """Return how often the first impression was right, in one sentence."""
    if not count:
        return gettext("No reviewed client has a first gut feeling yet.")
    return ngettext(
        "Your first impression was right for %(right)d of your %(count)d reviewed client.",
        "Your first impression was right for %(right)d of your %(count)d reviewed clients.",
        count,
    ) % {"right": right, "count": count}


def concordance_sentence(concordant: int, compared: int) -> str:
    """Return how often the scores at decision ordered two clients as the outcomes did."""
    if not compared:
        return gettext(
            "No two reviewed clients with a decision have different outcomes yet: there is "
            "no pair to put in order."
        )
    return ngettext(
        "Your scores at decision put the better client first in %(concordant)d of "
        "%(compared)d pair.",
        "Your scores at decision put the better client first in %(concordant)d of "
        "%(compared)d pairs.",
        compared,
    ) % {"concordant": concordant, "compared": compared}


def impression_method() -> str:
    """Return how a first impression is counted as right."""
    return gettext(
        "A first impression is right when it leaned the way the work went: positive (+1, +2) "
        "with a good outcome (4 or more), negative (−1, −2) with a bad one (2 or less). A "
        "neutral one (0) is right only for an outcome in between, and an outcome in between "
        "only for a neutral first impression."
    )


def concordance_method() -> str:
    """Return how the pairs are counted."""
    return gettext(
        "Every two reviewed clients with a score at decision and different outcomes make a "
        "pair; the scores put the better client first when the client with the better outcome "
        "had the higher score. Two equal scores put neither first."
    )


def average_ranks(values: Sequence[float]) -> list[float]:
    """Return the rank of each value (1 = smallest), ties sharing the mean of their ranks.

    [10, 20, 20, 30] → [1, 2.5, 2.5, 4].
    """
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        shared = (start + end) / 2 + 1  # ranks start..end, 0-based, averaged, 1-based
        for position in range(start, end + 1):
            ranks[order[position]] = shared
        start = end + 1
    return ranks


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Return Spearman's rank correlation of paired values, or None when it is undefined.

    It is undefined with fewer than two pairs or when every x (or every y) is the same:
    there is nothing to rank.
    """
    if len(xs) != len(ys):
        raise ValueError("spearman() needs as many xs as ys")
    if len(xs) < 2:
        return None
    rx, ry = average_ranks(xs), average_ranks(ys)
    centre = (len(xs) + 1) / 2  # the mean rank, whatever the ties
    dx = [r - centre for r in rx]
    dy = [r - centre for r in ry]
    sxx = math.fsum(d * d for d in dx)
    syy = math.fsum(d * d for d in dy)
    if sxx == 0 or syy == 0:
        return None
    rho = math.fsum(a * b for a, b in zip(dx, dy, strict=True)) / math.sqrt(sxx * syy)
    return max(-1.0, min(1.0, rho))  # float noise must not show ρ = 1.0000000002


def agreement(rho: float) -> str:
    """Return how well a correlation matches, in one word the sentences are keyed by."""
    if rho >= 0.7:
        return "well"
    if rho >= 0.5:
        return "fairly"
    if rho >= 0.3:
        return "somewhat"
    if rho > -0.3:
        return "hardly"
    return "opposite"


# The subject of a figure: "gut" (first gut feeling) or "score" (score at decision).
VERDICTS = {
    ("gut", "well"): ngettext_lazy(
        "Your first impressions have matched outcomes well so far (ρ = %(rho)s, %(count)d client).",
        "Your first impressions have matched outcomes well so far "
        "(ρ = %(rho)s, %(count)d clients).",
        "count",
    ),
    ("gut", "fairly"): ngettext_lazy(
        "Your first impressions have matched outcomes fairly well so far "
        "(ρ = %(rho)s, %(count)d client).",
        "Your first impressions have matched outcomes fairly well so far "
        "(ρ = %(rho)s, %(count)d clients).",
        "count",
    ),
    ("gut", "somewhat"): ngettext_lazy(
        "Your first impressions have matched outcomes somewhat so far "
        "(ρ = %(rho)s, %(count)d client).",
        "Your first impressions have matched outcomes somewhat so far "
        "(ρ = %(rho)s, %(count)d clients).",
        "count",
    ),
    ("gut", "hardly"): ngettext_lazy(
        "Your first impressions have hardly matched outcomes so far "
        "(ρ = %(rho)s, %(count)d client).",
        "Your first impressions have hardly matched outcomes so far "
        "(ρ = %(rho)s, %(count)d clients).",
        "count",
    ),
    ("gut", "opposite"): ngettext_lazy(
        "So far, outcomes have tended to go the opposite way to your first impressions "
        "(ρ = %(rho)s, %(count)d client).",
        "So far, outcomes have tended to go the opposite way to your first impressions "
        "(ρ = %(rho)s, %(count)d clients).",
        "count",
    ),
    ("score", "well"): ngettext_lazy(
        "Scores at decision have matched outcomes well so far (ρ = %(rho)s, %(count)d client).",
        "Scores at decision have matched outcomes well so far (ρ = %(rho)s, %(count)d clients).",
        "count",
    ),
    ("score", "fairly"): ngettext_lazy(
        "Scores at decision have matched outcomes fairly well so far "
        "(ρ = %(rho)s, %(count)d client).",
        "Scores at decision have matched outcomes fairly well so far "
        "(ρ = %(rho)s, %(count)d clients).",
        "count",
    ),
    ("score", "somewhat"): ngettext_lazy(
        "Scores at decision have matched outcomes somewhat so far (ρ = %(rho)s, %(count)d client).",
        "Scores at decision have matched outcomes somewhat so far "
        "(ρ = %(rho)s, %(count)d clients).",
        "count",
    ),
    ("score", "hardly"): ngettext_lazy(
        "Scores at decision have hardly matched outcomes so far (ρ = %(rho)s, %(count)d client).",
        "Scores at decision have hardly matched outcomes so far (ρ = %(rho)s, %(count)d clients).",
        "count",
    ),
    ("score", "opposite"): ngettext_lazy(
        "So far, outcomes have tended to go the opposite way to the scores at decision "
        "(ρ = %(rho)s, %(count)d client).",
        "So far, outcomes have tended to go the opposite way to the scores at decision "
        "(ρ = %(rho)s, %(count)d clients).",
        "count",
    ),
}

NOT_ENOUGH = {
    "gut": ngettext_lazy(
        "Not enough to say yet: %(more)d more reviewed client with a first gut feeling is "
        "needed before a correlation means anything (%(count)d of %(minimum)d so far).",
        "Not enough to say yet: %(more)d more reviewed clients with a first gut feeling are "
        "needed before a correlation means anything (%(count)d of %(minimum)d so far).",
        "more",
    ),
    "score": ngettext_lazy(
        "Not enough to say yet: %(more)d more reviewed client with a decision is needed "
        "before a correlation means anything (%(count)d of %(minimum)d so far).",
        "Not enough to say yet: %(more)d more reviewed clients with a decision are needed "
        "before a correlation means anything (%(count)d of %(minimum)d so far).",
        "more",
    ),
}

NOTHING_TO_RANK = {
    "gut": ngettext_lazy(
        "Nothing to rank yet: your first impressions, or the outcomes, are all the same "
        "(%(count)d client).",
        "Nothing to rank yet: your first impressions, or the outcomes, are all the same "
        "(%(count)d clients).",
        "count",
    ),
    "score": ngettext_lazy(
        "Nothing to rank yet: the scores at decision, or the outcomes, are all the same "
        "(%(count)d client).",
        "Nothing to rank yet: the scores at decision, or the outcomes, are all the same "
        "(%(count)d clients).",
        "count",
    ),
}


def signed_number(value: float, decimals: int) -> str:
    """Return a number rounded half up, in the active language's format, with a real minus.

    number_format() alone cuts a float's extra decimals off (3.375 → "3.3") instead of
    rounding, and would disagree with the templates' floatformat.
    """
    step = Decimal(1).scaleb(-decimals)
    rounded = Decimal(repr(value)).quantize(step, rounding=ROUND_HALF_UP)
    text = number_format(abs(rounded) if rounded == 0 else rounded, decimals)
    return MINUS + text[1:] if text.startswith("-") else text


def correlation_sentence(subject: str, rho: float | None, count: int) -> str:
    """Return the plain-words verdict of a figure: always with ρ and n, or why there is none."""
    if count < MIN_CLIENTS:
        values = {"more": MIN_CLIENTS - count, "count": count, "minimum": MIN_CLIENTS}
        return NOT_ENOUGH[subject] % values
    if rho is None:
        return NOTHING_TO_RANK[subject] % {"count": count}
    values = {"rho": signed_number(rho, 2), "count": count}
    return VERDICTS[subject, agreement(rho)] % values


def flag_llr(*, good_with: int, good_total: int, bad_with: int, bad_total: int) -> float:
    """Return the smoothed log-likelihood ratio of a flag: > 0 when it comes with good outcomes.

    Adding one to each count (Laplace) keeps a flag seen on two clients from looking certain.
    """
    in_good = (good_with + 1) / (good_total + 2)
    in_bad = (bad_with + 1) / (bad_total + 2)
    return math.log(in_good / in_bad)


def support(polarity: str, llr: float) -> float:
    """Return the evidence for a flag's polarity: > 0 when outcomes agree with its colour."""
    return llr if polarity == "green" else -llr


def suggest_weight(*, polarity: str, current: int, llr: float, seen: int) -> int:
    """Return the suggested weight 1–5 of a flag seen on `seen` good-or-bad clients."""
    raw = min(
        float(MAX_WEIGHT),
        max(float(MIN_WEIGHT), NEUTRAL_WEIGHT + LLR_SCALE * support(polarity, llr)),
    )
    # Shrinking toward the current weight: with few clients the consultant's own choice wins.
    shrunk = current + (raw - current) * seen / (seen + SHRINK_CLIENTS)
    return min(MAX_WEIGHT, max(MIN_WEIGHT, round_half_up(shrunk)))


def contradicts(*, polarity: str, llr: float, seen: int) -> bool:
    """Return True when the evidence clearly goes against the flag's colour."""
    return seen >= CONTRADICTION_MIN_CLIENTS and support(polarity, llr) <= -CLEARLY


def contradiction_sentence(*, label: str, polarity: str, seen: int) -> str:
    """Return the sentence that points out a flag whose evidence goes against its colour."""
    values = {"label": label, "count": seen}
    if polarity == "green":
        template = ngettext(
            "“%(label)s” is a green flag, yet it came with bad outcomes more than with good "
            "ones (%(count)d client). It is not flipped: look at those clients and decide.",
            "“%(label)s” is a green flag, yet it came with bad outcomes more than with good "
            "ones (%(count)d clients). It is not flipped: look at those clients and decide.",
            seen,
        )
    else:
        template = ngettext(
            "“%(label)s” is a red flag, yet it came with good outcomes more than with bad "
            "ones (%(count)d client). It is not flipped: look at those clients and decide.",
            "“%(label)s” is a red flag, yet it came with good outcomes more than with bad "
            "ones (%(count)d clients). It is not flipped: look at those clients and decide.",
            seen,
        )
    return template % values


def method_sentence() -> str:
    """Return how suggested weights are computed, in words a person can follow by hand."""
    return gettext(
        "For each flag, among clients with a good or bad outcome, LLR = ln(((good clients "
        "with the flag + 1) / (good clients + 2)) / ((bad clients with the flag + 1) / (bad "
        "clients + 2))); the raw weight is 3 + 1.5 × LLR for a green flag and 3 − 1.5 × LLR "
        "for a red one, kept within 1–5, then moved from the current weight only n / (n + 5) "
        "of the way, n being the good or bad clients where the flag was seen before the "
        "decision, and rounded. A flag whose evidence goes against its colour (twice as likely "
        "with the wrong outcome, on at least 3 clients) is pointed out, never flipped."
    )


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    r: float
    title: str


@dataclass(frozen=True)
class Scatter:
    """Coordinates of a scatter plot of outcomes: the template only draws what this holds."""

    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    dots: tuple[Dot, ...]
    x_ticks: tuple[tuple[float, str], ...]
    y_ticks: tuple[tuple[float, str], ...]
    thresholds: tuple[tuple[float, str], ...]  # y, "good" | "bad"


def scatter(
    points: Sequence[tuple[float, str, float, str]],
    *,
    x_min: float,
    x_max: float,
    x_ticks: Sequence[tuple[float, str]],
    width: int = 360,
    height: int = 240,
) -> Scatter:
    """Return the plot of (x, x as written, outcome 1–5, client name) points.

    Clients on the same spot share one dot whose area grows with their number, and whose
    tooltip names them all.
    """
    left, right, top, bottom = 36, width - 16, 28, height - 40

    def x(value: float) -> float:
        return round(left + (value - x_min) / (x_max - x_min) * (right - left), 1)

    def y(outcome: float) -> float:
        return round(bottom - (outcome - 1) / 4 * (bottom - top), 1)

    spots: dict[tuple[float, float], tuple[str, list[str]]] = {}
    for value, text, outcome, name in points:
        spots.setdefault((value, outcome), (text, []))[1].append(name)
    dots = []
    for (value, outcome), (text, names) in spots.items():
        title = gettext("%(names)s: %(x)s, outcome %(outcome)s") % {
            "names": ", ".join(names),
            "x": text,
            "outcome": signed_number(outcome, 1),
        }
        dots.append(Dot(x(value), y(outcome), round(4 * math.sqrt(len(names)), 1), title))
    return Scatter(
        width=width,
        height=height,
        left=left,
        right=right,
        top=top,
        bottom=bottom,
        dots=tuple(dots),
        x_ticks=tuple((x(value), text) for value, text in x_ticks),
        y_ticks=tuple((y(level), str(level)) for level in range(1, 6)),
        thresholds=((y(GOOD_FROM), "good"), (y(BAD_UP_TO), "bad")),
    )
