"""The rules of deciding: when the reflection period ends and what a decision makes of a
client's status. Pages read them to show the decision panel; writes apply them."""

from collections.abc import Iterable
from datetime import datetime

from django.utils import timezone

from .models import (
    DEFAULT_REFLECTION_HOURS,
    Client,
    ConsultantProfile,
    DecisionKind,
    Interaction,
)


def reflection_ends_at(
    client: Client,
    *,
    interactions: Iterable[tuple[datetime, str]] | None = None,
    hours: int | None = None,
) -> datetime | None:
    """Return when the reflection period ends: it runs from the client's last discovery call
    or, with none, from their first interaction (meetings alone are no shortcut).

    A caller that has them loaded passes the client's `interactions`, (occurred_at, kind) of
    each, and the consultant's reflection `hours`: no query then.
    """
    if interactions is None:
        interactions = client.interactions.values_list("occurred_at", "kind")
    moments = list(interactions)
    discovery_calls = [at for at, kind in moments if kind == Interaction.Kind.DISCOVERY]
    started = max(discovery_calls, default=None) or min((at for at, _ in moments), default=None)
    if started is None:
        return None
    if hours is None:
        hours = reflection_hours(client.owner_id)
    return started + timezone.timedelta(hours=hours)


def reflection_hours(user_id: int) -> int:
    """Return the consultant's reflection period in hours, the default without a profile."""
    # Read, not profile_for(): asking when the period ends must not write a profile.
    hours = ConsultantProfile.objects.filter(user=user_id).values_list(
        "reflection_hours", flat=True
    )
    return next(iter(hours), DEFAULT_REFLECTION_HOURS)


DECISION_STATUS = {
    DecisionKind.ACCEPT: Client.Status.ACTIVE,
    DecisionKind.STRETCH: Client.Status.ACTIVE,
    DecisionKind.DECLINE: Client.Status.DECLINED,
    DecisionKind.NEED_INFO: Client.Status.DECIDING,
}
