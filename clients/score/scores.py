"""Where the ORM meets the fit score: load a client's evidence, store its current score.

The same code turns rows into evidence for one client (its page, through clients.client_page,
which reads those rows with what else it shows) and for ten thousand (a re-score), so a score
is computed the same way wherever it is shown. Loading is set-wise: a handful of queries
whatever the number of clients.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection
from django.db.models import QuerySet, Value

from ..models import (
    Client,
    Decision,
    Flag,
    FlagCatalogue,
    Interaction,
    Observation,
    Phase,
    PhaseReview,
    Project,
    Question,
)
from . import scoring

# How many trend points the dashboard's sparkline keeps.
SPARKLINE_POINTS = 12


@dataclass
class ClientEvidence:
    """Everything the score of one client depends on, as plain values."""

    settings: scoring.ScoringSettings
    evidence: list[scoring.Evidence] = field(default_factory=list)
    guts: list[tuple[datetime, int]] = field(default_factory=list)
    moments: list[tuple[datetime, str]] = field(default_factory=list)
    outcomes: list[scoring.ReviewOutcome] = field(default_factory=list)

    @property
    def reference(self) -> datetime | None:
        """Return the client's most recent interaction or review, the anchor of recency."""
        return max((at for at, _ in self.moments), default=None)

    def first_gut(self) -> int | None:
        """Return the gut feeling of the earliest interaction that has one."""
        return min(self.guts)[1] if self.guts else None

    def fit(self) -> scoring.FitScore:
        """Return the client's current fit score."""
        return scoring.compute_fit(
            self.evidence,
            self.first_gut(),
            self.settings,
            reference=self.reference,
            outcomes=self.outcomes,
        )

    def score(self) -> scoring.Verdict:
        """Return the client's current score without its explanation (for storing it)."""
        return scoring.compute_score(
            self.evidence,
            self.first_gut(),
            self.settings,
            reference=self.reference,
            outcomes=self.outcomes,
        )

    def trend(self) -> list[scoring.TrendPoint]:
        """Return the score after each interaction and review, as known then."""
        return scoring.compute_trend(
            self.moments, self.evidence, self.guts, self.settings, outcomes=self.outcomes
        )


def catalogue_settings(catalogue: FlagCatalogue) -> scoring.ScoringSettings:
    """Return the scoring settings of a catalogue."""
    return scoring.ScoringSettings(
        half_life_days=float(catalogue.half_life_days),
        good_fit_min=catalogue.good_fit_min,
        poor_fit_below=catalogue.poor_fit_below,
    )


def load_evidence(clients: QuerySet[Client]) -> dict[int, ClientEvidence]:
    """Return the evidence of every client of the queryset, keyed by client id.

    Observations are read as bare ids and joined here to the interactions, reviews and
    flags already loaded: converting a date per observation is most of the cost otherwise.
    (One client's evidence, with its observations' flags joined, is `evidence_for`.)
    """
    catalogues = _catalogues_by_client(clients)
    loaded = {pk: ClientEvidence(catalogue_settings(c)) for pk, c in catalogues.items()}
    if not loaded:
        return loaded
    in_clients = clients.values("pk")

    interactions = Interaction.objects.filter(client__in=in_clients).order_by("occurred_at", "id")
    observations = Observation.objects.order_by()
    interaction_moments = add_interactions(
        loaded, interactions.values_list("pk", "client_id", "occurred_at", "gut")
    )

    reviews = PhaseReview.objects.filter(phase__project__client__in=in_clients)
    review_moments = add_reviews(loaded, _review_rows(reviews))

    flags = flag_facts(Flag.objects.filter(catalogue__in={c.pk for c in catalogues.values()}))
    sources = (
        ("interaction", "interaction_id", "interaction__client__in", interaction_moments),
        ("review", "review_id", "review__phase__project__client__in", review_moments),
    )
    for source, owner_field, client_filter, moments in sources:
        rows = observations.filter(**{client_filter: in_clients}).values_list(
            owner_field, "flag_id", "strength"
        )
        add_observations(loaded, rows, source=source, moments=moments, flags=flags)
    for entry in loaded.values():
        entry.moments.sort()
    return loaded


