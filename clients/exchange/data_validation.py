"""Check a fitcheck export document before anything of it is written.

Every check names the entry and the field that is wrong, e.g.
`clients[2].interactions[0].observations[1].strength: must be 1, 2 or 3.` The checks read
no database: clients.exchange.data_io checks the account, the catalogues and the flag keys.
"""

import json
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import (
    CHECKPOINT_KINDS,
    MAX_QUESTIONS,
    RATING_FIELDS,
    Band,
    Boundary,
    Breed,
    Client,
    ClientStatus,
    Confidence,
    ContactKind,
    DecisionKind,
    FlagCatalogue,
    InteractionKind,
    Phase,
    Project,
    QuestionStatus,
    plausible_year,
    split_questions,
    validate_phone,
)
from ..text import has_visible_text
from . import catalogue_io
from .catalogue_io import KEY_PATTERN, CatalogueFileError, _is_int, _require, _storable, _text

FORMAT = "fitcheck-export"
VERSION = 4
# Version 1 files (before questions had a life of their own) restore too: each line of an
# interaction's questions becomes an open question.
READABLE_VERSIONS = (1, 2, 3, 4)
# Bounds what a hostile file can make us store for one client.
MAX_CLIENT_QUESTIONS = 10 * MAX_QUESTIONS
# Messages are lazy: translated only when a check fails, not for every value checked.
# Free text has no column limit; this only bounds what a hostile file can make us store.
TEXT_LIMIT = 1_000_000


class DataFileError(ValueError):
    """The document cannot be restored; the message names the entry and the field."""


