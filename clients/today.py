"""What needs the consultant today: the dashboard's strip of counts, each also a filter.

The counts are one aggregate query over the consultant's current clients, and each filter
is the same condition, so a count always matches the list it opens.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import ngettext

from .actions import reflection_hours
from .models import Client, Decision, Interaction, Phase

# Open questions and no contact for this long: time to get back to them.
QUIET_DAYS = 14
# Each part's words after its count.
LABELS = {
    "decide": lambda n: ngettext("decision ready to take", "decisions ready to take", n),
    "review": lambda n: ngettext("phase review due", "phase reviews due", n),
    "quiet": lambda n: ngettext(
        "client with open questions and no contact for 14 days",
        "clients with open questions and no contact for 14 days",
        n,
    ),
}


def _dates(now: datetime) -> dict:
    """Return the values each condition reads, as expressions over a client."""
    discoveries = Interaction.objects.filter(client=OuterRef("pk"), kind=Interaction.Kind.DISCOVERY)
    decisions = Decision.objects.filter(client=OuterRef("pk"))
    ended = Phase.objects.filter(
        project__client=OuterRef("pk"), ends_on__lt=timezone.localdate(now), review__isnull=True
    )
    return {
        "last_discovery": Subquery(discoveries.order_by("-occurred_at").values("occurred_at")[:1]),
        "last_decision": Subquery(decisions.order_by("-decided_at").values("decided_at")[:1]),
        "review_due_now": Exists(ended),
    }


@dataclass(frozen=True)
class Today:
    """The strip's conditions at one moment, for one consultant."""

    now: datetime
    conditions: dict[str, Q]

    @classmethod
    def of(cls, user, now: datetime) -> "Today":
        """Return the strip of a consultant (the reflection logic of actions.reflection_ends_at:
        the last discovery call plus the consultant's reflection period)."""
        reflected = now - timedelta(hours=reflection_hours(user.pk))
        undecided = Q(last_decision__isnull=True) | Q(last_decision__lt=F("last_discovery"))
        silent = Q(last_contact_at__isnull=True) | Q(
            last_contact_at__lt=now - timedelta(QUIET_DAYS)
        )
        conditions = {
            "decide": Q(last_discovery__lte=reflected) & undecided,
            "review": Q(review_due_now=True),
            "quiet": Q(open_questions__gt=0) & silent,
        }
        return cls(now, conditions)

    def counts(self, clients: QuerySet[Client]) -> dict[str, int]:
        """Return how many of the clients each part of the strip holds, in one query."""
        aggregates = {key: Count("pk", filter=q) for key, q in self.conditions.items()}
        # Annotated, not aliased: an aggregate cannot read an alias.
        return clients.annotate(**_dates(self.now)).aggregate(**aggregates)

    def only(self, key: str, clients: QuerySet[Client]) -> QuerySet[Client]:
        """Return the clients of one part of the strip."""
        return clients.alias(**_dates(self.now)).filter(self.conditions[key])
