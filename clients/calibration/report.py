"""Calibration — "is my gut right?": a consultant's outcomes against their first impressions,
scores and flags, loaded set-wise (a constant number of queries whatever the number of
clients) into plain values the page, the command and the tests all read.

Only the consultant's clients with at least one phase review count, archived ones included.
The statistics themselves are pure functions in clients.calibration.stats.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import formats
from django.utils.text import get_text_list
from django.utils.translation import gettext, ngettext

from ..models import (
    Band,
    Breed,
    Client,
    Decision,
    DecisionKind,
    Flag,
    FlagCatalogue,
    Interaction,
    Observation,
    PhaseReview,
)
from . import stats


@dataclass
class ReviewedClient:
    """One client with at least one phase review, as the figures see it."""

    pk: int
    name: str
    breed: str
    archived: bool
    catalogue_id: int
    satisfactions: list[int] = field(default_factory=list)
    learned: list[str] = field(default_factory=list)
    first_review_at: datetime | None = None
    first_gut: int | None = None
    # The first accept, stretch or decline (need_info is not a decision about fit).
    decision_kind: str = ""
    decision_score: int | None = None
    decision_band: str = ""
    decided_at: datetime | None = None
    stretch_goal: str = ""
    ended_after: str = ""  # the phase after which the consultant ended the work, if any
    # By key: flags of different catalogues (English, French, my own) with one key are one flag.
    seen_flag_keys: set[str] = field(default_factory=set)

    @property
    def outcome(self) -> float:
        """Return the mean overall satisfaction of the client's phase reviews."""
        return stats.mean(self.satisfactions)

    @property
    def verdict(self) -> str | None:
        """Return "good", "bad", or None for an outcome in between."""
        return stats.outcome_verdict(self.outcome)

    @property
    def cutoff(self) -> datetime | None:
        """Return the moment before which a flag counts as seen before the decision."""
        return self.decided_at or self.first_review_at


@dataclass(frozen=True)
class Figure:
    """One "something vs outcome" comparison: its pairs, ρ, the sentence and the plot."""

    subject: str  # "gut" | "score"
    rows: tuple[tuple[ReviewedClient, int, str], ...]  # client, x, x as written; by x
    rho: float | None
    sentence: str  # the verdict with ρ, for those who open "How this is computed"
    chart: stats.Scatter | None
    right: int  # gut: clients whose first impression was right; score: concordant pairs
    out_of: int  # gut: clients with a first gut feeling; score: pairs compared
    lead: str  # the plain sentence the figure opens with
    method: str  # how `right` is counted

    @property
    def count(self) -> int:
        return len(self.rows)


@dataclass(frozen=True)
class BandRow:
    band: str
    label: str
    good: int
    bad: int


@dataclass(frozen=True)
class FlagRow:
    flag: Flag
    seen: int  # reviewed clients where it was seen before the decision
    seen_mean: float | None
    unseen: int
    unseen_mean: float | None
    good_with: int
    bad_with: int
    llr: float
    suggested: int
    contradiction: str  # the sentence pointing it out, or ""

    @property
    def changes(self) -> bool:
        return self.suggested != self.flag.weight

    @property
    def llr_text(self) -> str:
        """Return the LLR as written, or a dash when no good or bad client had the flag: the
        smoothing alone would then show a ratio that is only the good/bad balance."""
        if not self.good_with + self.bad_with:
            return "—"
        return stats.signed_number(self.llr, 2)


@dataclass(frozen=True)
class BreedRow:
    breed: str
    label: str
    count: int
    mean: float | None
    good: int
    bad: int


@dataclass(frozen=True)
class Calibration:
    """Everything the calibration page shows."""

    clients: tuple[ReviewedClient, ...]
    gut: Figure
    score: Figure
    bands: tuple[BandRow, ...]
    middling: int  # decided clients with an outcome neither good nor bad: not in `bands`
    catalogue: FlagCatalogue | None  # the consultant's own, else their clients' usual one
    catalogue_clients: int  # reviewed clients, of every catalogue: the flags' sample
    good_total: int
    bad_total: int
    flags: tuple[FlagRow, ...]
    breeds: tuple[BreedRow, ...]
    stretch: tuple[ReviewedClient, ...]
    checkpoints: "Checkpoints"

    @property
    def changes(self) -> tuple[FlagRow, ...]:
        """Return the flags whose suggested weight differs from the current one."""
        return tuple(row for row in self.flags if row.changes)

    @property
    def can_apply(self) -> bool:
        """Return True when the suggestions apply to the consultant's own catalogue."""
        return self.catalogue is not None and self.catalogue.is_own

    @property
    def contradictions(self) -> tuple[FlagRow, ...]:
        return tuple(row for row in self.flags if row.contradiction)


