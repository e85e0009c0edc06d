"""The dashboard: my clients only, search, filters, sort, pages, the HTMX fragment."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from clients.models import Client
from tests.factories import (
    add_phase,
    ago,
    log,
    review,
)

DASHBOARD = reverse("dashboard")


def listed(response) -> list[str]:
    """Return the client names of the dashboard rows, in the order shown."""
    assert response.status_code == 200
    return re.findall(r'<a href="/clients/\d+/">([^<]*)</a>', response.text)


@pytest.fixture
def scored_client(consultant, make_client):
    """Make a client of `consultant` with a stored score and band (the dashboard reads those)."""

    def make(name, score=50, band="unclear", **extra):
        low, high = max(score - 20, 0), min(score + 20, 100)
        return make_client(
            consultant, name, score=score, score_low=low, score_high=high, band=band, **extra
        )

    return make


def test_it_lists_only_my_clients(logged_in, consultant, other_consultant, make_client):
    make_client(consultant, "Mine Ltd")
    make_client(other_consultant, "Theirs Inc")

    assert listed(logged_in.get(DASHBOARD)) == ["Mine Ltd"]


def test_it_welcomes_a_new_consultant_with_the_first_steps(logged_in):
    response = logged_in.get(DASHBOARD)

    assert "Welcome to fitcheck" in response.text
    assert "Add your first client" in response.text
    assert 'role="search"' not in response.text  # no filters to show yet


def test_it_welcomes_a_consultant_whose_only_clients_are_someone_elses(
    logged_in, other_consultant, make_client
):
    make_client(other_consultant, "Theirs Inc")

    assert "Welcome to fitcheck" in logged_in.get(DASHBOARD).text


def test_it_says_when_no_client_matches_instead_of_the_welcome(logged_in, scored_client):
    scored_client("Acme")

    response = logged_in.get(DASHBOARD, {"q": "nothing-like-this"})

    assert listed(response) == []
    assert "No client matches these filters." in response.text
    assert "Welcome to fitcheck" not in response.text


def test_it_finds_clients_by_part_of_their_name(logged_in, scored_client):
    scored_client("Zephyr Studio")
    scored_client("Acme")

    assert listed(logged_in.get(DASHBOARD, {"q": "zeph"})) == ["Zephyr Studio"]


def test_it_finds_clients_by_organisation(logged_in, scored_client):
    scored_client("Bob", organisation="Initech")
    scored_client("Alice", organisation="Globex")

    assert listed(logged_in.get(DASHBOARD, {"q": "initech"})) == ["Bob"]


def test_it_finds_clients_by_a_word_of_their_interaction_notes(logged_in, scored_client):
    log(scored_client("Bob"), notes="They want to move the billing to a blockchain next year.")
    log(scored_client("Alice"), notes="A plain website.")

    assert listed(logged_in.get(DASHBOARD, {"q": "blockchain"})) == ["Bob"]


def test_it_finds_clients_by_a_word_of_the_evidence_they_gave(logged_in, scored_client):
    bob = scored_client("Bob")
    log(bob, flags=[("vague-feedback", 2, "Just make it pop, he said about the invoices")])
    log(scored_client("Alice"), flags=[("vague-feedback", 2, "Nothing to add")])

    assert listed(logged_in.get(DASHBOARD, {"q": "invoices"})) == ["Bob"]


def test_it_finds_clients_by_a_word_of_the_evidence_of_a_phase_review(logged_in, scored_client):
    bob = scored_client("Bob")
    review(add_phase(bob), flags=[("constructive-feedback", 2, "Annotated every mockup")])
    scored_client("Alice")

    assert listed(logged_in.get(DASHBOARD, {"q": "mockup"})) == ["Bob"]


def test_it_never_searches_another_consultants_notes(
    logged_in, scored_client, other_consultant, make_client
):
    log(make_client(other_consultant, "Theirs"), notes="blockchain everywhere")
    scored_client("Mine")

    assert listed(logged_in.get(DASHBOARD, {"q": "blockchain"})) == []


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"band": "good"}, ["Good Co"]),
        ({"band": "poor"}, ["Poor Co"]),
        ({"status": "active"}, ["Poor Co"]),
        ({"breed": "poodle"}, ["Good Co"]),
        ({"band": "good", "status": "active"}, []),
        ({}, ["Good Co", "Unclear Co", "Poor Co"]),
    ],
)
def test_it_filters_by_band_status_and_breed(logged_in, scored_client, params, expected):
    scored_client("Good Co", score=80, band="good", breed="poodle", status="lead")
    scored_client("Unclear Co", score=50, band="unclear", breed="pit_bull", status="lead")
    scored_client("Poor Co", score=20, band="poor", status="active")

    assert listed(logged_in.get(DASHBOARD, params)) == expected


@pytest.mark.parametrize(
    ("archived", "expected"),
    [("", ["Current"]), ("only", ["Old"]), ("all", ["Current", "Old"])],
)
def test_it_hides_archived_clients_unless_asked(logged_in, scored_client, archived, expected):
    scored_client("Current")
    scored_client("Old", archived=True)

    assert listed(logged_in.get(DASHBOARD, {"archived": archived, "sort": "name"})) == expected


def test_it_marks_archived_clients_when_it_shows_them(logged_in, scored_client):
    scored_client("Old", archived=True)

    response = logged_in.get(DASHBOARD, {"archived": "only"})

    assert '<span class="badge">Archived</span>' in response.text


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("", ["Best", "Ann", "Bea", "Worst"]),
        ("score", ["Best", "Ann", "Bea", "Worst"]),
        ("-score", ["Worst", "Ann", "Bea", "Best"]),
        ("name", ["Ann", "Bea", "Best", "Worst"]),
        ("contact", ["Bea", "Worst", "Ann", "Best"]),
    ],
)
def test_it_sorts_by_score_name_or_last_contact(logged_in, scored_client, sort, expected):
    now = timezone.now()
    scored_client("Worst", score=10, band="poor", last_contact_at=now - timedelta(days=9))
    scored_client("Best", score=90, band="good")  # never contacted: last when by contact
    scored_client("Ann", score=50, last_contact_at=now - timedelta(days=30))
    scored_client("Bea", score=50, last_contact_at=now - timedelta(days=1))

    assert listed(logged_in.get(DASHBOARD, {"sort": sort})) == expected


def test_it_shows_25_clients_a_page(logged_in, scored_client):
    for number in range(26):
        scored_client(f"Client {number:02}")

    first = logged_in.get(DASHBOARD, {"sort": "name"})
    second = logged_in.get(DASHBOARD, {"sort": "name", "page": 2})

    assert listed(first) == [f"Client {number:02}" for number in range(25)]
    assert listed(second) == ["Client 25"]
    assert "Page 1 of 2" in first.text
    assert "26 clients" in first.text


def test_it_keeps_the_filters_in_the_page_links(logged_in, scored_client):
    for number in range(26):
        scored_client(f"Client {number:02}", score=70, band="good")

    response = logged_in.get(DASHBOARD, {"band": "good", "sort": "name"})

    assert 'href="?band=good&amp;sort=name&amp;page=2"' in response.text


def test_it_returns_only_the_list_to_an_htmx_request(logged_in, scored_client):
    scored_client("Acme")

    response = logged_in.get(DASHBOARD, {"q": "acme"}, headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert 'id="client-list"' in response.text
    assert "<html" not in response.text
    assert 'role="search"' not in response.text
    assert listed(response) == ["Acme"]


def test_it_returns_the_whole_page_without_htmx(logged_in, scored_client):
    scored_client("Acme")

    response = logged_in.get(DASHBOARD)

    assert "<html" in response.text
    assert 'id="client-list"' in response.text


@pytest.mark.parametrize(
    "query",
    [
        "sort=evil&band=x&page=abc&page=99999",
        "sort=evil",
        "band=x",
        "status=nope&breed=wolf&archived=maybe",
        "page=abc",
        "page=99999",
        "page=-1",
        "page=0",
        "q=" + "x" * 5000,
        "q=%27%22%3B--%20%26%7C!%3A*()",  # '";-- &|!:*()
        "q=+++",
        "sort=&band=&page=",
    ],
)
def test_it_never_fails_on_junk_parameters(logged_in, scored_client, query):
    for number in range(30):
        scored_client(f"Client {number:02}")

    response = logged_in.get(f"{DASHBOARD}?{query}")
    fragment = logged_in.get(f"{DASHBOARD}?{query}", headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert fragment.status_code == 200


@pytest.mark.parametrize("query", ["q=%00", "q=Ac%00me"])
def test_it_never_fails_on_a_nul_character_in_the_search(logged_in, scored_client, query):
    # PostgreSQL refuses NUL in text: it must never reach the query.
    scored_client("Acme")

    response = logged_in.get(f"{DASHBOARD}?{query}")

    assert response.status_code == 200
    assert 'id="client-list"' in response.text


def test_it_falls_back_to_the_last_page_when_the_page_is_too_far(logged_in, scored_client):
    for number in range(30):
        scored_client(f"Client {number:02}")

    response = logged_in.get(DASHBOARD, {"sort": "name", "page": 99999})

    assert listed(response) == [f"Client {number:02}" for number in range(25, 30)]


def test_it_marks_a_client_whose_phase_ended_without_review(logged_in, scored_client):
    add_phase(scored_client("Due"))

    response = logged_in.get(DASHBOARD)

    assert re.search(r'Due</a>\s*<span class="badge badge-due">Review due</span>', response.text)


@pytest.mark.parametrize("phase", ["reviewed", "running", "none"])
def test_it_marks_no_review_due_otherwise(logged_in, scored_client, phase):
    client = scored_client("Calm")
    if phase == "reviewed":
        review(add_phase(client))
    elif phase == "running":
        add_phase(client, ends_on=timezone.localdate() + timedelta(days=3))

    assert "Review due" not in logged_in.get(DASHBOARD).text


def test_it_shows_the_stored_score_interval_band_and_confidence(logged_in, consultant, make_client):
    client = make_client(consultant, "Acme")
    log(client, gut=2, flags=[("communicates-clearly", 3), ("win-win", 3)])
    client = Client.objects.get(pk=client.pk)

    response = logged_in.get(DASHBOARD)

    assert f'<span class="score score-good">{client.score}</span>' in response.text
    assert f"{client.score_low}–{client.score_high}" in response.text
    assert "good fit" in response.text
    assert f"{client.get_confidence_display()} confidence" in response.text


def test_it_shows_the_last_contact_and_open_questions(logged_in, consultant, make_client):
    client = make_client(consultant, "Acme")
    log(client, occurred_at=ago(days=3), questions="Budget?\n\nDeadline?\nWho signs?")

    response = logged_in.get(DASHBOARD)

    assert "<td>3</td>" in response.text
    assert "never" not in response.text


def _row(response, name) -> str:
    """Return the HTML of the dashboard row of the client called `name`."""
    rows = re.findall(r"<tr>.*?</tr>", response.text, re.S)
    return next(row for row in rows if f">{name}</a>" in row)


def test_it_shows_a_rows_new_values_as_soon_as_they_change(logged_in, consultant, make_client):
    # Rendered rows are reused: every value a row shows must make it render again.
    client = make_client(consultant, "Acme")
    before = _row(logged_in.get(DASHBOARD), "Acme")

    log(client, gut=2, questions="Budget?", flags=[("win-win", 3)])
    scored = _row(logged_in.get(DASHBOARD), "Acme")
    add_phase(Client.objects.get(pk=client.pk))
    due = _row(logged_in.get(DASHBOARD), "Acme")
    Client.objects.filter(pk=client.pk).update(organisation="Acme Group", status="active")
    edited = _row(logged_in.get(DASHBOARD), "Acme")

    client = Client.objects.get(pk=client.pk)
    assert 'class="score score-unclear">50<' in before and "never" in before
    assert f'class="score score-good">{client.score}<' in scored
    assert "<td>1</td>" in scored and "never" not in scored
    assert "Review due" not in scored and "Review due" in due
    assert "Acme Group" in edited and "Active" in edited


def test_it_shows_rows_in_the_language_of_the_request(logged_in, scored_client):
    scored_client("Acme", score=80, band="good")
    english = _row(logged_in.get(DASHBOARD), "Acme")

    french = _row(logged_in.get(DASHBOARD, headers={"accept-language": "fr"}), "Acme")

    assert "good fit" in english
    assert "good fit" not in french and "bon" in french.lower()
