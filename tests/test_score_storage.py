"""The stored score is never stale: after every write through the pages it equals a fresh
computation, and the dashboard, the client page and `rescore` all show the same numbers."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from clients.models import Client
from clients.score.scores import SPARKLINE_POINTS, evidence_for
from tests.factories import (
    add_phase,
    ago,
    flag,
    fresh_fit,
    interaction_data,
    log,
    review,
    review_data,
    stored_fit,
)


@pytest.fixture
def acme(consultant, make_client):
    """Return a client with a first gut of −2, two interactions and a phase to review."""
    client = make_client(consultant, "Acme")
    log(client, occurred_at=ago(days=40), kind="discovery", gut=-2, flags=[("win-win", 2)])
    log(client, occurred_at=ago(days=5), gut=1, flags=[("miscommunication", 1)])
    add_phase(client, name="Design")
    return client


def first(client):
    return client.interactions.order_by("occurred_at").first()


def latest(client):
    return client.interactions.order_by("occurred_at").last()


def log_one(http, client, catalogue):
    data = interaction_data(occurred_at=ago(days=1), strengths={flag(catalogue, "we-attitude"): 3})
    return http.post(reverse("interaction_new", args=[client.pk]), data)


def edit_one(http, client, catalogue):
    interaction = latest(client)
    data = interaction_data(
        occurred_at=interaction.occurred_at,
        gut="1",
        version=interaction.version,
        strengths={flag(catalogue, "hides-problems"): 3},
    )
    return http.post(reverse("interaction_edit", args=[interaction.pk]), data)


def delete_one(http, client, catalogue):
    return http.post(reverse("interaction_delete", args=[latest(client).pk]))


def add_review(http, client, catalogue):
    data = review_data(strengths={flag(catalogue, "constructive-feedback"): 3})
    return http.post(reverse("phase_review", args=[client.projects.get().phases.get().pk]), data)


def edit_review(http, client, catalogue):
    phase = client.projects.get().phases.get()
    review(phase, flags=[("constructive-feedback", 3)])
    data = review_data(version=1, strengths={flag(catalogue, "vague-feedback"): 3})
    return http.post(reverse("phase_review", args=[phase.pk]), data)


def change_first_gut(http, client, catalogue):
    interaction = first(client)
    data = interaction_data(
        occurred_at=interaction.occurred_at,
        kind="discovery",
        gut="2",
        version=interaction.version,
        strengths={flag(catalogue, "win-win"): 2},
    )
    return http.post(reverse("interaction_edit", args=[interaction.pk]), data)


def log_an_earlier_gut(http, client, catalogue):
    data = interaction_data(occurred_at=ago(days=60), kind="call", gut="2")
    return http.post(reverse("interaction_new", args=[client.pk]), data)


def move_the_first_gut_later(http, client, catalogue):
    interaction = first(client)
    data = interaction_data(
        occurred_at=ago(days=2),
        kind="discovery",
        gut="-2",
        version=interaction.version,
        strengths={flag(catalogue, "win-win"): 2},
    )
    return http.post(reverse("interaction_edit", args=[interaction.pk]), data)


WRITES = [
    log_one,
    edit_one,
    delete_one,
    add_review,
    edit_review,
    change_first_gut,
    log_an_earlier_gut,
    move_the_first_gut_later,
]


@pytest.mark.parametrize("write", WRITES, ids=lambda write: write.__name__)
def test_it_stores_the_score_its_evidence_gives_after_each_write(logged_in, acme, catalogue, write):
    before = stored_fit(acme)

    response = write(logged_in, acme, catalogue)

    assert response.status_code == 302
    assert stored_fit(acme) == fresh_fit(acme)
    assert stored_fit(acme) != before  # the write did move the score


@pytest.mark.parametrize("write", WRITES, ids=lambda write: write.__name__)
def test_it_shows_the_same_numbers_everywhere_after_each_write(logged_in, acme, catalogue, write):
    write(logged_in, acme, catalogue)
    score, low, high, band, confidence = stored_fit(acme)

    dashboard = logged_in.get(reverse("dashboard")).text
    page = logged_in.get(reverse("client_detail", args=[acme.pk])).text
    call_command("rescore", stdout=StringIO())

    assert f'<span class="score score-{band}">{score}</span>' in dashboard
    assert f'<span class="interval" title="80 % interval">{low}–{high}</span>' in dashboard
    assert f'<span class="score-number">{score}</span>' in page
    assert f"80 % likely between {low} and {high} · {confidence} confidence" in " ".join(
        page.split()
    )
    assert f'<div class="score-card score-card-{band}">' in page
    assert stored_fit(acme) == (score, low, high, band, confidence)


@pytest.mark.parametrize("write", WRITES, ids=lambda write: write.__name__)
def test_it_ends_the_stored_trend_at_the_stored_score(logged_in, acme, catalogue, write):
    write(logged_in, acme, catalogue)

    client = Client.objects.get(pk=acme.pk)
    trend = evidence_for(client).trend()
    assert client.score_trend == [point.score for point in trend][-SPARKLINE_POINTS:]
    assert client.score_trend[-1] == client.score


def test_it_previews_exactly_the_score_that_saving_stores(logged_in, acme, catalogue):
    data = interaction_data(
        occurred_at=ago(days=1), gut="2", strengths={flag(catalogue, "sense-of-humour"): 3}
    )

    preview = logged_in.post(
        reverse("score_preview", args=[acme.pk]), data, headers={"HX-Request": "true"}
    )
    logged_in.post(reverse("interaction_new", args=[acme.pk]), data)

    assert f'<span class="score-number">{stored_fit(acme)[0]}</span>' in preview.text


def test_it_previews_exactly_the_score_that_saving_an_edit_stores(logged_in, acme, catalogue):
    interaction = first(acme)
    data = interaction_data(
        occurred_at=interaction.occurred_at,
        gut="2",
        version=1,
        strengths={flag(catalogue, "sense-of-humour"): 3},
    )

    preview = logged_in.post(
        reverse("score_preview", args=[acme.pk]),
        data | {"interaction": interaction.pk},
        headers={"HX-Request": "true"},
    )
    logged_in.post(reverse("interaction_edit", args=[interaction.pk]), data)

    assert f'<span class="score-number">{stored_fit(acme)[0]}</span>' in preview.text


def test_it_keeps_the_stored_score_after_a_refused_write(logged_in, acme, catalogue):
    before = stored_fit(acme)
    interaction = latest(acme)

    logged_in.post(
        reverse("interaction_edit", args=[interaction.pk]),
        interaction_data(version=99, strengths={flag(catalogue, "win-win"): 3}),
    )
    logged_in.post(
        reverse("interaction_new", args=[acme.pk]),
        interaction_data(gut="9", strengths={flag(catalogue, "win-win"): 3}),
    )

    assert stored_fit(acme) == before == fresh_fit(acme)


def test_it_rescores_nothing_differently_from_what_the_pages_stored(
    logged_in, consultant, make_client, catalogue
):
    clients = [make_client(consultant, f"Client {n}") for n in range(3)]
    for n, client in enumerate(clients):
        log_one(logged_in, client, catalogue)
        logged_in.post(
            reverse("interaction_new", args=[client.pk]),
            interaction_data(occurred_at=ago(days=n + 2), gut=str(n - 1)),
        )
    before = [stored_fit(client) for client in clients]

    call_command("rescore", stdout=StringIO())

    assert [stored_fit(client) for client in clients] == before
