"""All of a consultant's data as one JSON document, restored into an account without clients;
and the clients with their scores as CSV rows for a spreadsheet.

The format is described field by field in docs/export-format.md; the checks of a document
live in clients.data_validation.
"""

import functools
import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..actions import profile_for
from ..contacts.planned import PlannedContact
from ..decisions import status_after
from ..models import (
    RATING_FIELDS,
    Boundary,
    Client,
    ConsultantProfile,
    Decision,
    Flag,
    FlagCatalogue,
    Interaction,
    Observation,
    Phase,
    PhaseReview,
    Project,
    Question,
    split_questions,
)
from ..score.scores import refresh_scores
from . import catalogue_io
from .data_validation import (
    FORMAT,
    VERSION,
    DataFileError,
    observations_of,
    parse_document,
    to_date,
    to_datetime,
    validate_document,
)

__all__ = [
    "DataFileError",
    "clients_csv",
    "export_data",
    "export_json",
    "import_data",
    "parse_document",
]

CATALOGUE_FIELDS = ("name", "half_life_days", "good_fit_min", "poor_fit_below")
FLAG_FIELDS = ("key", "label", "polarity", "category", "weight", "active")
CLIENT_TEXT_FIELDS = ("name", "organisation", "contact", "source")
CLIENT_FIELDS = (*CLIENT_TEXT_FIELDS, "status", "breed", "archived")
CONTACT_FIELDS = ("email", "phone", "website")  # version 4
DECISION_FIELDS = ("kind", "reason", "learning_goal")
QUESTION_FIELDS = ("text", "status", "answer")
DECISION_SCORE_FIELDS = ("decided_early", "score", "score_low", "score_high", "band", "confidence")
# Clients read from the database at once by an export, with all their rows.
EXPORT_CHUNK = 20


# Export ---------------------------------------------------------------------------------


def _moment(value: datetime) -> str:
    # Always UTC, so two exports of the same data compare equal whatever the server's zone.
    return value.astimezone(UTC).isoformat()


def _day(value: date) -> str:
    return value.isoformat()


def export_data(user) -> dict[str, Any]:
    """Return all of a consultant's data as a JSON-ready dict.

    Entries are ordered by their dates, then ids, so exports of the same data compare equal.
    """
    head, clients = export_parts(user)
    return {**head, "clients": list(clients)}


def export_json(user) -> Iterator[str]:
    """Yield the export as JSON text, a client at a time: the same text, once joined, as
    json.dumps(export_data(user), indent=2, ensure_ascii=False) and a line break.

    The largest account's document is tens of megabytes: this way neither it nor its
    rows are ever in memory at once, and a download starts at once.
    """
    head, clients = export_parts(user)
    dump = functools.partial(json.dumps, indent=2, ensure_ascii=False)
    # "clients" comes last, so the document without them ends with its empty list.
    empty = dump({**head, "clients": []})
    closing = "]\n}"
    opening = empty.removesuffix(closing)
    written = 0
    for client in clients:
        # JSON text holds no raw line break, so indenting every line is safe.
        yield (opening if not written else ",") + "\n    " + dump(client).replace("\n", "\n    ")
        written += 1
    yield "\n  " + closing + "\n" if written else empty + "\n"


