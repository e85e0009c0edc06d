"""Export format version 4: the consultant's own catalogue ("My flags") goes with their data."""

import json

import pytest

from clients.catalogues.actions import add_flag, copy_catalogue, move_clients
from clients.exchange.data_io import DataFileError, export_data, import_data
from clients.models import Client, ConsultantProfile, FlagCatalogue, Observation

from .factories import fresh_fit, log, stored_fit


@pytest.fixture
def ada_with_own(consultant, catalogue, make_client):
    own = copy_catalogue(user=consultant, source=catalogue, name="Ada's flags")
    ConsultantProfile.objects.update_or_create(
        user=consultant, defaults={"preferred_catalogue": own}
    )
    add_flag(
        catalogue=own,
        fields={
            "label": "Late to reply",
            "polarity": "red",
            "category": "communication",
            "weight": 4,
        },
    )
    own.flags.filter(key="communicates-clearly").update(weight=5)
    mine = make_client(consultant, "Mine")
    log(mine, flags=[("communicates-clearly", 2)])
    move_clients(user=consultant, catalogue=own, dry_run=False)
    log(Client.objects.get(pk=mine.pk), flags=[("late-to-reply", 3)])
    log(make_client(consultant, "Still shared"), flags=[("impolite", 1)])
    return consultant


def test_it_exports_and_restores_my_own_catalogue(ada_with_own, other_consultant, catalogue):
    document = json.loads(json.dumps(export_data(ada_with_own)))
    assert document["version"] == 4
    own = document["own_catalogue"]
    assert own["name"] == "Ada's flags" and own["use_for_new_clients"] is True
    assert {"late-to-reply", "communicates-clearly"} <= {f["key"] for f in own["flags"]}
    assert [c["name"] for c in document["catalogues"]] == ["Default"]  # shared ones only

    import_data(other_consultant, document)

    restored = FlagCatalogue.objects.get(owner=other_consultant)
    assert restored.flags.get(key="communicates-clearly").weight == 5
    assert restored.flags.get(key="late-to-reply").label == "Late to reply"
    assert ConsultantProfile.objects.get(user=other_consultant).preferred_catalogue == restored
    mine = Client.objects.get(owner=other_consultant, name="Mine")
    assert mine.catalogue == restored
    assert set(
        Observation.objects.filter(interaction__client=mine).values_list(
            "flag__catalogue", flat=True
        )
    ) == {restored.pk}
    assert Client.objects.get(owner=other_consultant, name="Still shared").catalogue == catalogue
    assert stored_fit(mine) == fresh_fit(mine)
    # The original is untouched.
    assert FlagCatalogue.objects.get(owner=ada_with_own).flags.count() == restored.flags.count()


def test_a_file_without_own_catalogue_restores(ada_with_own, other_consultant):
    document = export_data(ada_with_own)
    document["own_catalogue"] = None
    with pytest.raises(DataFileError, match="no catalogue named “Ada's flags”"):
        import_data(other_consultant, document)
    assert not Client.objects.filter(owner=other_consultant).exists()


def test_a_wrong_own_catalogue_is_refused_whole(ada_with_own, other_consultant):
    document = export_data(ada_with_own)
    document["own_catalogue"]["flags"][0]["weight"] = 9
    with pytest.raises(DataFileError, match="own_catalogue"):
        import_data(other_consultant, document)
    assert not FlagCatalogue.objects.filter(owner=other_consultant).exists()


def test_a_version_3_file_still_restores(ada_with_own, other_consultant):
    document = export_data(ada_with_own)
    document["version"] = 3
    del document["own_catalogue"]
    for client in document["clients"]:
        client["catalogue"] = "Default"  # version 3 knew shared catalogues only
        for interaction in client["interactions"]:
            observations = interaction["observations"]
            observations[:] = [o for o in observations if o["flag"] != "late-to-reply"]
    import_data(other_consultant, document)
    assert not FlagCatalogue.objects.filter(owner=other_consultant).exists()
    assert Client.objects.filter(owner=other_consultant).count() == 2
