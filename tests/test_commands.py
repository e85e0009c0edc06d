"""The rescore, export_catalogue and import_catalogue management commands."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from clients.exchange.catalogue_io import export_catalogue
from clients.models import Client, Flag, FlagCatalogue
from clients.score.scores import evidence_for
from tests.test_catalogue import scored_client, with_weight

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def observed_client(catalogue):
    return scored_client(catalogue)


def test_it_rescores_clients_after_a_weight_changed_behind_its_back(observed_client):
    before = observed_client.score
    Flag.objects.filter(key="crosses-boundaries").update(weight=1)

    output = run("rescore")

    observed_client.refresh_from_db()
    assert observed_client.score > before
    assert observed_client.score == evidence_for(observed_client).fit().score
    assert "Re-scored 1 clients" in output


def test_it_rescores_every_client_batch_by_batch(db):
    call_command("seed_demo", "--clients", "5", "--owner", "bench", stdout=StringIO())
    Flag.objects.filter(polarity="red").update(weight=5)

    assert "Re-scored 5 clients" in run("rescore", "--batch-size", "2")

    for client in Client.objects.all():
        assert client.score == evidence_for(client).fit().score


def test_it_rescores_only_the_named_catalogues_clients(observed_client):
    assert "Re-scored 0 clients" in run("rescore", "--catalogue", "Par défaut")
    assert "Re-scored 1 clients" in run("rescore", "--catalogue", "Default")


def test_it_names_an_unknown_catalogue_to_rescore(db):
    with pytest.raises(CommandError, match="Nope"):
        call_command("rescore", "--catalogue", "Nope")


def test_it_exports_a_catalogue_to_a_file(catalogue, tmp_path):
    path = tmp_path / "catalogue.json"
    run("export_catalogue", "Par défaut", "--output", str(path))

    text = path.read_text(encoding="utf-8")
    assert "Par défaut" in text  # not escaped to \u00e9
    assert json.loads(text) == export_catalogue(FlagCatalogue.objects.get(name="Par défaut"))


def test_it_prints_a_catalogue_without_output(catalogue):
    assert json.loads(run("export_catalogue", "Default")) == export_catalogue(catalogue)


def test_it_names_an_unknown_catalogue_to_export(db):
    with pytest.raises(CommandError, match="Nope"):
        call_command("export_catalogue", "Nope")


def test_it_imports_a_new_catalogue(catalogue, tmp_path):
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps({**export_catalogue(catalogue), "name": "Mine"}))

    assert run("import_catalogue", str(path)).strip() == "Created catalogue Mine"
    assert FlagCatalogue.objects.get(name="Mine").flags.count() == 22


def test_it_updates_a_catalogue_and_rescores_its_clients(observed_client, tmp_path):
    document = with_weight(export_catalogue(observed_client.catalogue), "crosses-boundaries", 1)
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps(document))
    before = observed_client.score

    output = run("import_catalogue", str(path))

    assert output.strip() == "Updated catalogue Default (1 clients re-scored)"
    observed_client.refresh_from_db()
    assert observed_client.score > before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"name": "Default", ', "not valid JSON"),
        ('{"format": "fitcheck-catalogue", "version": 1, "name": ""}', "name"),
    ],
)
def test_it_refuses_a_bad_file_and_writes_nothing(catalogue, tmp_path, content, message):
    path = tmp_path / "catalogue.json"
    path.write_text(content)
    before = export_catalogue(catalogue)

    with pytest.raises(CommandError, match=message):
        call_command("import_catalogue", str(path))

    assert export_catalogue(catalogue) == before
    assert FlagCatalogue.objects.count() == 2


def test_it_names_the_entry_and_field_of_a_bad_flag(catalogue, tmp_path):
    document = export_catalogue(catalogue)
    document["flags"][0]["weight"] = 1
    document["flags"][3]["weight"] = 9
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps(document))

    with pytest.raises(CommandError, match=r"flags\[3\].*weight"):
        call_command("import_catalogue", str(path))

    assert catalogue.flags.get(key=document["flags"][0]["key"]).weight == 3
