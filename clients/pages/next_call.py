"""Before the next call: what is still unknown about a client, and what is worth asking.

Built from what the client page loaded (`clients.client_page`), without a query of its own;
every "what if" is the real model's score on a copy of the client's evidence with one more
observation, so there is no second formula to keep in step with the score.
"""

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from django.utils import timezone

from ..models import Boundary, Category, Flag, Question, Strength
from ..score import scoring
from ..score.scores import ClientEvidence

# How many of the least known categories get their unseen flags' probing questions.
LEAST_KNOWN = 3
# How many "what if" questions the panel shows.
WORTH_MOST = 3
# What the call sheet keeps of each list so that it always prints on one A4 page; the rest
# is counted ("+2 more"). The template also shortens each text, so no entry runs long.
SHEET_OPEN_QUESTIONS = 4
SHEET_PROBES_PER_CATEGORY = 2
SHEET_MIXED = 3
SHEET_BOUNDARIES = 3


@dataclass(frozen=True)
class Probe:
    """An unseen flag, the question that would reveal it and what seeing it would do."""

    flag: Flag
    swing: int  # score points if seen clear in the next interaction
    opposite: Flag | None
    opposite_swing: int | None  # score points if its opposite is seen clear instead


# Compared by identity: the panel asks whether a gap is among the least known ones.
@dataclass(frozen=True, eq=False)
class CategoryGap:
    key: str
    label: str
    mass: float  # green and red mass seen so far, recency included
    unseen: list[Probe]

    @property
    def points(self) -> int:
        """Return the evidence mass in whole points, as the pages write it ("15 points of
        evidence"); 0 when there is some, but less than half a point."""
        return scoring.round_half_up(self.mass)


@dataclass(frozen=True)
class MixedSignal:
    label: str
    green: list[str]
    red: list[str]


class Lesson(NamedTuple):
    """What the consultant learned in the latest phase review that says so."""

    phase: str
    learned: str


@dataclass(frozen=True)
class NextCall:
    open_questions: list[Question]
    categories: list[CategoryGap]  # least evidence first
    least_known: list[CategoryGap]
    worth_most: list[Probe]
    mixed: list[MixedSignal]
    boundaries: list[Boundary]
    lesson: Lesson | None


def swings(evidence: ClientEvidence, flags: list[Flag], now: int) -> dict[str, int]:
    """Return, by flag key, how many points the score moves from `now`, the current score, if
    the flag is seen clear next.

    The next interaction is placed at the client's latest moment, so the swing is the
    flag's own effect, not the fading of older evidence as days pass.
    """
    at = evidence.reference or timezone.now()
    moved = {}
    for flag in flags:
        seen = scoring.Evidence(
            flag.key,
            flag.label,
            flag.polarity,
            flag.category,
            flag.weight,
            Strength.CLEAR,
            "interaction",
            at,
        )
        what_if = dataclasses.replace(
            evidence,
            evidence=[*evidence.evidence, seen],
            moments=[*evidence.moments, (at, "interaction")],
        )
        moved[flag.key] = what_if.score().score - now
    return moved


def prepare(
    evidence: ClientEvidence,
    fit: scoring.FitScore,
    *,
    flags: Iterable[Flag],
    open_questions: list[Question],
    boundaries: list[Boundary],
    lesson: Lesson | None,
) -> NextCall:
    """Return what to know before the next call with the client.

    `flags` are the catalogue's active flags, `boundaries` the consultant's active ones not
    yet marked respected or crossed with this client.
    """
    flags = list(flags)
    by_key = {flag.key: flag for flag in flags}
    seen = {e.flag_key for e in evidence.evidence}
    unseen_flags = [flag for flag in flags if flag.key not in seen]
    # What-ifs only for the flags the panel shows: the unseen ones and their opposites.
    shown = {flag.key for flag in unseen_flags} | {flag.opposite for flag in unseen_flags}
    moved = swings(evidence, [flag for flag in flags if flag.key in shown], fit.score)

    def probe(flag: Flag) -> Probe:
        opposite = by_key.get(flag.opposite)
        return Probe(flag, moved[flag.key], opposite, moved[opposite.key] if opposite else None)

    unseen = [probe(flag) for flag in unseen_flags]
    masses = {share.category: share.green_mass + share.red_mass for share in fit.categories}
    order = list(Category.values)
    categories = sorted(
        (
            CategoryGap(
                key,
                label,
                masses.get(key, 0.0),
                [p for p in unseen if p.flag.category == key and p.flag.probing_question],
            )
            for key, label in Category.choices
        ),
        key=lambda gap: (gap.mass, order.index(gap.key)),
    )
    worth_most = sorted(unseen, key=lambda p: (-abs(p.swing), p.flag.label))[:WORTH_MOST]
    return NextCall(
        open_questions=open_questions,
        categories=categories,
        least_known=[gap for gap in categories if gap.unseen][:LEAST_KNOWN],
        worth_most=worth_most,
        mixed=_mixed(evidence),
        boundaries=boundaries,
        lesson=lesson,
    )


def _mixed(evidence: ClientEvidence) -> list[MixedSignal]:
    """Return the categories where both a green and a red flag were seen."""
    labels: dict[str, dict[str, list[str]]] = {}
    for e in evidence.evidence:
        colours = labels.setdefault(e.category, {"green": [], "red": []})
        if e.label not in colours[e.polarity]:
            colours[e.polarity].append(e.label)
    return [
        MixedSignal(label, labels[key]["green"], labels[key]["red"])
        for key, label in Category.choices
        if key in labels and labels[key]["green"] and labels[key]["red"]
    ]


@dataclass(frozen=True)
class Cut:
    """The first items of a list, and how many more were left out."""

    shown: list
    more: int


def cut(items: list, keep: int) -> Cut:
    """Return the first `keep` items and the count of the others."""
    return Cut(items[:keep], max(len(items) - keep, 0))


class SheetCategory(NamedTuple):
    gap: CategoryGap
    probes: Cut | None  # its unseen flags' probing questions, for the least known only


@dataclass(frozen=True)
class CallSheet:
    """The "before your next call" panel, cut to what one printed page holds."""

    open_questions: Cut
    worth_most: list[Probe]
    categories: list[SheetCategory]
    mixed: Cut
    boundaries: Cut
    lesson: Lesson | None


def call_sheet(next_call: NextCall) -> CallSheet:
    """Return the panel with each long list cut for the call sheet."""
    return CallSheet(
        open_questions=cut(next_call.open_questions, SHEET_OPEN_QUESTIONS),
        worth_most=next_call.worth_most,
        categories=[
            SheetCategory(
                gap,
                cut(gap.unseen, SHEET_PROBES_PER_CATEGORY)
                if gap in next_call.least_known
                else None,
            )
            for gap in next_call.categories
        ],
        mixed=cut(next_call.mixed, SHEET_MIXED),
        boundaries=cut(next_call.boundaries, SHEET_BOUNDARIES),
        lesson=next_call.lesson,
    )
