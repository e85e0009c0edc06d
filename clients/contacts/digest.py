"""The morning note: one email, at the hour a consultant chose in their own time zone, with what
their day holds. Sent by `manage.py send_digest`, which cron or a systemd timer runs every hour.

The note says what the dashboard's "Today" strip counts (clients.pages.today), client by
client: the same conditions, so the note and the strip never disagree.
"""

import logging
import smtplib
import zoneinfo
from dataclasses import dataclass, field
from datetime import datetime

from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from ..models import ConsultantProfile, known_time_zones
from ..pages.today import Today

logger = logging.getLogger(__name__)

# The parts of the note, in its order: each is a condition of the "Today" strip.
PARTS = ("calls", "overdue", "decide", "review", "checkpoint")


@dataclass
class Note:
    """What a consultant's note says: per part, the (client, call sheet URL) concerned."""

    parts: dict[str, list[tuple]] = field(default_factory=dict)

    def is_empty(self) -> bool:
        return not any(self.parts.values())


def zone_of(profile: ConsultantProfile) -> zoneinfo.ZoneInfo:
    """Return the consultant's time zone (the server's, for one the server no longer knows)."""
    name = profile.zone_name()
    return zoneinfo.ZoneInfo(name if name in known_time_zones() else "UTC")


def is_due(profile: ConsultantProfile, now: datetime) -> bool:
    """Return True when it is the consultant's chosen hour and today's note is not sent yet."""
    local = now.astimezone(zone_of(profile))
    if not profile.digest_enabled or local.hour != profile.digest_hour:
        return False
    sent = profile.digest_sent_at
    return sent is None or sent.astimezone(zone_of(profile)).date() < local.date()


def note_for(user, now: datetime, site_url: str) -> Note:
    """Return what the consultant's day holds (in the active time zone)."""
    conditions = Today.of(user, now).conditions
    clients = user.clients.filter(archived=False)
    note = Note()
    for part in PARTS:
        listed = clients.filter(conditions[part]).order_by(
            "next_contact_at" if part in ("calls", "overdue") else "name", "pk"
        )
        note.parts[part] = [
            (client, site_url + reverse("client_prepare", args=[client.pk])) for client in listed
        ]
    return note


def _claim(profile: ConsultantProfile, now: datetime) -> bool:
    """Mark today's note as sent, unless another run did: one note even for two runs at once."""
    unsent = (
        Q(digest_sent_at=profile.digest_sent_at)
        if profile.digest_sent_at
        else Q(digest_sent_at__isnull=True)
    )
    return bool(ConsultantProfile.objects.filter(unsent, pk=profile.pk).update(digest_sent_at=now))


def send_note(profile: ConsultantProfile, now: datetime, site_url: str) -> bool:
    """Send the consultant's note if it is their hour and there is something to say.

    Return True when a note was sent.
    """
    user = profile.user
    if not user.email or not user.is_active or not is_due(profile, now):
        return False
    with timezone.override(zone_of(profile)), translation.override(profile.digest_language()):
        note = note_for(user, now, site_url)
        if note.is_empty():
            return False
        context = {
            "user": user,
            "parts": note.parts,
            "now": now,
            "site_url": site_url,
        }
        subject = " ".join(render_to_string("clients/email/digest_subject.txt", context).split())
        body = render_to_string("clients/email/digest.txt", context)
    previous = profile.digest_sent_at
    if not _claim(profile, now):
        return False
    try:
        send_mail(subject, body, None, [user.email])
    except (OSError, smtplib.SMTPException):
        # Not sent: the next run within the hour tries again.
        ConsultantProfile.objects.filter(pk=profile.pk).update(digest_sent_at=previous)
        logger.exception("The morning note of consultant %s could not be sent", user.pk)
        return False
    return True


def send_due_notes(now: datetime, site_url: str) -> int:
    """Send every note due at `now`; return how many were sent."""
    profiles = ConsultantProfile.objects.filter(digest_enabled=True).select_related("user")
    return sum(send_note(profile, now, site_url) for profile in profiles.order_by("pk"))