def parse_document(raw: bytes) -> Any:
    """Return the JSON value of a file's bytes, or raise DataFileError saying why not."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DataFileError(_("The file is not UTF-8 text: was it made by fitcheck?")) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise DataFileError(
            _("The file is not valid JSON (line %(line)d, column %(column)d: %(problem)s).")
            % {"line": error.lineno, "column": error.colno, "problem": error.msg}
        ) from None
    except (RecursionError, ValueError):
        # The parser gives up on arrays nested thousands deep and on numbers of thousands
        # of digits: junk, not an export.
        raise DataFileError(
            _("The file is not usable JSON: it is nested too deeply or has huge numbers.")
        ) from None


def validate_document(data: Any) -> None:
    """Raise DataFileError naming the first wrong entry and field of an export, if any."""
    try:
        _check_document(data)
    except CatalogueFileError as error:
        raise DataFileError(str(error)) from None


def to_datetime(value: Any) -> datetime | None:
    """Return an ISO 8601 date and time with its time zone as a datetime, else None."""
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:
            return None
        # The forms check the year where the consultant lives: do the same. (Near year 1
        # or 9999 the conversion itself overflows.)
        local_year = timezone.localtime(moment).year
    except (ValueError, OverflowError):
        return None
    return moment if plausible_year(local_year) else None


def to_date(value: Any) -> date | None:
    """Return an ISO 8601 date (YYYY-MM-DD) as a date, else None."""
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return None
    return day if plausible_year(day.year) else None


def observations_of(document: dict) -> Iterator[tuple[str, str, dict]]:
    """Yield (where, catalogue name, observation) for every observation of a valid document."""
    for c, client in enumerate(document["clients"]):
        for i, interaction in enumerate(client["interactions"]):
            for o, observation in enumerate(interaction["observations"]):
                where = f"clients[{c}].interactions[{i}].observations[{o}]"
                yield where, client["catalogue"], observation
        for p, project in enumerate(client["projects"]):
            for f, phase in enumerate(project["phases"]):
                for o, observation in enumerate((phase["review"] or {}).get("observations", [])):
                    where = f"clients[{c}].projects[{p}].phases[{f}].review.observations[{o}]"
                    yield where, client["catalogue"], observation


def _max_length(model: type[models.Model], field: str) -> int:
    return model._meta.get_field(field).max_length


# Checks of one value: each raises CatalogueFileError("<where>.<field>: <problem>").


def _path(where: str, field: str) -> str:
    return f"{where}.{field}" if where else field


def _present(data: dict, field: str, where: str) -> Any:
    _require(field in data, _path(where, field), _("is missing."))
    return data[field]


def _object(value: Any, where: str) -> None:
    _require(isinstance(value, dict), where, _("must be an object."))


def _list(data: dict, field: str, where: str) -> list:
    value = _present(data, field, where)
    _require(isinstance(value, list), _path(where, field), _("must be a list."))
    return value


def _string(data: dict, field: str, where: str, *, max_length: int, required: bool = False):
    value = data.get(field, "")
    # The common case costs one look; _text says what is wrong otherwise.
    if (
        not isinstance(value, str)
        or len(value) > max_length
        or (required and not has_visible_text(value))
        or not _storable(value)
    ):
        _text(data, field, where, max_length=max_length, required=required)


def _bool(data: dict, field: str, where: str) -> None:
    value = _present(data, field, where)
    _require(isinstance(value, bool), f"{where}.{field}", _("must be true or false."))


def _choice(data: dict, field: str, where: str, choices: list[str]) -> None:
    value = _present(data, field, where)
    if not (isinstance(value, str) and value in choices):
        listed = ", ".join(f"“{choice}”" for choice in choices)
        _require(False, f"{where}.{field}", _("must be one of %s.") % listed)


def _int(data: dict, field: str, where: str, low: int, high: int, message: str) -> None:
    _require(_is_int(_present(data, field, where), low, high), f"{where}.{field}", message)


def _moment(data: dict, field: str, where: str) -> None:
    _require(
        to_datetime(_present(data, field, where)) is not None,
        f"{where}.{field}",
        _("must be a date and time with its time zone, like 2025-03-14T09:30:00+01:00."),
    )


def _day(data: dict, field: str, where: str) -> None:
    _require(
        to_date(_present(data, field, where)) is not None,
        f"{where}.{field}",
        _("must be a date like 2025-03-14."),
    )


def _is_reference(value: Any) -> bool:
    # Not bool, not float: True == 1 and 1.0 == 1 would match the boundary whose id is 1.
    return type(value) is int or (type(value) is str and 0 < len(value) <= 100)


# The document, entry by entry.


def _check_document(data: Any) -> None:
    _require(isinstance(data, dict), _("document"), _("must be a JSON object."))
    _require(data.get("format") == FORMAT, "format", _("must be “%s”.") % FORMAT)
    version = data.get("version")
    _require(
        type(version) is int and version in READABLE_VERSIONS,
        "version",
        _("must be 1, 2, 3 or %d: this fitcheck reads files of these versions only.") % VERSION,
    )
    consultant = _present(data, "consultant", "")
    _object(consultant, "consultant")
    _int(
        consultant,
        "reflection_hours",
        "consultant",
        0,
        720,
        _("must be a whole number of hours from 0 to 720."),
    )
    for index, entry in enumerate(_list(data, "catalogues", "")):
        _check_catalogue(entry, f"catalogues[{index}]")
    references = set()
    for index, entry in enumerate(_list(data, "boundaries", "")):
        where = f"boundaries[{index}]"
        _object(entry, where)
        reference = _present(entry, "id", where)
        _require(_is_reference(reference), f"{where}.id", _("must be a number or a short text."))
        _require(reference not in references, f"{where}.id", _("appears twice."))
        references.add(reference)
        _string(entry, "text", where, max_length=_max_length(Boundary, "text"), required=True)
        _bool(entry, "active", where)
    for index, entry in enumerate(_list(data, "clients", "")):
        _check_client(entry, f"clients[{index}]", references, version)
    if version >= 4:
        _check_own_catalogue(data)


def _check_own_catalogue(data: dict) -> None:
    """Check the consultant's own catalogue (version 4): absent or null without one."""
    entry = data.get("own_catalogue")
    if entry is None:
        return
    _check_catalogue(entry, "own_catalogue")
    _bool(entry, "use_for_new_clients", "own_catalogue")


def _check_catalogue(entry: Any, where: str) -> None:
    _object(entry, where)
    # The same rules as a catalogue file; the catalogue itself must already exist.
    document = {**entry, "format": catalogue_io.FORMAT, "version": catalogue_io.VERSION}
    try:
        catalogue_io.validate_catalogue(document)
    except CatalogueFileError as error:
        raise CatalogueFileError(f"{where}: {error}") from None


def _check_client(client: Any, where: str, references: set, version: int) -> None:
    _object(client, where)
    for field in ("name", "organisation", "contact", "source"):
        _string(
            client, field, where, max_length=_max_length(Client, field), required=field == "name"
        )
    _choice(client, "status", where, ClientStatus.values)
    _choice(client, "breed", where, ["", *Breed.values])
    _bool(client, "archived", where)
    _string(
        client,
        "catalogue",
        where,
        max_length=_max_length(FlagCatalogue, "name"),
        required=True,
    )
    _require(
        isinstance(client.get("score", {}), dict),
        f"{where}.score",
        _("must be an object (it is informational: scores are recomputed)."),
    )
    for index, interaction in enumerate(_list(client, "interactions", where)):
        _check_interaction(interaction, f"{where}.interactions[{index}]", references)
    for index, project in enumerate(_list(client, "projects", where)):
        _check_project(project, f"{where}.projects[{index}]", references)
    phases = {
        (p, n)
        for p, project in enumerate(client["projects"])
        for n in range(len(project["phases"]))
    }
    followed = set()
    for index, decision in enumerate(_list(client, "decisions", where)):
        at = f"{where}.decisions[{index}]"
        _check_decision(decision, at, version)
        if version >= 3:
            _check_checkpoint(decision, at, phases, followed)
    if "questions" in client:
        _check_questions(client, where)
    if version >= 4:
        _check_contact_details(client, where)
        _check_next_contact(client, where)


