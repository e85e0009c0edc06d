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
    Client,
    Flag,
    Interaction,
    Observation,
    Phase,
    PhaseReview,
    Project,
    Question,
)
from clients.score.scores import evidence_for, load_evidence, refresh_scores
from tests.factories import RATINGS, fresh_fit, interaction_data, stored_fit

# Loading one client's evidence (scores.evidence_for): its interactions, its reviews and the
# observations of both with their flags.
LOADER_QUERIES = 3
# Besides that: the session, the user, the client, and the flags the POST marks.
PREVIEW_QUERIES = 4
# The same, and the interaction, its observations, the client's row locked for the
# re-score, and the stored score.
LOGGING_QUERIES = PREVIEW_QUERIES + 4
# Each of these in the POST costs one more query: a boundary verdict (the boundary), an
# answered or dropped question (the question, and its UPDATE), a question written down.
EXTRAS = {"boundary": 1, "settled questions": 2, "new questions": 1}
# The test's own transaction turns the write's into a savepoint: SAVEPOINT and RELEASE.
SAVEPOINT = 2


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
        refresh_scores(Client.objects.filter(pk=client.pk))
        return client

    return make


def pressed(client, count: int) -> dict:
    """Return `count` of the client's flags, each with a strength."""
    flags = Flag.objects.filter(catalogue=client.catalogue, active=True).order_by("pk")
    return {flag: 1 + n % 3 for n, flag in enumerate(flags[:count])}


def logging_data(client, consultant) -> dict:
    """Return a POST with 10 flags, a boundary verdict, two questions answered and one
    dropped, and two questions written down."""
    strengths = pressed(client, 10)
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


def preview(http, client, data):
    url = reverse("score_preview", args=[client.pk])
    return http.post(url, data, headers={"HX-Request": "true"})


def log(http, client, data):
    return http.post(reverse("interaction_new", args=[client.pk]), data)


def test_it_previews_in_as_many_queries_for_100_interactions_as_for_10(
    logged_in, history, django_assert_max_num_queries
):
    counts = []
    for size in (10, 100):
        client = history(size)
        data = interaction_data(strengths=pressed(client, 3))  # the benchmark's preview
        preview(logged_in, client, data)  # the session, once

        with django_assert_max_num_queries(PREVIEW_QUERIES + LOADER_QUERIES) as queries:
            response = preview(logged_in, client, data)

        assert response.status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]


def test_it_previews_what_the_browser_sends_in_as_many_queries(logged_in, consultant, history):
    client = history(10)
    data = interaction_data(strengths=pressed(client, 3))
    everything = every_field(data, client, consultant)
    preview(logged_in, client, data)

    with CaptureQueriesContext(connection) as pressed_only:
        expected = preview(logged_in, client, data).text
    with CaptureQueriesContext(connection) as sent:
        response = preview(logged_in, client, everything)

    assert response.text == expected
    assert len(sent) == len(pressed_only)


def test_it_logs_in_as_many_queries_for_100_interactions_as_for_10(
    logged_in, consultant, history, django_assert_max_num_queries
):
    counts = []
    for size in (10, 100):
        client = history(size)
        logged_in.get(reverse("client_detail", args=[client.pk]))  # the session, once
        data = every_field(logging_data(client, consultant), client, consultant)
        budget = LOGGING_QUERIES + sum(EXTRAS.values()) + LOADER_QUERIES + SAVEPOINT

        with django_assert_max_num_queries(budget) as queries:
            response = log(logged_in, client, data)

        assert response.status_code == 302
        counts.append(len(queries))
        assert client.interactions.count() == size + 1
        assert client.questions.filter(status="open").count() == 2  # the two new ones
        assert stored_fit(client) == fresh_fit(client)

    assert counts[0] == counts[1]


def test_it_logs_ten_flags_and_nothing_else_in_its_budget(
    logged_in, consultant, history, django_assert_max_num_queries
):
    client = history(100)
    logged_in.get(reverse("client_detail", args=[client.pk]))
    data = every_field(interaction_data(gut="1", strengths=pressed(client, 10)), client, consultant)

    with django_assert_max_num_queries(LOGGING_QUERIES + LOADER_QUERIES + SAVEPOINT):
        response = log(logged_in, client, data)

    assert response.status_code == 302


def test_it_keeps_the_message_after_logging_out_of_the_session(logged_in, consultant, history):
    client = history(10)
    logged_in.get(reverse("client_detail", args=[client.pk]))

    with CaptureQueriesContext(connection) as queries:
        response = log(logged_in, client, logging_data(client, consultant))

    assert response.status_code == 302
    session_writes = [
        q for q in queries if "django_session" in q["sql"] and "SELECT" not in q["sql"]
    ]
    assert not session_writes
    assert "Interaction saved" in logged_in.get(response.url).text


@pytest.mark.parametrize("count", [1, 10, 100])
def test_it_loads_a_clients_evidence_in_three_queries(history, count, django_assert_num_queries):
    client = Client.objects.select_related("catalogue").get(pk=history(count).pk)

    with django_assert_num_queries(LOADER_QUERIES):
        evidence = evidence_for(client)

    # The same evidence as the loader of many clients (rescore) reads.
    many = load_evidence(Client.objects.filter(pk=client.pk))[client.pk]
    assert len(evidence.evidence) == 5 * count + 1
    assert sorted(evidence.evidence) == sorted(many.evidence)
    assert evidence.score() == many.score()
