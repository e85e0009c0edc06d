"""A consultant's own catalogue ("My flags"): copy a shared one, edit its flags, move clients
onto it. Every write locks the consultant's clients of the catalogue first and re-scores them
in the same transaction, so a call logged meanwhile is scored with what this write left.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Case, F, Max, Q, QuerySet, When
from django.utils.text import slugify

from ..actions import EditConflict
from ..models import Band, Client, Flag, FlagCatalogue, Observation
from ..score.scores import refresh_scores

# What a copy takes from its source catalogue and from each of its flags.
CATALOGUE_COPY_FIELDS = (
    "description",
    "language",
    "half_life_days",
    "good_fit_min",
    "poor_fit_below",
)
FLAG_COPY_FIELDS = (
    "key",
    "label",
    "description",
    "polarity",
    "category",
    "weight",
    "active",
    "position",
    "probing_question",
    "opposite",
)
# How many of the largest score moves the move's preview lists.
LARGEST_MOVES = 5


class CatalogueTaken(Exception):
    """The consultant made their catalogue meanwhile (another tab): nothing was written."""


class MoveRefused(Exception):
    """Some observed flags have no flag with their key in the consultant's catalogue."""

    def __init__(self, labels: list[str]):
        super().__init__(", ".join(labels))
        self.labels = labels


def own_catalogue(user) -> FlagCatalogue | None:
    """Return the consultant's own catalogue, if they made one."""
    return FlagCatalogue.objects.filter(owner=user).first()


def catalogue_clients(catalogue: FlagCatalogue) -> QuerySet[Client]:
    """Return the clients scored with a consultant's own catalogue (theirs only)."""
    return Client.objects.filter(owner=catalogue.owner_id, catalogue=catalogue)


def _lock(clients: QuerySet[Client]) -> dict[int, int]:
    """Lock the clients as every score write does; return their stored scores by id."""
    return dict(clients.select_for_update(no_key=True).order_by("pk").values_list("pk", "score"))


def _rescore(catalogue: FlagCatalogue, before: dict[int, int]) -> int:
    """Re-score the catalogue's clients; return how many scores changed."""
    clients = catalogue_clients(catalogue)
    refresh_scores(clients)
    after = dict(clients.values_list("pk", "score"))
    return sum(1 for pk, score in after.items() if before.get(pk) != score)


@transaction.atomic
def copy_catalogue(*, user, source: FlagCatalogue, name: str) -> FlagCatalogue:
    """Make the consultant's own catalogue, a copy of `source` with every flag and setting."""
    try:
        with transaction.atomic():
            catalogue = FlagCatalogue.objects.create(
                owner=user,
                name=name,
                **{field: getattr(source, field) for field in CATALOGUE_COPY_FIELDS},
            )
    except IntegrityError:
        raise CatalogueTaken from None
    Flag.objects.bulk_create(
        Flag(catalogue=catalogue, **{field: getattr(flag, field) for field in FLAG_COPY_FIELDS})
        for flag in source.flags.order_by("position", "pk")
    )
    return catalogue


def unique_key(catalogue: FlagCatalogue, label: str) -> str:
    """Return a key made from the label, unique in the catalogue ("late-to-reply-2")."""
    base = slugify(label)[:50] or "flag"
    taken = set(catalogue.flags.filter(key__startswith=base).values_list("key", flat=True))
    key, number = base, 1
    while key in taken:
        number += 1
        key = f"{base}-{number}"
    return key


@transaction.atomic
def add_flag(*, catalogue: FlagCatalogue, fields: dict) -> Flag:
    """Add a flag of the consultant's own to their catalogue (unobserved: no score moves)."""
    _lock(catalogue_clients(catalogue))
    last = catalogue.flags.filter(category=fields["category"]).aggregate(Max("position"))
    return Flag.objects.create(
        catalogue=catalogue,
        key=unique_key(catalogue, fields["label"]),
        position=(last["position__max"] or 0) + 1,
        **fields,
    )


@transaction.atomic
def edit_flag(*, flag: Flag, expected_version: int, fields: dict) -> int:
    """Save a flag's fields unless another tab saved it since; return how many scores changed."""
    before = _lock(catalogue_clients(flag.catalogue))
    updated = Flag.objects.filter(pk=flag.pk, version=expected_version).update(
        **fields, version=F("version") + 1
    )
    if not updated:
        raise EditConflict
    flag.refresh_from_db()
    return _rescore(flag.catalogue, before)


