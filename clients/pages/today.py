"""What needs the consultant today: the dashboard's strip of counts, each also a filter.

Each part is a condition on columns stored with the client's score (clients.score.scores keeps
them current), so the counts and the page's own count are one pass over the consultant's
client rows, and a count always matches the list it opens.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import ngettext

from ..contacts.planned import local_day
from ..decisions import Stage, reflection_hours, statuses_of

# Open questions and no contact for this long: time to get back to them.
QUIET_DAYS = 14
# Each part's words after its count.
LABELS = {
    "calls": lambda n: ngettext("contact planned today", "contacts planned today", n),
    "overdue": lambda n: ngettext("planned contact overdue", "planned contacts overdue", n),
    "decide": lambda n: ngettext("decision ready to take", "decisions ready to take", n),
    "review": lambda n: ngettext("phase review due", "phase reviews due", n),
    "checkpoint": lambda n: ngettext(
        "reviewed phase to decide on: go on or end?",
        "reviewed phases to decide on: go on or end?",
        n,
    ),
    "quiet": lambda n: ngettext(
        "client with open questions and no contact for 14 days",
        "clients with open questions and no contact for 14 days",
        n,
    ),
}


@dataclass(frozen=True)
class Today:
    """The strip's conditions at one moment, for one consultant."""

    now: datetime
    conditions: dict[str, Q]

    @classmethod
    def of(cls, user, now: datetime) -> "Today":
        """Return the strip of a consultant (the reflection logic of decisions.reflection_ends_at:
        the last discovery call plus the consultant's reflection period)."""
        reflected = now - timedelta(hours=reflection_hours(user.pk))
        undecided = Q(last_decision_at__isnull=True) | Q(
            last_decision_at__lt=F("last_discovery_at")
        )
        silent = Q(last_contact_at__isnull=True) | Q(
            last_contact_at__lt=now - timedelta(QUIET_DAYS)
        )
        day_starts, day_ends = local_day(now)
        conditions = {
            "calls": Q(next_contact_at__gte=day_starts, next_contact_at__lt=day_ends),
            # Planned before today, and no interaction logged since.
            "overdue": Q(next_contact_at__lt=day_starts)
            & (Q(last_contact_at__isnull=True) | Q(last_contact_at__lt=F("next_contact_at"))),
            "decide": Q(status__in=statuses_of(Stage.DECIDING), last_discovery_at__lte=reflected)
            & undecided,
            # The consultant's today: their zone is active (clients.middleware).
            "review": Q(review_due_on__lt=timezone.localdate(now)),
            "checkpoint": Q(
                status__in=statuses_of(Stage.ENGAGED), checkpoint_due_since__isnull=False
            ),
            "quiet": Q(open_questions__gt=0) & silent,
        }
        return cls(now, conditions)
