"""The live preview and logging an interaction run a fixed number of queries, whatever the
client's history: 10 interactions or 100, each with its flags, a reviewed phase, questions."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clients.models import (
    Boundary,
    Flag,
    Interaction,
    Observation,
    Phase,
    PhaseReview,
    Project,
    Question,
)
from clients.scores import evidence_for, refresh_scores
from tests.factories import RATINGS, fresh_fit, interaction_data, stored_fit

# Besides loading the client's evidence (scores.evidence_for, counted apart below):
# the session, the user, the client, and the flags the POST marks.
PREVIEW_QUERIES = 4
# The same, and the interaction, its observations, the client's row locked for the
# re-score, and the stored score.
LOGGING_QUERIES = PREVIEW_QUERIES + 4
# Each of these in the POST costs one more query: a boundary verdict (the boundary), an
# answered or dropped question (the question, and its UPDATE), a question written down.
EXTRAS = {"boundary": 1, "settled questions": 2, "new questions": 1}


@pytest.fixture
def history(consultant, make_client, catalogue):
    """Return a function giving a client with `count` interactions of 5 flags each, a
    reviewed phase, three open questions and a boundary of their consultant."""
    flags = list(Flag.objects.filter(catalogue=catalogue, active=True).order_by("pk"))
    Boundary.objects.create(owner=consultant, text="No calls after 19:00")

    def make(count: int):
        client = make_client(consultant, f"{count} interactions")
        now = timezone.now()
        interactions = Interaction.objects.bulk_create(
            Interaction(client=client, occurred_at=now - timedelta(days=3 * (count - n)), gut=1)
            for n in range(count)
        )
        phase = Phase.objects.create(
            project=Project.objects.create(client=client, name="Website"),
            name="One",
            starts_on=timezone.localdate() - timedelta(days=30),
            ends_on=timezone.localdate() - timedelta(days=2),
        )
        reviewed = PhaseReview.objects.create(
            phase=phase, would_work_again=True, **dict.fromkeys(RATINGS, 4)
        )
        Observation.objects.bulk_create(
            [
                Observation(interaction=interaction, flag=flags[(n + k) % len(flags)], strength=2)
                for n, interaction in enumerate(interactions)
                for k in range(5)
            ]
            + [Observation(review=reviewed, flag=flags[0], strength=3)]
        )
        Question.objects.bulk_create(
            Question(client=client, text=f"Question {n}?", asked_in=interactions[-1])
            for n in range(3)
        )
        refresh_scores(client.__class__.objects.filter(pk=client.pk))
        return client

    return make


def loader_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        evidence_for(client)
    return len(captured)


def preview_data(catalogue) -> dict:
    """Return what the page sends when three flags are pressed (the benchmark's preview)."""
    flags = Flag.objects.filter(catalogue=catalogue, active=True).order_by("pk")[:3]
    return interaction_data(strengths={flag: 1 + n % 3 for n, flag in enumerate(flags)})


def ten_flags(client) -> dict:
    flags = Flag.objects.filter(catalogue=client.catalogue, active=True).order_by("pk")[:10]
    return {flag: 1 + n % 3 for n, flag in enumerate(flags)}


def logging_data(client, consultant) -> dict:
    """Return a POST with 10 flags, a boundary verdict, two questions answered and one
    dropped, and two questions written down."""
    strengths = ten_flags(client)
    data = interaction_data(
        gut="1",
        notes="Went well.",
        questions="Who signs?\nWhat is the budget?",
        strengths=strengths,
        evidence={next(iter(strengths)): "In their words"},
        boundaries={Boundary.objects.get(owner=consultant): "respected"},
    )
    first, second, third = client.questions.order_by("pk")
    data |= {f"open-answer-{first.pk}": "Their CFO", f"open-status-{second.pk}": "dropped"}
    return data | {f"open-status-{third.pk}": "answered", f"open-answer-{third.pk}": "Soon"}


def every_field(data: dict, client, consultant) -> dict:
    """Return `data` with the fields a browser sends too: every other flag not seen, every
    other boundary not discussed, every other open question still open."""
    blank = {}
    for pk in client.catalogue.flags.values_list("pk", flat=True):
        blank |= {f"obs-strength-{pk}": "0", f"obs-note-{pk}": ""}
    for pk in Boundary.objects.filter(owner=consultant).values_list("pk", flat=True):
        blank[f"obs-boundary-{pk}"] = ""
    for pk in client.questions.values_list("pk", flat=True):
        blank |= {f"open-status-{pk}": "open", f"open-answer-{pk}": ""}
    return blank | data


def post(http, url, data, **extra):
    with CaptureQueriesContext(connection) as captured:
        response = http.post(url, data, **extra)
    # The test's own transaction makes each write's transaction a savepoint: not a query
    # the page runs in production.
    queries = [q["sql"] for q in captured if "SAVEPOINT" not in q["sql"]]
    return response, queries


def preview(http, client, data):
    url = reverse("score_preview", args=[client.pk])
    return post(http, url, data, headers={"HX-Request": "true"})


def test_it_previews_in_as_many_queries_for_100_interactions_as_for_10(
    logged_in, history, catalogue
):
    counts = []
    for size in (10, 100):
        client = history(size)
        preview(logged_in, client, preview_data(catalogue))  # the session, once

        response, queries = preview(logged_in, client, preview_data(catalogue))

        assert response.status_code == 200
        assert len(queries) <= PREVIEW_QUERIES + loader_queries(client)
        counts.append(len(queries))

    assert counts[0] == counts[1]


def test_it_previews_what_the_browser_sends_in_as_many_queries(
    logged_in, consultant, history, catalogue
):
    client = history(10)
    data = preview_data(catalogue)
    preview(logged_in, client, data)

    pressed = preview(logged_in, client, data)
    sent = preview(logged_in, client, every_field(data, client, consultant))

    assert sent[0].text == pressed[0].text
    assert len(sent[1]) == len(pressed[1])


def test_it_logs_in_as_many_queries_for_100_interactions_as_for_10(logged_in, consultant, history):
    counts = []
    for size in (10, 100):
        client = history(size)
        logged_in.get(reverse("client_detail", args=[client.pk]))  # the session, once
        data = every_field(logging_data(client, consultant), client, consultant)

        response, queries = post(logged_in, reverse("interaction_new", args=[client.pk]), data)

        assert response.status_code == 302
        budget = LOGGING_QUERIES + sum(EXTRAS.values()) + loader_queries(client)
        assert len(queries) <= budget
        counts.append(len(queries))
        assert client.interactions.count() == size + 1
        assert client.questions.filter(status="open").count() == 2  # the two new ones
        assert stored_fit(client) == fresh_fit(client)

    assert counts[0] == counts[1]


def test_it_logs_ten_flags_and_nothing_else_in_its_budget(logged_in, consultant, history):
    client = history(100)
    logged_in.get(reverse("client_detail", args=[client.pk]))
    data = every_field(interaction_data(gut="1", strengths=ten_flags(client)), client, consultant)

    response, queries = post(logged_in, reverse("interaction_new", args=[client.pk]), data)

    assert response.status_code == 302
    assert len(queries) <= LOGGING_QUERIES + loader_queries(client)


def test_it_keeps_the_message_after_logging_out_of_the_session(logged_in, consultant, history):
    client = history(10)
    logged_in.get(reverse("client_detail", args=[client.pk]))

    response, queries = post(
        logged_in,
        reverse("interaction_new", args=[client.pk]),
        logging_data(client, consultant),
    )

    assert response.status_code == 302
    assert not [sql for sql in queries if "django_session" in sql and "SELECT" not in sql]
    assert "Interaction saved" in logged_in.get(response.url).text
