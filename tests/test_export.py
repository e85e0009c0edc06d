"""Export all of a consultant's data as JSON, restore it into an empty account, clients as CSV."""

import copy
import csv
import io
import json
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.client import BOUNDARY, MULTIPART_CONTENT, FakePayload, encode_multipart
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clients.actions import (
    ObservationInput,
    QuestionOutcome,
    log_interaction,
    profile_for,
    record_decision,
    save_review,
)
from clients.exchange import data_io
from clients.exchange.data_io import (
    DataFileError,
    clients_csv,
    export_data,
    import_data,
    parse_document,
)
from clients.models import (
    Boundary,
    Client,
    ConsultantProfile,
    Decision,
    FlagCatalogue,
    Interaction,
    Observation,
    Phase,
    PhaseReview,
    Project,
    Question,
)

pytestmark = pytest.mark.django_db

START = datetime(2025, 1, 6, 9, 30, tzinfo=UTC)
SCORE_FIELDS = ("score", "score_low", "score_high", "confidence", "band")
STORED_FIELDS = (*SCORE_FIELDS, "score_trend", "last_contact_at", "open_questions")


def add_client(owner, catalogue, name, *, at=START, rich=True, **extra):
    """Create a client the way the app does: interactions, a reviewed phase, decisions."""
    client = Client.objects.create(owner=owner, catalogue=catalogue, name=name, **extra)
    flag = {f.key: f for f in catalogue.flags.all()}
    boundary = Boundary.objects.filter(owner=owner, active=True).first()
    log_interaction(
        client=client,
        fields={
            "occurred_at": at,
            "kind": "discovery",
            "gut": 1,
            "notes": f"First call with {name} — “très motivés”.",
            "questions": "Budget?\nWho decides?",
        },
        observations=[
            ObservationInput(flag["as-motivated"], 3, "“We want this live by June.”"),
            ObservationInput(flag["crosses-boundaries"], 1, "Called at 21:00", boundary),
        ],
    )
    if not rich:
        return client
    budget = client.questions.get(text="Budget?")
    log_interaction(
        client=client,
        fields={"occurred_at": at + timedelta(days=3, hours=5), "kind": "meeting", "gut": -1},
        observations=[ObservationInput(flag["vague-feedback"], 2)],
        outcomes=[QuestionOutcome(budget, "answered", "“Around 20k, flexible.”")],
    )
    record_decision(client=client, kind="need_info", now=at + timedelta(days=4))
    record_decision(
        client=client,
        kind="stretch",
        reason="Too early, but the timing matters.",
        learning_goal="Handling a demanding product owner",
        now=at + timedelta(days=4, hours=2),
    )
    project = Project.objects.create(client=client, name="Website", description="Redesign")
    first = Phase.objects.create(
        project=project, name="Discovery", starts_on=date(2025, 2, 1), ends_on=date(2025, 2, 28)
    )
    Phase.objects.create(
        project=project, name="Build", starts_on=date(2025, 3, 1), ends_on=date(2025, 3, 1)
    )
    save_review(
        phase=first,
        fields={
            "reviewed_at": at + timedelta(days=60, microseconds=123456),
            "communication": 4,
            "expectations": 2,
            "collaboration": 5,
            "boundaries": 3,
            "satisfaction": 4,
            "would_work_again": True,
            "learned": "Write scope changes down.",
            "notes": "",
        },
        observations=[
            ObservationInput(flag["we-attitude"], 2, "“our” launch"),
            ObservationInput(flag["inconsistent-expectations"], 3, "", boundary),
        ],
    )
    # The checkpoint after the reviewed phase (format version 3).
    record_decision(
        client=client, kind="change", reason="Weekly demos", phase=first, now=at + timedelta(61)
    )
    return client


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # Users are created in every test here; the real hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def ada_data(consultant, catalogue):
    """Ada's data: two boundaries, three clients in two catalogues, one of them archived."""
    Boundary.objects.create(owner=consultant, text="No calls after 19:00")
    Boundary.objects.create(owner=consultant, text="Old rule", active=False)
    profile = profile_for(consultant)
    profile.reflection_hours = 48
    profile.save()
    french = FlagCatalogue.objects.get(language="fr")
    add_client(consultant, catalogue, "Acme", organisation="Acme SA", breed="poodle")
    add_client(consultant, french, "Boulangerie", at=START + timedelta(days=10), archived=True)
    lead = add_client(consultant, catalogue, "Lead only", rich=False, contact="=HYPERLINK()")
    # Inside the 48-hour reflection period: an early decision, with its reason.
    record_decision(client=lead, kind="decline", reason="Not for me", now=START + timedelta(1))
    Client.objects.create(owner=consultant, catalogue=catalogue, name="No evidence")
    return consultant