def _check_contact_details(client: dict, where: str) -> None:
    """Check a client's email, phone and website (version 4): each blank, or as the form takes."""
    checks = {"email": validate_email, "phone": validate_phone, "website": URLValidator()}
    for field, check in checks.items():
        _string(client, field, where, max_length=_max_length(Client, field))
        value = client.get(field, "")
        if value:
            try:
                check(value)
            except ValidationError as error:
                _require(False, f"{where}.{field}", error.messages[0])


def _check_next_contact(client: dict, where: str) -> None:
    """Check a client's planned contact (version 4): `null`, or its moment, kind and note."""
    planned = client.get("next_contact")
    if planned is None:
        return
    at = f"{where}.next_contact"
    _object(planned, at)
    _moment(planned, "at", at)
    _choice(planned, "kind", at, ContactKind.values)
    _string(planned, "note", at, max_length=_max_length(Client, "next_contact_note"))


def _check_questions(client: dict, where: str) -> None:
    """Check a client's questions (version 2), which point at interactions by position."""
    questions = _list(client, "questions", where)
    _require(
        len(questions) <= MAX_CLIENT_QUESTIONS,
        f"{where}.questions",
        _("at most %(max)d questions.") % {"max": MAX_CLIENT_QUESTIONS},
    )
    last = len(client["interactions"]) - 1
    for index, question in enumerate(questions):
        at = f"{where}.questions[{index}]"
        _object(question, at)
        _string(question, "text", at, max_length=TEXT_LIMIT, required=True)
        _choice(question, "status", at, QuestionStatus.values)
        _string(question, "answer", at, max_length=TEXT_LIMIT)
        _moment(question, "created_at", at)
        is_open = question["status"] == QuestionStatus.OPEN
        if is_open:
            _require(question.get("closed_at") is None, f"{at}.closed_at", _("must be null."))
        else:
            _moment(question, "closed_at", at)
        _require(
            question["status"] == QuestionStatus.ANSWERED or not question.get("answer"),
            f"{at}.answer",
            _("must be empty unless the question is answered."),
        )
        for field in ("asked_in", "answered_in"):
            position = question.get(field)
            _require(
                position is None or _is_int(position, 0, last),
                f"{at}.{field}",
                _("must be the position of one of the client's interactions (from 0), or null."),
            )
        _require(
            not is_open or question.get("answered_in") is None,
            f"{at}.answered_in",
            _("must be null for an open question."),
        )


def _check_interaction(interaction: Any, where: str, references: set) -> None:
    _object(interaction, where)
    _moment(interaction, "occurred_at", where)
    _choice(interaction, "kind", where, InteractionKind.values)
    gut = _present(interaction, "gut", where)
    _require(
        gut is None or _is_int(gut, -2, 2),
        f"{where}.gut",
        _("must be -2, -1, 0, 1, 2 or null."),
    )
    _string(interaction, "notes", where, max_length=TEXT_LIMIT)
    _string(interaction, "questions", where, max_length=TEXT_LIMIT)
    _require(
        len(split_questions(interaction.get("questions", ""))) <= MAX_QUESTIONS,
        f"{where}.questions",
        _("at most %(max)d questions.") % {"max": MAX_QUESTIONS},
    )
    _check_observations(interaction, where, references)


def _check_observations(owner: dict, where: str, references: set) -> None:
    for index, observation in enumerate(_list(owner, "observations", where)):
        # A large file is mostly observations: the common case costs one look, and the
        # checks below say what is wrong otherwise.
        if _is_plain_observation(observation, references):
            continue
        at = f"{where}.observations[{index}]"
        _object(observation, at)
        key = _present(observation, "flag", at)
        _require(
            isinstance(key, str) and KEY_PATTERN.fullmatch(key) is not None,
            f"{at}.flag",
            _("must be a flag key: 1 to 60 letters, digits, - or _."),
        )
        _int(observation, "strength", at, 1, 3, _("must be 1, 2 or 3."))
        _string(observation, "note", at, max_length=TEXT_LIMIT)
        boundary = observation.get("boundary")
        _require(
            boundary is None or (_is_reference(boundary) and boundary in references),
            f"{at}.boundary",
            _("must be the id of one of the boundaries, or null."),
        )


