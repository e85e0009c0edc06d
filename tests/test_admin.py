"""The admin: staff edit catalogues, and every score follows."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from clients.actions import ObservationInput, log_interaction
from clients.exchange import catalogue_io
from clients.models import Flag, FlagCatalogue
from clients.score.scores import evidence_for


@pytest.fixture
def staff(client, make_user):
    client.force_login(make_user("admin", is_staff=True, is_superuser=True))
    return client


def upload(document) -> SimpleUploadedFile:
    return SimpleUploadedFile("catalogue.json", json.dumps(document).encode(), "application/json")


def test_it_imports_a_catalogue_file_in_the_admin(staff, catalogue):
    document = catalogue_io.export_catalogue(catalogue) | {"name": "Imported"}

    response = staff.post(reverse("admin:clients_flagcatalogue_import"), {"file": upload(document)})

    imported = FlagCatalogue.objects.get(name="Imported")
    assert response.status_code == 302
    assert imported.flags.count() == catalogue.flags.count()


def test_it_refuses_a_wrong_file_naming_the_entry_and_writes_nothing(staff, catalogue):
    document = catalogue_io.export_catalogue(catalogue) | {"name": "Broken"}
    document["flags"][3]["weight"] = 9

    response = staff.post(reverse("admin:clients_flagcatalogue_import"), {"file": upload(document)})

    assert response.status_code == 200
    assert "flags[3]" in response.text
    assert not FlagCatalogue.objects.filter(name="Broken").exists()


def test_it_rescores_clients_when_a_weight_changes_in_the_list(
    staff, consultant, make_client, catalogue
):
    acme = make_client(consultant)
    flag = catalogue.flags.get(key="communicates-clearly")
    log_interaction(client=acme, fields={}, observations=[ObservationInput(flag=flag, strength=3)])
    acme.refresh_from_db()
    before = acme.score

    changelist = reverse("admin:clients_flag_changelist")
    flags = list(Flag.objects.order_by("catalogue", "category", "position", "label"))
    data = {
        "form-TOTAL_FORMS": str(len(flags)),
        "form-INITIAL_FORMS": str(len(flags)),
        "_save": "Save",
    }
    for index, each in enumerate(flags):
        data[f"form-{index}-id"] = each.pk
        data[f"form-{index}-weight"] = 1 if each.pk == flag.pk else each.weight
        data[f"form-{index}-active"] = "on" if each.active else ""
    staff.post(changelist + "?p=0", data)

    acme.refresh_from_db()
    assert acme.score < before
    assert acme.score == evidence_for(acme).fit().score
