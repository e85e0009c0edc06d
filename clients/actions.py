"""Writes that span several models: each runs in one transaction and re-scores the client.

A stored score is never stale: every write that can change a client's evidence ends by
recomputing that client's score inside the same transaction.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone
from django.utils.translation import get_language

from .contacts.planned import PlanChange, plan_contact
from .decisions import DECISION_STATUS, STANDING_KINDS, reflection_ends_at
from .models import (
    Boundary,
    Client,
    ConsultantProfile,
    Decision,
    DecisionKind,
    Flag,
    FlagCatalogue,
    Interaction,
    Observation,
    Phase,
    PhaseReview,
    Project,
    Question,
    split_questions,
)
from .score.scores import refresh_client_score


class EditConflict(Exception):
    """Someone saved the record after this form was opened: nothing was overwritten."""


@dataclass(frozen=True)
class ObservationInput:
    flag: Flag
    strength: int
    note: str = ""
    boundary: Boundary | None = None


def profile_for(user) -> ConsultantProfile:
    """Return the consultant's profile, creating it with the defaults on first use."""
    profile, _ = ConsultantProfile.objects.get_or_create(user=user)
    return profile


def catalogue_for(user) -> FlagCatalogue:
    """Return the catalogue new clients of this consultant are scored with.

    The consultant's preferred one, else the one in their language, else the default.
    """
    profile = profile_for(user)
    if profile.preferred_catalogue_id:
        return profile.preferred_catalogue
    language = (get_language() or "en").split("-")[0]
    return (
        FlagCatalogue.objects.shared()
        .filter(language=language)
        .order_by("-is_default", "pk")
        .first()
        or FlagCatalogue.objects.default()
    )


def _update_versioned(instance, expected_version: int, fields: dict) -> None:
    """Save `fields` only if nobody saved the row since `expected_version` was read."""
    model = type(instance)
    updated = model.objects.filter(pk=instance.pk, version=expected_version).update(
        **fields, version=F("version") + 1, updated_at=timezone.now()
    )
    if not updated:
        raise EditConflict
    instance.refresh_from_db()


def update_client(*, client: Client, expected_version: int, fields: dict) -> Client:
    """Save a client's details unless someone changed them since `expected_version`."""
    _update_versioned(client, expected_version, fields)
    return client


def _lock_client(client: Client) -> None:
    """Lock the client as every score write does, and read its catalogue as it is now: a move
    onto the consultant's own catalogue (clients.catalogues) may have committed meanwhile."""
    client.catalogue_id = (
        Client.objects.select_for_update(no_key=True)
        .values_list("catalogue_id", flat=True)
        .get(pk=client.pk)
    )


def _on_current_catalogue(client: Client, observations: Iterable[ObservationInput]) -> list:
    """Return the observations with each flag taken from the client's current catalogue.

    A form opened before a move names the old catalogue's flags; the flag with the same key
    stands for it now, so nothing noted in that form is lost. Call it with the client locked.
    """
    observations = list(observations)
    stale = {o.flag.key for o in observations if o.flag.catalogue_id != client.catalogue_id}
    if not stale:
        return observations
    by_key = {f.key: f for f in Flag.objects.filter(catalogue=client.catalogue_id, key__in=stale)}
    if stale - set(by_key):
        raise EditConflict
    return [
        o
        if o.flag.catalogue_id == client.catalogue_id
        else ObservationInput(by_key[o.flag.key], o.strength, o.note, o.boundary)
        for o in observations
    ]


def _add_observations(observations: Iterable[ObservationInput], **source) -> None:
    Observation.objects.bulk_create(
        Observation(
            flag=item.flag, strength=item.strength, note=item.note, boundary=item.boundary, **source
        )
        for item in observations
    )


@dataclass(frozen=True)
class QuestionOutcome:
    """What became of an open question in an interaction: answered (with the answer) or dropped."""

    question: Question
    status: str
    answer: str = ""


def _write_questions(interaction: Interaction, *, asked: Iterable[str] = ()) -> None:
    """Make each line of the interaction's questions an open question, unless `asked` in it."""
    asked = set(asked)
    Question.objects.bulk_create(
        Question(
            client_id=interaction.client_id,
            asked_in=interaction,
            text=text,
            created_at=interaction.occurred_at,
        )
        for text in dict.fromkeys(split_questions(interaction.questions))
        if text not in asked
    )