# The rows of interactions, reviews and observations become evidence here, whoever read them:
# `load_evidence` for many clients, the client page (clients.client_page) for one.
Moments = dict[int, tuple[int, datetime]]  # by interaction or review id: client id, moment


def add_interactions(loaded: dict[int, ClientEvidence], rows: Iterable[tuple]) -> Moments:
    """Add each interaction's moment and gut feeling to its client's evidence.

    `rows` are (id, client id, occurred_at, gut). Return each one's client and moment by id.
    """
    moments = {}
    for pk, client_id, occurred_at, gut in rows:
        entry = loaded[client_id]
        entry.moments.append((occurred_at, "interaction"))
        if gut is not None:
            entry.guts.append((occurred_at, gut))
        moments[pk] = (client_id, occurred_at)
    return moments


def add_reviews(loaded: dict[int, ClientEvidence], rows: Iterable[tuple]) -> Moments:
    """Add each phase review's moment and outcome to its client's evidence.

    `rows` are (id, client id, reviewed_at, phase name, *ratings, would_work_again). Return
    each one's client and moment by id.
    """
    moments = {}
    for pk, client_id, reviewed_at, phase, *ratings, would_work_again in rows:
        entry = loaded[client_id]
        entry.moments.append((reviewed_at, "review"))
        entry.outcomes.append(scoring.ReviewOutcome(phase, reviewed_at, *ratings, would_work_again))
        moments[pk] = (client_id, reviewed_at)
    return moments


def _review_rows(reviews: QuerySet[PhaseReview]):
    """Return the rows `add_reviews` reads, of the reviews of a queryset."""
    return reviews.order_by().values_list(
        "pk",
        "phase__project__client_id",
        "reviewed_at",
        "phase__name",
        *PhaseReview.RATING_FIELDS,
        "would_work_again",
    )


# What evidence needs of a flag: an observation only adds strength, source and time.
FLAG_FACTS = ("key", "label", "polarity", "category", "weight", "active")
OBSERVED_FLAG_FACTS = tuple(f"flag__{name}" for name in FLAG_FACTS)


def flag_facts(flags: Iterable[Flag]) -> dict[int, tuple]:
    """Return the FLAG_FACTS of each flag, by id."""
    return {flag.pk: tuple(getattr(flag, name) for name in FLAG_FACTS) for flag in flags}


def add_observations(
    loaded: dict[int, ClientEvidence],
    rows: Iterable[tuple],
    *,
    source: str,
    moments: Moments,
    flags: dict[int, tuple],
) -> None:
    """Add observations, as (interaction or review id, flag id, strength), as evidence."""
    for owner_id, flag_id, strength in rows:
        if owner_id not in moments:
            # Committed by another request between the queries: its own write re-scores.
            continue
        client_id, at = moments[owner_id]
        key, label, polarity, category, weight, active = flags[flag_id]
        evidence = scoring.Evidence(
            key, label, polarity, category, weight, strength, source, at, not active
        )
        loaded[client_id].evidence.append(evidence)


def _catalogues_by_client(clients: QuerySet[Client]) -> dict[int, FlagCatalogue]:
    catalogue_ids = dict(clients.values_list("pk", "catalogue_id"))
    catalogues = FlagCatalogue.objects.in_bulk(set(catalogue_ids.values()))
    return {pk: catalogues[catalogue_id] for pk, catalogue_id in catalogue_ids.items()}