def export_parts(user) -> tuple[dict[str, Any], Iterator[dict]]:
    """Return the export without its clients, and an iterator of the client entries that
    reads them from the database a few clients at a time."""
    profile = ConsultantProfile.objects.filter(user=user).first() or ConsultantProfile()
    boundaries = list(Boundary.objects.filter(owner=user).order_by("pk"))
    references = {boundary.pk: index for index, boundary in enumerate(boundaries, 1)}
    used = Client.objects.filter(owner=user).values("catalogue")
    # The shared catalogues the clients use, and the consultant's own, written whole in
    # "own_catalogue" (version 4), in one query.
    read = FlagCatalogue.objects.filter(Q(pk__in=used, owner__isnull=True) | Q(owner=user))
    own = next((c for c in read if c.is_own), None)
    catalogues = sorted((c for c in read if not c.is_own), key=lambda c: c.name)
    flags = {catalogue.pk: [] for catalogue in read}
    own_flags = []
    flag_keys = _FlagKeys()
    for flag in Flag.objects.filter(catalogue__in=read).order_by("position", "pk"):
        if own is not None and flag.catalogue_id == own.pk:
            own_flags.append(flag)
        flags[flag.catalogue_id].append({name: getattr(flag, name) for name in FLAG_FIELDS})
        flag_keys[flag.pk] = flag.key
    head = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": _moment(timezone.now()),
        "consultant": {
            "username": user.get_username(),
            "reflection_hours": profile.reflection_hours,
        },
        "catalogues": [
            {
                **{name: getattr(catalogue, name) for name in CATALOGUE_FIELDS},
                "flags": flags[catalogue.pk],
            }
            for catalogue in catalogues
        ],
        "own_catalogue": _own_catalogue_entry(profile, own, own_flags),
        "boundaries": [
            {"id": references[boundary.pk], "text": boundary.text, "active": boundary.active}
            for boundary in boundaries
        ],
    }
    clients = _clients_with_everything(user).iterator(chunk_size=EXPORT_CHUNK)
    return head, (_client_entry(client, references, flag_keys) for client in clients)


def _own_catalogue_entry(
    profile: ConsultantProfile, catalogue: FlagCatalogue | None, flags: list[Flag]
) -> dict | None:
    """Return the consultant's own catalogue as a catalogue file has it (version 4)."""
    if catalogue is None:
        return None
    entry = catalogue_io.export_catalogue(catalogue, flags)
    del entry["format"], entry["version"]
    return {**entry, "use_for_new_clients": profile.preferred_catalogue_id == catalogue.pk}


class _FlagKeys(dict):
    """Flag keys by flag id: the catalogues' flags, and any other looked up when met."""

    def __missing__(self, pk: int) -> str:
        self[pk] = Flag.objects.values_list("key", flat=True).get(pk=pk)
        return self[pk]


def _client_entry(client: Client, references: dict, flag_keys: dict) -> dict:
    def observations(owner) -> list[dict]:
        return [
            {
                "flag": flag_keys[observation.flag_id],
                "strength": observation.strength,
                "note": observation.note,
                "boundary": references.get(observation.boundary_id),
            }
            for observation in owner.observations.all()
        ]

    def review(phase: Phase) -> dict | None:
        review = getattr(phase, "review", None)
        if review is None:
            return None
        return {
            "reviewed_at": _moment(review.reviewed_at),
            **{name: getattr(review, name) for name in RATING_FIELDS},
            "would_work_again": review.would_work_again,
            "learned": review.learned,
            "notes": review.notes,
            "observations": observations(review),
        }

    def questions() -> list[dict]:
        positions = {interaction.pk: n for n, interaction in enumerate(client.interactions.all())}
        return [
            {
                **{name: getattr(question, name) for name in QUESTION_FIELDS},
                "created_at": _moment(question.created_at),
                "closed_at": _moment(question.closed_at) if question.closed_at else None,
                "asked_in": positions.get(question.asked_in_id),
                "answered_in": positions.get(question.answered_in_id),
            }
            for question in client.questions.all()
        ]

    # A checkpoint names its phase by position: the project's, then the phase's in it.
    positions = {
        phase.pk: {"project": p, "phase": n}
        for p, project in enumerate(client.projects.all())
        for n, phase in enumerate(project.phases.all())
    }
    return {
        **{name: getattr(client, name) for name in CLIENT_FIELDS},
        "catalogue": client.catalogue.name,
        "score": {
            "value": client.score,
            "low": client.score_low,
            "high": client.score_high,
            "confidence": client.confidence,
            "band": client.band,
        },
        "interactions": [
            {
                "occurred_at": _moment(interaction.occurred_at),
                "kind": interaction.kind,
                "gut": interaction.gut,
                "notes": interaction.notes,
                "questions": interaction.questions,
                "observations": observations(interaction),
            }
            for interaction in client.interactions.all()
        ],
        "projects": [
            {
                "name": project.name,
                "description": project.description,
                "phases": [
                    {
                        "name": phase.name,
                        "starts_on": _day(phase.starts_on),
                        "ends_on": _day(phase.ends_on),
                        "review": review(phase),
                    }
                    for phase in project.phases.all()
                ],
            }
            for project in client.projects.all()
        ],
        "decisions": [
            {
                **{name: getattr(decision, name) for name in DECISION_FIELDS},
                "decided_at": _moment(decision.decided_at),
                **{name: getattr(decision, name) for name in DECISION_SCORE_FIELDS},
                "phase": positions.get(decision.phase_id),
            }
            for decision in client.decisions.all()
        ],
        "questions": questions(),
        **_contact_entry(client),
    }


