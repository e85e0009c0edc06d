"""The dashboard's search, filters and sort, read from the URL so every state has an address."""

from dataclasses import dataclass, fields
from typing import NamedTuple
from urllib.parse import urlencode

from django.db import connection
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models import Band, Breed, Client, ClientStatus, Interaction, Observation
from .today import LABELS as TODAY
from .today import Today

SORTS = {
    "score": (_("Score, best first"), [F("score").desc(), "name", "pk"]),
    "-score": (_("Score, worst first"), [F("score").asc(), "name", "pk"]),
    "contact": (
        _("Last contact, recent first"),
        [F("last_contact_at").desc(nulls_last=True), "name", "pk"],
    ),
    "name": (_("Name"), ["name", "pk"]),
    "next": (
        _("Next contact, soonest first"),
        [F("next_contact_at").asc(nulls_last=True), "name", "pk"],
    ),
}
ARCHIVED = {"": _("Current clients"), "only": _("Archived only"), "all": _("All clients")}
MAX_SEARCH = 200
# The filters that fold behind "Filters" on a phone (with the sort), by name; each in force
# shows as a chip that takes it off. (The "Today" strip shows and takes off its own.)
FILTERS = {
    "band": _("Fit"),
    "status": _("Status"),
    "breed": _("Sales Dogs breed"),
    "archived": _("Show"),
}


class FilterChip(NamedTuple):
    """A filter in force, as the chip that takes it off shows it."""

    label: str  # the filter and its value, in words
    params: str  # the query string without it


@dataclass(frozen=True)
class DashboardQuery:
    q: str = ""
    band: str = ""
    status: str = ""
    breed: str = ""
    archived: str = ""
    sort: str = "score"
    today: str = ""

    @classmethod
    def from_params(cls, params) -> "DashboardQuery":
        """Return the query a URL asks for; unknown values fall back to the default."""

        def pick(name, allowed):
            value = params.get(name, "")
            return value if value in allowed else ""

        return cls(
            # PostgreSQL refuses NUL characters in a query: they can't be in a name anyway.
            q=" ".join(params.get("q", "").replace("\x00", "").split())[:MAX_SEARCH],
            band=pick("band", Band.values),
            status=pick("status", ClientStatus.values),
            breed=pick("breed", Breed.values),
            archived=pick("archived", ARCHIVED),
            sort=params.get("sort") if params.get("sort") in SORTS else "score",
            today=pick("today", TODAY),
        )

    def condition(self, today: Today) -> Q:
        """Return the condition a client meets to be listed (today: the strip's conditions)."""
        condition = Q()
        if self.archived == "":
            condition &= Q(archived=False)
        elif self.archived == "only":
            condition &= Q(archived=True)
        for name in ("band", "status", "breed"):
            if value := getattr(self, name):
                condition &= Q(**{name: value})
        if self.q:
            condition &= _search(self.q)
        if self.today:
            condition &= today.conditions[self.today]
        return condition

    def ordering(self) -> list:
        return SORTS[self.sort][1]

    def is_filtered(self) -> bool:
        return any((self.q, self.band, self.status, self.breed, self.archived, self.today))

    def as_params(self, **changes) -> str:
        """Return this query as a URL query string, with some values changed."""
        values = {f.name: getattr(self, f.name) for f in fields(self)} | changes
        return urlencode({k: v for k, v in values.items() if v and (k, v) != ("sort", "score")})

    def filter_chips(self) -> list[FilterChip]:
        """Return a chip for each filter in force, whose link lists without it."""
        words = {
            "band": dict(Band.choices),
            "status": dict(ClientStatus.choices),
            "breed": dict(Breed.choices),
            "archived": ARCHIVED,
        }
        return [
            FilterChip(
                gettext("%(filter)s: %(value)s")
                % {"filter": label, "value": capfirst(words[name][value])},
                self.as_params(**{name: ""}),
            )
            for name, label in FILTERS.items()
            if (value := getattr(self, name))
        ]

    def folded_filters(self) -> int:
        """Return how many of the filters behind "Filters" are in force."""
        return sum(1 for name in FILTERS if getattr(self, name))

    sort_choices = [(key, label) for key, (label, _order) in SORTS.items()]
    archived_choices = list(ARCHIVED.items())
    band_choices = Band.choices
    status_choices = ClientStatus.choices
    breed_choices = Breed.choices


def _search(text: str) -> Q:
    """Return a condition matching name, organisation, and the words of notes and evidence.

    The notes and evidence are searched with uncorrelated `IN` subqueries: the database runs
    each once (with its full-text index on PostgreSQL) instead of once per client. All the
    evidence is one subquery: a condition on `review_id` would lead PostgreSQL to walk that
    btree and test every review observation instead of asking the full-text index.
    """
    interactions = Interaction.objects.all()
    evidence = Observation.objects.all()
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        # The same expressions as the GIN indexes of migration 0005, so they are used.
        query = SearchQuery(text, config="simple", search_type="websearch")
        interactions = interactions.annotate(
            document=SearchVector("notes", "questions", config="simple")
        ).filter(document=query)
        note = SearchVector("note", config="simple")
        evidence = evidence.annotate(document=note).filter(document=query)
    else:
        # SQLite has no full-text search without an extension: a plain substring match.
        interactions = interactions.filter(Q(notes__icontains=text) | Q(questions__icontains=text))
        evidence = evidence.filter(note__icontains=text)
    named = Client.objects.filter(Q(name__icontains=text) | Q(organisation__icontains=text))
    return Q(
        pk__in=named.values("pk").union(
            interactions.values("client_id"),
            evidence.values(
                client=Coalesce("interaction__client_id", "review__phase__project__client_id")
            ),
        )
    )
