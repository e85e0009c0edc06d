"""Setting and clearing a client's planned contact, and the day it falls on."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.utils import timezone

from ..models import Client, ContactKind


@dataclass(frozen=True)
class PlannedContact:
    """The next call, meeting or email with a client."""

    at: datetime
    kind: str
    note: str = ""

    @classmethod
    def of(cls, client: Client) -> "PlannedContact | None":
        """Return the client's planned contact, or None."""
        if client.next_contact_at is None:
            return None
        return cls(client.next_contact_at, client.next_contact_kind, client.next_contact_note)

    @property
    def kind_label(self) -> str:
        return str(ContactKind(self.kind).label)


def local_day(now: datetime) -> tuple[datetime, datetime]:
    """Return the start of the active zone's day of `now` and the start of the next one."""
    # Midnights from the calendar dates, not start + 24 h: a DST day has 23 or 25 hours.
    day = timezone.localdate(now)
    return tuple(
        timezone.make_aware(datetime.combine(date, time())) for date in (day, day + timedelta(1))
    )


@dataclass(frozen=True)
class PlanChange:
    """A change of the planned contact that comes with another write (logging a call)."""

    contact: PlannedContact | None  # None: take the planned one off the plan


def plan_contact(*, client: Client, planned: PlannedContact | None) -> None:
    """Set (or, with None, clear) the client's planned contact: one UPDATE."""
    fields = {
        "next_contact_at": planned.at if planned else None,
        "next_contact_kind": planned.kind if planned else "",
        "next_contact_note": planned.note if planned else "",
    }
    Client.objects.filter(pk=client.pk).update(**fields)
    for name, value in fields.items():
        setattr(client, name, value)