def _contact_entry(client: Client) -> dict:
    """Return a client's contact details and planned contact (version 4)."""
    planned = PlannedContact.of(client)
    return {
        **{name: getattr(client, name) for name in CONTACT_FIELDS},
        "next_contact": {"at": _moment(planned.at), "kind": planned.kind, "note": planned.note}
        if planned
        else None,
    }


def _clients_with_everything(user):
    # The flag's key comes from the catalogue's flags, read once: not a Flag per row.
    observations = Prefetch("observations", Observation.objects.order_by("pk"))
    phases = (
        Phase.objects.select_related("review")
        .prefetch_related(Prefetch("review__observations", observations.queryset))
        .order_by("starts_on", "pk")
    )
    return (
        Client.objects.filter(owner=user)
        .select_related("catalogue")
        .order_by("created_at", "pk")
        .prefetch_related(
            Prefetch(
                "interactions",
                Interaction.objects.prefetch_related(observations).order_by("occurred_at", "pk"),
            ),
            Prefetch(
                "projects",
                Project.objects.prefetch_related(Prefetch("phases", phases)).order_by(
                    "created_at", "pk"
                ),
            ),
            Prefetch("decisions", Decision.objects.order_by("decided_at", "pk")),
            Prefetch("questions", Question.objects.order_by("created_at", "pk")),
        )
    )


# Import ---------------------------------------------------------------------------------


@dataclass
class ImportSummary:
    """What a restore wrote, and the clients whose recomputed score differs from the file."""

    clients: int = 0
    interactions: int = 0
    reviews: int = 0
    decisions: int = 0
    questions: int = 0
    boundaries: int = 0
    rescored_differently: list[str] = field(default_factory=list)


def import_data(user, document: Any) -> ImportSummary:
    """Restore an export into a consultant's account that has no clients yet.

    The whole document is checked first; then everything is written in one transaction and
    the clients are re-scored in it, so a failure anywhere leaves nothing behind. Catalogues
    are matched by name and never created or changed.
    """
    validate_document(document)
    with transaction.atomic():
        # Two restores into the same account at once: the second waits, then finds clients.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        if Client.objects.filter(owner=user).exists():
            raise DataFileError(
                _(
                    "Your account already has clients: a restore goes into an account without "
                    "clients only, so nothing is overwritten or mixed."
                )
            )
        catalogues, flags = _catalogues_and_flags(document, _restore_own_catalogue(user, document))
        return _write(user, document, catalogues, flags)


def _restore_own_catalogue(user, document: dict) -> FlagCatalogue | None:
    """Make (or update) the consultant's own catalogue from the file's (version 4)."""
    entry = document.get("own_catalogue") if document["version"] >= 4 else None
    if entry is None:
        return None
    data = {**entry, "format": catalogue_io.FORMAT, "version": catalogue_io.VERSION}
    try:
        catalogue, _created = catalogue_io.import_catalogue(data, owner=user)
    except catalogue_io.CatalogueFileError as error:
        raise DataFileError(f"own_catalogue: {error}") from None
    if entry["use_for_new_clients"]:
        profile = profile_for(user)
        profile.preferred_catalogue = catalogue
        profile.save(update_fields=["preferred_catalogue"])
    return catalogue