def without_export_details(document):
    document = copy.deepcopy(document)
    del document["exported_at"], document["consultant"]["username"]
    return document


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Client,
            Interaction,
            Observation,
            Project,
            Phase,
            PhaseReview,
            Decision,
            Boundary,
            Question,
        )
    } | {"reflection": list(ConsultantProfile.objects.values_list("user", "reflection_hours"))}


# Round trip ---------------------------------------------------------------------------


def test_it_round_trips_all_my_data_through_an_empty_account(ada_data, other_consultant):
    document = export_data(ada_data)
    # Through real JSON text, as a file would carry it.
    restored = import_data(other_consultant, json.loads(json.dumps(document)))

    again = export_data(other_consultant)
    assert without_export_details(again) == without_export_details(document)
    assert again["consultant"]["username"] == "grace"
    assert restored.clients == 4
    assert restored.interactions == 5
    assert restored.reviews == 2
    assert restored.decisions == 7
    assert restored.boundaries == 2
    assert restored.rescored_differently == []


def test_it_exports_everything_the_brief_lists(ada_data):
    document = export_data(ada_data)

    assert document["format"] == "fitcheck-export"
    assert document["version"] == 4
    assert document["consultant"] == {"username": "ada", "reflection_hours": 48}
    assert [c["name"] for c in document["catalogues"]] == ["Default", "Par défaut"]
    flag = document["catalogues"][0]["flags"][0]
    assert set(flag) == {"key", "label", "polarity", "category", "weight", "active"}
    assert document["boundaries"] == [
        {"id": 1, "text": "No calls after 19:00", "active": True},
        {"id": 2, "text": "Old rule", "active": False},
    ]
    acme = document["clients"][0]
    assert acme["name"] == "Acme"
    assert acme["breed"] == "poodle"
    assert acme["catalogue"] == "Default"
    assert set(acme["score"]) == {"value", "low", "high", "confidence", "band"}
    first = acme["interactions"][0]
    assert first["occurred_at"] == "2025-01-06T09:30:00+00:00"
    assert first["observations"][1] == {
        "flag": "crosses-boundaries",
        "strength": 1,
        "note": "Called at 21:00",
        "boundary": 1,
    }
    review = acme["projects"][0]["phases"][0]["review"]
    assert review["reviewed_at"] == "2025-03-07T09:30:00.123456+00:00"
    assert review["satisfaction"] == 4
    assert acme["projects"][0]["phases"][1] == {
        "name": "Build",
        "starts_on": "2025-03-01",
        "ends_on": "2025-03-01",
        "review": None,
    }
    assert [d["kind"] for d in acme["decisions"]] == ["need_info", "stretch", "change"]
    assert acme["decisions"][1]["learning_goal"] == "Handling a demanding product owner"
    assert acme["decisions"][1]["phase"] is None
    assert acme["decisions"][2]["phase"] == {"project": 0, "phase": 0}
    assert document["clients"][1]["archived"] is True
    assert document["clients"][2]["decisions"][0]["decided_early"] is True


def test_it_recomputes_the_same_scores_as_the_file(ada_data, other_consultant):
    document = export_data(ada_data)
    import_data(other_consultant, document)

    def stored(owner):
        return list(Client.objects.filter(owner=owner).order_by("pk").values_list(*STORED_FIELDS))

    assert stored(other_consultant) == stored(ada_data)
    restored = Client.objects.filter(owner=other_consultant).order_by("pk")
    for entry, client in zip(document["clients"], restored, strict=True):
        assert entry["score"] == {
            "value": client.score,
            "low": client.score_low,
            "high": client.score_high,
            "confidence": client.confidence,
            "band": client.band,
        }
    # Not a trivial match: the evidence moved the scores away from the neutral 50.
    assert len({entry["score"]["value"] for entry in document["clients"]}) > 1


