"""The client page and its call sheet: everything they show of one client, in six queries.

1. the client, with its catalogue, its consultant's reflection period and its decisions (one
   row per decision: a client has few, and they come with it);
2. its interactions, one row per observation of each;
3. its projects, one row per phase, or per observation of a phase's review;
4. its catalogue's flags;
5. its questions;
6. its consultant's active boundaries.

The score, the trend, the timeline, the projects and the "before your next call" panel are
derived from these rows in Python, so nothing is asked twice and the count does not grow with
the history. What the timeline shows is prepared here as plain values.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from django.db.models import FilteredRelation, OuterRef, Subquery
from django.http import Http404
from django.utils.translation import gettext

from .. import decisions
from ..dates import LocalDates
from ..links import url_maker
from ..models import (
    DEFAULT_REFLECTION_HOURS,
    Boundary,
    Client,
    ConsultantProfile,
    Decision,
    Flag,
    Interaction,
    PhaseReview,
    Project,
    Question,
    Strength,
)
from ..score import scoring
from ..score.scores import (
    ClientEvidence,
    add_interactions,
    add_observations,
    add_reviews,
    catalogue_settings,
    flag_facts,
)
from ..templatetags.fitcheck import signed
from .charts import TrendPhase
from .next_call import Lesson, NextCall, prepare

SEEN_FIELDS = ("flag_id", "strength", "note", "boundary_id")
SATISFACTION = PhaseReview.RATING_FIELDS.index("satisfaction")


class Seen(NamedTuple):
    """An observation of an interaction or a review."""

    flag_id: int
    strength: int
    note: str
    boundary_id: int | None


@dataclass
class InteractionRow:
    pk: int
    occurred_at: datetime
    kind: str
    gut: int | None
    notes: str
    observations: list[Seen] = field(default_factory=list)


@dataclass
class ReviewRow:
    pk: int
    reviewed_at: datetime
    ratings: tuple[int, ...]  # in the order of PhaseReview.RATING_FIELDS
    would_work_again: bool
    learned: str
    observations: list[Seen] = field(default_factory=list)

    @property
    def satisfaction(self) -> int:
        return self.ratings[SATISFACTION]


@dataclass
class PhaseRow:
    pk: int
    name: str
    starts_on: date
    ends_on: date
    review: ReviewRow | None


@dataclass
class ProjectRow:
    pk: int
    name: str
    description: str
    phases: list[PhaseRow] = field(default_factory=list)


class Chip(NamedTuple):
    """An observation as the timeline shows it."""

    polarity: str
    colour: str  # "green flag" or "red flag", in words
    label: str
    strength: str  # in words
    note: str


@dataclass(frozen=True)
class InteractionEntry:
    edit_url: str
    at: datetime
    iso: str  # `at` in ISO 8601, in local time
    when: str  # `at` as DATETIME_FORMAT says
    day: str  # `at` as SHORT_DATE_FORMAT says
    kind: str  # the kind of interaction, in words
    gut: str | None  # signed
    notes: str
    chips: list[Chip]
    closed: list[Question]  # the questions answered or dropped in it
    asked: list[Question]  # the questions written in it
    source: str = "interaction"


@dataclass(frozen=True)
class ReviewEntry:
    edit_url: str
    phase: str
    at: datetime
    iso: str
    when: str  # `at` as DATE_FORMAT says
    satisfaction: int
    would_work_again: bool
    learned: str
    chips: list[Chip]
    source: str = "review"


@dataclass
class ClientPage:
    """One client as its page shows it, loaded in six queries (see the module's docstring)."""

    client: Client
    decisions: list[Decision]  # newest first
    interactions: list[InteractionRow]  # oldest first
    projects: list[ProjectRow]
    flags: dict[int, Flag]  # the catalogue's, retired ones included, by id
    questions: list[Question]
    boundaries: list[Boundary]  # the consultant's active ones
    reflection_hours: int

    def reviews(self) -> list[tuple[PhaseRow, ReviewRow]]:
        """Return each reviewed phase with its review."""
        return [
            (phase, phase.review)
            for project in self.projects
            for phase in project.phases
            if phase.review is not None
        ]

    def evidence(self) -> ClientEvidence:
        """Return the client's evidence, as `clients.score.scores.load_evidence` reads it."""
        pk = self.client.pk
        evidence = ClientEvidence(catalogue_settings(self.client.catalogue))
        loaded = {pk: evidence}
        interactions = add_interactions(
            loaded, [(i.pk, pk, i.occurred_at, i.gut) for i in self.interactions]
        )
        reviews = add_reviews(
            loaded,
            [
                (
                    review.pk,
                    pk,
                    review.reviewed_at,
                    phase.name,
                    *review.ratings,
                    review.would_work_again,
                )
                for phase, review in self.reviews()
            ],
        )
        flags = flag_facts(self.flags.values())
        for source, owners, moments in (
            ("interaction", self.interactions, interactions),
            ("review", [review for _phase, review in self.reviews()], reviews),
        ):
            rows = [
                (owner.pk, s.flag_id, s.strength) for owner in owners for s in owner.observations
            ]
            add_observations(loaded, rows, source=source, moments=moments, flags=flags)
        evidence.moments.sort()
        return evidence

    def open_questions(self) -> list[Question]:
        return [q for q in self.questions if q.status == Question.Status.OPEN]

    def next_call(self, evidence: ClientEvidence, fit: scoring.FitScore) -> NextCall:
        """Return the "before your next call" panel."""
        discussed = {
            seen.boundary_id
            for owner in [*self.interactions, *(review for _phase, review in self.reviews())]
            for seen in owner.observations
        }
        return prepare(
            evidence,
            fit,
            flags=[flag for flag in self.flags.values() if flag.active],
            open_questions=self.open_questions(),
            boundaries=[b for b in self.boundaries if b.pk not in discussed],
            lesson=self.lesson(),
        )

    def lesson(self) -> Lesson | None:
        """Return what the latest phase review that says what was learned says."""
        taught = [(review, phase) for phase, review in self.reviews() if review.learned]
        if not taught:
            return None
        review, phase = max(taught, key=lambda pair: (pair[0].reviewed_at, pair[0].pk))
        return Lesson(phase.name, review.learned)

    def reflection_ends_at(self) -> datetime | None:
        return decisions.reflection_ends_at(
            self.client,
            interactions=[(i.occurred_at, i.kind) for i in self.interactions],
            hours=self.reflection_hours,
        )

    def decision_panel(self) -> decisions.Panel:
        """Return what the decision panel shows for the client's stage."""
        reviews = [(phase.pk, phase.name, review) for phase, review in self.reviews()]
        names = {phase.pk: phase.name for project in self.projects for phase in project.phases}
        return decisions.panel(self.client, self.decisions, reviews, names)

    def chart_phases(self) -> list[TrendPhase]:
        """Return each phase as the trend chart draws it, with its review's date and
        satisfaction."""
        return [
            TrendPhase(
                phase.starts_on,
                phase.ends_on,
                phase.name,
                phase.review and phase.review.reviewed_at,
                phase.review and phase.review.satisfaction,
            )
            for project in self.projects
            for phase in project.phases
        ]

    def chart_decisions(self) -> list[tuple[datetime, str]]:
        """Return each decision as the trend chart marks it: when, and its kind in words."""
        return [(decision.decided_at, decision.get_kind_display()) for decision in self.decisions]

    def chart_feelings(self) -> list[tuple[datetime, int]]:
        """Return the gut feelings of the interactions that have one, oldest first."""
        return [(i.occurred_at, i.gut) for i in self.interactions if i.gut is not None]

    def timeline(self, limit: int | None) -> list[InteractionEntry | ReviewEntry]:
        """Return the interactions and reviews, newest first, at most `limit` of them."""
        chip = self._chip_maker()
        asked, closed = {}, {}
        for question in self.questions:
            asked.setdefault(question.asked_in_id, []).append(question)
            closed.setdefault(question.answered_in_id, []).append(question)
        kinds = {value: str(label) for value, label in Interaction.Kind.choices}
        edit_interaction, edit_review = url_maker("interaction_edit"), url_maker("phase_review")
        interaction_dates = LocalDates("c", "DATETIME_FORMAT", "SHORT_DATE_FORMAT")
        review_dates = LocalDates("c", "DATE_FORMAT")
        entries = []
        for i in reversed(self.interactions[-limit:] if limit else self.interactions):
            entries.append(
                InteractionEntry(
                    edit_interaction(i.pk),
                    i.occurred_at,
                    *interaction_dates(i.occurred_at),
                    kinds[i.kind],
                    None if i.gut is None else signed(i.gut),
                    i.notes,
                    [chip(seen) for seen in i.observations],
                    closed.get(i.pk, []),
                    asked.get(i.pk, []),
                )
            )
        reviews = sorted(self.reviews(), key=lambda pair: (pair[1].reviewed_at, pair[1].pk))
        for phase, review in reversed(reviews[-limit:] if limit else reviews):
            entries.append(
                ReviewEntry(
                    edit_review(phase.pk),
                    phase.name,
                    review.reviewed_at,
                    *review_dates(review.reviewed_at),
                    review.satisfaction,
                    review.would_work_again,
                    review.learned,
                    [chip(seen) for seen in review.observations],
                )
            )
        entries.sort(key=lambda entry: entry.at, reverse=True)
        return entries[:limit]

    def _chip_maker(self):
        strengths = {value: str(label) for value, label in Strength.choices}
        colours = {"green": gettext("green flag"), "red": gettext("red flag")}

        def chip(seen: Seen) -> Chip:
            flag = self.flags[seen.flag_id]
            polarity = flag.polarity
            return Chip(
                polarity, colours[polarity], flag.label, strengths[seen.strength], seen.note
            )

        return chip


def load(user, pk: int) -> ClientPage:
    """Return the page of the consultant's client `pk`; 404 for anyone else's."""
    client, decisions, hours = _client(user, pk)
    return ClientPage(
        client=client,
        decisions=decisions,
        interactions=_interactions(client),
        projects=_projects(client),
        # The catalogue's own order, without joining the catalogue to sort by its name.
        flags={
            flag.pk: flag
            for flag in Flag.objects.filter(catalogue=client.catalogue_id).order_by(
                "category", "position", "label"
            )
        },
        questions=list(Question.objects.filter(client=client)),
        boundaries=list(Boundary.objects.filter(owner=client.owner_id, active=True)),
        reflection_hours=hours,
    )


def _client(user, pk: int) -> tuple[Client, list[Decision], int]:
    """Return the client, its decisions and its consultant's reflection period in hours."""
    rows = list(
        Client.objects.filter(pk=pk, owner=user)
        # One row per decision, or one without: the decisions come with the client.
        .annotate(
            decision=FilteredRelation("decisions"),
            owner_reflection_hours=Subquery(
                ConsultantProfile.objects.filter(user=OuterRef("owner")).values("reflection_hours")
            ),
        )
        .select_related("catalogue", "decision")
        .order_by("-decision__decided_at", "-decision__id")
    )
    if not rows:
        raise Http404
    decisions = [row.decision for row in rows if getattr(row, "decision", None) is not None]
    client = rows[0]
    hours = client.owner_reflection_hours
    if hours is None:  # no profile yet
        hours = DEFAULT_REFLECTION_HOURS
    return client, decisions, hours


def _interactions(client: Client) -> list[InteractionRow]:
    rows = (
        Interaction.objects.filter(client=client)
        .order_by("occurred_at", "pk", "observations__pk")
        .values_list(
            "pk",
            "occurred_at",
            "kind",
            "gut",
            "notes",
            *(f"observations__{name}" for name in SEEN_FIELDS),
        )
    )
    loaded: dict[int, InteractionRow] = {}
    for row in rows:
        interaction = loaded.get(row[0])
        if interaction is None:
            interaction = loaded[row[0]] = InteractionRow(*row[:5])
        if row[5] is not None:
            interaction.observations.append(Seen(*row[5:]))
    return list(loaded.values())


PHASE = "phases__"
REVIEW = "phases__review__"
REVIEW_FIELDS = ("pk", "reviewed_at", *PhaseReview.RATING_FIELDS, "would_work_again", "learned")


def _projects(client: Client) -> list[ProjectRow]:
    rows = (
        Project.objects.filter(client=client)
        .order_by(
            "created_at", "pk", f"{PHASE}starts_on", f"{PHASE}pk", f"{REVIEW}observations__pk"
        )
        .values_list(
            "pk",
            "name",
            "description",
            *(PHASE + name for name in ("pk", "name", "starts_on", "ends_on")),
            *(REVIEW + name for name in REVIEW_FIELDS),
            *(f"{REVIEW}observations__{name}" for name in SEEN_FIELDS),
        )
    )
    projects: dict[int, ProjectRow] = {}
    phases: dict[int, PhaseRow] = {}
    review_end = 7 + len(REVIEW_FIELDS)
    for row in rows:
        pk, name, description, phase_pk, phase_name, starts_on, ends_on = row[:7]
        project = projects.get(pk)
        if project is None:
            project = projects[pk] = ProjectRow(pk, name, description)
        if phase_pk is None:
            continue
        phase = phases.get(phase_pk)
        if phase is None:
            phase = phases[phase_pk] = PhaseRow(
                phase_pk, phase_name, starts_on, ends_on, _review(row[7:review_end])
            )
            project.phases.append(phase)
        seen = row[review_end:]
        if seen[0] is not None:
            phase.review.observations.append(Seen(*seen))
    return list(projects.values())


def _review(values: tuple) -> ReviewRow | None:
    pk, reviewed_at, *ratings, would_work_again, learned = values
    if pk is None:
        return None
    return ReviewRow(pk, reviewed_at, tuple(ratings), would_work_again, learned)
