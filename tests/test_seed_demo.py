"""`manage.py seed_demo`: the demo consultants' clients (English and French), and the large
synthetic mode."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from clients import decisions
from clients.calibration.report import calibration_for
from clients.data.demos import DEMOS
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
from clients.pages.today import Today
from clients.score.scores import evidence_for

pytestmark = pytest.mark.django_db
MODELS = (Client, Boundary, Interaction, Observation, Phase, PhaseReview, Decision)


def seed(*args) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


# What each demo's pages say, in its language.
REFLECT_UNTIL = {"": "Reflect until", "fr": "Période de réflexion jusqu'au"}
REVIEW_DUE = {"": "Review due", "fr": "Revue à faire"}


@pytest.fixture(params=DEMOS, ids=lambda data: data.USERNAME)
def data(request):
    """Return each demo's data module in turn: every test below holds for both demos."""
    return request.param


@pytest.fixture
def demo(db, data):
    seed()
    return get_user_model().objects.get(username=data.USERNAME)


def test_it_tells_how_to_log_in_to_both_demos(db):
    assert seed("--port", "8123").splitlines()[-2:] == [
        "Log in at http://127.0.0.1:8123/ as demo / fitcheck-demo",
        "Log in at http://127.0.0.1:8123/ as demo-fr / fitcheck-demo (in French)",
    ]
    for username in ("demo", "demo-fr"):
        user = get_user_model().objects.get(username=username)
        assert user.check_password("fitcheck-demo")


def test_the_french_demo_is_in_french_on_the_french_catalogue(db):
    seed()
    french = get_user_model().objects.get(username="demo-fr")
    assert (french.profile.language, french.profile.time_zone) == ("fr", "Europe/Paris")
    assert set(french.clients.values_list("catalogue__language", flat=True)) == {"fr"}
    assert french.clients.filter(name="Logistique Vent du Nord").exists()
    notes = Interaction.objects.filter(client__owner=french).values_list("notes", flat=True)
    assert any("«\u202f" in text for text in notes)  # French typography
    english = get_user_model().objects.get(username="demo")
    assert english.profile.language == ""  # the browser's
    assert set(english.clients.values_list("catalogue__language", flat=True)) == {"en"}


def test_replace_starts_both_demos_over(db):
    seed()
    first = set(Client.objects.values_list("pk", flat=True))

    seed("--replace")

    again = Client.objects.values_list("owner__username", "pk")
    assert not first & {pk for _owner, pk in again}
    assert {owner for owner, _pk in again} == {"demo", "demo-fr"}


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


def test_its_statuses_follow_from_its_calls_and_decisions(demo, data):
    written = {client["name"]: client["status"] for client in data.CLIENTS}
    assert dict(demo.clients.values_list("name", "status")) == written


def test_it_shows_a_client_at_each_stage_with_a_checkpoint_to_take_and_one_ended(demo, data):
    clients = list(demo.clients.all())
    assert {decisions.stage_of(client) for client in clients} == set(decisions.Stage)
    due = [c.name for c in clients if c.checkpoint_due_since and c.status == "active"]
    assert due == [
        {"demo": "Northwind Logistics", "demo-fr": "Logistique Vent du Nord"}[demo.username]
    ]
    ended = Decision.objects.filter(client__owner=demo, kind="end")
    harbor = {"demo": "Harbor & Finch Legal", "demo-fr": "Port & Pinson Avocats"}[demo.username]
    assert harbor in ended.values_list("client__name", flat=True)
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


def test_it_has_a_client_within_its_reflection_period(demo_browser, demo, data):
    now = timezone.now()
    reflecting = [
        client
        for client in demo.clients.all()
        if (decisions.reflection_ends_at(client) or now) > now
    ]
    assert len(reflecting) == 1
    page = demo_browser.get(f"/clients/{reflecting[0].pk}/")
    assert REFLECT_UNTIL[data.LANGUAGE] in page.text


def test_it_has_a_phase_review_due_and_open_questions_on_the_dashboard(demo_browser, demo, data):
    dashboard = demo_browser.get("/").text
    assert REVIEW_DUE[data.LANGUAGE] in dashboard
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


def test_calibration_suggests_a_new_weight_that_staff_can_apply(demo_browser, demo, data):
    report = calibration_for(demo)
    changes = report.changes
    assert changes
    assert all(row.suggested != row.flag.weight for row in changes)
    # The suggestions apply to the demo consultant's own catalogue, their own flag too.
    assert report.catalogue.owner == demo
    own_flag = report.catalogue.flags.get(label=data.OWN_CATALOGUE["flag"]["label"])
    assert own_flag.key in {row.flag.key for row in changes}
    page = demo_browser.get("/calibration/").text
    assert 'action="/calibration/apply/"' in page


def test_it_plans_contacts_today_tomorrow_and_one_overdue(demo, client):
    with timezone.override(demo.profile.zone_name()):
        conditions = Today.of(demo, timezone.now()).conditions
        planned = demo.clients.filter(next_contact_at__isnull=False)
        days = sorted(
            (timezone.localdate(c.next_contact_at) - timezone.localdate()).days for c in planned
        )

    assert demo.clients.filter(conditions["calls"]).count() == 1
    assert demo.clients.filter(conditions["overdue"]).count() == 1
    assert days == [-2, 0, 1]


def test_the_demo_consultant_has_an_own_catalogue_with_a_flag_of_their_own(demo, data):
    own = FlagCatalogue.objects.get(owner=demo)
    assert not demo.clients.exclude(catalogue=own).exists()
    flag = own.flags.get(label=data.OWN_CATALOGUE["flag"]["label"])
    seen = Observation.objects.filter(flag=flag).values_list("interaction__client__name", flat=True)
    assert sorted(seen) == sorted(name for name, _note in data.OWN_CATALOGUE["seen"])
    assert own.flags.get(key="crosses-boundaries").weight == 5
    assert demo.profile.preferred_catalogue == own
    shared = FlagCatalogue.objects.get(owner=None, language=own.language)
    assert shared.flags.get(key="crosses-boundaries").weight == 4


def test_the_demo_move_preview_is_its_result(db):
    output = seed()
    moves = [line.split(": ", 1)[1] for line in output.splitlines() if "Own catalogue" in line]
    assert len(moves) == 2 * len(DEMOS)
    for preview, result in zip(moves[::2], moves[1::2], strict=True):
        assert preview == result
        assert "16 clients, 3 scores change" in preview