def test_it_reports_scores_that_differ_because_the_catalogue_changed(
    ada_data, other_consultant, catalogue
):
    document = export_data(ada_data)
    catalogue.flags.filter(key="as-motivated").update(weight=1)

    restored = import_data(other_consultant, document)

    assert restored.rescored_differently == ["Acme", "Lead only"]


def test_it_exports_only_my_data(ada_data, other_consultant, catalogue):
    Boundary.objects.create(owner=other_consultant, text="Grace's private boundary")
    add_client(other_consultant, catalogue, "Secret Corp")

    text = json.dumps(export_data(ada_data), ensure_ascii=False)

    assert "Secret Corp" not in text
    assert "Grace's private boundary" not in text
    assert "Secret Corp" not in json.dumps(clients_csv(ada_data))


def test_it_exports_in_a_constant_number_of_queries(consultant, other_consultant, catalogue):
    for index in range(3):
        add_client(consultant, catalogue, f"Client {index}")
    for index in range(15):
        add_client(other_consultant, catalogue, f"Client {index}")

    with CaptureQueriesContext(connection) as few:
        export_data(consultant)
    with CaptureQueriesContext(connection) as many:
        export_data(other_consultant)

    assert len(few) == len(many) <= 12


# Refusals -------------------------------------------------------------------------------


def test_it_refuses_an_account_that_has_clients(ada_data, other_consultant, make_client):
    document = export_data(ada_data)
    make_client(other_consultant, "Already here")
    before = counts()

    with pytest.raises(DataFileError, match="already has clients"):
        import_data(other_consultant, document)

    assert counts() == before


def _set(path, value):
    def change(document):
        *parents, last = path
        target = document
        for key in parents:
            target = target[key]
        target[last] = value

    return change


def _delete(path):
    def change(document):
        *parents, last = path
        target = document
        for key in parents:
            target = target[key]
        del target[last]

    return change


