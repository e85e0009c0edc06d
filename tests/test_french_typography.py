"""French typography: the narrow no-break space (U+202F) before ; : ! ? and inside « », and
straight apostrophes, in the tool that sets it, the French catalogue and the French demo."""

import importlib

import pytest
from django.apps import apps

from clients.data import demo_fr
from clients.data.catalogues import BREEDS, CATEGORY_LABELS, DEFAULT_CATALOGUES, PROBING_QUESTIONS
from clients.models import Flag, FlagCatalogue
from tools.french_typography import typeset, typeset_po

N = "\u202f"


@pytest.mark.parametrize(
    ("written", "typeset_as"),
    [
        (
            "Qui décide ? Le budget : serré ; et alors !",
            f"Qui décide{N}? Le budget{N}: serré{N}; et alors{N}!",
        ),
        ("Pourquoi c'est lent?!", f"Pourquoi c'est lent{N}?!"),
        ("« nous »", f"«{N}nous{N}»"),
        ("«nous»", f"«{N}nous{N}»"),
        ("C’est %(name)s: oui", f"C'est %(name)s{N}: oui"),
        ("−22; si oui", f"−22{N}; si oui"),
        # Not punctuation: times, addresses, query strings.
        ("à 19:00, https://exemple.fr/?page=2", "à 19:00, https://exemple.fr/?page=2"),
    ],
)
def test_it_typesets_french(written, typeset_as):
    assert typeset(written) == typeset_as
    assert typeset(typeset_as) == typeset_as  # run again, nothing moves


def test_it_typesets_a_po_file_s_msgstr_and_nothing_else():
    po = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Why? Because: it is."\nmsgstr "Pourquoi ? Parce que : c\'est ainsi."\n\n'
        'msgid "A long one"\nmsgstr ""\n"Une phrase longue qui tient sur deux lignes, car elle "\n'
        '"dépasse la largeur : voilà."\n'
    )
    text, changed = typeset_po(po)

    assert changed == 2
    assert "charset=UTF-8" in text and "Why? Because: it is." in text
    assert f'msgstr "Pourquoi{N}? Parce que{N}: c\'est ainsi."' in text
    assert f"largeur{N}: " in text  # rewrapped as msgmerge would
    assert typeset_po(text) == (text, 0)


def _french_catalogue_texts() -> list[str]:
    french = DEFAULT_CATALOGUES["fr"]
    flags = [flag[field] for flag in french["flags"] for field in ("label", "description")]
    breeds = [text for breed in BREEDS.values() for text in breed["fr"]]
    categories = [labels["fr"] for labels in CATEGORY_LABELS.values()]
    return [french["description"], *flags, *PROBING_QUESTIONS["fr"].values(), *breeds, *categories]


def _demo_texts(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, dict | list | tuple):
        return []
    items = value.values() if isinstance(value, dict) else value
    return [text for item in items for text in _demo_texts(item)]


@pytest.mark.parametrize(
    "texts",
    [_french_catalogue_texts(), _demo_texts([demo_fr.CLIENTS, demo_fr.BOUNDARIES])],
    ids=["the French catalogue", "the French demo"],
)
def test_the_french_data_follows_french_typography(texts):
    assert [text for text in texts if typeset(text) != text] == []
    assert any(N in text for text in texts)


def _migrate():
    migration = importlib.import_module("clients.migrations.0017_french_catalogue_typography")
    migration.typeset(apps, None)


def test_the_migration_typesets_the_french_catalogue_as_first_written(db):
    french = FlagCatalogue.objects.get(name=DEFAULT_CATALOGUES["fr"]["name"])
    flags = Flag.objects.filter(catalogue=french)
    # A database from before: the texts with ordinary spaces; one label edited by staff since.
    for flag in flags:
        for field in ("label", "description", "probing_question"):
            setattr(flag, field, getattr(flag, field).replace(N, " "))
        flag.save()
    flags.filter(key="we-attitude").update(label="Dit « nous » : ma version")
    english = {flag.pk: flag.description for flag in Flag.objects.exclude(catalogue=french)}

    _migrate()
    _migrate()  # again: nothing more changes

    texts = {flag["key"]: flag for flag in DEFAULT_CATALOGUES["fr"]["flags"]}
    clearly = flags.get(key="communicates-clearly")
    assert clearly.description == texts["communicates-clearly"]["description"]
    assert clearly.probing_question == PROBING_QUESTIONS["fr"]["communicates-clearly"]
    assert N in clearly.description + clearly.probing_question
    assert flags.get(key="we-attitude").label == "Dit « nous » : ma version"
    assert flags.get(key="vague-feedback").description == texts["vague-feedback"]["description"]
    assert {f.pk: f.description for f in Flag.objects.exclude(catalogue=french)} == english