def evidence_for(
    client: Client, *, excluding_interaction: Interaction | None = None
) -> ClientEvidence:
    """Return the evidence of one client, in three queries.

    `excluding_interaction` leaves one interaction out, to preview its replacement. The
    client's observations of both sources are one query, each row with its flag's facts (a
    join costs nothing for one client; `load_evidence` reads flags apart for thousands).
    """
    pk = client.pk
    # Callers hold the client with its catalogue (views select it): no query to find it again.
    loaded = {pk: ClientEvidence(catalogue_settings(client.catalogue))}
    interactions = Interaction.objects.filter(client=pk).order_by("occurred_at", "id")
    by_interaction = Observation.objects.filter(interaction__client=pk).order_by()
    if excluding_interaction is not None:
        interactions = interactions.exclude(pk=excluding_interaction.pk)
        by_interaction = by_interaction.exclude(interaction=excluding_interaction.pk)
    moments = {
        "interaction": add_interactions(
            loaded, interactions.values_list("pk", "client_id", "occurred_at", "gut")
        ),
        "review": add_reviews(
            loaded, _review_rows(PhaseReview.objects.filter(phase__project__client=pk))
        ),
    }
    by_review = Observation.objects.filter(review__phase__project__client=pk).order_by()
    rows = (
        by_interaction.annotate(source=Value("interaction"))
        .values_list("source", "interaction_id", "flag_id", "strength", *OBSERVED_FLAG_FACTS)
        .union(
            by_review.annotate(source=Value("review")).values_list(
                "source", "review_id", "flag_id", "strength", *OBSERVED_FLAG_FACTS
            ),
            all=True,
        )
        .order_by()
    )
    by_source = {"interaction": [], "review": []}
    flags = {}
    for source, owner_id, flag_id, strength, *facts in rows:
        by_source[source].append((owner_id, flag_id, strength))
        flags[flag_id] = tuple(facts)
    for source, observations in by_source.items():
        add_observations(loaded, observations, source=source, moments=moments[source], flags=flags)
    loaded[pk].moments.sort()
    return loaded[pk]


SCORE_FIELDS = (
    "score",
    "score_low",
    "score_high",
    "confidence",
    "band",
    "phase_reviewed",
    "score_trend",
    "last_contact_at",
)
# PostgreSQL reads VALUES literals as text: say what each column is.
_POSTGRES_CASTS = {
    "phase_reviewed": "::boolean",
    "score_trend": "::jsonb",
    "last_contact_at": "::timestamptz",
}


def refresh_scores(clients: QuerySet[Client], *, batch_size: int = 1000) -> int:
    """Recompute and store the score of every client of the queryset; return how many.

    Call it inside the transaction of the write that changed the evidence, so a stored
    score is never stale.
    """
    return _store_scores(load_evidence(clients), batch_size=batch_size)


def _store_scores(evidence: dict[int, ClientEvidence], *, batch_size: int = 1000) -> int:
    rows = []
    for pk, entry in evidence.items():
        fit = entry.score()
        trend = entry.trend()
        interaction_times = [at for at, source in entry.moments if source == "interaction"]
        rows.append(
            (
                pk,
                fit.score,
                fit.low,
                fit.high,
                fit.confidence,
                fit.band,
                fit.reviewed,
                json.dumps([point.score for point in trend[-SPARKLINE_POINTS:]]),
                # Adapted as Django would, so SQLite stores it in the same text format.
                connection.ops.adapt_datetimefield_value(max(interaction_times, default=None)),
            )
        )
    for start in range(0, len(rows), batch_size):
        _write_scores(rows[start : start + batch_size])
    return len(rows)


