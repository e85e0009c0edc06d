"""The client page and its call sheet run at most 8 queries: the session, the user and six for
the client (clients.client_page), as many for a long history as for a short one."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clients.actions import profile_for
from clients.models import (
    Boundary,
    Client,
    Decision,
    Flag,
    Interaction,
    Observation,
    Phase,
    PhaseReview,
    Project,
    Question,
)
from clients.score.scores import refresh_scores

MAX_QUERIES = 8
PAGES = [
    ("client_detail", {}),
    ("client_detail", {"timeline": "all"}),
    ("client_prepare", {}),
]
PAGE_IDS = ["client page", "whole timeline", "call sheet"]


def queries(http, url, params) -> int:
    """Return how many queries one request runs."""
    with CaptureQueriesContext(connection) as captured:
        response = http.get(url, params)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.fixture
def grow(consultant, catalogue):
    """Return `grow(client, interactions)`: bring the client's history up to that many
    interactions, with everything the page shows growing along: five observations each (with
    notes and boundaries), questions asked, answered and dropped, a project with a reviewed and
    an unreviewed phase per ten interactions, a decision and a boundary from the start and then
    one per twenty and twenty-five.
    """
    flags = list(Flag.objects.filter(catalogue=catalogue, active=True).order_by("pk"))
    now = timezone.now()

    def grow_to(client: Client, count: int) -> None:
        start = client.interactions.count()
        interactions = Interaction.objects.bulk_create(
            Interaction(
                client=client,
                occurred_at=now - timedelta(days=3 * (count - n)),
                kind="discovery" if n == 0 else "meeting",
                gut=n % 5 - 2,
                notes=f"Call {n}.\nBudget talk.",
            )
            for n in range(start, count)
        )
        made = Boundary.objects.filter(owner=consultant).count()
        Boundary.objects.bulk_create(
            Boundary(owner=consultant, text=f"Boundary {n}", active=n % 2 == 0)
            for n in range(made, count // 25 + 1)
        )
        discussed = Boundary.objects.filter(owner=consultant).order_by("pk").first()
        Observation.objects.bulk_create(
            Observation(
                interaction=interaction,
                flag=flags[(n * 5 + k) % len(flags)],
                strength=1 + (n + k) % 3,
                note="In their words" if k == 0 else "",
                boundary=discussed if k == 1 and n % 10 == 0 else None,
            )
            for n, interaction in enumerate(interactions)
            for k in range(5)
        )
        for n, interaction in enumerate(interactions):
            Question.objects.create(client=client, text=f"Q{n}?", asked_in=interaction)
            if n % 3 == 2:
                closing = Question.objects.filter(client=client, status="open").first()
                closing.status = "answered" if n % 2 else "dropped"
                closing.answer = "Yes" if n % 2 else ""
                closing.answered_in = interaction
                closing.closed_at = interaction.occurred_at
                closing.save()
        for n in range(start // 10, count // 10):
            project = Project.objects.create(client=client, name=f"Project {n}")
            day = timezone.localdate() - timedelta(days=3 * count - 30 * n)
            reviewed, _pending = Phase.objects.bulk_create(
                Phase(project=project, name=f"Phase {n}.{k}", starts_on=day, ends_on=day)
                for k in range(2)
            )
            done = PhaseReview.objects.create(
                phase=reviewed,
                reviewed_at=now - timedelta(days=3 * count - 30 * n - 1),
                learned=f"Lesson {n}",
                would_work_again=True,
                **dict.fromkeys(PhaseReview.RATING_FIELDS, 4),
            )
            Observation.objects.bulk_create(
                Observation(review=done, flag=flag, strength=2) for flag in flags[:3]
            )
        Decision.objects.bulk_create(
            Decision(
                client=client,
                kind="need_info",
                decided_at=now - timedelta(days=n),
                score=50,
                score_low=30,
                score_high=70,
                band="unclear",
                confidence="low",
            )
            for n in range(client.decisions.count(), count // 20 + 1)
        )
        refresh_scores(Client.objects.filter(pk=client.pk))

    return grow_to


@pytest.mark.parametrize(("name", "params"), PAGES, ids=PAGE_IDS)
def test_it_runs_at_most_8_queries_and_as_many_for_100_interactions_as_for_10(
    logged_in, make_client, consultant, grow, django_assert_max_num_queries, name, params
):
    client = make_client(consultant)
    url = reverse(name, args=[client.pk])
    grow(client, 10)
    logged_in.get(url, params)  # the session, once
    with django_assert_max_num_queries(MAX_QUERIES):
        logged_in.get(url, params)
    few = queries(logged_in, url, params)

    grow(client, 100)
    many = queries(logged_in, url, params)

    assert client.interactions.count() == 100
    assert (client.projects.count(), client.decisions.count()) == (10, 6)
    assert many == few


@pytest.mark.parametrize(("name", "params"), PAGES, ids=PAGE_IDS)
def test_it_runs_as_many_queries_for_a_new_client_as_for_a_long_history(
    logged_in, make_client, consultant, grow, name, params
):
    new = make_client(consultant, "New")
    known = make_client(consultant, "Known")
    grow(known, 30)
    profile_for(consultant)  # a reflection period of their own: read with the client
    logged_in.get(reverse(name, args=[new.pk]), params)

    counts = [queries(logged_in, reverse(name, args=[c.pk]), params) for c in (new, known)]

    assert counts[0] == counts[1] <= MAX_QUERIES


def test_the_long_history_shows_everything_it_grew(logged_in, make_client, consultant, grow):
    client = make_client(consultant)
    grow(client, 100)

    page = logged_in.get(reverse("client_detail", args=[client.pk]), {"timeline": "all"}).text

    assert page.count('<li class="timeline-interaction">') == 100
    assert page.count('<li class="timeline-review">') == 10
    assert page.count('<circle class="score-point') == 110
    assert (
        page.count('<span class="visually-hidden">green flag: </span>')
        + page.count('<span class="visually-hidden">red flag: </span>')
        == 100 * 5 + 10 * 3
    )
    assert "Lesson 9" in page  # the latest review's lesson, in the panel
    assert "Boundary 2" in page and "Boundary 0" not in page  # discussed in a call