INTERACTION = ("clients", 0, "interactions", 0)
REVIEW = ("clients", 0, "projects", 0, "phases", 0, "review")
HOSTILE = {
    "wrong format": (_set(("format",), "fitcheck-catalogue"), "format: must be “fitcheck-export”"),
    "wrong version": (_set(("version",), 5), "version: must be 1, 2, 3 or 4"),
    "version true": (_set(("version",), True), "version: must be 1, 2, 3 or 4"),
    "checkpoint in a version 2 file": (
        _set(("version",), 2),
        "clients[0].decisions[2].kind: must be one of",
    ),
    "checkpoint without its phase": (
        _set(("clients", 0, "decisions", 2, "phase"), None),
        "clients[0].decisions[2].phase: is required for a checkpoint",
    ),
    "accept that follows a phase": (
        _set(("clients", 0, "decisions", 1, "phase"), {"project": 0, "phase": 1}),
        "clients[0].decisions[1].phase: must be null",
    ),
    "checkpoint of a phase that is not there": (
        _set(("clients", 0, "decisions", 2, "phase"), {"project": 0, "phase": 7}),
        "clients[0].decisions[2].phase: must name a phase of this client",
    ),
    "checkpoint position that is not a number": (
        _set(("clients", 0, "decisions", 2, "phase"), {"project": True, "phase": "0"}),
        "clients[0].decisions[2].phase: must name a phase of this client",
    ),
    "checkpoint change without a reason": (
        _set(("clients", 0, "decisions", 2, "reason"), " "),
        "clients[0].decisions[2].reason: is required: what changes",
    ),
    "question without text": (
        _set(("clients", 0, "questions", 0, "text"), " "),
        "clients[0].questions[0]: “text” is required",
    ),
    "question of an interaction that is not there": (
        _set(("clients", 0, "questions", 0, "asked_in"), 9),
        "clients[0].questions[0].asked_in: must be the position",
    ),
    "open question with an answer": (
        _set(("clients", 0, "questions", 1, "answer"), "Yes"),
        "clients[0].questions[1].answer: must be empty unless",
    ),
    "answered question without a closing date": (
        _set(("clients", 0, "questions", 0, "closed_at"), None),
        "clients[0].questions[0].closed_at: must be a date and time",
    ),
    "unknown question status": (
        _set(("clients", 0, "questions", 0, "status"), "pending"),
        "clients[0].questions[0].status: must be one of",
    ),
    "empty object": (lambda d: d.clear(), "format: must be “fitcheck-export”"),
    "missing clients": (_delete(("clients",)), "clients: is missing"),
    "missing client name": (_delete(("clients", 1, "name")), "clients[1]: “name” is required"),
    "missing occurred_at": (
        _delete((*INTERACTION, "occurred_at")),
        "clients[0].interactions[0].occurred_at: is missing",
    ),
    "gut out of range": (_set((*INTERACTION, "gut"), 5), "clients[0].interactions[0].gut: must"),
    "gut as a boolean": (_set((*INTERACTION, "gut"), True), "clients[0].interactions[0].gut"),
    "strength out of range": (
        _set((*INTERACTION, "observations", 1, "strength"), 4),
        "clients[0].interactions[0].observations[1].strength: must be 1, 2 or 3",
    ),
    "rating out of range": (
        _set((*REVIEW, "satisfaction"), 6),
        "clients[0].projects[0].phases[0].review.satisfaction: must be a whole number from 1 to 5",
    ),
    "catalogue weight out of range": (
        _set(("catalogues", 0, "flags", 2, "weight"), 9),
        "catalogues[0]: flags[2] (",
        "“weight” must be 1 to 5",
    ),
    "naive date and time": (
        _set((*INTERACTION, "occurred_at"), "2025-01-06T09:30:00"),
        "clients[0].interactions[0].occurred_at: must be a date and time with its time zone",
    ),
    "unparsable date": (
        _set(("clients", 0, "projects", 0, "phases", 0, "starts_on"), "1st of May"),
        "clients[0].projects[0].phases[0].starts_on: must be a date",
    ),
    "phase ends before it starts": (
        _set(("clients", 0, "projects", 0, "phases", 0, "ends_on"), "2025-01-01"),
        "clients[0].projects[0].phases[0].ends_on: must not be before starts_on",
    ),
    "unknown status": (
        _set(("clients", 0, "status"), "friend"),
        "clients[0].status: must be one of",
    ),
    "name too long": (_set(("clients", 0, "name"), "x" * 201), "clients[0]: “name” is too long"),
    "stretch without a learning goal": (
        _set(("clients", 0, "decisions", 1, "learning_goal"), "  "),
        "clients[0].decisions[1].learning_goal: is required for a stretch decision",
    ),
    "early decision without a reason": (
        _set(("clients", 2, "decisions", 0, "reason"), ""),
        "clients[2].decisions[0].reason: is required for a decision taken during the reflection",
    ),
    "decision score outside its interval": (
        _set(("clients", 0, "decisions", 0, "score_low"), 100),
        "clients[0].decisions[0].score",
    ),
    "unknown boundary": (
        _set((*INTERACTION, "observations", 1, "boundary"), 99),
        "clients[0].interactions[0].observations[1].boundary",
    ),
    "NUL in notes": (
        _set((*INTERACTION, "notes"), "a\x00b"),
        "clients[0].interactions[0]: “notes” holds characters that cannot be stored",
    ),
    "lone surrogate in a note": (
        _set((*INTERACTION, "observations", 0, "note"), "\ud800"),
        "clients[0].interactions[0].observations[0]: “note” holds characters",
    ),
    "unknown flag key": (
        _set(("clients", 1, "interactions", 0, "observations", 0, "flag"), "likes-cake"),
        "clients[1].interactions[0].observations[0].flag: the catalogue “Par défaut” has no "
        "flag “likes-cake”",
    ),
    "unknown flag key in a review": (
        _set((*REVIEW, "observations", 1, "flag"), "likes-cake"),
        "clients[0].projects[0].phases[0].review.observations[1].flag",
    ),
    "unknown catalogue": (
        _set(("clients", 2, "catalogue"), "Nowhere"),
        "clients[2].catalogue: there is no catalogue named “Nowhere”",
    ),
    "nested junk instead of a client": (
        _set(("clients", 0), json.loads("[" * 500 + "]" * 500)),
        "clients[0]: must be an object",
    ),
    "duplicate boundary id": (_set(("boundaries", 1, "id"), 1), "boundaries[1].id: appears twice"),
}


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_it_refuses_a_hostile_document_and_writes_nothing(case, ada_data, other_consultant):
    change, *fragments = HOSTILE[case]
    document = export_data(ada_data)
    change(document)
    before = counts()

    with pytest.raises(DataFileError) as error:
        import_data(other_consultant, document)

    for fragment in fragments:
        assert fragment in str(error.value)
    assert counts() == before


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"{not json", r"not valid JSON \(line 1, column 2"),
        (b"\xff\xfe junk", "not UTF-8"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"version": ' + b"9" * 5000 + b"}", "huge numbers"),
        (b"", "not valid JSON"),
    ],
    ids=["broken", "binary", "deeply nested", "huge number", "empty"],
)
def test_it_refuses_a_file_that_is_not_json(raw, message):
    with pytest.raises(DataFileError, match=message):
        parse_document(raw)


