"""Before the next call: what is still unknown about a client, and what is worth asking.

Built from one evidence load of the client (`clients.scores.evidence_for`) and a few small
queries; every "what if" is the real model's score on a copy of that evidence with one
more observation, so there is no second formula to keep in step with the score.
"""

import dataclasses
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from . import scoring
from .models import Boundary, Category, Client, Flag, Observation, PhaseReview, Question, Strength
from .scores import ClientEvidence

# How many of the least known categories get their unseen flags' probing questions.
LEAST_KNOWN = 3
# How many "what if" questions the panel shows.
WORTH_MOST = 3


@dataclass(frozen=True)
class Probe:
    """An unseen flag, the question that would reveal it and what seeing it would do."""

    flag: Flag
    swing: int  # score points if seen clear in the next interaction
    opposite: Flag | None
    opposite_swing: int | None  # score points if its opposite is seen clear instead


@dataclass(frozen=True)
class CategoryGap:
    key: str
    label: str
    mass: float  # green and red mass seen so far, recency included
    unseen: list[Probe]


@dataclass(frozen=True)
class MixedSignal:
    label: str
    green: list[str]
    red: list[str]


@dataclass(frozen=True)
class NextCall:
    open_questions: list[Question]
    categories: list[CategoryGap]  # least evidence first
    least_known: list[CategoryGap]
    worth_most: list[Probe]
    mixed: list[MixedSignal]
    boundaries: list[Boundary]
    lesson: PhaseReview | None


def swings(evidence: ClientEvidence, flags: list[Flag]) -> dict[str, int]:
    """Return, by flag key, how many points the score moves if the flag is seen clear next.

    The next interaction is placed at the client's latest moment, so the swing is the
    flag's own effect, not the fading of older evidence as days pass.
    """
    at = evidence.reference or timezone.now()
    now = evidence.score().score
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


def prepare(client: Client, evidence: ClientEvidence, fit: scoring.FitScore) -> NextCall:
    """Return what to know before the next call with the client."""
    flags = list(Flag.objects.filter(catalogue=client.catalogue_id, active=True))
    by_key = {flag.key: flag for flag in flags}
    seen = {e.flag_key for e in evidence.evidence}
    unseen_flags = [flag for flag in flags if flag.key not in seen]
    # What-ifs only for the flags the panel shows: the unseen ones and their opposites.
    shown = {flag.key for flag in unseen_flags} | {flag.opposite for flag in unseen_flags}
    moved = swings(evidence, [flag for flag in flags if flag.key in shown])

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
        open_questions=list(client.questions.filter(status=Question.Status.OPEN)),
        categories=categories,
        least_known=[gap for gap in categories if gap.unseen][:LEAST_KNOWN],
        worth_most=worth_most,
        mixed=_mixed(evidence),
        boundaries=_undiscussed_boundaries(client),
        lesson=PhaseReview.objects.filter(phase__project__client=client)
        .exclude(learned="")
        .order_by("-reviewed_at", "-id")
        .select_related("phase")
        .first(),
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


def _undiscussed_boundaries(client: Client) -> list[Boundary]:
    """Return the consultant's active boundaries never marked respected or crossed here."""
    discussed = Observation.objects.filter(
        Q(interaction__client=client) | Q(review__phase__project__client=client),
        boundary__isnull=False,
    ).values("boundary_id")
    return list(
        Boundary.objects.filter(owner=client.owner_id, active=True).exclude(pk__in=discussed)
    )
