"""Where the ORM meets the fit score: load a client's evidence, store its current score.

The same loader serves one client (its page) and ten thousand (a re-score), so a score is
computed the same way wherever it is shown. Loading is set-wise: a handful of queries
whatever the number of clients.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q, QuerySet

from . import scoring
from .models import (
    Client,
    FlagCatalogue,
    Interaction,
    Observation,
    PhaseReview,
    split_questions,
)

# How many trend points the dashboard's sparkline keeps.
SPARKLINE_POINTS = 12


@dataclass
class ClientEvidence:
    """Everything the score of one client depends on, as plain values."""

    settings: scoring.ScoringSettings
    evidence: list[scoring.Evidence] = field(default_factory=list)
    guts: list[tuple[datetime, int]] = field(default_factory=list)
    moments: list[tuple[datetime, str]] = field(default_factory=list)
    latest_questions: str = ""

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
            self.evidence, self.first_gut(), self.settings, reference=self.reference
        )

    def trend(self) -> list[scoring.TrendPoint]:
        """Return the score after each interaction and review, as known then."""
        return scoring.compute_trend(self.moments, self.evidence, self.guts, self.settings)


def catalogue_settings(catalogue: FlagCatalogue) -> scoring.ScoringSettings:
    """Return the scoring settings of a catalogue."""
    return scoring.ScoringSettings(
        half_life_days=float(catalogue.half_life_days),
        good_fit_min=catalogue.good_fit_min,
        poor_fit_below=catalogue.poor_fit_below,
    )


_FLAG_FIELDS = (
    "flag__key",
    "flag__label",
    "flag__polarity",
    "flag__category",
    "flag__weight",
    "flag__active",
    "strength",
)


def load_evidence(
    clients: QuerySet[Client], *, excluding_interaction: Interaction | None = None
) -> dict[int, ClientEvidence]:
    """Return the evidence of every client of the queryset, keyed by client id.

    `excluding_interaction` leaves one interaction out, to preview its replacement.
    """
    loaded = {
        pk: ClientEvidence(settings=catalogue_settings(catalogue))
        for pk, catalogue in _catalogues_by_client(clients).items()
    }
    if not loaded:
        return loaded
    in_clients = clients.values("pk")

    interactions = Interaction.objects.filter(client__in=in_clients).order_by("occurred_at", "id")
    observations = Observation.objects.all()
    if excluding_interaction is not None:
        interactions = interactions.exclude(pk=excluding_interaction.pk)
        observations = observations.exclude(interaction=excluding_interaction.pk)
    for client_id, occurred_at, gut, questions in interactions.values_list(
        "client_id", "occurred_at", "gut", "questions"
    ):
        entry = loaded[client_id]
        entry.moments.append((occurred_at, "interaction"))
        entry.latest_questions = questions
        if gut is not None:
            entry.guts.append((occurred_at, gut))

    reviews = PhaseReview.objects.filter(phase__project__client__in=in_clients)
    for client_id, reviewed_at in reviews.values_list("phase__project__client_id", "reviewed_at"):
        loaded[client_id].moments.append((reviewed_at, "review"))

    sources = (
        ("interaction", Q(interaction__client__in=in_clients), "interaction__"),
        ("review", Q(review__phase__project__client__in=in_clients), "review__phase__project__"),
    )
    for source, condition, path in sources:
        at = "interaction__occurred_at" if source == "interaction" else "review__reviewed_at"
        rows = observations.filter(condition).values_list(f"{path}client_id", at, *_FLAG_FIELDS)
        for client_id, when, key, label, polarity, category, weight, active, strength in rows:
            loaded[client_id].evidence.append(
                scoring.Evidence(
                    flag_key=key,
                    label=label,
                    polarity=polarity,
                    category=category,
                    weight=weight,
                    strength=strength,
                    source=source,
                    at=when,
                    retired=not active,
                )
            )
    for entry in loaded.values():
        entry.moments.sort()
    return loaded


def _catalogues_by_client(clients: QuerySet[Client]) -> dict[int, FlagCatalogue]:
    catalogue_ids = dict(clients.values_list("pk", "catalogue_id"))
    catalogues = FlagCatalogue.objects.in_bulk(set(catalogue_ids.values()))
    return {pk: catalogues[catalogue_id] for pk, catalogue_id in catalogue_ids.items()}


def evidence_for(
    client: Client, *, excluding_interaction: Interaction | None = None
) -> ClientEvidence:
    """Return the evidence of one client."""
    clients = Client.objects.filter(pk=client.pk)
    return load_evidence(clients, excluding_interaction=excluding_interaction)[client.pk]


SCORE_FIELDS = (
    "score",
    "score_low",
    "score_high",
    "confidence",
    "band",
    "score_trend",
    "last_contact_at",
    "open_questions",
)


def refresh_scores(clients: QuerySet[Client], *, batch_size: int = 2000) -> int:
    """Recompute and store the score of every client of the queryset; return how many.

    Call it inside the transaction of the write that changed the evidence, so a stored
    score is never stale.
    """
    loaded = load_evidence(clients)
    updated = []
    for pk, entry in loaded.items():
        fit = entry.fit()
        trend = entry.trend()
        interaction_times = [at for at, source in entry.moments if source == "interaction"]
        updated.append(
            Client(
                pk=pk,
                score=fit.score,
                score_low=fit.low,
                score_high=fit.high,
                confidence=fit.confidence,
                band=fit.band,
                score_trend=[point.score for point in trend[-SPARKLINE_POINTS:]],
                last_contact_at=max(interaction_times, default=None),
                open_questions=len(split_questions(entry.latest_questions)),
            )
        )
    Client.objects.bulk_update(updated, SCORE_FIELDS, batch_size=batch_size)
    return len(updated)


def refresh_client_score(client: Client) -> None:
    """Recompute and store one client's score, and set it on the instance too."""
    refresh_scores(Client.objects.filter(pk=client.pk))
    client.refresh_from_db(fields=SCORE_FIELDS)