def calibration_for(owner) -> Calibration:
    """Return the calibration of a consultant, from their clients with a phase review.

    Flags pool every reviewed client by key, whatever its catalogue; their rows and weights
    are those of the consultant's own catalogue, else of the one most of them use.
    """
    clients = _load_clients(owner)
    catalogue = _flags_catalogue(owner, clients)
    flags = list(Flag.objects.filter(catalogue=catalogue)) if catalogue else []
    good_total = sum(1 for c in clients if c.verdict == "good")
    bad_total = sum(1 for c in clients if c.verdict == "bad")
    decided = [c for c in clients if c.decision_score is not None]
    return Calibration(
        clients=tuple(clients),
        gut=_figure("gut", [(c, c.first_gut) for c in clients if c.first_gut is not None]),
        score=_figure("score", [(c, c.decision_score) for c in decided]),
        bands=tuple(_band_rows(decided)),
        middling=sum(1 for c in decided if c.verdict is None),
        catalogue=catalogue,
        catalogue_clients=len(clients),
        good_total=good_total,
        bad_total=bad_total,
        flags=tuple(_flag_row(flag, clients, good_total, bad_total) for flag in flags),
        breeds=tuple(_breed_rows(clients)),
        stretch=tuple(c for c in clients if c.stretch_goal),
        checkpoints=_checkpoints(decided),
    )


@dataclass(frozen=True)
class Checkpoints:
    """The clients ended after a phase, against those the consultant went on with."""

    ended: tuple[ReviewedClient, ...]
    went_on: tuple[ReviewedClient, ...]
    sentence: str


def _checkpoints(decided: list[ReviewedClient]) -> Checkpoints:
    ended = tuple(c for c in decided if c.ended_after)
    went_on = tuple(c for c in decided if not c.ended_after)
    if not ended:
        sentence = gettext("You have not ended the work with any client after a phase yet.")
    else:
        sentence = ngettext(
            "You ended the work after a phase with %(ended)s of your %(total)s reviewed "
            "clients; at your first decision its score was %(scores)s",
            "You ended the work after a phase with %(ended)s of your %(total)s reviewed "
            "clients; at your first decision their scores were %(scores)s",
            len(ended),
        ) % {
            "ended": len(ended),
            "total": len(decided),
            "scores": get_text_list([str(c.decision_score) for c in ended], gettext("and")),
        }
        if went_on:
            mean = stats.mean([c.decision_score for c in went_on])
            sentence += gettext(", against %(mean)s on average for those you went on with.") % {
                "mean": formats.number_format(mean, 1)
            }
        else:
            sentence += "."
    return Checkpoints(ended, went_on, sentence)


def _load_clients(owner) -> list[ReviewedClient]:
    # Four queries whatever the number of clients: reviews (with their client), guts,
    # decisions, and flags seen in interactions; the loops below only walk their rows.
    # A client whose first review lands between these queries is skipped: it was not
    # reviewed when the first one ran, and this read takes no lock.
    reviews = (
        PhaseReview.objects.filter(phase__project__client__owner=owner)
        .order_by("reviewed_at", "id")
        .values_list(
            "phase__project__client_id",
            "phase__project__client__name",
            "phase__project__client__breed",
            "phase__project__client__archived",
            "phase__project__client__catalogue_id",
            "satisfaction",
            "reviewed_at",
            "learned",
        )
    )
    by_pk: dict[int, ReviewedClient] = {}
    for pk, name, breed, archived, catalogue_id, satisfaction, reviewed_at, learned in reviews:
        client = by_pk.get(pk)
        if client is None:
            client = by_pk[pk] = ReviewedClient(pk, name, breed, archived, catalogue_id)
            client.first_review_at = reviewed_at
        client.satisfactions.append(satisfaction)
        if learned.strip():
            client.learned.append(learned.strip())
    if not by_pk:
        return []
    reviewed = _reviewed_clients(owner)

    guts = Interaction.objects.filter(client__in=reviewed, gut__isnull=False)
    first_guts: dict[int, tuple[datetime, int]] = {}
    for pk, occurred_at, gut in guts.values_list("client_id", "occurred_at", "gut"):
        # The earliest interaction with a gut, ties broken as clients.score.scores does.
        if pk not in first_guts or (occurred_at, gut) < first_guts[pk]:
            first_guts[pk] = (occurred_at, gut)
    for pk, (_at, gut) in first_guts.items():
        if pk in by_pk:
            by_pk[pk].first_gut = gut

    decisions = (
        Decision.objects.filter(client__in=reviewed)
        .exclude(kind=DecisionKind.NEED_INFO)
        .order_by("decided_at", "id")
        .values_list(
            "client_id", "kind", "decided_at", "score", "band", "learning_goal", "phase__name"
        )
    )
    for pk, kind, decided_at, score, band, learning_goal, phase_name in decisions:
        client = by_pk.get(pk)
        if client is None:
            continue
        if kind == DecisionKind.END:
            client.ended_after = phase_name
        if client.decided_at is None:
            client.decision_kind, client.decided_at = kind, decided_at
            client.decision_score, client.decision_band = score, band
        if kind == DecisionKind.STRETCH and not client.stretch_goal:
            client.stretch_goal = learning_goal

    seen = Observation.objects.filter(interaction__client__in=reviewed).values_list(
        "interaction__client_id", "interaction__occurred_at", "flag__key"
    )
    for pk, occurred_at, key in seen:
        client = by_pk.get(pk)
        if client is not None and occurred_at < client.cutoff:
            client.seen_flag_keys.add(key)
    return sorted(by_pk.values(), key=lambda c: (c.name.casefold(), c.pk))