def _catalogues_and_flags(
    document: dict, own: FlagCatalogue | None
) -> tuple[dict[str, FlagCatalogue], dict[tuple[str, str], Flag]]:
    """Return the document's catalogues by name, and their flags by (catalogue name, key).

    A name is the consultant's own catalogue when the file has one of that name, else a
    shared catalogue: never another consultant's.
    """
    names = {client["catalogue"] for client in document["clients"]}
    catalogues = {c.name: c for c in FlagCatalogue.objects.shared().filter(name__in=names)}
    if own is not None:
        catalogues[own.name] = own
    for index, client in enumerate(document["clients"]):
        if client["catalogue"] not in catalogues:
            raise DataFileError(
                _("clients[%(index)d].catalogue: there is no catalogue named “%(name)s” here.")
                % {"index": index, "name": client["catalogue"]}
            )
    flags = {
        (flag.catalogue.name, flag.key): flag
        for flag in Flag.objects.filter(catalogue__in=catalogues.values()).select_related(
            "catalogue"
        )
    }
    for where, catalogue, observation in observations_of(document):
        if (catalogue, observation["flag"]) not in flags:
            raise DataFileError(
                _("%(where)s.flag: the catalogue “%(catalogue)s” has no flag “%(key)s”.")
                % {"where": where, "catalogue": catalogue, "key": observation["flag"]}
            )
    return catalogues, flags


def _write(user, document: dict, catalogues: dict, flags: dict) -> ImportSummary:
    profile = profile_for(user)
    profile.reflection_hours = document["consultant"]["reflection_hours"]
    profile.save(update_fields=["reflection_hours"])

    entries = document["boundaries"]
    created = Boundary.objects.bulk_create(
        Boundary(owner=user, text=entry["text"], active=entry["active"]) for entry in entries
    )
    boundaries = {entry["id"]: boundary for entry, boundary in zip(entries, created, strict=True)}

    clients = [
        Client(
            owner=user,
            catalogue=catalogues[entry["catalogue"]],
            **_client_fields(entry),
            **(_contact_fields(entry) if document["version"] >= 4 else {}),
        )
        for entry in document["clients"]
    ]
    interactions, projects, phases, reviews, decisions, questions = [], [], [], [], [], []
    observed = []  # (entry with observations, catalogue name, source field, source)
    # Rows are built in the file's order, so their ids follow it and a new export matches.
    for entry, client in zip(document["clients"], clients, strict=True):
        catalogue = entry["catalogue"]
        written = []
        for item in entry["interactions"]:
            interactions.append(Interaction(client=client, **_interaction_fields(item)))
            observed.append((item, catalogue, "interaction", interactions[-1]))
            written.append(interactions[-1])
        questions += _questions(document["version"], entry, client, written)
        client_phases = {}
        for p, item in enumerate(entry["projects"]):
            description = item.get("description", "")
            projects.append(Project(client=client, name=item["name"], description=description))
            for n, phase_item in enumerate(item["phases"]):
                phases.append(Phase(project=projects[-1], **_phase_fields(phase_item)))
                client_phases[p, n] = phases[-1]
                if phase_item["review"] is not None:
                    review = PhaseReview(phase=phases[-1], **_review_fields(phase_item["review"]))
                    reviews.append(review)
                    observed.append((phase_item["review"], catalogue, "review", review))
        decisions += [
            Decision(client=client, phase=_followed(d, client_phases), **_decision_fields(d))
            for d in entry["decisions"]
        ]
        if document["version"] < 3:
            # Files of the first panel may hold "need more info" after an accept.
            client.status = status_after(
                client.status,
                [(to_datetime(d["decided_at"]), d["kind"]) for d in entry["decisions"]],
            )
    # Parents first: bulk_create sets their ids, which the children then pick up.
    for model, rows in (
        (Client, clients),
        (Interaction, interactions),
        (Project, projects),
        (Phase, phases),
        (PhaseReview, reviews),
        (Decision, decisions),
        (Question, questions),
    ):
        model.objects.bulk_create(rows)
    _insert_observations(observed, flags, boundaries)

    # A few clients at a time: the evidence of all of a large file's at once weighs more
    # than the file.
    for batch in itertools.batched([client.pk for client in clients], RESCORE_BATCH):
        refresh_scores(Client.objects.filter(pk__in=batch))
    return ImportSummary(
        clients=len(clients),
        interactions=len(interactions),
        reviews=len(reviews),
        decisions=len(decisions),
        questions=len(questions),
        boundaries=len(created),
        rescored_differently=_rescored_differently(document["clients"], clients),
    )


