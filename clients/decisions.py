"""The rules of deciding: the client's stage, when the reflection period ends, what a
decision makes of a client's status, and what a checkpoint should warn about. Pages read
them to show the decision panel; writes apply them."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext, ngettext

from .models import (
    DEFAULT_REFLECTION_HOURS,
    Band,
    Client,
    ClientStatus,
    ConsultantProfile,
    Decision,
    DecisionKind,
    Interaction,
)


class Stage(StrEnum):
    """Where the relationship stands; it decides what the client page offers."""

    DECIDING = "deciding"  # before the first accept or decline
    ENGAGED = "engaged"  # working together
    DECLINED = "declined"
    COMPLETED = "completed"


# A client reaches active, declined or completed only through a decision (the client form
# does not offer them), so the status tells the stage without reading the decisions.
STAGE_OF_STATUS = {
    ClientStatus.LEAD: Stage.DECIDING,
    ClientStatus.DISCOVERY: Stage.DECIDING,
    ClientStatus.DECIDING: Stage.DECIDING,
    ClientStatus.ACTIVE: Stage.ENGAGED,
    ClientStatus.DECLINED: Stage.DECLINED,
    ClientStatus.COMPLETED: Stage.COMPLETED,
}


def stage_of(client: Client) -> Stage:
    """Return the client's stage."""
    return STAGE_OF_STATUS[client.status]


def statuses_of(stage: Stage) -> list[str]:
    """Return the statuses of a stage, to filter clients by it."""
    return [status for status, its_stage in STAGE_OF_STATUS.items() if its_stage == stage]


# The decisions each stage offers. Declined and completed clients can be reconsidered: a new
# accept, with a reason. Checkpoints are offered apart, after a reviewed phase.
KINDS_OFFERED = {
    Stage.DECIDING: (
        DecisionKind.ACCEPT,
        DecisionKind.STRETCH,
        DecisionKind.DECLINE,
        DecisionKind.NEED_INFO,
    ),
    Stage.ENGAGED: (),
    Stage.DECLINED: (DecisionKind.ACCEPT, DecisionKind.STRETCH),
    Stage.COMPLETED: (DecisionKind.ACCEPT, DecisionKind.STRETCH),
}


def default_interaction_kind(client: Client) -> str:
    """Return the kind the log form starts with: a discovery call while the client is a lead
    or in discovery, else the last other kind used with them, else a call."""
    if client.status in (ClientStatus.LEAD, ClientStatus.DISCOVERY):
        return Interaction.Kind.DISCOVERY
    last = (
        client.interactions.exclude(kind=Interaction.Kind.DISCOVERY)
        .order_by("-occurred_at", "-pk")
        .values_list("kind", flat=True)
        .first()
    )
    return last or Interaction.Kind.CALL


def reflection_ends_at(
    client: Client,
    *,
    interactions: Iterable[tuple[datetime, str]] | None = None,
    hours: int | None = None,
) -> datetime | None:
    """Return when the reflection period ends: it runs from the client's last discovery call
    or, with none, from their first interaction (meetings alone are no shortcut).

    It applies only before the first accept or decline: no later call reopens it (None).
    A caller that has them loaded passes the client's `interactions`, (occurred_at, kind) of
    each, and the consultant's reflection `hours`: no query then.
    """
    if stage_of(client) != Stage.DECIDING:
        return None
    if interactions is None:
        interactions = client.interactions.values_list("occurred_at", "kind")
    moments = list(interactions)
    discovery_calls = [at for at, kind in moments if kind == Interaction.Kind.DISCOVERY]
    started = max(discovery_calls, default=None) or min((at for at, _ in moments), default=None)
    if started is None:
        return None
    if hours is None:
        hours = reflection_hours(client.owner_id)
    return started + timezone.timedelta(hours=hours)


def reflection_hours(user_id: int) -> int:
    """Return the consultant's reflection period in hours, the default without a profile."""
    # Read, not profile_for(): asking when the period ends must not write a profile.
    hours = ConsultantProfile.objects.filter(user=user_id).values_list(
        "reflection_hours", flat=True
    )
    return next(iter(hours), DEFAULT_REFLECTION_HOURS)


DECISION_STATUS = {
    DecisionKind.ACCEPT: Client.Status.ACTIVE,
    DecisionKind.STRETCH: Client.Status.ACTIVE,
    DecisionKind.DECLINE: Client.Status.DECLINED,
    DecisionKind.NEED_INFO: Client.Status.DECIDING,
    DecisionKind.CONTINUE: Client.Status.ACTIVE,
    DecisionKind.CHANGE: Client.Status.ACTIVE,
    DecisionKind.END: Client.Status.COMPLETED,
}


DECISIVE_KINDS = (DecisionKind.ACCEPT, DecisionKind.STRETCH, DecisionKind.DECLINE)