def _write_scores(rows: list[tuple]) -> None:
    """Store many clients' scores in one UPDATE … FROM (VALUES …), with the values the
    dashboard reads from their other rows (DERIVED_FIELDS) in the same statement.

    Django's bulk_update builds a CASE per field and row, which is several times slower
    for thousands of clients; both SQLite (3.33+) and PostgreSQL take this form.
    """
    quote = connection.ops.quote_name
    casts = _POSTGRES_CASTS if connection.vendor == "postgresql" else {}
    table = quote(Client._meta.db_table)
    columns = ", ".join(quote(f) for f in ("id", *SCORE_FIELDS))
    assignments = [f"{quote(f)} = v.{quote(f)}{casts.get(f, '')}" for f in SCORE_FIELDS]
    assignments += [f"{quote(f)} = {f}.value" for f in DERIVED_FIELDS]
    placeholders = ", ".join(["(" + ", ".join(["%s"] * (len(SCORE_FIELDS) + 1)) + ")"] * len(rows))
    derived = _derived_values()
    tables = "".join(f", {f} (client_id, value) AS ({sql})" for f, (sql, _) in derived.items())
    joins = "".join(f" LEFT JOIN {f} ON {f}.client_id = v.id" for f in DERIVED_FIELDS)
    sql = (
        f"WITH v ({columns}) AS (VALUES {placeholders}){tables} "
        f"UPDATE {table} SET {', '.join(assignments)} FROM v{joins} WHERE {table}.id = v.id"
    )
    params = [value for row in rows for value in row]
    params += [param for _sql, field_params in derived.values() for param in field_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


# Read from the client's other rows when its score is stored: the evidence lacks them.
DERIVED_FIELDS = (
    "last_discovery_at",
    "last_decision_at",
    "review_due_on",
    "checkpoint_due_since",
    "open_questions",
)


def _derived_values() -> dict[str, tuple[str, list]]:
    """Return, for each of DERIVED_FIELDS, the SQL of (client_id, value) for the clients of
    `v`, and its parameters (set-wise: one pass per table for a whole batch of clients)."""
    quote = connection.ops.quote_name
    models = (Interaction, Decision, Phase, Project, PhaseReview, Question)
    interaction, decision, phase, project, review, question = (
        quote(m._meta.db_table) for m in models
    )
    batch = "IN (SELECT id FROM v)"
    return {
        "last_discovery_at": (
            f"SELECT client_id, MAX(occurred_at) FROM {interaction} "
            f"WHERE kind = %s AND client_id {batch} GROUP BY client_id",
            [Interaction.Kind.DISCOVERY.value],
        ),
        "last_decision_at": (
            f"SELECT client_id, MAX(decided_at) FROM {decision} "
            f"WHERE client_id {batch} GROUP BY client_id",
            [],
        ),
        "review_due_on": (
            f"SELECT pr.client_id, MIN(ph.ends_on) FROM {phase} ph "
            f"JOIN {project} pr ON pr.id = ph.project_id "
            f"LEFT JOIN {review} r ON r.phase_id = ph.id "
            f"WHERE r.id IS NULL AND pr.client_id {batch} GROUP BY pr.client_id",
            [],
        ),
        # The client's latest review, while no checkpoint answers it (at most one row each).
        "checkpoint_due_since": (
            f"SELECT pr.client_id, r.reviewed_at FROM {review} r "
            f"JOIN {phase} ph ON ph.id = r.phase_id "
            f"JOIN {project} pr ON pr.id = ph.project_id "
            f"WHERE pr.client_id {batch} "
            f"AND NOT EXISTS (SELECT 1 FROM {decision} d WHERE d.phase_id = ph.id) "
            f"AND NOT EXISTS (SELECT 1 FROM {review} r2 "
            f"JOIN {phase} ph2 ON ph2.id = r2.phase_id "
            f"JOIN {project} pr2 ON pr2.id = ph2.project_id "
            f"WHERE pr2.client_id = pr.client_id AND (r2.reviewed_at > r.reviewed_at "
            f"OR (r2.reviewed_at = r.reviewed_at AND r2.id > r.id)))",
            [],
        ),
        # A row for every client, 0 without open questions (the others are NULL then).
        "open_questions": (
            f"SELECT v.id, COUNT(q.id) FROM v LEFT JOIN {question} q "
            f"ON q.client_id = v.id AND q.status = %s GROUP BY v.id",
            [Question.Status.OPEN.value],
        ),
    }


def refresh_client_score(client: Client, *, locked: bool = False) -> None:
    """Recompute and store one client's score; the instance forgets its old copy of it.

    `locked`: the caller's transaction locked the client row already, as this would.
    """
    # Writers to one client take turns, so each scores what the previous one committed.
    # (no_key: a plain FOR UPDATE would deadlock with the foreign-key locks of the inserts.)
    if not locked:
        list(Client.objects.select_for_update(no_key=True).filter(pk=client.pk).values_list("pk"))
    _store_scores({client.pk: evidence_for(client)})
    # Read back only when asked for (a view redirects): a field not loaded loads on access.
    for name in SCORE_FIELDS + DERIVED_FIELDS:
        client.__dict__.pop(name, None)