def _reviewed_clients(owner) -> QuerySet:
    has_review = PhaseReview.objects.filter(phase__project__client=OuterRef("pk"))
    return Client.objects.filter(owner=owner).filter(Exists(has_review)).values("pk")


def _flags_catalogue(owner, clients: list[ReviewedClient]) -> FlagCatalogue | None:
    """Return the catalogue whose flags and weights the page shows: the consultant's own,
    else the one most of the reviewed clients are scored with (the lowest id on a tie)."""
    counts = Counter(c.catalogue_id for c in clients)
    main = min(counts, key=lambda pk: (-counts[pk], pk)) if counts else None
    found = FlagCatalogue.objects.filter(Q(owner=owner) | Q(pk=main)).order_by(
        F("owner").asc(nulls_last=True)
    )
    return found.first()


def _figure(subject: str, pairs: list[tuple[ReviewedClient, int]]) -> Figure:
    pairs.sort(key=lambda pair: (pair[1], pair[0].outcome, pair[0].name.casefold()))
    rho = None
    if len(pairs) >= stats.MIN_CLIENTS:
        rho = stats.spearman([x for _c, x in pairs], [c.outcome for c, _x in pairs])
    label = gut_label if subject == "gut" else str
    rows = tuple((client, x, label(x)) for client, x in pairs)
    chart = None
    if len(pairs) >= stats.MIN_CLIENTS:
        x_min, x_max, ticks = (
            (-2, 2, range(-2, 3)) if subject == "gut" else (0, 100, range(0, 101, 25))
        )
        chart = stats.scatter(
            [(x, x_text, client.outcome, client.name) for client, x, x_text in rows],
            x_min=x_min,
            x_max=x_max,
            x_ticks=[(tick, label(tick)) for tick in ticks],
        )
    sentence = stats.correlation_sentence(subject, rho, len(pairs))
    if subject == "gut":
        right = sum(1 for client, gut in pairs if stats.gut_was_right(gut, client.outcome))
        out_of = len(pairs)
        lead = stats.impression_sentence(right, out_of)
        method = stats.impression_method()
    else:
        right, out_of = stats.concordance([(score, client.outcome) for client, score in pairs])
        lead = stats.concordance_sentence(right, out_of)
        method = stats.concordance_method()
    return Figure(subject, rows, rho, sentence, chart, right, out_of, lead, method)


def gut_label(gut: int) -> str:
    """Return a gut feeling as it is written: −2, −1, 0, +1, +2."""
    return f"+{gut}" if gut > 0 else stats.signed_number(gut, 0)


def _band_rows(decided: list[ReviewedClient]) -> list[BandRow]:
    counts = Counter((c.decision_band, c.verdict) for c in decided)
    return [
        BandRow(band, label, counts[band, "good"], counts[band, "bad"])
        for band, label in Band.choices
    ]


def _flag_row(
    flag: Flag, clients: list[ReviewedClient], good_total: int, bad_total: int
) -> FlagRow:
    with_flag = [c for c in clients if flag.key in c.seen_flag_keys]
    without = [c for c in clients if flag.key not in c.seen_flag_keys]
    good_with = sum(1 for c in with_flag if c.verdict == "good")
    bad_with = sum(1 for c in with_flag if c.verdict == "bad")
    llr = stats.flag_llr(
        good_with=good_with, good_total=good_total, bad_with=bad_with, bad_total=bad_total
    )
    decisive = good_with + bad_with
    contradiction = ""
    if stats.contradicts(polarity=flag.polarity, llr=llr, seen=decisive):
        contradiction = stats.contradiction_sentence(
            label=flag.label, polarity=flag.polarity, seen=decisive
        )
    return FlagRow(
        flag=flag,
        seen=len(with_flag),
        seen_mean=stats.mean([c.outcome for c in with_flag]),
        unseen=len(without),
        unseen_mean=stats.mean([c.outcome for c in without]),
        good_with=good_with,
        bad_with=bad_with,
        llr=llr,
        suggested=stats.suggest_weight(
            polarity=flag.polarity, current=flag.weight, llr=llr, seen=decisive
        ),
        contradiction=contradiction,
    )


def _breed_rows(clients: list[ReviewedClient]) -> list[BreedRow]:
    rows = []
    for breed, label in [*Breed.choices, ("", gettext("No breed noted"))]:
        of_breed = [c for c in clients if c.breed == breed]
        rows.append(
            BreedRow(
                breed=breed,
                label=str(label),
                count=len(of_breed),
                mean=stats.mean([c.outcome for c in of_breed]),
                good=sum(1 for c in of_breed if c.verdict == "good"),
                bad=sum(1 for c in of_breed if c.verdict == "bad"),
            )
        )
    return rows