def _close_questions(interaction: Interaction, outcomes: Iterable[QuestionOutcome]) -> None:
    """Answer or drop the outcomes' questions, all in one UPDATE."""
    outcomes = list(outcomes)
    if not outcomes:
        return
    answered = [o for o in outcomes if o.status == Question.Status.ANSWERED]
    # Only questions still open: one answered meanwhile in another tab keeps that answer.
    Question.objects.filter(
        pk__in=[o.question.pk for o in outcomes],
        client_id=interaction.client_id,
        status=Question.Status.OPEN,
    ).update(
        status=Case(*(When(pk=o.question.pk, then=Value(o.status)) for o in outcomes)),
        answer=Case(
            *(When(pk=o.question.pk, then=Value(o.answer)) for o in answered), default=Value("")
        ),
        answered_in=interaction,
        closed_at=timezone.now(),
    )


@transaction.atomic
def log_interaction(
    *,
    client: Client,
    fields: dict,
    observations: Iterable[ObservationInput],
    outcomes: Iterable[QuestionOutcome] = (),
    plan: PlanChange | None = None,
) -> Interaction:
    """Create an interaction with its observations and questions, and re-score the client.

    `outcomes` answer or drop the client's open questions, and `plan` sets or clears its
    planned contact, in the same transaction.
    """
    _lock_client(client)
    observations = _on_current_catalogue(client, observations)
    interaction = Interaction.objects.create(client=client, **fields)
    if plan is not None:
        plan_contact(client=client, planned=plan.contact)
    _add_observations(observations, interaction=interaction)
    _close_questions(interaction, outcomes)
    _write_questions(interaction)  # a new interaction has asked nothing yet
    _advance_status(client, interaction)
    refresh_client_score(client, locked=True)
    return interaction


def _advance_status(client: Client, interaction: Interaction) -> None:
    # A lead becomes a client in discovery at its first discovery call.
    if client.status == Client.Status.LEAD and interaction.kind == Interaction.Kind.DISCOVERY:
        Client.objects.filter(pk=client.pk).update(status=Client.Status.DISCOVERY)
        client.status = Client.Status.DISCOVERY


@transaction.atomic
def edit_interaction(
    *,
    interaction: Interaction,
    expected_version: int,
    fields: dict,
    observations: Iterable[ObservationInput],
) -> Interaction:
    """Replace an interaction's fields and observations, unless someone changed it meanwhile."""
    _lock_client(interaction.client)
    observations = _on_current_catalogue(interaction.client, observations)
    _update_versioned(interaction, expected_version, fields)
    interaction.observations.all().delete()
    _add_observations(observations, interaction=interaction)
    # Lines taken out of the text go, unless their question was answered or dropped since.
    interaction.questions_asked.filter(status=Question.Status.OPEN).exclude(
        text__in=split_questions(interaction.questions)
    ).delete()
    _write_questions(interaction, asked=interaction.questions_asked.values_list("text", flat=True))
    _advance_status(interaction.client, interaction)
    refresh_client_score(interaction.client, locked=True)
    return interaction


@transaction.atomic
def delete_interaction(interaction: Interaction) -> None:
    """Delete an interaction, its observations and the questions written in it; re-score.

    Questions answered or dropped in it are open again.
    """
    client = interaction.client
    Question.objects.filter(answered_in=interaction).update(
        status=Question.Status.OPEN, answer="", answered_in=None, closed_at=None
    )
    interaction.delete()
    refresh_client_score(client)


@transaction.atomic
def add_question(*, client: Client, text: str) -> Question:
    """Write down a question to ask the client, outside any interaction."""
    question = Question.objects.create(client=client, text=text)
    refresh_client_score(client)
    return question


@transaction.atomic
def save_review(
    *,
    phase: Phase,
    fields: dict,
    observations: Iterable[ObservationInput],
    expected_version: int | None = None,
) -> PhaseReview:
    """Create or replace the review of a phase with its observations; re-score the client."""
    _lock_client(phase.project.client)
    observations = _on_current_catalogue(phase.project.client, observations)
    review = getattr(phase, "review", None) if phase.pk else None
    if review is None:
        try:
            with transaction.atomic():
                review = PhaseReview.objects.create(phase=phase, **fields)
        except IntegrityError:
            # Another request reviewed the phase meanwhile (one review per phase).
            raise EditConflict from None
    else:
        _update_versioned(review, expected_version or 0, fields)
        review.observations.all().delete()
    _add_observations(observations, review=review)
    refresh_client_score(phase.project.client, locked=True)
    return review


