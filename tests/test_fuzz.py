"""Hypothesis drives every form and HTMX endpoint with random and hostile values.

Properties, checked after every request:

- the app never answers 5xx (and never raises: the test client re-raises view exceptions);
- every row of the consultant still satisfies the rules: `full_clean()` (field limits,
  choices, validators; the database enforces the constraints), integer ranges as
  PostgreSQL has them, observations of the client's own catalogue and boundaries, stored
  scores equal to a fresh computation, an export that the import accepts, and a CSV
  without formulas;
- the other consultant's data is untouched;
- nothing hostile is echoed unescaped: the raw payloads never appear in an HTML body.

Each example runs in a savepoint that is rolled back (`one_example`), so examples do not
see each other's writes and hypothesis replays a failing example on the same data when it
shrinks it. The fixtures (consultants, clients, flags) are built once per test.
"""

import csv
import io
import json
import warnings
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import timedelta
from itertools import chain
from urllib.parse import quote, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.cache.backends.base import CacheKeyWarning
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DataError, transaction
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models import Q
from django.test import Client as Browser
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from clients import actions
from clients.catalogues import actions as actions_on_catalogue
from clients.exchange.catalogue_io import export_catalogue
from clients.exchange.data_io import FORMULA_STARTS, SKIPPED_BLANKS, clients_csv, export_data
from clients.exchange.data_validation import TEXT_LIMIT, validate_document
from clients.models import (
    RATING_FIELDS,
    Boundary,
    Breed,
    Client,
    ClientStatus,
    ConsultantProfile,
    ContactKind,
    Decision,
    DecisionKind,
    Flag,
    FlagCatalogue,
    Interaction,
    InteractionKind,
    Observation,
    Phase,
    PhaseReview,
    Project,
    Question,
)
from clients.score.scores import SCORE_FIELDS, refresh_scores
from tests.conftest import PASSWORD
from tests.factories import add_phase, ago, flag, local_input, log, review

FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FEW = settings(FUZZ, max_examples=12)
MANY = settings(FUZZ, max_examples=40)

# Hostile values ---------------------------------------------------------------------------

