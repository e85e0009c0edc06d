"""`manage.py seed_demo`: the demo consultant's clients, and the large synthetic mode."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from clients import demo_data
from clients.models import (
    Band,
    Boundary,
    Client,
    ClientStatus,
    Decision,
    Interaction,
    Observation,
    Phase,
    PhaseReview,
)
from clients.scores import evidence_for

pytestmark = pytest.mark.django_db
MODELS = (Client, Boundary, Interaction, Observation, Phase, PhaseReview, Decision)


def seed(*args) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(db):
    seed()
    return get_user_model().objects.get(username=demo_data.USERNAME)


def test_it_tells_how_to_log_in(db):
    assert seed("--port", "8123").splitlines()[-1] == (
        "Log in at http://127.0.0.1:8123/ as demo / fitcheck-demo"
    )
    assert get_user_model().objects.get(username="demo").check_password("fitcheck-demo")


def test_it_changes_nothing_when_run_twice(demo):
    counts = [model.objects.count() for model in MODELS]
    scores = list(Client.objects.values_list("pk", "score"))

    seed()

    assert [model.objects.count() for model in MODELS] == counts
    assert list(Client.objects.values_list("pk", "score")) == scores


def test_it_covers_every_status_and_band(demo):
    clients = demo.clients.all()
    assert set(clients.values_list("status", flat=True)) == set(ClientStatus.values)
    assert set(clients.values_list("band", flat=True)) == set(Band.values)
    assert clients.filter(archived=True).count() == 1
    assert clients.exclude(breed="").count() > clients.count() / 2


def test_it_gives_calibration_something_to_show(demo):
    reviews = PhaseReview.objects.filter(phase__project__client__owner=demo)
    assert reviews.values("phase__project__client").distinct().count() >= 6
    assert {1, 5} <= set(reviews.values_list("satisfaction", flat=True))
    assert Decision.objects.filter(client__owner=demo, kind="stretch").exclude(learning_goal="")
    assert any(phase.awaits_review() for phase in Phase.objects.filter(project__client__owner=demo))


def test_it_stores_the_score_the_real_code_computes(demo):
    for client in demo.clients.all():
        fit = evidence_for(client).fit()
        stored = (client.score, client.score_low, client.score_high, client.band)
        assert stored == (fit.score, fit.low, fit.high, fit.band), client.name


def test_it_creates_synthetic_clients_in_bulk():
    output = seed("--clients", "30", "--owner", "bench", "--seed", "7")

    clients = Client.objects.filter(owner__username="bench")
    assert clients.count() == 30
    interactions = Interaction.objects.filter(client__in=clients).count()
    assert 8 * 30 <= interactions <= 12 * 30
    assert Observation.objects.filter(interaction__client__in=clients).count() == 5 * interactions
    assert "30/30 clients (100 %" in output
    assert output.count(" clients (") == 10
    assert clients.exclude(score=50).exists()  # scored at the end


def test_it_leaves_an_owner_with_clients_alone_unless_replacing():
    def rows():
        return list(Client.objects.order_by("pk").values_list("pk", "name", "status", "breed"))

    seed("--clients", "5", "--owner", "bench", "--seed", "2")
    first = rows()

    assert "already has clients" in seed("--clients", "9", "--owner", "bench")
    assert rows() == first

    seed("--clients", "5", "--owner", "bench", "--seed", "2", "--replace")
    again = rows()
    assert not {row[0] for row in again} & {row[0] for row in first}
    # The same seed gives the same clients.
    assert [row[1:] for row in again] == [row[1:] for row in first]
