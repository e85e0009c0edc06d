"""The JSON export streams a client at a time; a large restore writes its observations in
batches and re-scores a few clients at a time, still all of it or nothing.

How fast and how much memory: bench/big_import.py, not these tests.
"""

import io
import json
from datetime import UTC, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clients.exchange import data_io
from clients.exchange.data_io import DataFileError, export_data, export_json, import_data
from clients.models import Client, Observation
from tests import test_export
from tests.test_export import add_client, counts, without_export_details

# The fixtures of the export's tests: Ada's data, and a fast password hasher.
ada_data = test_export.ada_data
fast_passwords = test_export.fast_passwords

pytestmark = pytest.mark.django_db

EXPORTED_AT = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def frozen_now(monkeypatch):
    """Two exports of the same data differ only by exported_at: hold the clock still."""
    monkeypatch.setattr(timezone, "now", lambda: EXPORTED_AT)


@pytest.fixture
def small_chunks(monkeypatch):
    """Read one client at a time, so a few clients cross several chunks."""
    monkeypatch.setattr(data_io, "EXPORT_CHUNK", 1)


def dumped(user) -> str:
    return json.dumps(export_data(user), indent=2, ensure_ascii=False) + "\n"


def test_it_answers_the_download_as_a_stream(logged_in, ada_data, frozen_now):
    response = logged_in.get(reverse("export_json"))

    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    assert json.loads(b"".join(response.streaming_content)) == export_data(ada_data)


def test_it_streams_the_same_text_as_one_dump(ada_data, frozen_now, small_chunks):
    assert "".join(export_json(ada_data)) == dumped(ada_data)


def test_it_streams_an_account_without_clients(consultant, frozen_now):
    text = "".join(export_json(consultant))

    assert text == dumped(consultant)
    assert json.loads(text)["clients"] == []


def test_it_keeps_accents_and_quotes_as_they_are(ada_data, frozen_now):
    text = "".join(export_json(ada_data))

    assert "“très motivés”" in text
    assert "\\u" not in text


def test_it_sends_the_first_clients_before_reading_the_others(
    consultant, catalogue, frozen_now, small_chunks
):
    for index in range(4):
        add_client(consultant, catalogue, f"Client {index}")
    chunks = export_json(consultant)

    with CaptureQueriesContext(connection) as first:
        opening = next(chunks)
    with CaptureQueriesContext(connection) as rest:
        closing = "".join(chunks)

    assert '"name": "Client 0"' in opening
    assert '"name": "Client 1"' not in opening
    assert len(rest) > len(first) > 0
    assert json.loads(opening + closing) == export_data(consultant)


def test_it_writes_the_command_export_as_it_reads(ada_data, frozen_now, small_chunks, tmp_path):
    path = tmp_path / "ada.json"
    out = io.StringIO()

    call_command("export_data", "ada", output=str(path), stdout=out)
    call_command("export_data", "ada", stdout=(printed := io.StringIO()))

    assert path.read_text(encoding="utf-8") == dumped(ada_data)
    assert printed.getvalue() == dumped(ada_data)
    assert "Wrote 4 clients of ada" in out.getvalue()


def test_a_streamed_export_restores_into_another_account(
    client, ada_data, other_consultant, small_chunks
):
    client.force_login(ada_data)
    body = b"".join(client.get(reverse("export_json")).streaming_content)
    client.force_login(other_consultant)

    upload = SimpleUploadedFile("fitcheck.json", body, content_type="application/json")
    response = client.post(reverse("import_data"), {"file": upload})

    assert response.status_code == 302
    assert without_export_details(export_data(other_consultant)) == without_export_details(
        json.loads(body)
    )


# Restores in batches ----------------------------------------------------------------------


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(data_io, "OBSERVATION_BATCH", 2)
    monkeypatch.setattr(data_io, "RESCORE_BATCH", 1)


def many_observations(user, catalogue) -> dict:
    """Return an export whose clients have more observations than a batch holds."""
    for index in range(3):
        add_client(user, catalogue, f"Client {index}")
    return export_data(user)


def test_it_restores_every_observation_in_batches(
    consultant, other_consultant, catalogue, small_batches
):
    document = many_observations(consultant, catalogue)

    summary = import_data(other_consultant, document)

    assert summary.clients == 3
    restored = export_data(other_consultant)
    assert without_export_details(restored) == without_export_details(document)
    assert Observation.objects.filter(interaction__client__owner=other_consultant).count() == sum(
        len(interaction["observations"])
        for entry in document["clients"]
        for interaction in entry["interactions"]
    )
    assert [c.score for c in Client.objects.filter(owner=other_consultant).order_by("pk")] == [
        entry["score"]["value"] for entry in document["clients"]
    ]


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("strength", True, "must be 1, 2 or 3."),
        ("strength", 4, "must be 1, 2 or 3."),
        ("note", "a\x00b", "“note” holds characters that cannot be stored."),
        ("note", 12, "“note” must be text."),
        ("boundary", 99, "must be the id of one of the boundaries, or null."),
        ("flag", "no such key!", "must be a flag key"),
        ("flag", "no-such-flag", "has no flag “no-such-flag”"),
    ],
)
def test_a_wrong_last_observation_restores_nothing(
    consultant, other_consultant, catalogue, small_batches, field, value, problem
):
    document = many_observations(consultant, catalogue)
    last = document["clients"][-1]["interactions"][-1]["observations"][-1]
    last[field] = value
    before = counts()

    with pytest.raises(DataFileError, match=problem) as error:
        import_data(other_consultant, document)

    assert "clients[2].interactions[" in str(error.value)
    assert counts() == before


def test_a_failing_write_in_the_middle_restores_nothing(
    consultant, other_consultant, catalogue, small_batches, monkeypatch
):
    document = many_observations(consultant, catalogue)
    before = counts()
    batches = []
    original = data_io.refresh_scores

    def fail_on_the_second_batch(clients):
        batches.append(clients)
        if len(batches) == 2:
            raise RuntimeError("the database went away")
        return original(clients)

    monkeypatch.setattr(data_io, "refresh_scores", fail_on_the_second_batch)

    with pytest.raises(RuntimeError):
        import_data(other_consultant, document)

    assert counts() == before


def test_the_command_refuses_a_file_over_its_cap_saying_the_limit(other_consultant, tmp_path):
    path = tmp_path / "big.json"
    path.write_bytes(b" " * (10 * 1024 * 1024 + 1))

    with pytest.raises(CommandError) as error:
        call_command("import_data", "grace", str(path))

    assert "larger than 10 MB, the most a restore takes" in str(error.value)
