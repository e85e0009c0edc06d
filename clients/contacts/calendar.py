"""Planned contacts as iCalendar (RFC 5545): one event to download, or a consultant's feed.

The icalendar library writes the files: it escapes text and folds lines at 75 octets.
Times are written in UTC, so every calendar app shows them in its own zone.
"""

import hmac
import secrets
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, Event

from ..models import Client, ConsultantProfile
from .planned import PlannedContact

# A planned contact's length in the calendar: long enough to be seen, short like a call.
EVENT_LENGTH = timedelta(minutes=30)
REMINDER_BEFORE = timedelta(minutes=15)
PRODUCT_ID = "-//fitcheck//Planned contacts//EN"
CONTENT_TYPE = "text/calendar; charset=utf-8"


def summary(planned: PlannedContact, client_name: str) -> str:
    """Return the event's title: "Call with Acme"."""
    titles = {
        "call": _("Call with %(name)s"),
        "meeting": _("Meeting with %(name)s"),
        "email": _("Email to %(name)s"),
    }
    return titles[planned.kind] % {"name": client_name}


def event(
    client: Client, *, sheet_url: str, host: str, with_note: bool = True, stamp: datetime
) -> Event:
    """Return the VEVENT of a client's planned contact, with a reminder before it.

    Its UID is the client's, so a contact moved to another day updates the same event.
    """
    planned = PlannedContact.of(client)
    entry = Event()
    entry.add("uid", f"planned-contact-{client.pk}@{host}")
    entry.add("dtstamp", stamp)
    entry.add("dtstart", planned.at.astimezone(UTC))
    entry.add("dtend", (planned.at + EVENT_LENGTH).astimezone(UTC))
    entry.add("summary", summary(planned, client.name))
    entry.add("url", sheet_url)
    description = _("Call sheet: %(url)s") % {"url": sheet_url}
    if with_note and planned.note:
        description = f"{planned.note}\n\n{description}"
    entry.add("description", description)
    reminder = Alarm()
    reminder.add("action", "DISPLAY")
    reminder.add("trigger", -REMINDER_BEFORE)
    reminder.add("description", summary(planned, client.name))
    entry.add_component(reminder)
    return entry


def calendar(events: Iterable[Event], *, name: str = "") -> bytes:
    """Return a VCALENDAR of these events, as the bytes of an .ics file."""
    document = Calendar()
    document.add("prodid", PRODUCT_ID)
    document.add("version", "2.0")
    document.add("calscale", "GREGORIAN")
    if name:
        document.add("x-wr-calname", name)
    for entry in events:
        document.add_component(entry)
    return document.to_ical()


# The feed's key: "<profile id>-<secret>". The id finds the profile; the secret is compared
# in constant time, so the time of a wrong answer tells nothing about the right one.
def new_token(profile: ConsultantProfile) -> str:
    return f"{profile.pk}-{secrets.token_urlsafe(32)}"


def profile_for_token(token: str) -> ConsultantProfile | None:
    """Return the profile whose feed key this is, or None."""
    pk, _sep, _secret = token.partition("-")
    if not (pk.isascii() and pk.isdigit() and len(pk) <= 18):
        return None
    profile = ConsultantProfile.objects.select_related("user").filter(pk=int(pk)).first()
    stored = profile.calendar_token if profile else ""
    if not stored or not hmac.compare_digest(stored.encode(), token.encode()):
        return None
    return profile