XSS = ("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>')
# What must never reach an HTML body unescaped.
RAW_MARKERS = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>")

SPECIAL_TEXTS = [
    "",
    " ",
    "  \t\n  ",
    "\x00",
    "a\x00b",
    "\x01\x02\x1b[31m\x7f\x85",
    "\u202eevil\u202c",
    "مرحبا بالعالم",
    "שלום עולם",
    "👩‍👩‍👧‍👦🔥🇫🇷",
    "e\u0301\u0302\u0303\u0304",
    "Z\u0335\u0321\u0353a\u0336l\u0337g\u0338o",
    "\ufeffBOM",
    "\u200b\u200c\u200d",
    "\r\n\r\n",
    "'; DROP TABLE clients_client; --",
    "{{ request }}{% debug %}",
    "%s%n%x",
    "javascript:alert(1)",
    '=HYPERLINK("http://x")',
    *XSS,
]
NUMBERS = [
    "-1",
    "0",
    "1",
    "2",
    "3",
    "5",
    "6",
    "720",
    "721",
    "99999999999999999999",
    "-99999999999999999999",
    "1e3",
    "NaN",
    "inf",
    "-0",
    "1.5",
    " 3 ",
    "٣",
    "0x10",
    "true",
    "null",
]
DATES = [
    "9999-12-31",
    "0000-00-00",
    "0001-01-01",
    "2026-02-30",
    "2026-13-01",
    "31/12/2026",
    "12/31/2026",
    "20260101",
    "1899-12-31",
    "1900-01-01",
    "2025-06-15",
]
DATETIMES = [
    *DATES,
    "2025-06-15T10:30",
    "2025-06-15 10:30:00",
    "2025-06-15T10:30:00.123456",
    "2025-06-15T10:30:00+14:00",
    "2025-06-15T10:30Z",
    "2025-06-15T25:61",
    "9999-12-31T23:59",
    "0001-01-01T00:00",
    "1900-01-01T00:00",
    "1899-12-31T23:59",
    "2026-03-29T02:30",  # does not exist in Europe/Paris
    "2026-10-25T02:30",  # exists twice in Europe/Paris
    "31/12/2026 10:00",
]
LIMITS = [199, 200, 201, 1999, 2000, 2001, 19_999, 20_000, 20_001]

huge_texts = st.text(min_size=1, max_size=4).map(lambda s: (s * 100_000)[:100_000])
at_limits = st.tuples(st.sampled_from("xé👩<"), st.sampled_from(LIMITS)).map(
    lambda pair: pair[0] * pair[1]
)
with_payload = st.tuples(st.text(max_size=8), st.sampled_from(XSS), st.text(max_size=8)).map(
    "".join
)
# Text a user could type (any unicode a browser sends: no lone surrogates), payloads included.
texts = st.one_of(st.sampled_from(SPECIAL_TEXTS), with_payload, st.text(max_size=40))
scalars = st.one_of(
    texts,
    st.sampled_from(NUMBERS),
    st.sampled_from(DATETIMES),
    huge_texts,
    at_limits,
)
passwords = st.one_of(st.just(PASSWORD), texts)
# Several values for one field, as a crafted form sends them.
hostile = st.one_of(scalars, st.lists(scalars, min_size=2, max_size=3))
MISSING = object()


@st.composite
def form_data(draw, valid: dict, extra=None):
    """Return valid POST data with up to three fields replaced by hostile values or left out.

    The "valid" values of text fields are themselves any unicode, payloads included.
    """
    data = {name: draw(strategy) for name, strategy in valid.items()}
    broken = draw(st.lists(st.sampled_from(sorted(data)), max_size=3, unique=True))
    for name in broken:
        value = draw(st.one_of(hostile, st.just(MISSING)))
        if value is MISSING:
            del data[name]
        else:
            data[name] = value
    if extra is not None:
        data |= draw(extra)
    return data


def fields_from(choices: dict) -> st.SearchStrategy:
    """Return a dict strategy: some of `choices`' keys, each with its own strategy's value."""
    return st.fixed_dictionaries({}, optional=choices)


# The data ---------------------------------------------------------------------------------


@dataclass
class World:
    user: object
    other: object
    http: Browser
    client: Client
    interaction: Interaction
    project: Project
    phase: Phase
    reviewed_phase: Phase
    boundary: Boundary
    retired_boundary: Boundary
    flags: list
    theirs: Client
    their_interaction: Interaction
    their_boundary: Boundary
    their_phase: Phase
    own_flag: Flag  # of the consultant's own catalogue (My flags)
    their_flag: Flag  # of the other consultant's own catalogue

    def chips(self) -> st.SearchStrategy:
        """Return the flag chips' fields: flags and boundaries of the form, and foreign ids."""
        strengths = st.sampled_from(["0", "1", "2", "3", ""])
        verdicts = st.sampled_from(["", "respected", "crossed"])
        choices = {}
        for f in self.flags:
            choices[f"obs-strength-{f.pk}"] = st.one_of(strengths, hostile)
            choices[f"obs-note-{f.pk}"] = texts | hostile
        for b in (self.boundary, self.retired_boundary, self.their_boundary):
            choices[f"obs-boundary-{b.pk}"] = st.one_of(verdicts, hostile)
        for key in ("obs-strength-99999999999999999999", "obs-strength--1", "obs-strength-x"):
            choices[key] = hostile
        return fields_from(choices)

    def questions(self) -> st.SearchStrategy:
        """Return the open questions' fields: the client's own, another's and bogus ids."""
        statuses = st.sampled_from(["open", "answered", "dropped", ""])
        choices = {}
        for pk in [*self.client.questions.values_list("pk", flat=True), "99999999999999999999"]:
            choices[f"open-status-{pk}"] = st.one_of(statuses, hostile)
            choices[f"open-answer-{pk}"] = texts | hostile
        for pk in self.theirs.questions.values_list("pk", flat=True):
            choices[f"open-status-{pk}"] = st.just("dropped")
        return fields_from(choices)

    def chips_and_questions(self) -> st.SearchStrategy:
        return st.tuples(self.chips(), self.questions()).map(lambda pair: pair[0] | pair[1])


@pytest.fixture
def world(db, client, consultant, other_consultant, make_client, catalogue):
    """Return the consultant's data, hostile text included, and the other consultant's."""
    acme = make_client(consultant, XSS[0], organisation=XSS[1], contact=XSS[0])
    boundary = Boundary.objects.create(owner=consultant, text=XSS[0])
    retired = Boundary.objects.create(owner=consultant, text="Old " + XSS[1], active=False)
    keys = ("win-win", "emotionally-reactive", "respects-boundaries", "crosses-boundaries")
    flags = [flag(catalogue, key) for key in keys]
    old = flag(catalogue, "sense-of-humour")
    interaction = log(
        acme,
        kind="discovery",
        occurred_at=ago(days=3),
        gut=1,
        notes=XSS[0],
        questions=XSS[1] + "\nBudget?",
        flags=[("win-win", 3, XSS[0]), ("sense-of-humour", 1, XSS[1])],
    )
    old.active = False  # a retired flag, still observed: the edit form shows it
    old.save()
    phase = add_phase(acme, name=XSS[0])
    reviewed_phase = add_phase(acme, name=XSS[1], project=phase.project)
    review(reviewed_phase, notes=XSS[0], learned=XSS[1], flags=[("win-win", 2, XSS[0])])
    actions.record_decision(client=acme, kind=DecisionKind.NEED_INFO, reason=XSS[0])

    theirs = make_client(other_consultant, "Theirs")
    their_boundary = Boundary.objects.create(owner=other_consultant, text="Theirs")
    their_interaction = log(theirs, flags=[("win-win", 2)], questions="Their question?")
    own = actions_on_catalogue.copy_catalogue(user=consultant, source=catalogue, name=XSS[0])
    own.flags.filter(key="sense-of-humour").update(active=False)
    their_own = actions_on_catalogue.copy_catalogue(
        user=other_consultant, source=catalogue, name="Theirs"
    )
    client.force_login(consultant)
    return World(
        user=consultant,
        other=other_consultant,
        http=client,
        client=acme,
        interaction=interaction,
        project=phase.project,
        phase=phase,
        reviewed_phase=reviewed_phase,
        boundary=boundary,
        retired_boundary=retired,
        flags=[*flags, old],
        theirs=theirs,
        their_interaction=their_interaction,
        their_boundary=their_boundary,
        their_phase=add_phase(theirs),
        own_flag=own.flags.get(key="win-win"),
        their_flag=their_own.flags.get(key="win-win"),
    )


# The properties ---------------------------------------------------------------------------


@contextmanager
def one_example():
    """Run one example in a savepoint rolled back at its end, so the next starts afresh."""
    cache.clear()  # the login throttle's counters
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def assert_escaped(response) -> None:
    if "html" not in response.get("Content-Type", ""):
        return
    body = response.content.decode("utf-8", "replace")
    for marker in RAW_MARKERS:
        assert marker not in body, f"unescaped {marker!r} in {response.request['PATH_INFO']}"


def send(http, method: str, url: str, data=None, **extra):
    """Send a request, follow its redirects; check the status and the escaping of each page."""
    http.cookies.pop("messages", None)
    response = getattr(http, method)(url, data if data is not None else {}, follow=True, **extra)
    assert response.status_code < 500, (url, response.status_code)
    assert_escaped(response)
    with suppress(InvalidArgument):  # outside a hypothesis test: nothing to record
        event(f"{method} → {'redirected' if response.redirect_chain else response.status_code}")
    return response


def rows_of(user):
    """Return every row the consultant owns, in the order of the models."""
    observations = Observation.objects.filter(
        Q(interaction__client__owner=user) | Q(review__phase__project__client__owner=user)
    ).select_related("flag", "boundary", "interaction__client", "review__phase__project__client")
    return chain(
        Client.objects.filter(owner=user),
        Interaction.objects.filter(client__owner=user),
        Project.objects.filter(client__owner=user),
        Phase.objects.filter(project__client__owner=user),
        PhaseReview.objects.filter(phase__project__client__owner=user),
        observations,
        Decision.objects.filter(client__owner=user),
        Question.objects.filter(client__owner=user),
        Boundary.objects.filter(owner=user),
        ConsultantProfile.objects.filter(user=user),
        FlagCatalogue.objects.filter(owner=user),
        Flag.objects.filter(catalogue__owner=user),
    )


# The ranges PostgreSQL enforces: SQLite stores any integer, and full_clean() there checks
# only 64 bits, so a value PostgreSQL would refuse could pass unnoticed.
INTEGER_RANGES = BaseDatabaseOperations.integer_field_ranges


def assert_in_integer_ranges(row) -> None:
    for field in row._meta.concrete_fields:
        low, high = INTEGER_RANGES.get(field.get_internal_type(), (None, None))
        value = getattr(row, field.attname)
        if low is not None and value is not None:
            assert low <= value <= high, (row, field.name, value)


def assert_rules(user) -> None:
    """Check that everything the consultant has stored satisfies the rules."""
    for row in rows_of(user):
        # Constraints and unique checks are the database's own (a row breaking them cannot
        # be stored): checking them again here would only cost a query each.
        row.full_clean(validate_unique=False, validate_constraints=False)
        assert_in_integer_ranges(row)
        if isinstance(row, Observation):
            source = row.interaction or row.review.phase.project
            assert row.flag.catalogue_id == source.client.catalogue_id, row
            assert row.boundary is None or row.boundary.owner_id == user.pk, row
    # Stored scores equal a fresh computation (refreshing changes nothing).
    clients = Client.objects.filter(owner=user).order_by("pk")
    stored = list(clients.values_list("pk", *SCORE_FIELDS))
    with transaction.atomic():
        refresh_scores(clients)
        fresh = list(clients.values_list("pk", *SCORE_FIELDS))
        transaction.set_rollback(True)
    assert stored == fresh
    # What was stored can be exported and would be accepted back.
    document = json.loads(json.dumps(export_data(user)))
    validate_document(document)
    # The CSV a spreadsheet opens has no cell it would run as a formula.
    for row in clients_csv(user)[1:]:
        for cell in row:
            assert not (
                isinstance(cell, str) and cell.lstrip(SKIPPED_BLANKS).startswith(FORMULA_STARTS)
            ), cell


def snapshot(user) -> str:
    """Return all of a consultant's data as text, without the moment of the export."""
    document = export_data(user)
    document.pop("exported_at", None)
    return json.dumps(document, sort_keys=True, default=str)


@pytest.fixture
def untouched(world):
    """Check, after each call, that the other consultant's data did not change."""
    before = snapshot(world.other)

    def check():
        assert snapshot(world.other) == before

    return check


def after_write(world, untouched) -> None:
    assert_rules(world.user)
    untouched()


# Clients ----------------------------------------------------------------------------------


def client_fields():
    return {
        "name": texts,
        "organisation": texts,
        "contact": texts,
        "email": st.sampled_from(["", "ceo@acme.test", "a@b", "x@" + "é" * 250]) | texts,
        "phone": st.sampled_from(["", "+33 1 23 45 67 89", "(555) 010-0199", "+" * 5]) | texts,
        "website": st.sampled_from(["", "acme.test", "https://acme.test/a?b=c"]) | texts,
        "source": texts,
        "status": st.sampled_from(ClientStatus.values),
        "breed": st.sampled_from(["", *Breed.values]),
    }


@FUZZ
@given(data=form_data(client_fields()))
def test_new_client(world, untouched, data):
    with one_example():
        send(world.http, "post", reverse("client_new"), data)
        after_write(world, untouched)


@FUZZ
@given(data=form_data(client_fields() | {"version": st.just("1")}))
def test_edit_client(world, untouched, data):
    with one_example():
        send(world.http, "post", reverse("client_edit", args=[world.client.pk]), data)
        after_write(world, untouched)


# Interactions and the score preview -------------------------------------------------------


def interaction_fields():
    latest = f"{timezone.localdate().year + 5}-12-31T23:59"
    moments = st.one_of(
        st.integers(-3000, 3000).map(lambda days: local_input(ago(days=days))),
        st.sampled_from(["1900-01-01T00:00", latest]),
    )
    return {
        "occurred_at": moments,
        "kind": st.sampled_from(InteractionKind.values),
        "notes": texts,
        "gut": st.sampled_from(["", "-2", "-1", "0", "1", "2"]),
        "questions": texts,
    }


def next_contact_fields():
    """The planned contact's fields, as the log form, the client page and the call sheet send."""
    return {
        "next-at": interaction_fields()["occurred_at"] | st.sampled_from(DATETIMES),
        "next-kind": st.sampled_from(ContactKind.values),
        "next-note": texts,
        "next-done": st.sampled_from(["", "on"]),
        "return_to": st.sampled_from(["page", "sheet"]),
    }


@FUZZ
@given(data=st.data())
def test_log_interaction(world, untouched, data):
    extra = st.tuples(world.chips_and_questions(), fields_from(next_contact_fields())).map(
        lambda pair: pair[0] | pair[1]
    )
    post = data.draw(form_data(interaction_fields(), extra=extra))
    with one_example():
        send(world.http, "post", reverse("interaction_new", args=[world.client.pk]), post)
        after_write(world, untouched)


@FUZZ
@given(data=form_data({"text": texts}))
def test_question_new(world, untouched, data):
    with one_example():
        send(world.http, "post", reverse("question_new", args=[world.client.pk]), data)
        after_write(world, untouched)


@FUZZ
@given(data=st.data())
def test_edit_interaction(world, untouched, data):
    fields = interaction_fields() | {"version": st.just(str(world.interaction.version))}
    post = data.draw(form_data(fields, extra=world.chips()))
    with one_example():
        send(world.http, "post", reverse("interaction_edit", args=[world.interaction.pk]), post)
        after_write(world, untouched)


@FUZZ
@given(data=st.data())
def test_score_preview(world, untouched, data):
    references = st.sampled_from(
        ["", "", str(world.interaction.pk), str(world.their_interaction.pk)]
    )
    fields = interaction_fields() | {"interaction": references}
    post = data.draw(form_data(fields, extra=world.chips()))
    htmx = data.draw(st.booleans())
    headers = {"HX-Request": "true"} if htmx else {}
    with one_example():
        before = snapshot(world.user)
        send(
            world.http,
            "post",
            reverse("score_preview", args=[world.client.pk]),
            post,
            headers=headers,
        )
        assert snapshot(world.user) == before  # a preview saves nothing
        untouched()


# Decisions, projects, phases, reviews -----------------------------------------------------


@FUZZ
@given(
    data=form_data(
        {
            "kind": st.sampled_from(DecisionKind.values),
            "reason": texts,
            "learning_goal": texts,
        }
    )
)
def test_decision(world, untouched, data):
    with one_example():
        send(world.http, "post", reverse("decision_new", args=[world.client.pk]), data)
        after_write(world, untouched)


@FEW
@given(data=form_data({"name": texts, "description": texts}))
def test_new_project(world, untouched, data):
    with one_example():
        send(world.http, "post", reverse("project_new", args=[world.client.pk]), data)
        after_write(world, untouched)


def days() -> st.SearchStrategy:
    """Return dates around today, and the first and last a phase form accepts."""
    today = timezone.localdate()
    edges = ["1900-01-01", f"{today.year + 5}-12-31"]
    around = st.integers(-3000, 2000).map(lambda n: (today + timedelta(n)).isoformat())
    return st.one_of(around, st.sampled_from(edges))


@FUZZ
@given(data=form_data({"name": texts, "starts_on": days(), "ends_on": days()}))
def test_new_phase(world, untouched, data):
    with one_example():
        send(world.http, "post", reverse("phase_new", args=[world.project.pk]), data)
        after_write(world, untouched)


def review_fields(version: str):
    ratings = st.sampled_from(["1", "2", "3", "4", "5"])
    return {
        **dict.fromkeys(RATING_FIELDS, ratings),
        "would_work_again": st.sampled_from(["yes", "no"]),
        "learned": texts,
        "notes": texts,
        "version": st.just(version),
    }


@FUZZ
@given(data=st.data())
def test_phase_review(world, untouched, data):
    phase = data.draw(st.sampled_from([world.phase, world.reviewed_phase]))
    existing = PhaseReview.objects.filter(phase=phase).first()
    version = str(existing.version) if existing else ""
    post = data.draw(form_data(review_fields(version), extra=world.chips()))
    with one_example():
        send(world.http, "post", reverse("phase_review", args=[phase.pk]), post)
        after_write(world, untouched)


# Boundaries, settings ---------------------------------------------------------------------


@FEW
@given(data=form_data({"text": texts}), edit=st.booleans())
def test_boundary_add_and_edit(world, untouched, data, edit):
    url = reverse("boundary_edit", args=[world.boundary.pk]) if edit else reverse("boundaries")
    with one_example():
        send(world.http, "post", url, data)
        send(world.http, "get", reverse("boundaries"))
        after_write(world, untouched)


@FEW
@given(data=st.data())
def test_settings(world, untouched, data):
    catalogues = [str(pk) for pk in FlagCatalogue.objects.values_list("pk", flat=True)]
    fields = {
        "reflection_hours": st.integers(0, 720).map(str),
        "preferred_catalogue": st.sampled_from(["", *catalogues]),
    }
    post = data.draw(form_data(fields))
    with one_example():
        send(world.http, "post", reverse("settings"), post)
        after_write(world, untouched)


@FUZZ
@given(data=form_data(next_contact_fields()), clear=st.booleans())
def test_planned_contact(world, untouched, data, clear):
    name = "planned_contact_clear" if clear else "planned_contact"
    with one_example():
        send(world.http, "post", reverse(name, args=[world.client.pk]), data)
        send(world.http, "get", reverse("planned_contact_ics", args=[world.client.pk]))
        after_write(world, untouched)


@FEW
@given(
    data=form_data(
        {
            "digest-digest_enabled": st.sampled_from(["", "on"]),
            "digest-digest_hour": st.integers(0, 23).map(str),
        }
    ),
    feed=st.sampled_from(["", "calendar_feed_new", "calendar_feed_revoke"]),
)
def test_morning_note_and_calendar_feed_settings(world, untouched, data, feed):
    with one_example():
        send(world.http, "post", reverse("digest_settings"), data)
        if feed:
            send(world.http, "post", reverse(feed))
        after_write(world, untouched)


@FUZZ
@given(token=st.one_of(texts, st.sampled_from(["1-x", "0-", "-", "99999999999999999999-a"])))
def test_calendar_feed_keys(world, untouched, token):
    """Any key, sent by anybody: a 404 (or the throttle's 429), never a 500 nor a calendar."""
    cache.clear()
    with one_example():
        response = Browser().get(f"/calendar/{quote(token, safe='')}.ics")
        assert response.status_code in (404, 429)
        untouched()


# Account ----------------------------------------------------------------------------------


@FEW
@given(data=form_data({"email": st.just("ada@example.com") | texts, "password": passwords}))
def test_account_email(world, untouched, data):
    with one_example():
        send(world.http, "post", reverse("account_email"), data)
        world.user.refresh_from_db()
        world.user.full_clean(validate_unique=False)
        after_write(world, untouched)


@FEW
@given(data=form_data({"old_password": passwords, "new_password1": texts, "new_password2": texts}))
def test_account_password(world, untouched, data):
    with one_example():
        # A changed password gives the session a new key, which the rollback forgets.
        world.http.force_login(world.user)
        send(world.http, "post", reverse("account_password"), data)
        after_write(world, untouched)


@FEW
@given(data=form_data({"password": texts}))
def test_account_delete(world, untouched, data):
    with one_example():
        world.http.force_login(world.user)
        send(world.http, "post", reverse("account_delete"), data)
        after_write(world, untouched)


@FEW
@given(data=form_data({"email": st.just("ada@example.com") | texts}))
def test_password_reset(world, data):
    with one_example():
        send(Browser(), "post", reverse("password_reset"), data)


@pytest.fixture
def staff_http(make_user):
    """Return a browser logged in as a staff member."""
    http = Browser()
    http.force_login(make_user("boss", is_staff=True, is_superuser=True))
    return http


@FEW
@given(
    data=form_data(
        {
            "username": st.just("marie") | texts,
            "email": st.just("marie@example.com") | texts,
            "first_name": texts,
            "last_name": texts,
            "password1": passwords,
            "password2": passwords,
            "invite": st.sampled_from(["", "on"]),
        }
    )
)
def test_admin_add_consultant(world, untouched, staff_http, data):
    with one_example():
        send(staff_http, "post", "/admin/auth/user/add/", data)
        for user in get_user_model().objects.all():
            user.full_clean(validate_unique=False)
        after_write(world, untouched)


# Pages read with GET parameters -----------------------------------------------------------


@MANY
@given(
    params=fields_from(
        {
            "q": texts | hostile,
            "band": st.sampled_from(["good", "unclear", "poor"]) | hostile,
            "status": st.sampled_from(ClientStatus.values) | hostile,
            "breed": st.sampled_from(Breed.values) | hostile,
            "archived": st.sampled_from(["", "only", "all"]) | hostile,
            "sort": st.sampled_from(["score", "-score", "contact", "name", "next"]) | hostile,
            "page": st.sampled_from(NUMBERS) | hostile,
            "today": st.sampled_from(["calls", "overdue", "decide", "review", "quiet"]) | hostile,
        }
    ),
    htmx=st.sampled_from(
        [{}, {"HX-Request": "true"}, {"HX-Request": "true", "HX-History-Restore-Request": "true"}]
    ),
)
def test_dashboard(world, untouched, params, htmx):
    with one_example():
        send(world.http, "get", reverse("dashboard"), params, headers=htmx)
        untouched()


@FEW
@given(params=fields_from({"q": hostile, "catalogue": hostile, "page": hostile}))
def test_read_only_pages(world, untouched, params):
    with one_example():
        for name in ("calibration", "export", "boundaries", "settings", "client_new"):
            send(world.http, "get", reverse(name), params)
        for name in ("my_flags", "my_flag_new", "my_flags_move", "my_flags_import"):
            send(world.http, "get", reverse(name), params)
        send(world.http, "get", reverse("my_flag_edit", args=[world.own_flag.pk]), params)
        for name in ("client_detail", "client_edit", "interaction_new", "project_new"):
            send(world.http, "get", reverse(name, args=[world.client.pk]), params)
        for name in ("client_prepare", "question_new"):
            send(world.http, "get", reverse(name, args=[world.client.pk]), params)
        send(world.http, "get", reverse("interaction_edit", args=[world.interaction.pk]), params)
        send(world.http, "get", reverse("phase_review", args=[world.reviewed_phase.pk]), params)
        untouched()


@FEW
@given(
    data=fields_from(
        {"confirm": st.just("yes") | hostile, "catalogue": hostile, "weight": hostile}
    ),
    staff=st.booleans(),
)
def test_calibration_apply(world, untouched, data, staff):
    with one_example():
        type(world.user).objects.filter(pk=world.user.pk).update(is_staff=staff)
        send(world.http, "post", reverse("calibration_apply"), data)
        after_write(world, untouched)


# My flags ---------------------------------------------------------------------------------


def catalogue_ids() -> st.SearchStrategy:
    """Return the catalogues' ids, the other consultant's own among them, or hostile values."""
    ids = [str(pk) for pk in FlagCatalogue.objects.values_list("pk", flat=True)]
    return st.sampled_from(["", *ids]) | hostile


def own_flag_fields(world) -> dict:
    keys = [*world.own_flag.catalogue.flags.values_list("key", flat=True), "nope"]
    return {
        "label": texts,
        "description": texts,
        "polarity": st.sampled_from(["green", "red"]),
        "category": st.sampled_from(["communication", "rapport", "boundaries"]),
        "weight": st.integers(0, 6).map(str),
        "probing_question": texts,
        "opposite": st.sampled_from(["", *keys]),
    }


@FEW
@given(data=st.data(), fresh=st.booleans())
def test_my_flags_create(world, untouched, data, fresh):
    post = data.draw(
        form_data({"source": catalogue_ids(), "name": texts, "use_for_new": st.just("on")})
    )
    with one_example():
        if fresh:  # without a catalogue of their own yet
            FlagCatalogue.objects.filter(owner=world.user).delete()
        send(world.http, "post", reverse("my_flags_create"), post)
        after_write(world, untouched)


@FUZZ
@given(data=st.data())
def test_my_flag_new(world, untouched, data):
    post = data.draw(form_data(own_flag_fields(world)))
    with one_example():
        send(world.http, "post", reverse("my_flag_new"), post)
        after_write(world, untouched)


@FUZZ
@given(data=st.data(), observed=st.booleans())
def test_my_flag_edit(world, untouched, data, observed):
    post = data.draw(form_data(own_flag_fields(world) | {"version": st.just("1")}))
    with one_example():
        if observed:
            actions_on_catalogue.move_clients(
                user=world.user, catalogue=world.own_flag.catalogue, dry_run=False
            )
        send(world.http, "post", reverse("my_flag_edit", args=[world.own_flag.pk]), post)
        after_write(world, untouched)


@FEW
@given(data=fields_from({"active": st.sampled_from(["yes", "no"]) | hostile}))
def test_my_flag_active(world, untouched, data):
    with one_example():
        send(world.http, "post", reverse("my_flag_active", args=[world.own_flag.pk]), data)
        after_write(world, untouched)


@FUZZ
@given(data=st.data())
def test_my_flags_move(world, untouched, data):
    fields = {"source": catalogue_ids(), "confirm": st.just("yes") | hostile}
    post = data.draw(fields_from(fields | {"previewed": catalogue_ids()}))
    with one_example():
        send(world.http, "post", reverse("my_flags_move"), post)
        after_write(world, untouched)


@FEW
@given(data=st.data())
def test_my_flags_import(world, untouched, data):
    document = export_catalogue(world.own_flag.catalogue)
    flag_fields = data.draw(fields_from({"weight": hostile, "polarity": hostile, "key": hostile}))
    document["flags"][0] |= flag_fields
    document |= data.draw(fields_from({"name": hostile, "half_life_days": hostile}))
    raw = data.draw(
        st.just(json.dumps(document).encode())
        | texts.map(lambda text: text.encode("utf-8", "surrogatepass"))
    )
    with one_example():
        upload = SimpleUploadedFile("mine.json", raw, content_type="application/json")
        send(world.http, "post", reverse("my_flags_import"), {"file": upload})
        after_write(world, untouched)


# Object URLs with any id ------------------------------------------------------------------

OBJECT_URLS = [
    "client_detail",
    "client_edit",
    "client_archive",
    "interaction_new",
    "score_preview",
    "decision_new",
    "project_new",
    "client_prepare",
    "question_new",
    "interaction_edit",
    "interaction_delete",
    "phase_new",
    "phase_review",
    "review_delete",
    "boundary_edit",
    "boundary_toggle",
    "checkpoint_new",
    "project_edit",
    "project_delete",
    "phase_edit",
    "phase_end",
    "phase_delete",
    "planned_contact",
    "planned_contact_clear",
    "planned_contact_ics",
    "my_flag_edit",
    "my_flag_active",
]


def object_of(name: str, client, interaction, phase, boundary, flag):
    """Return the object an object URL names, among the given ones."""
    return {
        "interaction_edit": interaction,
        "interaction_delete": interaction,
        "phase_new": phase.project,
        "project_edit": phase.project,
        "project_delete": phase.project,
        "phase_review": phase,
        "checkpoint_new": phase,
        "phase_edit": phase,
        "phase_end": phase,
        "phase_delete": phase,
        "review_delete": phase,
        "boundary_edit": boundary,
        "boundary_toggle": boundary,
        "my_flag_edit": flag,
        "my_flag_active": flag,
    }.get(name, client)


@MANY
@given(
    name=st.sampled_from(OBJECT_URLS),
    pk=st.one_of(
        st.just("own"),
        st.integers(0, 10**20).map(str),
        st.sampled_from(["-1", "1e3", "%00", "0x1", "99999999999999999999999999999", "١"]),
    ),
    method=st.sampled_from(["get", "post", "put", "delete", "patch"]),
    data=fields_from({"name": hostile, "text": hostile, "kind": hostile, "version": hostile}),
)
def test_any_id(world, untouched, name, pk, method, data):
    """Any id, the consultant's own included, with any method and data: never a 500."""
    if pk == "own":
        own = object_of(
            name, world.client, world.interaction, world.phase, world.boundary, world.own_flag
        )
        pk = str(own.pk)
    url = reverse(name, args=[0]).replace("/0/", f"/{pk}/")
    with one_example():
        if method in ("get", "post"):
            send(world.http, method, url, data)
        else:
            response = getattr(world.http, method)(url)
            assert response.status_code < 500
        after_write(world, untouched)


@FEW
@given(name=st.sampled_from(OBJECT_URLS), method=st.sampled_from(["get", "post"]))
def test_the_other_consultants_ids(world, untouched, name, method):
    theirs = object_of(
        name,
        world.theirs,
        world.their_interaction,
        world.their_phase,
        world.their_boundary,
        world.their_flag,
    )
    with one_example():
        response = send(world.http, method, reverse(name, args=[theirs.pk]), {"text": "x"})
        assert response.status_code in (404, 405)
        untouched()


# Login and language: the forms anyone can post --------------------------------------------


@FUZZ
@given(
    data=fields_from(
        {
            "username": st.just("ada") | hostile,
            "password": st.just(PASSWORD) | hostile,
            "next": hostile,
        }
    ),
)
def test_login(world, data):
    with one_example():
        send(Browser(), "post", reverse("login"), data)


@FUZZ
@given(
    name=st.sampled_from(["dashboard", "client_new", "boundaries", "settings", "export"]),
    method=st.sampled_from(["get", "post"]),
    current=st.one_of(
        st.sampled_from(["", "http://testserver/?q=a", "/clients/1/", "//evil.example/", "["]),
        texts.filter(lambda text: "\n" not in text and "\r" not in text),
    ),
)
def test_anonymous_htmx(world, name, method, current):
    """Anonymous HTMX requests get a 401 that sends the page to the login form, never a 500."""
    headers = {"HX-Request": "true", "HX-Current-URL": current}
    with one_example():
        response = send(Browser(), method, reverse(name), headers=headers)
        assert response.status_code == 401
        assert urlsplit(response["HX-Redirect"]).path == reverse("login")


@FEW
@given(data=fields_from({"language": st.sampled_from(["en", "fr"]) | hostile, "next": hostile}))
def test_set_language(world, data):
    with one_example():
        send(world.http, "post", reverse("set_language"), data)


# Export and restore -----------------------------------------------------------------------


@pytest.fixture
def restorer(make_user):
    """Return a consultant without clients, logged in: what a restore goes into."""
    user = make_user("restorer")
    http = Browser()
    http.force_login(user)
    return user, http


def upload(http, content: bytes, name: str = "fitcheck.json", **extra):
    file = SimpleUploadedFile(name, content, content_type="application/json")
    return send(http, "post", reverse("import_data"), {"file": file}, **extra)


def assert_nothing_restored(user) -> None:
    assert not Client.objects.filter(owner=user).exists()
    assert not Boundary.objects.filter(owner=user).exists()
    assert ConsultantProfile.objects.filter(user=user, reflection_hours=24).count() <= 1


JUNK = [
    b"",
    b"\x00" * 1000,
    b"[" * 100_000,
    b"1" * 10_000,
    b"NaN",
    b"\xef\xbb\xbf{}",
    "{}".encode("utf-16"),
    b'{"format": "fitcheck-export", "version": 1}',
    b'{"format": "fitcheck-export", "version": 1.0}',
    b'"\\ud800"',
]


@FUZZ
@given(
    content=st.one_of(st.sampled_from(JUNK), st.binary(max_size=2000)),
    name=st.sampled_from(["fitcheck.json", XSS[1], "../../etc/passwd", "مرحبا.json", ""]),
    length=st.sampled_from([None, "", "0", "-1", "abc", "99999999999999999999"]),
)
def test_restore_junk(world, restorer, content, name, length):
    user, http = restorer
    extra = {} if length is None else {"CONTENT_LENGTH": length}
    with one_example():
        upload(http, content, name or "x", **extra)
        assert_nothing_restored(user)


def paths_in(value, path=()):
    """Yield the path of every value of a JSON document, containers included."""
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from paths_in(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from paths_in(item, (*path, index))


def value_at(document, path):
    for key in path:
        document = document[key]
    return document


def mutated(document, path, action, value):
    """Return a copy of a document with the value at `path` replaced, deleted or duplicated."""
    document = json.loads(json.dumps(document))
    if not path:
        return value
    try:
        target = value_at(document, path[:-1])
        target[path[-1]]
    except (KeyError, IndexError, TypeError):  # an earlier change removed it
        return document
    last = path[-1]
    if action == "delete":
        del target[last]
    elif action == "duplicate" and isinstance(target, list):
        target.insert(last, target[last])
    else:
        target[last] = value
    return document


MOMENTS = ("occurred_at", "reviewed_at", "decided_at")
EXTREME_MOMENTS = [
    "9999-12-31T23:59:59+00:00",
    "9999-12-31T22:00:00+00:00",
    "0001-01-01T00:00:00+00:00",
    "0001-01-01T00:30:00+00:00",
    "0001-01-01T00:00:00-14:00",
    "9999-12-31T23:59:59-14:00",
    "1900-01-01T00:00:00+00:00",
    "2200-01-01T00:00:00+00:00",
]
EXTREME_DAYS = ["9999-12-31", "0001-01-01", "1900-01-01", "2200-01-01"]
json_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(),
    scalars,
    st.sampled_from([[], {}, [None], {"": None}]),
    st.sampled_from(EXTREME_MOMENTS + EXTREME_DAYS),
)
# Questions one per line: the client's count of open questions is a small integer.
many_lines = st.sampled_from([1, 32_767, 32_768, 40_000]).map(lambda n: "?\n" * n)


@pytest.fixture
def exported(world):
    return json.loads(json.dumps(export_data(world.user)))


@MANY
@given(data=st.data())
def test_restore_a_tampered_export(world, restorer, exported, data):
    """Change one or two values of a real export anywhere: the restore is refused and writes
    nothing, or it writes rows that satisfy the rules and pages that render."""
    user, http = restorer
    paths = list(paths_in(exported))
    moments = [p for p in paths if p and p[-1] in MOMENTS]
    dates = [p for p in paths if p and p[-1] in ("starts_on", "ends_on")]
    questions = [p for p in paths if p and p[-1] == "questions"]
    document = exported
    for _ in range(data.draw(st.integers(1, 2))):
        path, value = data.draw(
            st.one_of(
                st.tuples(st.sampled_from(paths), json_values),
                st.tuples(st.sampled_from(moments), st.sampled_from(EXTREME_MOMENTS)),
                st.tuples(st.sampled_from(dates), st.sampled_from(EXTREME_DAYS)),
                st.tuples(st.sampled_from(questions), many_lines),
            )
        )
        action = data.draw(st.sampled_from(["replace", "replace", "delete", "duplicate"]))
        document = mutated(document, path, action, value)
    content = json.dumps(document, ensure_ascii=data.draw(st.booleans())).encode()
    with one_example():
        response = upload(http, content)
        if Client.objects.filter(owner=user).exists():
            assert_rules(user)
            for pk in Client.objects.filter(owner=user).values_list("pk", flat=True):
                send(http, "get", reverse("client_detail", args=[pk]))
                send(http, "get", reverse("interaction_new", args=[pk]))
            for pk in Phase.objects.filter(project__client__owner=user).values_list(
                "pk", flat=True
            ):
                send(http, "get", reverse("phase_review", args=[pk]))
            for name in ("calibration", "export_json", "export_csv"):
                send(http, "get", reverse(name))
        else:
            assert response.status_code == 400
            assert_nothing_restored(user)


def test_the_exports_of_hostile_data(world):
    """The exports of hostile data: a valid document, and a CSV without formulas."""
    log(world.client, notes="=1+1", questions="@SUM(A1)")
    Client.objects.filter(pk=world.client.pk).update(name="=cmd|' /C calc'!A0", organisation="+1")
    document = send(world.http, "get", reverse("export_json"))
    validate_document(json.loads(b"".join(document.streaming_content)))
    text = send(world.http, "get", reverse("export_csv")).content.decode("utf-8-sig")
    for row in list(csv.reader(io.StringIO(text)))[1:]:
        for cell in row:
            assert not cell.lstrip(SKIPPED_BLANKS).startswith(FORMULA_STARTS), cell


# The admin: staff's change and import forms -------------------------------------------------


def as_staff(world) -> None:
    """Make the consultant staff for this example (rolled back with it)."""
    type(world.user).objects.filter(pk=world.user.pk).update(is_staff=True, is_superuser=True)


def observed_flags() -> set:
    """Return (id, catalogue, key) of every observed flag: the admin never changes them."""
    return set(
        Flag.objects.filter(observations__isnull=False).values_list("pk", "catalogue_id", "key")
    )


def after_admin_write(world, observed_before: set) -> None:
    """Catalogues are shared: both consultants' rows still follow the rules after a change."""
    for row in chain(FlagCatalogue.objects.all(), Flag.objects.all()):
        row.full_clean(validate_unique=False, validate_constraints=False)
        assert_in_integer_ranges(row)
    assert observed_flags() == observed_before
    assert_rules(world.user)
    assert_rules(world.other)


def catalogue_page_fields(world) -> dict:
    """Return the catalogue change page's fields, each with a strategy of valid values.

    Three of its flags (two observed): the formset matches the posted ones by id.
    """
    catalogue = world.client.catalogue
    fields = {
        name: st.just(str(getattr(catalogue, name)))
        for name in ("name", "description", "language", "half_life_days")
    }
    fields |= {
        "good_fit_min": st.sampled_from(["65", "70"]),
        "poor_fit_below": st.sampled_from(["40", "64"]),
        "is_default": st.just("on"),
        "flags-TOTAL_FORMS": st.just("3"),
        "flags-INITIAL_FORMS": st.just("3"),
    }
    unobserved = catalogue.flags.filter(observations__isnull=True).first()
    for index, each in enumerate([*world.flags[:2], unobserved]):
        prefix = f"flags-{index}-"
        fields |= {
            prefix + "id": st.just(str(each.pk)),
            prefix + "catalogue": st.just(str(catalogue.pk)),
            prefix + "key": st.sampled_from([each.key, each.key + "-2", "win-win"]),
            prefix + "label": st.just(each.label) | texts,
            prefix + "description": st.just(each.description) | texts,
            prefix + "polarity": st.sampled_from(["green", "red"]),
            prefix + "category": st.just(each.category),
            prefix + "weight": st.sampled_from(["1", "3", "5"]),
            prefix + "active": st.just("on"),
        }
    return fields


@FUZZ
@given(data=st.data())
def test_admin_catalogue_change(world, data):
    catalogue = world.client.catalogue
    posted = data.draw(form_data(catalogue_page_fields(world)))
    with one_example():
        as_staff(world)
        before = observed_flags()
        url = reverse("admin:clients_flagcatalogue_change", args=[catalogue.pk])
        send(world.http, "post", url, posted)
        after_admin_write(world, before)


def flag_page_fields(world) -> dict:
    observed = world.flags[0]
    return {
        "catalogue": st.sampled_from([str(observed.catalogue_id), str(world.theirs.catalogue_id)])
        | st.sampled_from([str(c) for c in FlagCatalogue.objects.values_list("pk", flat=True)]),
        "key": st.sampled_from([observed.key, "renamed"]) | texts,
        "label": st.just(observed.label) | texts,
        "description": texts,
        "polarity": st.sampled_from(["green", "red"]),
        "category": st.just(observed.category),
        "weight": st.sampled_from(["1", "3", "5"]),
        "active": st.sampled_from(["on", ""]),
        "position": st.just("0"),
    }


@FEW
@given(data=st.data(), add=st.booleans())
def test_admin_flag_change(world, data, add):
    posted = data.draw(form_data(flag_page_fields(world)))
    with one_example():
        as_staff(world)
        before = observed_flags()
        if add:
            url = reverse("admin:clients_flag_add")
        else:
            url = reverse("admin:clients_flag_change", args=[world.flags[0].pk])
        send(world.http, "post", url, posted)
        after_admin_write(world, before)


catalogue_values = st.one_of(json_values, st.just("\ud800"), st.just("\u200b"))


@MANY
@given(data=st.data())
def test_admin_catalogue_import(world, data):
    """Change one or two values of a real catalogue file: refused with nothing written, or
    imported with valid catalogues, observed flags in place and every score fresh."""
    document = export_catalogue(world.client.catalogue)
    document["name"] = data.draw(st.sampled_from([document["name"], "Imported"]))
    paths = list(paths_in(document))
    for _ in range(data.draw(st.integers(1, 2))):
        path, value = data.draw(st.tuples(st.sampled_from(paths), catalogue_values))
        action = data.draw(st.sampled_from(["replace", "replace", "delete", "duplicate"]))
        document = mutated(document, path, action, value)
    content = json.dumps(document, ensure_ascii=data.draw(st.booleans()), allow_nan=True)
    file = SimpleUploadedFile("catalogue.json", content.encode("utf-8", "surrogatepass"))
    with one_example():
        as_staff(world)
        before = observed_flags()
        saved = [export_catalogue(c) for c in FlagCatalogue.objects.order_by("pk")]
        url = reverse("admin:clients_flagcatalogue_import")
        response = send(world.http, "post", url, {"file": file})
        if not response.redirect_chain:
            assert [export_catalogue(c) for c in FlagCatalogue.objects.order_by("pk")] == saved
        after_admin_write(world, before)


# Examples the fuzzing found once, kept as regression tests --------------------------------


@pytest.mark.parametrize("username", ["ada lovelace", "\x00"])
def test_login_throttle_keys_are_valid_cache_keys(world, username):
    # Memcached refuses keys with spaces or control characters; the local cache warns,
    # and this suite turns warnings into errors.
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheKeyWarning)
        for _attempt in range(2):
            send(Browser(), "post", reverse("login"), {"username": username, "password": "x"})