@transaction.atomic
def set_flag_active(*, flag: Flag, active: bool) -> int:
    """Retire a flag or bring it back; return how many scores changed."""
    before = _lock(catalogue_clients(flag.catalogue))
    Flag.objects.filter(pk=flag.pk).update(active=active, version=F("version") + 1)
    flag.refresh_from_db()
    return _rescore(flag.catalogue, before)


@transaction.atomic
def apply_weights(*, catalogue: FlagCatalogue, weights: dict[int, int]) -> int:
    """Set weights of the consultant's own flags (calibration); return how many scores changed."""
    before = _lock(catalogue_clients(catalogue))
    flags = list(Flag.objects.select_for_update().filter(catalogue=catalogue, pk__in=weights))
    for flag in flags:
        flag.weight = weights[flag.pk]
        flag.version += 1
    Flag.objects.bulk_update(flags, ["weight", "version"])
    return _rescore(catalogue, before)


@dataclass(frozen=True)
class ScoreMove:
    pk: int
    name: str
    before: int
    after: int
    band_before: str
    band_after: str

    @property
    def change(self) -> int:
        return self.after - self.before

    def get_band_before_display(self) -> str:
        return Band(self.band_before).label

    def get_band_after_display(self) -> str:
        return Band(self.band_after).label


@dataclass(frozen=True)
class MoveSummary:
    """What a move did, or would do: the same figures for the preview and the result."""

    clients: int
    band_changes: int
    score_changes: int
    largest: tuple[ScoreMove, ...]


def move_clients(
    *, user, catalogue: FlagCatalogue, source: FlagCatalogue | None = None, dry_run: bool
) -> MoveSummary:
    """Move the consultant's clients (those of `source` only, if given) onto their catalogue.

    Each observation then points at the flag with the same key. `dry_run` does it all and
    rolls it back: the preview is the move itself, so its figures are the result's. Raise
    MoveRefused, writing nothing, when an observed flag's key is not in the catalogue.
    """
    with transaction.atomic():
        clients = Client.objects.filter(owner=user).exclude(catalogue=catalogue)
        if source is not None:
            clients = clients.filter(catalogue=source)
        locked = list(
            clients.select_for_update(no_key=True)
            .order_by("pk")
            .values_list("pk", "name", "score", "band")
        )
        ids = [pk for pk, *_ in locked]
        _move_observations(ids, catalogue)
        Client.objects.filter(pk__in=ids).update(catalogue=catalogue)
        moved = Client.objects.filter(pk__in=ids)
        refresh_scores(moved)
        after = {pk: (score, band) for pk, score, band in moved.values_list("pk", "score", "band")}
        moves = [
            ScoreMove(pk, name, score, after[pk][0], band, after[pk][1])
            for pk, name, score, band in locked
        ]
        if dry_run:
            transaction.set_rollback(True)
    largest = sorted(
        (m for m in moves if m.change), key=lambda m: (-abs(m.change), m.name.casefold())
    )
    return MoveSummary(
        clients=len(moves),
        band_changes=sum(1 for m in moves if m.band_before != m.band_after),
        score_changes=sum(1 for m in moves if m.change),
        largest=tuple(largest[:LARGEST_MOVES]),
    )


def _move_observations(client_ids: list[int], catalogue: FlagCatalogue) -> None:
    """Point the clients' observations at the catalogue's flags of the same keys."""
    observations = Observation.objects.filter(
        Q(interaction__client__in=client_ids) | Q(review__phase__project__client__in=client_ids)
    ).exclude(flag__catalogue=catalogue)
    used = dict(
        Flag.objects.filter(observations__in=observations).distinct().values_list("pk", "key")
    )
    targets = dict(catalogue.flags.filter(key__in=used.values()).values_list("key", "pk"))
    missing = sorted(
        Flag.objects.filter(pk__in=[pk for pk, key in used.items() if key not in targets])
        .values_list("label", flat=True)
        .distinct()
    )
    if missing:
        raise MoveRefused(missing)
    if used:
        observations.update(
            flag=Case(*(When(flag_id=pk, then=targets[key]) for pk, key in used.items()))
        )
