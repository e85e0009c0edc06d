"""The default catalogues of the data migration, and a catalogue's JSON export and import."""

from collections import Counter

import pytest
from django.contrib.auth import get_user_model

from clients.actions import ObservationInput, log_interaction
from clients.exchange.catalogue_io import CatalogueFileError, export_catalogue, import_catalogue
from clients.models import Category, Client, Flag, FlagCatalogue
from clients.score.scores import evidence_for

pytestmark = pytest.mark.django_db


def flag_rows(catalogue):
    return list(
        catalogue.flags.order_by("key").values_list("key", "polarity", "category", "weight")
    )


def test_it_creates_the_english_default_catalogue_from_the_essay(catalogue):
    assert catalogue.name == "Default"
    assert catalogue.language == "en"
    assert Counter(catalogue.flags.values_list("polarity", flat=True)) == {"green": 12, "red": 10}
    assert set(catalogue.flags.values_list("category", flat=True)) == set(Category.values)


def test_it_creates_a_french_catalogue_with_the_same_flags(catalogue):
    french = FlagCatalogue.objects.get(language="fr")
    assert not french.is_default
    assert flag_rows(french) == flag_rows(catalogue)
    assert french.flags.get(key="we-attitude").label != catalogue.flags.get(key="we-attitude").label


def test_it_has_exactly_one_default_catalogue():
    assert FlagCatalogue.objects.filter(is_default=True).count() == 1


def test_it_round_trips_a_catalogue_through_json(catalogue):
    document = export_catalogue(catalogue)
    copy, created = import_catalogue({**document, "name": "Default (copy)"})

    assert created
    assert export_catalogue(copy) == {**document, "name": "Default (copy)"}


def test_it_writes_nothing_from_a_bad_document(catalogue):
    document = export_catalogue(catalogue)
    document["half_life_days"] = 90
    document["flags"][0]["weight"] = 1
    document["flags"][3]["weight"] = 9
    before = list(Flag.objects.values_list("pk", "weight"))

    with pytest.raises(CatalogueFileError) as error:
        import_catalogue(document)

    assert "flags[3]" in str(error.value)
    assert "weight" in str(error.value)
    assert list(Flag.objects.values_list("pk", "weight")) == before
    catalogue.refresh_from_db()
    assert catalogue.half_life_days == 180


def scored_client(catalogue) -> Client:
    """Return a new client of the catalogue with one strong red flag, scored."""
    owner = get_user_model().objects.create(username="ada")
    client = Client.objects.create(owner=owner, catalogue=catalogue, name="Acme")
    flag = catalogue.flags.get(key="crosses-boundaries")
    observations = [ObservationInput(flag=flag, strength=3)]
    log_interaction(client=client, fields={}, observations=observations)
    client.refresh_from_db()
    return client


def with_weight(document: dict, key: str, weight: int) -> dict:
    """Return a copy of a catalogue document with one flag's weight changed."""
    flags = [
        {**item, "weight": weight} if item["key"] == key else item for item in document["flags"]
    ]
    return {**document, "flags": flags}


def test_it_rescores_the_clients_when_a_weight_changes(catalogue):
    client = scored_client(catalogue)
    before = client.score

    import_catalogue(with_weight(export_catalogue(catalogue), "crosses-boundaries", 1))

    client.refresh_from_db()
    assert client.score > before
    assert client.score == evidence_for(client).fit().score