def _is_plain_observation(observation: Any, references: set) -> bool:
    """Return True if an observation passes every check of _check_observations."""
    if type(observation) is not dict:
        return False
    key = observation.get("flag")
    strength = observation.get("strength")
    note = observation.get("note", "")
    boundary = observation.get("boundary")
    return (
        type(key) is str
        and KEY_PATTERN.fullmatch(key) is not None
        and type(strength) is int
        and 1 <= strength <= 3
        and type(note) is str
        and len(note) <= TEXT_LIMIT
        and _storable(note)
        and (boundary is None or (_is_reference(boundary) and boundary in references))
    )


def _check_project(project: Any, where: str, references: set) -> None:
    _object(project, where)
    _string(project, "name", where, max_length=_max_length(Project, "name"), required=True)
    _string(project, "description", where, max_length=TEXT_LIMIT)
    for index, phase in enumerate(_list(project, "phases", where)):
        at = f"{where}.phases[{index}]"
        _object(phase, at)
        _string(phase, "name", at, max_length=_max_length(Phase, "name"), required=True)
        _day(phase, "starts_on", at)
        _day(phase, "ends_on", at)
        _require(
            to_date(phase["ends_on"]) >= to_date(phase["starts_on"]),
            f"{at}.ends_on",
            _("must not be before starts_on."),
        )
        review = _present(phase, "review", at)
        if review is not None:
            _check_review(review, f"{at}.review", references)


def _check_review(review: Any, where: str, references: set) -> None:
    _object(review, where)
    _moment(review, "reviewed_at", where)
    for field in RATING_FIELDS:
        _int(review, field, where, 1, 5, _("must be a whole number from 1 to 5."))
    _bool(review, "would_work_again", where)
    _string(review, "learned", where, max_length=TEXT_LIMIT)
    _string(review, "notes", where, max_length=TEXT_LIMIT)
    _check_observations(review, where, references)


def _check_decision(decision: Any, where: str, version: int) -> None:
    _object(decision, where)
    # Checkpoints came with version 3.
    kinds = [k for k in DecisionKind.values if version >= 3 or k not in CHECKPOINT_KINDS]
    _choice(decision, "kind", where, kinds)
    _string(decision, "reason", where, max_length=TEXT_LIMIT)
    _string(decision, "learning_goal", where, max_length=TEXT_LIMIT)
    _moment(decision, "decided_at", where)
    _bool(decision, "decided_early", where)
    for field in ("score", "score_low", "score_high"):
        _int(decision, field, where, 0, 100, _("must be a whole number from 0 to 100."))
    _require(
        decision["score_low"] <= decision["score"] <= decision["score_high"],
        f"{where}.score",
        _("must lie between score_low and score_high."),
    )
    _choice(decision, "band", where, Band.values)
    _choice(decision, "confidence", where, Confidence.values)
    _require(
        decision["kind"] != DecisionKind.STRETCH
        or has_visible_text(decision.get("learning_goal", "")),
        f"{where}.learning_goal",
        _("is required for a stretch decision: what do you want to learn?"),
    )
    _require(
        not decision["decided_early"] or has_visible_text(decision.get("reason", "")),
        f"{where}.reason",
        _("is required for a decision taken during the reflection period."),
    )


def _check_checkpoint(decision: dict, where: str, phases: set, followed: set) -> None:
    """Check the phase a decision follows (version 3): a checkpoint's, and nobody else's."""
    phase = _present(decision, "phase", where)
    is_checkpoint = decision["kind"] in CHECKPOINT_KINDS
    if phase is None:
        _require(not is_checkpoint, f"{where}.phase", _("is required for a checkpoint."))
        return
    _require(is_checkpoint, f"{where}.phase", _("must be null: only a checkpoint follows a phase."))
    _object(phase, f"{where}.phase")
    position = (phase.get("project"), phase.get("phase"))
    _require(
        all(type(n) is int for n in position) and position in phases,
        f"{where}.phase",
        _("must name a phase of this client by its project's and its own position."),
    )
    _require(position not in followed, f"{where}.phase", _("has a checkpoint already."))
    followed.add(position)
    _require(
        decision["kind"] not in (DecisionKind.CHANGE, DecisionKind.END)
        or has_visible_text(decision.get("reason", "")),
        f"{where}.reason",
        _("is required: what changes, or why the work ends after this phase."),
    )