@pytest.mark.parametrize("value", [[], "fitcheck-export", 1, None])
def test_it_refuses_a_document_that_is_not_an_object(value, other_consultant):
    with pytest.raises(DataFileError, match="document: must be a JSON object"):
        import_data(other_consultant, value)


def test_it_writes_nothing_when_a_restore_fails_midway(ada_data, other_consultant, monkeypatch):
    document = export_data(ada_data)
    before = counts()

    def failing_refresh(clients, **kwargs):
        # Every row is written by now: the failure must take all of it back.
        assert clients.count() == 4
        raise RuntimeError("disk full")

    monkeypatch.setattr(data_io, "refresh_scores", failing_refresh)
    with pytest.raises(RuntimeError, match="disk full"):
        import_data(other_consultant, document)

    assert counts() == before


# CSV ------------------------------------------------------------------------------------


def test_it_escapes_formulas_in_the_csv(logged_in, consultant, make_client):
    make_client(consultant, "=cmd()", organisation="+33 1 23 45")
    make_client(consultant, "@SUM(A1)", organisation="-2")
    make_client(consultant, "\tTabbed", organisation="\rReturn")
    make_client(consultant, "Zoë Café", organisation="Plain")

    response = logged_in.get(reverse("export_csv"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Name", "Organisation", "Status"]
    assert len(rows[0]) == 12
    cells = {(row[0], row[1]) for row in rows[1:]}
    assert cells == {
        ("'=cmd()", "'+33 1 23 45"),
        ("'@SUM(A1)", "'-2"),
        ("'\tTabbed", "'\rReturn"),
        ("Zoë Café", "Plain"),
    }


def test_it_puts_scores_and_open_questions_in_the_csv(ada_data):
    rows = clients_csv(ada_data)
    acme = next(row for row in rows if row[0] == "Acme")
    client = Client.objects.get(owner=ada_data, name="Acme")

    assert acme[5:8] == [client.score, client.score_low, client.score_high]
    assert acme[10] == "2025-01-09 15:30"  # the last interaction, in Paris time
    assert acme[11] == 1  # two written in the first call, one answered in the second
    lead = next(row for row in rows if row[0] == "Lead only")
    assert lead[11] == 2


# Pages ----------------------------------------------------------------------------------


def test_it_shows_the_export_page(logged_in):
    response = logged_in.get(reverse("export"))

    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{reverse("export_json")}"' in html
    assert f'href="{reverse("export_csv")}"' in html
    assert 'type="file"' in html
    assert 'accept="application/json"' in html
    assert "Restore from a file" in html
    assert 'aria-current="page">Export<' in html


def test_it_downloads_my_data_as_json(logged_in, ada_data):
    response = logged_in.get(reverse("export_json"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    document = json.loads(b"".join(response.streaming_content))
    assert without_export_details(document) == without_export_details(export_data(ada_data))


def _upload(client, content: bytes, **extra):
    upload = SimpleUploadedFile("fitcheck.json", content, content_type="application/json")
    return client.post(reverse("import_data"), {"file": upload}, **extra)


def test_it_restores_from_an_uploaded_file(client, ada_data, other_consultant):
    content = json.dumps(export_data(ada_data)).encode()
    client.force_login(other_consultant)

    response = _upload(client, content, follow=True)

    assert response.redirect_chain[-1][0] == reverse("dashboard")
    assert "Restored 4 clients" in response.content.decode()
    assert Client.objects.filter(owner=other_consultant).count() == 4


def test_it_refuses_an_upload_with_a_message_naming_the_problem(client, ada_data, make_user):
    document = export_data(ada_data)
    document["clients"][2]["interactions"][0]["observations"][1]["strength"] = 7
    newcomer = make_user("newcomer")
    client.force_login(newcomer)
    before = counts()

    response = _upload(client, json.dumps(document).encode())

    assert response.status_code == 400
    assert (
        "clients[2].interactions[0].observations[1].strength: must be 1, 2 or 3"
        in response.content.decode()
    )
    assert counts() == before


def test_it_refuses_an_upload_that_is_not_json(client, make_user):
    client.force_login(make_user("newcomer"))

    response = _upload(client, b"<script>alert(1)</script>")

    assert response.status_code == 400
    assert "not valid JSON" in response.content.decode()
    assert "<script>alert" not in response.content.decode()


def test_it_refuses_an_upload_without_a_file(client, make_user):
    client.force_login(make_user("newcomer"))

    response = client.post(reverse("import_data"), {"file": "not a file"})

    assert response.status_code == 400
    assert "Choose a fitcheck export file" in response.content.decode()


def test_it_refuses_an_upload_into_an_account_with_clients(logged_in, consultant, make_client):
    make_client(consultant)

    response = _upload(logged_in, b"{}")

    assert response.status_code == 400
    assert "already has clients" in response.content.decode()


class CountingPayload(FakePayload):
    """The request body, counting how much of it the server reads."""

    def __init__(self, content):
        super().__init__(content)
        self.bytes_read = 0

    def read(self, size=-1, /):
        data = super().read(size)
        self.bytes_read += len(data)
        return data

    def readline(self, size=-1, /):
        data = super().readline(size)
        self.bytes_read += len(data)
        return data


def test_it_refuses_50_mb_of_junk_without_reading_it(make_user):
    from django.test import Client as BrowserClient

    # CSRF checks on, as in production: its check reads the form unless the size comes first.
    browser = BrowserClient(enforce_csrf_checks=True)
    browser.force_login(make_user("newcomer"))
    browser.get(reverse("export"))
    token = browser.cookies["csrftoken"].value
    junk = SimpleUploadedFile("junk.json", b"\x00junk" * (10 * 1024 * 1024))
    body = encode_multipart(BOUNDARY, {"file": junk, "csrfmiddlewaretoken": token})
    payload = CountingPayload(body)
    before = counts()

    response = browser.generic(
        "POST", reverse("import_data"), body, MULTIPART_CONTENT, **{"wsgi.input": payload}
    )

    assert response.status_code == 413
    assert "larger than 10 MB" in response.content.decode()
    assert payload.bytes_read == 0
    assert counts() == before


def test_it_still_checks_csrf_on_the_upload(make_user):
    from django.test import Client as BrowserClient

    browser = BrowserClient(enforce_csrf_checks=True)
    browser.force_login(make_user("newcomer"))

    response = _upload(browser, b"{}")

    assert response.status_code == 403


# Commands -------------------------------------------------------------------------------


def test_it_exports_and_restores_with_the_commands(ada_data, other_consultant, tmp_path):
    path = tmp_path / "ada.json"
    out = io.StringIO()

    call_command("export_data", "ada", output=str(path), stdout=out)
    assert "Wrote 4 clients of ada" in out.getvalue()
    call_command("import_data", "grace", str(path), stdout=out)

    assert "Restored 4 clients" in out.getvalue()
    document = json.loads(path.read_text(encoding="utf-8"))
    assert without_export_details(export_data(other_consultant)) == without_export_details(document)


def test_it_prints_the_export_without_output(ada_data):
    out = io.StringIO()

    call_command("export_data", "ada", stdout=out)

    assert json.loads(out.getvalue())["consultant"]["username"] == "ada"


def test_it_refuses_a_bad_file_in_the_command(ada_data, other_consultant, tmp_path):
    document = export_data(ada_data)
    document["clients"][0]["interactions"][0]["gut"] = -3
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    before = counts()

    with pytest.raises(CommandError, match=r"clients\[0\]\.interactions\[0\]\.gut"):
        call_command("import_data", "grace", str(path))

    assert counts() == before


def test_it_refuses_a_file_over_10_mb_in_the_command(other_consultant, tmp_path):
    path = tmp_path / "huge.json"
    with path.open("wb") as file:
        file.truncate(10 * 1024 * 1024 + 1)  # sparse: no disk space used

    with pytest.raises(CommandError, match="larger than 10 MB, the most a restore takes"):
        call_command("import_data", "grace", str(path))


def test_it_refuses_an_unknown_consultant_in_the_commands(tmp_path):
    with pytest.raises(CommandError, match="No consultant named 'nobody'"):
        call_command("export_data", "nobody")
    with pytest.raises(CommandError, match="No consultant named 'nobody'"):
        call_command("import_data", "nobody", str(tmp_path / "missing.json"))


# Questions (format version 2) -----------------------------------------------------------


def test_it_exports_questions_with_their_answers_and_interactions(ada_data):
    acme = export_data(ada_data)["clients"][0]

    assert acme["questions"] == [
        {
            "text": "Budget?",
            "status": "answered",
            "answer": "“Around 20k, flexible.”",
            "created_at": "2025-01-06T09:30:00+00:00",
            "closed_at": acme["questions"][0]["closed_at"],
            "asked_in": 0,
            "answered_in": 1,
        },
        {
            "text": "Who decides?",
            "status": "open",
            "answer": "",
            "created_at": "2025-01-06T09:30:00+00:00",
            "closed_at": None,
            "asked_in": 0,
            "answered_in": None,
        },
    ]


def test_it_restores_questions_answers_and_the_open_count(ada_data, other_consultant):
    import_data(other_consultant, export_data(ada_data))

    acme = Client.objects.get(owner=other_consultant, name="Acme")
    answered = acme.questions.get(text="Budget?")
    assert (answered.status, answered.answer) == ("answered", "“Around 20k, flexible.”")
    assert answered.answered_in.kind == "meeting" and answered.asked_in.kind == "discovery"
    assert list(acme.questions.filter(status="open").values_list("text", flat=True)) == [
        "Who decides?"
    ]
    assert acme.open_questions == 1


def as_version_2(document: dict) -> dict:
    """Return the document as version 2 wrote it: no checkpoints, no decision's phase."""
    document["version"] = 2
    for client in document["clients"]:
        client["decisions"] = [d for d in client["decisions"] if d.pop("phase") is None]
    return document


def test_it_restores_a_version_2_file_with_a_consistent_stage(ada_data, other_consultant):
    record_decision(client=Client.objects.get(name="Lead only"), kind="accept", reason="Now yes")
    document = as_version_2(export_data(ada_data))
    # The first decision panel let "need more info" follow an accept.
    lead = document["clients"][2]
    lead["decisions"].append({**lead["decisions"][-1], "kind": "need_info", "reason": ""})
    lead["decisions"][-1]["decided_at"] = "2030-01-01T00:00:00+00:00"
    lead["status"] = "deciding"

    import_data(other_consultant, document)

    restored = Client.objects.get(owner=other_consultant, name="Lead only")
    assert restored.status == "active"
    assert restored.decisions.count() == 3


def test_it_restores_a_version_1_file_with_its_lines_as_open_questions(ada_data, other_consultant):
    document = as_version_2(export_data(ada_data))
    document["version"] = 1
    for client in document["clients"]:
        del client["questions"]

    restored = import_data(other_consultant, document)

    acme = Client.objects.get(owner=other_consultant, name="Acme")
    assert [(q.text, q.status, q.asked_in.kind) for q in acme.questions.all()] == [
        ("Budget?", "open", "discovery"),
        ("Who decides?", "open", "discovery"),
    ]
    assert acme.open_questions == 2
    assert restored.questions == Question.objects.filter(client__owner=other_consultant).count()