def status_after(status: str, decisions: Iterable[tuple[datetime, str]]) -> str:
    """Return the status a client's (decided_at, kind) decisions give it: that of its latest
    accept, stretch or decline; a completed client stays completed, one never decided keeps
    `status`. (Migration 0013 applies the same rule to the stored clients.)"""
    decisive = [(at, kind) for at, kind in decisions if kind in DECISIVE_KINDS]
    if not decisive:
        return status
    latest = DECISION_STATUS[max(decisive)[1]]
    if status == ClientStatus.COMPLETED and latest == ClientStatus.ACTIVE:
        return status
    return latest


# A fall this large since the last decision is worth a word before the next one.
SCORE_FALL_POINTS = 15


@dataclass(frozen=True)
class Checkpoint:
    """The question after a reviewed phase: go on as before, with changes, or end?"""

    phase_id: int
    phase_name: str
    reviewed_at: datetime
    warning: str  # one sentence, or "" when nothing calls for caution


def checkpoint_warning(
    *, would_work_again: bool, band: str, score: int, last_decision: Decision | None
) -> str:
    """Return the one sentence the checkpoint shows above its choice, or ""."""
    reasons = []
    if not would_work_again:
        reasons.append(gettext("your review says you would not work with them again"))
    if band == Band.POOR:
        reasons.append(gettext("the score is in the poor-fit band (%(score)s)") % {"score": score})
    if last_decision is not None and last_decision.score - score >= SCORE_FALL_POINTS:
        fall = last_decision.score - score
        reasons.append(
            ngettext(
                "the score fell %(points)s point since your last decision (%(then)s → %(now)s)",
                "the score fell %(points)s points since your last decision (%(then)s → %(now)s)",
                fall,
            )
            % {"points": fall, "then": last_decision.score, "now": score}
        )
    if not reasons:
        return ""
    return gettext("Take a moment: %(reasons)s.") % {
        "reasons": get_text_list(reasons, gettext("and"))
    }


def due_checkpoint(
    client: Client, decisions: list[Decision], reviews: Iterable[tuple[int, str, object]]
) -> Checkpoint | None:
    """Return the checkpoint to take now, or None.

    `decisions` are the client's, newest first; `reviews` are (phase id, phase name, review)
    of each reviewed phase. Only the latest review asks: once a later phase was reviewed,
    an earlier one's question has been answered by going on.
    """
    if stage_of(client) != Stage.ENGAGED:
        return None
    reviews = list(reviews)
    if not reviews:
        return None
    phase_id, phase_name, review = max(reviews, key=lambda r: (r[2].reviewed_at, r[2].pk))
    if any(decision.phase_id == phase_id for decision in decisions):
        return None
    warning = checkpoint_warning(
        would_work_again=review.would_work_again,
        band=client.band,
        score=client.score,
        last_decision=decisions[0] if decisions else None,
    )
    return Checkpoint(phase_id, phase_name, review.reviewed_at, warning)


# The decisions that set a stage: what the panel shows as where the relationship stands.
STANDING_KINDS = (DecisionKind.ACCEPT, DecisionKind.STRETCH, DecisionKind.DECLINE, DecisionKind.END)


def is_stretch(client: Client) -> bool:
    """Return True when the decision that stands (not a checkpoint taken since) accepted the
    client as a stretch: its reviews then ask what was learned."""
    latest = client.decisions.filter(kind__in=STANDING_KINDS).first()
    return latest is not None and latest.kind == DecisionKind.STRETCH


@dataclass(frozen=True)
class Panel:
    """What the decision panel shows for the client's stage."""

    stage: Stage
    standing: Decision | None  # the accept, decline or end that set the stage
    last_checkpoint: Decision | None  # while engaged: the latest "continue" since the accept
    checkpoint: Checkpoint | None  # the checkpoint to take now
    offered: tuple[str, ...]  # the decision kinds its form offers
    standing_phase: str = ""  # the phase an "end" followed
    last_checkpoint_phase: str = ""

    @property
    def reconsidering(self) -> bool:
        """Return True when deciding again reopens a declined or completed client."""
        return self.stage in (Stage.DECLINED, Stage.COMPLETED)


def panel(
    client: Client,
    decisions: list[Decision],
    reviews: Iterable[tuple[int, str, object]],
    phase_names: dict[int, str],
) -> Panel:
    """Return the decision panel of a client; `decisions` newest first, `reviews` as for
    `due_checkpoint`, and the name of each of the client's phases by id."""
    stage = stage_of(client)
    standing = next((d for d in decisions if d.kind in STANDING_KINDS), None)
    last_checkpoint = None
    if stage == Stage.ENGAGED:
        newer = decisions[: decisions.index(standing)] if standing else decisions
        last_checkpoint = next((d for d in newer if d.is_checkpoint()), None)
    return Panel(
        stage=stage,
        standing=standing,
        last_checkpoint=last_checkpoint,
        checkpoint=due_checkpoint(client, decisions, reviews),
        offered=KINDS_OFFERED[stage],
        standing_phase=phase_names.get(standing and standing.phase_id, ""),
        last_checkpoint_phase=phase_names.get(last_checkpoint and last_checkpoint.phase_id, ""),
    )