# Clients re-scored together by a restore.
RESCORE_BATCH = 50
# Observations written by one statement of a restore.
OBSERVATION_BATCH = 5000
OBSERVATION_COLUMNS = ("flag", "strength", "note", "interaction", "review", "boundary")


def _insert_observations(observed: list, flags: dict, boundaries: dict) -> None:
    """Insert the observations of the interactions and reviews just written.

    A large file is mostly observations: they go as rows of values, a batch at a time
    (PostgreSQL: one COPY), not as model instances (a third of a million of them took most
    of a restore's time and memory). The values are what bulk_create would write.
    """
    quote = connection.ops.quote_name
    columns = [Observation._meta.get_field(name).column for name in OBSERVATION_COLUMNS]
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(Observation._meta.db_table),
        ", ".join(quote(column) for column in columns),
        ", ".join(["%s"] * len(columns)),
    )
    rows = (
        (
            flags[catalogue, observation["flag"]].pk,
            observation["strength"],
            observation.get("note", ""),
            source.pk if source_field == "interaction" else None,
            source.pk if source_field == "review" else None,
            getattr(boundaries.get(observation.get("boundary")), "pk", None),
        )
        for item, catalogue, source_field, source in observed
        for observation in one_per_boundary(item["observations"])
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY takes the rows as one stream: several times faster than INSERTs.
            copy_sql = "COPY {} ({}) FROM STDIN".format(
                quote(Observation._meta.db_table), ", ".join(quote(column) for column in columns)
            )
            with cursor.cursor.copy(copy_sql) as copy:
                for row in rows:
                    copy.write_row(row)
            return
        for batch in itertools.batched(rows, OBSERVATION_BATCH):
            cursor.executemany(sql, batch)


def _client_fields(entry: dict) -> dict:
    return {
        **{name: entry.get(name, "") for name in CLIENT_TEXT_FIELDS},
        **{name: entry[name] for name in ("status", "breed", "archived")},
    }


def _contact_fields(entry: dict) -> dict:
    """Return a client's contact details and planned contact (version 4; none before)."""
    planned = entry.get("next_contact")
    return {
        **{name: entry.get(name, "") for name in CONTACT_FIELDS},
        "next_contact_at": to_datetime(planned["at"]) if planned else None,
        "next_contact_kind": planned["kind"] if planned else "",
        "next_contact_note": planned.get("note", "") if planned else "",
    }


def _interaction_fields(item: dict) -> dict:
    return {
        "occurred_at": to_datetime(item["occurred_at"]),
        "kind": item["kind"],
        "gut": item["gut"],
        "notes": item.get("notes", ""),
        "questions": item.get("questions", ""),
    }


def _questions(version: int, entry: dict, client: Client, interactions: list) -> list[Question]:
    """Return a client's questions: version 2 lists them, version 1 has lines of text."""
    if version == 1:
        return [
            Question(
                client=client, asked_in=interaction, text=text, created_at=interaction.occurred_at
            )
            for interaction in interactions
            for text in dict.fromkeys(split_questions(interaction.questions))
        ]

    def interaction(position):
        return None if position is None else interactions[position]

    return [
        Question(
            client=client,
            **{name: item.get(name, "") for name in QUESTION_FIELDS},
            created_at=to_datetime(item["created_at"]),
            closed_at=to_datetime(item.get("closed_at")),
            asked_in=interaction(item.get("asked_in")),
            answered_in=interaction(item.get("answered_in")),
        )
        for item in entry.get("questions", [])
    ]


def _phase_fields(item: dict) -> dict:
    return {
        "name": item["name"],
        "starts_on": to_date(item["starts_on"]),
        "ends_on": to_date(item["ends_on"]),
    }


def _review_fields(item: dict) -> dict:
    return {
        "reviewed_at": to_datetime(item["reviewed_at"]),
        **{name: item[name] for name in RATING_FIELDS},
        "would_work_again": item["would_work_again"],
        "learned": item.get("learned", ""),
        "notes": item.get("notes", ""),
    }


def _decision_fields(item: dict) -> dict:
    return {
        **{name: item.get(name, "") for name in DECISION_FIELDS},
        "decided_at": to_datetime(item["decided_at"]),
        **{name: item[name] for name in DECISION_SCORE_FIELDS},
    }


def one_per_boundary(observations: list[dict]) -> list[dict]:
    """Return an interaction's or review's observations with each flag seen through a boundary
    once: files written before the form stored them so may also hold the same flag pressed
    without a boundary. That one goes, its note kept after the boundary's observation's, as
    migration 0014 merges the stored ones."""
    through_boundary = {o["flag"] for o in observations if o.get("boundary") is not None}
    doubled_notes: dict[str, list[str]] = {}
    kept = []
    for observation in observations:
        if observation.get("boundary") is None and observation["flag"] in through_boundary:
            if note := observation.get("note", "").strip():
                doubled_notes.setdefault(observation["flag"], []).append(note)
        else:
            kept.append(observation)
    for index, observation in enumerate(kept):
        notes = doubled_notes.pop(observation["flag"], [])
        if observation.get("boundary") is not None and notes:
            words = [observation.get("note", ""), *notes]
            kept[index] = observation | {"note": " — ".join(word for word in words if word)}
    return kept


def _followed(item: dict, phases: dict) -> Phase | None:
    """Return the phase a checkpoint follows (version 3), None for other decisions."""
    position = item.get("phase")
    return phases[position["project"], position["phase"]] if position else None


def _rescored_differently(entries: list[dict], clients: list[Client]) -> list[str]:
    """Return the names of clients whose recomputed score differs from the file's."""
    stored = {
        pk: {"value": score, "low": low, "high": high, "confidence": confidence, "band": band}
        for pk, score, low, high, confidence, band in Client.objects.filter(
            pk__in=[client.pk for client in clients]
        ).values_list("pk", "score", "score_low", "score_high", "confidence", "band")
    }
    return [
        client.name
        for entry, client in zip(entries, clients, strict=True)
        if "score" in entry and entry["score"] != stored[client.pk]
    ]


# CSV ------------------------------------------------------------------------------------

# A spreadsheet runs a cell starting with one of these as a formula (CSV injection), also
# after blanks it skips: spaces, tabs and line breaks.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SKIPPED_BLANKS = " \t\r\n"


def spreadsheet_safe(value: Any) -> Any:
    """Return a text cell prefixed with ' when a spreadsheet would read it as a formula."""
    if isinstance(value, str) and (
        value.startswith(FORMULA_STARTS) or value.lstrip(SKIPPED_BLANKS).startswith(FORMULA_STARTS)
    ):
        return "'" + value
    return value


def clients_csv(user) -> list[list[Any]]:
    """Return the rows of the clients CSV, header first: one row per client with its score."""
    header = [
        _("Name"),
        _("Organisation"),
        _("Status"),
        _("Breed"),
        _("Archived"),
        _("Score"),
        _("Low"),
        _("High"),
        _("Band"),
        _("Confidence"),
        _("Last contact"),
        _("Open questions"),
    ]
    rows = [header]
    for client in Client.objects.filter(owner=user).order_by("name", "pk"):
        last_contact = (
            timezone.localtime(client.last_contact_at).strftime("%Y-%m-%d %H:%M")
            if client.last_contact_at
            else ""
        )
        rows.append(
            [
                client.name,
                client.organisation,
                client.get_status_display(),
                client.get_breed_display() if client.breed else "",
                _("yes") if client.archived else _("no"),
                client.score,
                client.score_low,
                client.score_high,
                client.get_band_display(),
                client.get_confidence_display(),
                last_contact,
                client.open_questions,
            ]
        )
    return [[spreadsheet_safe(cell) for cell in row] for row in rows]
