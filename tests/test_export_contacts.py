"""Version 4 of the export: the client's email, phone and website and its planned contact go
out and come back; files of versions 1 to 3, which have none of them, still restore."""

from datetime import UTC, datetime

import pytest

from clients.contacts.planned import PlannedContact, plan_contact
from clients.exchange.data_io import DataFileError, export_data, import_data
from clients.models import Client
from tests.factories import log

PLANNED = PlannedContact(datetime(2027, 5, 6, 8, 0, tzinfo=UTC), "meeting", "Workshop; room 2")


@pytest.fixture
def acme(consultant, make_client):
    client = make_client(
        consultant,
        "Acme",
        email="ceo@acme.test",
        phone="+33 1 23 45 67 89",
        website="https://acme.test/",
        contact="Assistant: Léa, mornings",
    )
    log(client)
    plan_contact(client=client, planned=PLANNED)
    return client


def restored(user) -> Client:
    return Client.objects.get(owner=user)


def test_version_4_round_trips_contact_details_and_the_planned_contact(acme, other_consultant):
    document = export_data(acme.owner)
    entry = document["clients"][0]

    assert document["version"] == 4
    assert entry["email"] == "ceo@acme.test" and entry["website"] == "https://acme.test/"
    assert entry["next_contact"] == {
        "at": "2027-05-06T08:00:00+00:00",
        "kind": "meeting",
        "note": "Workshop; room 2",
    }

    import_data(other_consultant, document)

    copy = restored(other_consultant)
    fields = ("email", "phone", "website", "contact")
    assert [getattr(copy, f) for f in fields] == [getattr(acme, f) for f in fields]
    assert PlannedContact.of(copy) == PLANNED


def test_a_client_without_a_planned_contact_exports_null(consultant, make_client):
    make_client(consultant, "Quiet")

    assert export_data(consultant)["clients"][0]["next_contact"] is None


@pytest.mark.parametrize("version", [1, 2, 3])
def test_older_versions_restore_with_blank_details_and_nothing_planned(
    acme, other_consultant, version
):
    document = export_data(acme.owner)
    document["version"] = version
    entry = document["clients"][0]
    for field in ("email", "phone", "website", "next_contact"):
        del entry[field]
    if version < 3:
        for decision in entry["decisions"]:
            decision.pop("phase", None)

    import_data(other_consultant, document)

    copy = restored(other_consultant)
    assert (copy.email, copy.phone, copy.website) == ("", "", "")
    assert copy.contact == "Assistant: Léa, mornings"
    assert PlannedContact.of(copy) is None


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("email", "not an email", "clients[0].email: Enter a valid email address."),
        ("phone", "call me", "clients[0].phone: This is not a phone number"),
        ("website", "javascript:alert(1)", "clients[0].website: Enter a valid URL."),
        ("next_contact", {"at": "soon", "kind": "call"}, "clients[0].next_contact.at: must be"),
        (
            "next_contact",
            {"at": "2027-05-06T08:00:00+00:00", "kind": "fax"},
            "clients[0].next_contact.kind: must be one of",
        ),
        ("next_contact", "tomorrow", "clients[0].next_contact: must be an object."),
    ],
)
def test_a_wrong_detail_is_refused_by_name_and_nothing_is_written(
    acme, other_consultant, field, value, message
):
    document = export_data(acme.owner)
    document["clients"][0][field] = value

    with pytest.raises(DataFileError) as error:
        import_data(other_consultant, document)

    assert message in str(error.value)
    assert not Client.objects.filter(owner=other_consultant).exists()
