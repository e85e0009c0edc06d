"""`manage.py seed_demo`: the demo consultant's clients, and the large synthetic mode."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from clients import decisions
from clients.calibration.report import calibration_for
from clients.data import demo as demo_data
from clients.models import (
    Band,
    Boundary,
    Client,
    ClientStatus,
    Decision,
    DecisionKind,
    FlagCatalogue,
    Interaction,
    Observation,
    Phase,
    PhaseReview,
)
from clients.score.scores import evidence_for

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


def test_its_statuses_follow_from_its_calls_and_decisions(demo):
    written = {data["name"]: data["status"] for data in demo_data.CLIENTS}
    assert dict(demo.clients.values_list("name", "status")) == written


def test_it_shows_a_client_at_each_stage_with_a_checkpoint_to_take_and_one_ended(demo):
    clients = list(demo.clients.all())
    assert {decisions.stage_of(client) for client in clients} == set(decisions.Stage)
    due = [c.name for c in clients if c.checkpoint_due_since and c.status == "active"]
    assert due == ["Northwind Logistics"]
    ended = Decision.objects.filter(client__owner=demo, kind="end")
    assert "Harbor & Finch Legal" in ended.values_list("client__name", flat=True)
    assert all(decision.client.status == "completed" for decision in ended)


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


# Every feature shows without setup ----------------------------------------------------


@pytest.fixture
def demo_browser(client, demo):
    """Return the test client, logged in as the demo consultant."""
    client.force_login(demo)
    return client


def test_the_demo_consultant_is_staff_and_may_edit_the_catalogues_only(demo_browser, demo):
    assert demo.is_staff and not demo.is_superuser
    assert demo.has_perms(["clients.change_flagcatalogue", "clients.change_flag"])
    assert not demo.has_perm("clients.view_client"), "other consultants' clients stay hidden"
    assert demo_browser.get("/admin/clients/flagcatalogue/").status_code == 200
    seed()  # idempotent: staff once, the same permissions
    assert demo.user_permissions.count() == 6


def test_it_has_a_decision_ready_to_take(demo):
    now = timezone.now()
    ready = [
        client
        for client in demo.clients.filter(
            status__in=[ClientStatus.DISCOVERY, ClientStatus.DECIDING]
        )
        if decisions.reflection_ends_at(client)
        and decisions.reflection_ends_at(client) < now
        and not client.decisions.exclude(kind=DecisionKind.NEED_INFO).exists()
    ]
    assert ready


def test_it_has_a_client_within_its_reflection_period(demo_browser, demo):
    now = timezone.now()
    reflecting = [
        client
        for client in demo.clients.all()
        if (decisions.reflection_ends_at(client) or now) > now
    ]
    assert len(reflecting) == 1
    page = demo_browser.get(f"/clients/{reflecting[0].pk}/")
    assert "Reflect until" in page.text


def test_it_has_a_phase_review_due_and_open_questions_on_the_dashboard(demo_browser, demo):
    dashboard = demo_browser.get("/").text
    assert "Review due" in dashboard
    assert demo.clients.filter(open_questions__gt=0, archived=False).count() >= 3


def test_it_has_a_stretch_client_with_its_lesson(demo_browser, demo):
    (stretch,) = calibration_for(demo).stretch
    assert stretch.stretch_goal and stretch.learned
    page = demo_browser.get("/calibration/").text
    assert stretch.learned[0] in page


def test_it_has_a_client_with_plenty_of_evidence_but_no_phase_review_yet(demo):
    """Model v2 holds such a client at medium confidence: "first impressions only"."""
    unreviewed = [
        client
        for client in demo.clients.filter(status=ClientStatus.ACTIVE)
        if not PhaseReview.objects.filter(phase__project__client=client).exists()
    ]
    fits = [evidence_for(client).fit() for client in unreviewed]
    held = [fit for fit in fits if fit.green_mass + fit.red_mass >= 18]
    assert held
    assert all(not fit.reviewed and fit.confidence == "medium" for fit in held)


def test_calibration_suggests_a_new_weight_that_staff_can_apply(demo_browser, demo):
    report = calibration_for(demo)
    changes = report.changes
    assert changes
    assert all(row.suggested != row.flag.weight for row in changes)
    # The suggestions apply to the demo consultant's own catalogue, "Late to reply" too.
    assert report.catalogue.owner == demo
    assert "late-to-reply" in {row.flag.key for row in changes}
    page = demo_browser.get("/calibration/").text
    assert 'action="/calibration/apply/"' in page


def test_the_demo_consultant_has_an_own_catalogue_with_a_flag_of_their_own(demo):
    own = FlagCatalogue.objects.get(owner=demo)
    assert not demo.clients.exclude(catalogue=own).exists()
    late = own.flags.get(label="Late to reply")
    seen = Observation.objects.filter(flag=late).values_list("interaction__client__name", flat=True)
    assert sorted(seen) == ["Harbor & Finch Legal", "Meridian Hotels"]
    assert own.flags.get(key="crosses-boundaries").weight == 5
    assert demo.profile.preferred_catalogue == own
    shared = FlagCatalogue.objects.get(is_default=True)
    assert shared.flags.get(key="crosses-boundaries").weight == 4


def test_the_demo_move_preview_is_its_result(db):
    output = seed()
    preview, result = (
        line.split(": ", 1)[1] for line in output.splitlines() if "Own catalogue" in line
    )
    assert preview == result
    assert "16 clients, 3 scores change" in preview
