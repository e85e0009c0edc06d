"""The list and detail pages run a fixed number of queries, whatever the amount of data (the
client page and its call sheet: tests/test_client_page_queries.py)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clients.models import Client, Flag, Interaction, Observation, Phase, Project
from clients.score.scores import refresh_scores
from tests.factories import (
    add_phase,
    ago,
    log,
    review,
)


@pytest.fixture
def add_clients(consultant, catalogue):
    """Add `count` scored clients, each with three interactions of two flags each."""
    flags = list(Flag.objects.filter(catalogue=catalogue).order_by("pk")[:6])
    made = []

    def add(count):
        start = len(made)
        clients = Client.objects.bulk_create(
            Client(owner=consultant, catalogue=catalogue, name=f"Client {start + n:03}")
            for n in range(count)
        )
        interactions = Interaction.objects.bulk_create(
            Interaction(
                client=client,
                occurred_at=timezone.now() - timedelta(days=3 * k + 1),
                kind="meeting",
                gut=k - 1,
                notes="Budget talk",
                questions="Who signs?\nWhen?",
            )
            for client in clients
            for k in range(3)
        )
        Observation.objects.bulk_create(
            Observation(interaction=interaction, flag=flags[(i + j) % len(flags)], strength=2)
            for i, interaction in enumerate(interactions)
            for j in range(2)
        )
        # Every third client has a phase that ended without a review.
        projects = Project.objects.bulk_create(
            Project(client=client, name="Website") for client in clients[::3]
        )
        today = timezone.localdate()
        Phase.objects.bulk_create(
            Phase(
                project=p,
                name="One",
                starts_on=today - timedelta(days=9),
                ends_on=today - timedelta(days=1),
            )
            for p in projects
        )
        refresh_scores(Client.objects.filter(pk__in=[client.pk for client in clients]))
        made.extend(clients)
        return clients

    return add


def queries(http, url, *, data=None, method="get", **extra) -> int:
    """Return how many queries one request runs."""
    with CaptureQueriesContext(connection) as captured:
        response = getattr(http, method)(url, data, **extra)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"sort": "contact"},
        {"q": "budget"},
        {"band": "unclear", "page": "2"},
        {"today": "review"},
        {"today": "quiet", "sort": "name"},
    ],
    ids=["default", "by contact", "search", "filtered page 2", "reviews due", "quiet"],
)
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_it_runs_as_many_queries_for_60_clients_as_for_10_on_the_dashboard(
    logged_in, add_clients, django_assert_max_num_queries, params, htmx
):
    headers = {"HX-Request": "true"} if htmx else {}
    url = reverse("dashboard")
    add_clients(10)
    logged_in.get(url, params, headers=headers)  # the session, once
    # Session, user, reflection period, one count of the list and the "Today" strip, the page.
    with django_assert_max_num_queries(5):
        logged_in.get(url, params, headers=headers)
    few = queries(logged_in, url, data=params, headers=headers)

    add_clients(50)
    many = queries(logged_in, url, data=params, headers=headers)

    assert many == few


def test_it_lists_every_client_in_the_queries_it_runs(logged_in, add_clients):
    add_clients(60)

    response = logged_in.get(reverse("dashboard"), {"sort": "name"})

    assert response.context["page"].paginator.count == 60
    assert response.text.count("Review due") == 9  # of the first 25: clients 0, 3, … 24


@pytest.fixture
def acme(consultant, make_client):
    """Return a client with a discovery call, a reviewed phase and a phase awaiting review."""
    client = make_client(consultant, "Acme")
    log(client, occurred_at=ago(days=90), kind="discovery", gut=1, flags=[("win-win", 2)])
    review(add_phase(client), flags=[("vague-feedback", 2), ("we-attitude", 1)])
    add_phase(client, name="Second")
    return client


def test_it_runs_as_many_queries_for_10_flags_as_for_1_on_the_interaction_form(
    logged_in, acme, catalogue, django_assert_max_num_queries
):
    keys = list(Flag.objects.filter(catalogue=catalogue).values_list("key", flat=True)[:10])
    one = log(acme, flags=[(keys[0], 2)])
    ten = log(acme, flags=[(key, 3, "Seen") for key in keys])
    Flag.objects.filter(key=keys[1]).update(active=False)  # a retired flag still shows

    counts = []
    for interaction in (one, ten):
        url = reverse("interaction_edit", args=[interaction.pk])
        logged_in.get(url)
        with django_assert_max_num_queries(15):
            logged_in.get(url)
        counts.append(queries(logged_in, url))

    assert counts[0] == counts[1]


def test_it_runs_as_many_queries_whatever_the_flags_toggled_in_the_preview(
    logged_in, acme, catalogue
):
    flags = list(Flag.objects.filter(catalogue=catalogue)[:10])
    url = reverse("score_preview", args=[acme.pk])
    base = {"occurred_at": "2026-01-01T10:00", "kind": "call", "gut": ""}
    headers = {"HX-Request": "true"}

    counts = [
        queries(
            logged_in,
            url,
            data=base | {f"obs-strength-{f.pk}": 2 for f in chosen},
            method="post",
            headers=headers,
        )
        for chosen in (flags[:1], flags)
    ]

    assert counts[0] == counts[1]


@pytest.mark.postgresql
@pytest.mark.django_db
def test_the_search_of_names_can_use_the_trigram_index():
    # Tiny test tables are read whole anyway: forbid that, to see the index fits the query.
    names = Client.objects.filter(Q(name__icontains="blue") | Q(organisation__icontains="blue"))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = names.values("pk").explain()

    assert "client_name_search" in plan