@pytest.mark.parametrize("current", ["http://[", "//[::1"])
def test_anonymous_htmx_with_a_broken_current_url(db, current):
    headers = {"HX-Request": "true", "HX-Current-URL": current}
    response = Browser().get(reverse("dashboard"), headers=headers)
    assert response.status_code == 401
    assert response["HX-Redirect"] == reverse("login") + "?next=%2F"


def restore_changed(http, exported, path, value):
    """Restore the export with one value replaced; return the answer."""
    return upload(http, json.dumps(mutated(exported, path, "replace", value)).encode())


@pytest.mark.parametrize("value", [m for m in EXTREME_MOMENTS if m[:4] in ("0001", "9999")])
@pytest.mark.parametrize(
    "path",
    [
        ("clients", 0, "interactions", 0, "occurred_at"),
        ("clients", 0, "decisions", 0, "decided_at"),
    ],
)
def test_restore_refuses_moments_it_cannot_show(restorer, exported, path, value):
    user, http = restorer
    response = restore_changed(http, exported, path, value)
    assert response.status_code == 400
    assert_nothing_restored(user)


def test_restore_refuses_more_questions_than_a_client_holds(restorer, exported):
    user, http = restorer
    path = ("clients", 0, "interactions", 0, "questions")
    try:
        response = restore_changed(http, exported, path, "?\n" * 40_000)
    except DataError:
        pytest.fail("PostgreSQL refused the score: smallint out of range")
    if Client.objects.filter(owner=user).exists():
        assert_rules(user)
    else:
        assert response.status_code == 400


@pytest.mark.parametrize("form", ["review notes", "project description"])
def test_forms_keep_text_a_restore_accepts(world, form):
    text = "x" * (TEXT_LIMIT + 1)
    if form == "review notes":
        data = {**dict.fromkeys(RATING_FIELDS, "4"), "would_work_again": "yes", "notes": text}
        send(world.http, "post", reverse("phase_review", args=[world.phase.pk]), data)
    else:
        data = {"name": "Website", "description": text}
        send(world.http, "post", reverse("project_new", args=[world.client.pk]), data)
    validate_document(json.loads(json.dumps(export_data(world.user))))
