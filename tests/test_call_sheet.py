"""The call sheet: cut to one page ("+3 more"), dated, its headings in order."""

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from clients.models import Boundary, Client, FlagCatalogue
from clients.pages import next_call
from tests.factories import log


@pytest.fixture
def acme(consultant, make_client):
    return make_client(consultant, "Acme")


@pytest.fixture
def on_7_december(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2026, 12, 7))


def sheet(logged_in, client, language="en"):
    response = logged_in.get(
        reverse("client_prepare", args=[client.pk]), headers={"accept-language": language}
    )
    assert response.status_code == 200
    return response.text


def test_it_cuts_a_list_and_counts_the_rest():
    assert next_call.cut([1, 2, 3, 4, 5], 3) == next_call.Cut([1, 2, 3], 2)
    assert next_call.cut([1, 2], 3) == next_call.Cut([1, 2], 0)


def test_it_shows_the_first_open_questions_and_counts_the_others(logged_in, acme):
    log(acme, questions="\n".join(f"Question {n}?" for n in range(1, 8)))

    page = sheet(logged_in, acme)

    assert [f"Question {n}?" in page for n in range(1, 8)] == [True] * 4 + [False] * 3
    assert "+3 more" in page


def test_it_shows_three_boundaries_and_counts_the_others(logged_in, acme, consultant):
    for n in range(1, 6):
        Boundary.objects.create(owner=consultant, text=f"Boundary {n}")

    page = sheet(logged_in, acme)

    assert "Boundary 3" in page and "Boundary 4" not in page
    assert "+2 more" in page


def test_it_shows_two_probing_questions_per_least_known_category(logged_in, acme):
    page = sheet(logged_in, acme)

    # Nothing seen yet: the three least known categories each show 2 of their unseen flags.
    probing = re.search(r'<ol class="gaps">(.*?)</ol>', page, re.S).group(1)
    assert probing.count('<ul class="probing">') == 3
    assert probing.count('<li><span class="flag-') == 6


def test_it_shortens_a_long_question(logged_in, acme):
    log(acme, questions="Why " + "very " * 40 + "long?")

    page = sheet(logged_in, acme)

    assert "long?" not in page
    assert "Why very very" in page


def test_it_is_dated(logged_in, acme, on_7_december):
    assert "Prepared on 7 Dec 2026" in sheet(logged_in, acme)


def test_it_is_dated_in_french(logged_in, consultant, on_7_december):
    french = FlagCatalogue.objects.get(language="fr")
    client = Client.objects.create(owner=consultant, catalogue=french, name="Boulangerie")

    page = sheet(logged_in, client, "fr")

    # Passes once the strings of /tmp/fr-words.json are in the catalogue.
    assert "Préparé le 7 déc. 2026" in page


def test_its_headings_follow_the_h1_in_order(logged_in, acme, consultant):
    log(acme, questions="Who signs?")
    Boundary.objects.create(owner=consultant, text="No calls after 19:00")

    page = sheet(logged_in, acme)

    main = page[page.index("<main") :]
    levels = [int(level) for level in re.findall(r"<h([1-6])\b", main)]
    assert levels[0] == 1 and set(levels[1:]) == {2}


def test_it_says_how_much_evidence_a_category_has_in_points(logged_in, acme):
    log(acme, flags=[("as-motivated", 2)])

    page = sheet(logged_in, acme)

    assert re.search(r"\d+ points of evidence", page)
    assert "no evidence yet" in page
    assert "evidence 1" not in page
