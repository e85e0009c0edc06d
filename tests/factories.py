"""Builders shared by the page tests: flags by key, logged interactions, phases, form data.

They write through `clients.actions`, like the views do, so every built client has a stored
score that is up to date.
"""

from datetime import date, datetime, timedelta

from django.utils import timezone

from clients import actions
from clients.models import Client, Flag, FlagCatalogue, Interaction, Phase, PhaseReview, Project
from clients.score.scores import evidence_for

RATINGS = ("communication", "expectations", "collaboration", "boundaries", "satisfaction")


def flag(catalogue: FlagCatalogue, key: str) -> Flag:
    """Return the flag of a catalogue by its stable key."""
    return Flag.objects.get(catalogue=catalogue, key=key)


def ago(*, days: float = 0, hours: float = 0) -> datetime:
    """Return an aware moment in the past, to the minute (what the form keeps)."""
    moment = timezone.now() - timedelta(days=days, hours=hours)
    return moment.replace(second=0, microsecond=0)


def local_input(moment: datetime) -> str:
    """Return a moment as the datetime-local input sends it, in the current time zone."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def observed(client: Client, flags) -> list[actions.ObservationInput]:
    """Return observations from (key, strength) or (key, strength, note) tuples."""
    found = []
    for key, strength, *note in flags:
        found.append(actions.ObservationInput(flag(client.catalogue, key), strength, *note))
    return found


def log(
    client: Client,
    *,
    occurred_at: datetime | None = None,
    kind: str = "meeting",
    gut: int | None = None,
    notes: str = "",
    questions: str = "",
    flags=(),
) -> Interaction:
    """Log an interaction with flags given as (key, strength[, note]), re-scoring the client."""
    fields = {
        "occurred_at": occurred_at or ago(days=1),
        "kind": kind,
        "gut": gut,
        "notes": notes,
        "questions": questions,
    }
    return actions.log_interaction(
        client=client, fields=fields, observations=observed(client, flags)
    )


def add_phase(
    client: Client,
    *,
    starts_on: date | None = None,
    ends_on: date | None = None,
    name: str = "Discovery sprint",
    project: Project | None = None,
) -> Phase:
    """Add a phase (in a new project unless one is given); by default it ended yesterday."""
    today = timezone.localdate()
    project = project or Project.objects.create(client=client, name="Website")
    phase = Phase(
        project=project,
        name=name,
        starts_on=starts_on or today - timedelta(days=30),
        ends_on=ends_on or today - timedelta(days=1),
    )
    return actions.add_phase(phase)


def review(phase: Phase, *, flags=(), reviewed_at: datetime | None = None, **values) -> PhaseReview:
    """Save a phase review with ratings of 4 unless given, re-scoring the client."""
    fields = dict.fromkeys(RATINGS, 4) | {"would_work_again": True}
    fields |= {"reviewed_at": reviewed_at or ago(hours=1)} | values
    client = phase.project.client
    return actions.save_review(phase=phase, fields=fields, observations=observed(client, flags))


def interaction_data(
    *,
    occurred_at: datetime | None = None,
    kind: str = "meeting",
    notes: str = "",
    gut="",
    questions: str = "",
    version=None,
    strengths: dict | None = None,
    evidence: dict | None = None,
    boundaries: dict | None = None,
) -> dict:
    """Return the POST data of the interaction form.

    `strengths` and `evidence` map a Flag to its strength (1–3) and note, `boundaries` a
    Boundary to "respected" or "crossed".
    """
    data = {
        "occurred_at": local_input(occurred_at or ago(hours=2)),
        "kind": kind,
        "notes": notes,
        "gut": gut,
        "questions": questions,
    }
    if version is not None:
        data["version"] = version
    data |= chips_data(strengths=strengths, evidence=evidence, boundaries=boundaries)
    return data


def review_data(
    *,
    would_work_again: str = "yes",
    learned: str = "",
    notes: str = "",
    version=None,
    strengths: dict | None = None,
    evidence: dict | None = None,
    **ratings,
) -> dict:
    """Return the POST data of the phase review form; ratings are 4 unless given."""
    data = dict.fromkeys(RATINGS, 4) | ratings
    data |= {"would_work_again": would_work_again, "learned": learned, "notes": notes}
    if version is not None:
        data["version"] = version
    return data | chips_data(strengths=strengths, evidence=evidence)


def chips_data(*, strengths=None, evidence=None, boundaries=None) -> dict:
    """Return the flag chips' fields (prefix "obs") for flags and boundaries."""
    data = {f"obs-strength-{f.pk}": strength for f, strength in (strengths or {}).items()}
    data |= {f"obs-note-{f.pk}": note for f, note in (evidence or {}).items()}
    data |= {f"obs-boundary-{b.pk}": verdict for b, verdict in (boundaries or {}).items()}
    return data


def stored_fit(client: Client) -> tuple:
    """Return the score the database holds for a client, as (score, low, high, band, confidence)."""
    client = Client.objects.get(pk=client.pk)
    return (client.score, client.score_low, client.score_high, client.band, client.confidence)


def fresh_fit(client: Client) -> tuple:
    """Return the client's score computed now from its evidence, in the shape of stored_fit."""
    fit = evidence_for(client).fit()
    return (fit.score, fit.low, fit.high, fit.band, fit.confidence)
