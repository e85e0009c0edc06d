"""Questions with a life: written in a call or on the client page, open until answered or
dropped in a later call, counted on the dashboard."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from clients import actions
from clients.models import Client, Interaction, Question
from tests.factories import ago, interaction_data, log


@pytest.fixture
def acme(consultant, make_client):
    return make_client(consultant, "Acme")


def open_count(client) -> int:
    return Client.objects.get(pk=client.pk).open_questions


def texts(client, status="open") -> list[str]:
    return list(client.questions.filter(status=status).values_list("text", flat=True))


def log_url(client) -> str:
    return reverse("interaction_new", args=[client.pk])


def test_each_line_written_in_a_call_becomes_an_open_question(acme):
    log(acme, questions="Budget?\n\n  Who signs?  \nBudget?")

    assert texts(acme) == ["Budget?", "Who signs?"]
    assert open_count(acme) == 2


def test_questions_stay_open_across_calls_until_settled(acme):
    log(acme, occurred_at=ago(days=5), questions="Budget?")
    log(acme, occurred_at=ago(days=2), questions="Deadline?")

    assert open_count(acme) == 2


def test_the_log_form_lists_the_open_questions_first(logged_in, acme):
    log(acme, questions="What is the budget?")

    page = logged_in.get(log_url(acme)).text

    assert "Your open questions" in page
    assert page.index("What is the budget?") < page.index('name="notes"')


def test_a_call_answers_one_question_and_drops_another_in_one_submission(logged_in, acme):
    first = log(acme, occurred_at=ago(days=3), questions="Budget?\nDeadline?\nWho signs?")
    budget, deadline, _signs = acme.questions.order_by("pk")
    data = interaction_data(notes="Second call", questions="Team size?")
    data |= {f"open-status-{budget.pk}": "answered", f"open-answer-{budget.pk}": "“About 20k.”"}
    data |= {f"open-status-{deadline.pk}": "dropped"}

    response = logged_in.post(log_url(acme), data)

    assert response.status_code == 302
    second = acme.interactions.get(notes="Second call")
    budget.refresh_from_db()
    deadline.refresh_from_db()
    assert (budget.status, budget.answer, budget.answered_in) == (
        "answered",
        "“About 20k.”",
        second,
    )
    assert (deadline.status, deadline.answer, deadline.answered_in) == ("dropped", "", second)
    assert budget.closed_at is not None and budget.asked_in == first
    assert texts(acme) == ["Who signs?", "Team size?"]
    assert open_count(acme) == 2


def test_writing_an_answer_is_answering(logged_in, acme):
    log(acme, questions="Budget?")
    budget = acme.questions.get()
    data = interaction_data() | {f"open-answer-{budget.pk}": "Twenty thousand"}

    logged_in.post(log_url(acme), data)

    budget.refresh_from_db()
    assert (budget.status, budget.answer) == ("answered", "Twenty thousand")
    assert open_count(acme) == 0


@pytest.mark.parametrize(
    ("status", "answer", "message"),
    [
        ("answered", "  ", "Write their answer, or keep the question open."),
        ("dropped", "It's 20k", "You wrote an answer: mark the question answered"),
        ("maybe", "", "Select a valid choice."),
    ],
)
def test_a_wrong_outcome_is_explained_and_nothing_is_saved(
    logged_in, acme, status, answer, message
):
    log(acme, questions="Budget?")
    budget = acme.questions.get()
    data = interaction_data(notes="Not saved", questions="New?")
    data |= {f"open-status-{budget.pk}": status, f"open-answer-{budget.pk}": answer}

    response = logged_in.post(log_url(acme), data)

    assert response.status_code == 200
    assert message in response.text
    assert not acme.interactions.filter(notes="Not saved").exists()
    assert texts(acme) == ["Budget?"]


def test_a_question_settled_in_another_tab_keeps_its_answer(logged_in, acme):
    log(acme, questions="Budget?")
    budget = acme.questions.get()
    stale = interaction_data(notes="From the old tab")
    stale |= {f"open-status-{budget.pk}": "dropped"}
    actions.log_interaction(
        client=acme,
        fields={"occurred_at": ago(hours=1), "kind": "call", "notes": "", "gut": None},
        observations=[],
        outcomes=[actions.QuestionOutcome(budget, "answered", "20k")],
    )

    logged_in.post(log_url(acme), stale)

    budget.refresh_from_db()
    assert (budget.status, budget.answer) == ("answered", "20k")


def test_the_timeline_shows_answered_questions_and_their_answers(logged_in, acme):
    log(acme, occurred_at=ago(days=3), questions="Budget?")
    budget = acme.questions.get()
    actions.log_interaction(
        client=acme,
        fields={"occurred_at": ago(days=1), "kind": "call", "notes": "", "gut": None},
        observations=[],
        outcomes=[actions.QuestionOutcome(budget, "answered", "Twenty thousand, give or take")],
    )

    page = logged_in.get(reverse("client_detail", args=[acme.pk])).text

    assert "Questions settled" in page
    assert "Twenty thousand, give or take" in page


def test_editing_a_call_rewrites_its_open_questions_but_keeps_settled_ones(acme):
    interaction = log(acme, occurred_at=ago(days=3), questions="Budget?\nDeadline?")
    deadline = acme.questions.get(text="Deadline?")
    actions.log_interaction(
        client=acme,
        fields={"occurred_at": ago(days=1), "kind": "call", "notes": "", "gut": None},
        observations=[],
        outcomes=[actions.QuestionOutcome(deadline, "dropped")],
    )
    fields = {"questions": "Budget, roughly?"}

    actions.edit_interaction(
        interaction=interaction, expected_version=1, fields=fields, observations=[]
    )

    assert texts(acme) == ["Budget, roughly?"]
    assert texts(acme, "dropped") == ["Deadline?"]
    assert open_count(acme) == 1


def test_deleting_a_call_removes_its_questions_and_reopens_those_it_settled(acme):
    log(acme, occurred_at=ago(days=3), questions="Budget?")
    budget = acme.questions.get()
    second = actions.log_interaction(
        client=acme,
        fields={"occurred_at": ago(days=1), "kind": "call", "questions": "Team?"},
        observations=[],
        outcomes=[actions.QuestionOutcome(budget, "answered", "20k")],
    )

    actions.delete_interaction(second)

    budget.refresh_from_db()
    assert (budget.status, budget.answer, budget.closed_at) == ("open", "", None)
    assert texts(acme) == ["Budget?"]
    assert open_count(acme) == 1


def test_a_question_can_be_written_on_the_client_page(logged_in, acme):
    response = logged_in.post(
        reverse("question_new", args=[acme.pk]), {"text": "  Who else decides?  "}
    )

    assert response.status_code == 302
    question = acme.questions.get()
    assert (question.text, question.status, question.asked_in) == (
        "Who else decides?",
        "open",
        None,
    )
    assert open_count(acme) == 1
    assert "Who else decides?" in logged_in.get(reverse("client_detail", args=[acme.pk])).text


@pytest.mark.parametrize("text", ["", "   ", "x" * 2001])
def test_an_empty_or_huge_question_is_refused(logged_in, acme, text):
    response = logged_in.post(reverse("question_new", args=[acme.pk]), {"text": text})

    assert response.status_code == 200
    assert 'class="field-errors"' in response.text
    assert not acme.questions.exists()


def test_the_dashboard_counts_open_questions_of_every_call(logged_in, acme):
    log(acme, occurred_at=ago(days=3), questions="Budget?\nDeadline?")
    log(acme, occurred_at=ago(days=1))  # a later call without questions hides none

    page = logged_in.get(reverse("dashboard")).text

    assert "<td>2</td>" in page


def test_the_migration_makes_each_line_of_old_interactions_an_open_question(acme):
    Interaction.objects.create(client=acme, occurred_at=ago(days=9), questions="Budget?\n\nWho?")
    Interaction.objects.create(client=acme, occurred_at=ago(days=2), questions="Team?")
    migration = importlib.import_module("clients.migrations.0007_migrate_questions")

    migration.questions_to_rows(apps, None)

    assert texts(acme) == ["Budget?", "Who?", "Team?"]
    assert Question.objects.get(text="Team?").asked_in.occurred_at > ago(days=3)
    assert open_count(acme) == 3