@transaction.atomic
def delete_review(review: PhaseReview) -> None:
    """Delete a phase review and its observations, and re-score the client."""
    client = review.phase.project.client
    review.delete()
    refresh_client_score(client)


@transaction.atomic
def record_decision(
    *,
    client: Client,
    kind: str,
    reason: str = "",
    learning_goal: str = "",
    phase: Phase | None = None,
    now=None,
) -> Decision:
    """Record a decision with the score of this moment, and move the client's status.

    Accepting or declining inside the reflection period is allowed only with a reason. A
    checkpoint (continue, continue with changes, end) names the reviewed `phase` it follows.
    """
    now = now or timezone.now()
    ends_at = reflection_ends_at(client)
    early = kind != DecisionKind.NEED_INFO and ends_at is not None and now < ends_at
    # The stored score is the current one: every write that changes it re-scores the client.
    client.refresh_from_db(fields=["score", "score_low", "score_high", "band", "confidence"])
    try:
        with transaction.atomic():
            decision = Decision.objects.create(
                client=client,
                kind=kind,
                reason=reason,
                learning_goal=learning_goal,
                phase=phase,
                decided_at=now,
                decided_early=early,
                score=client.score,
                score_low=client.score_low,
                score_high=client.score_high,
                band=client.band,
                confidence=client.confidence,
            )
    except IntegrityError:
        # Another request took this phase's checkpoint meanwhile (one per phase).
        raise EditConflict from None
    Client.objects.filter(pk=client.pk).update(status=DECISION_STATUS[kind])
    client.status = DECISION_STATUS[kind]
    refresh_client_score(client)  # stores when the client was last decided on
    return decision


@transaction.atomic
def add_phase(phase: Phase) -> Phase:
    """Save a new phase of a project; the client's "review due" date follows it."""
    phase.save()
    refresh_client_score(phase.project.client)
    return phase


@transaction.atomic
def edit_phase(phase: Phase) -> Phase:
    """Save a phase's new name and dates; the client's "review due" date follows them."""
    phase.save()
    refresh_client_score(phase.project.client)
    return phase


class PhaseNotRunning(Exception):
    """The phase cannot end on that day: it starts after it, or ends on it or before."""


@transaction.atomic
def end_phase(*, phase: Phase, on: date) -> Phase:
    """End a running phase on `on` (the consultant's today), and re-score the client.

    Raise PhaseNotRunning, changing nothing, unless the phase has started by `on` and ends
    after it; `phase` then holds the dates that refused it.
    """
    # The dates as saved, under a lock: another tab may have edited or ended it meanwhile.
    # (no_key: only a date changes, so reviews being inserted need not wait for it.)
    phase.starts_on, phase.ends_on = (
        Phase.objects.select_for_update(no_key=True)
        .filter(pk=phase.pk)
        .values_list("starts_on", "ends_on")
        .get()
    )
    if not phase.starts_on <= on < phase.ends_on:
        raise PhaseNotRunning
    Phase.objects.filter(pk=phase.pk).update(ends_on=on)
    phase.ends_on = on
    refresh_client_score(phase.project.client)
    return phase


@transaction.atomic
def delete_phase(phase: Phase) -> None:
    """Delete a phase with its review and the review's observations; re-score the client.

    Without a review the score stays, but the client's "review due" date may move. Its
    checkpoint goes too; if that ended the work, the client is active again.
    """
    client = phase.project.client
    ended = Decision.objects.filter(phase=phase, kind=DecisionKind.END).exists()
    phase.delete()
    _follow_standing_decision(client, ended)
    refresh_client_score(client)


@transaction.atomic
def delete_project(project: Project) -> None:
    """Delete a project with its phases, their reviews, observations and checkpoints; re-score
    the client (active again if a checkpoint of the project had ended the work)."""
    client = project.client
    ended = Decision.objects.filter(phase__project=project, kind=DecisionKind.END).exists()
    project.delete()
    _follow_standing_decision(client, ended)
    refresh_client_score(client)


def _follow_standing_decision(client: Client, ended: bool) -> None:
    """Give the client the status of its latest standing decision, once an "end" went."""
    if not ended:
        return
    latest = (
        client.decisions.filter(kind__in=STANDING_KINDS)
        .order_by("-decided_at", "-pk")
        .values_list("kind", flat=True)
        .first()
    )
    if latest is not None:
        client.status = DECISION_STATUS[latest]
        Client.objects.filter(pk=client.pk).update(status=client.status)
