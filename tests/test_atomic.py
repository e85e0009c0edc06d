"""Every write that spans several rows is all or nothing.

Each test makes a write fail half-way, after some of its rows (and often the new score)
were already written, and checks that nothing of it is left: the same rows, the same
stored score and status.

Each test runs twice: as the code is, where nothing must change, and with the write's
`transaction.atomic` taken away (`atomicity` below), where the same check must see the
half-written rows: so the test would fail if the protection were removed.
"""

import json
import types
from contextlib import nullcontext

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db.models import QuerySet
from django.urls import reverse

from clients import actions
from clients.exchange import data_io
from clients.models import (
    RATING_FIELDS,
    Boundary,
    Client,
    ConsultantProfile,
    Decision,
    Interaction,
    Observation,
    Phase,
    PhaseReview,
    Project,
)
from clients.score.scores import SCORE_FIELDS
from tests.factories import (
    add_phase,
    ago,
    flag,
    interaction_data,
    log,
    review,
    review_data,
)

COUNTED = (Client, Interaction, Observation, Project, Phase, PhaseReview, Decision, Boundary)


class Boom(RuntimeError):
    """The failure injected in the middle of a write."""


def state(*clients) -> dict:
    """Return what a failed write must leave as it was: row counts, every observation and
    review, and each client's stored score, status and version."""
    return {
        "counts": {model.__name__: model.objects.count() for model in COUNTED},
        "observations": list(
            Observation.objects.order_by("pk").values_list(
                "pk", "flag_id", "strength", "note", "boundary_id", "interaction_id", "review_id"
            )
        ),
        "interactions": list(
            Interaction.objects.order_by("pk").values_list(
                "pk", "occurred_at", "kind", "gut", "notes", "questions", "version"
            )
        ),
        "reviews": list(
            PhaseReview.objects.order_by("pk").values_list("pk", *RATING_FIELDS, "notes", "version")
        ),
        "clients": [
            Client.objects.filter(pk=client.pk).values(*SCORE_FIELDS, "status", "version").get()
            for client in clients
        ],
        "profiles": list(
            ConsultantProfile.objects.order_by("pk").values_list("user_id", "reflection_hours")
        ),
    }


def fail_after(monkeypatch, owner, name: str, *, when=lambda *args, **kwargs: True):
    """Make `owner.name` do its work, then raise Boom (when `when(*args, **kwargs)`)."""
    real = getattr(owner, name)

    def failing(*args, **kwargs):
        result = real(*args, **kwargs)
        if when(*args, **kwargs):
            raise Boom(f"injected after {name}")
        return result

    monkeypatch.setattr(owner, name, failing)


@pytest.fixture(params=["atomic", "atomic removed"])
def atomicity(request, monkeypatch):
    """Return whether writes are atomic, and `remove(module, function)` that makes them not.

    With "atomic removed" the test proves it notices: the half-written rows stay.
    """
    atomic = request.param == "atomic"

    def remove(module, name: str) -> None:
        if atomic:
            return
        function = getattr(module, name)
        if hasattr(function, "__wrapped__"):  # @transaction.atomic
            monkeypatch.setattr(module, name, function.__wrapped__)
        else:  # `with transaction.atomic():` inside
            stub = types.SimpleNamespace(atomic=nullcontext)
            monkeypatch.setattr(module, "transaction", stub)

    return atomic, remove


def assert_all_or_nothing(before: dict, after: dict, atomic: bool) -> None:
    if atomic:
        assert after == before
    else:  # the check sees the half-written rows: it would fail without the protection
        assert after != before


@pytest.fixture
def acme(consultant, make_client):
    """Return a lead with one logged interaction, its observations and a stored score."""
    client = make_client(consultant, "Acme")
    log(
        client,
        occurred_at=ago(days=10),
        kind="meeting",
        gut=1,
        notes="First meeting",
        flags=[("win-win", 3, "Both sides win"), ("emotionally-reactive", 1)],
    )
    client.refresh_from_db()
    assert client.status == Client.Status.LEAD
    return client


@pytest.fixture
def evenings(consultant):
    return Boundary.objects.create(owner=consultant, text="No calls after 19:00")


# Interactions ---------------------------------------------------------------------------

INJECTIONS = ["after the observations", "after the new score"]


def inject(monkeypatch, where: str) -> None:
    if where == "after the observations":
        fail_after(
            monkeypatch,
            QuerySet,
            "bulk_create",
            when=lambda queryset, *args, **kwargs: queryset.model is Observation,
        )
    else:
        fail_after(monkeypatch, actions, "refresh_client_score")


@pytest.mark.parametrize("where", INJECTIONS)
def test_logging_an_interaction_is_all_or_nothing(
    logged_in, monkeypatch, atomicity, acme, catalogue, evenings, where
):
    atomic, remove = atomicity
    remove(actions, "log_interaction")
    data = interaction_data(
        kind="discovery",  # would move the lead into discovery
        notes="Second call",
        gut="2",
        strengths={flag(catalogue, "we-attitude"): 3, flag(catalogue, "win-win"): 2},
        evidence={flag(catalogue, "we-attitude"): "Says we"},
        boundaries={evenings: "respected"},
    )
    before = state(acme)
    inject(monkeypatch, where)

    with pytest.raises(Boom):
        logged_in.post(reverse("interaction_new", args=[acme.pk]), data)

    assert_all_or_nothing(before, state(acme), atomic)


@pytest.mark.parametrize("where", INJECTIONS)
def test_editing_an_interaction_is_all_or_nothing(
    logged_in, monkeypatch, atomicity, acme, catalogue, where
):
    """The old fields and observations are all still there after a failed edit."""
    atomic, remove = atomicity
    remove(actions, "edit_interaction")
    interaction = acme.interactions.get()
    data = interaction_data(
        occurred_at=ago(days=1),
        kind="discovery",
        notes="Rewritten",
        gut="-2",
        version=interaction.version,
        strengths={flag(catalogue, "hides-problems"): 3},
    )
    before = state(acme)
    assert len(before["observations"]) == 2
    inject(monkeypatch, where)

    with pytest.raises(Boom):
        logged_in.post(reverse("interaction_edit", args=[interaction.pk]), data)

    assert_all_or_nothing(before, state(acme), atomic)


def test_deleting_an_interaction_is_all_or_nothing(logged_in, monkeypatch, atomicity, acme):
    atomic, remove = atomicity
    remove(actions, "delete_interaction")
    interaction = acme.interactions.get()
    before = state(acme)
    fail_after(monkeypatch, actions, "refresh_client_score")

    with pytest.raises(Boom):
        logged_in.post(reverse("interaction_delete", args=[interaction.pk]))

    assert_all_or_nothing(before, state(acme), atomic)


# Phase reviews --------------------------------------------------------------------------


@pytest.mark.parametrize("existing", [False, True], ids=["new review", "edited review"])
def test_a_phase_review_is_all_or_nothing(
    logged_in, monkeypatch, atomicity, acme, catalogue, existing
):
    atomic, remove = atomicity
    remove(actions, "save_review")
    phase = add_phase(acme)
    version = None
    if existing:
        version = review(phase, notes="Kept", flags=[("win-win", 3, "Kept")]).version
    data = review_data(
        satisfaction=1,
        communication=1,
        would_work_again="no",
        notes="Went badly",
        version=version,
        strengths={flag(catalogue, "hides-problems"): 3, flag(catalogue, "impolite"): 2},
    )
    before = state(acme)
    fail_after(monkeypatch, actions, "refresh_client_score")

    with pytest.raises(Boom):
        logged_in.post(reverse("phase_review", args=[phase.pk]), data)

    assert_all_or_nothing(before, state(acme), atomic)


def test_deleting_a_review_is_all_or_nothing(monkeypatch, atomicity, acme):
    atomic, remove = atomicity
    remove(actions, "delete_review")
    reviewed = review(add_phase(acme), flags=[("win-win", 3)])
    before = state(acme)
    fail_after(monkeypatch, actions, "refresh_client_score")

    with pytest.raises(Boom):
        actions.delete_review(reviewed)

    assert_all_or_nothing(before, state(acme), atomic)


# Decisions ------------------------------------------------------------------------------


def test_a_decision_is_all_or_nothing(logged_in, monkeypatch, atomicity, acme):
    """The failure comes after the Decision row and the status update were written."""
    atomic, remove = atomicity
    remove(actions, "record_decision")
    before = state(acme)
    fail_after(
        monkeypatch,
        QuerySet,
        "update",
        when=lambda queryset, **fields: queryset.model is Client and "status" in fields,
    )

    with pytest.raises(Boom):
        logged_in.post(reverse("decision_new", args=[acme.pk]), {"kind": "accept"})

    assert_all_or_nothing(before, state(acme), atomic)


# Restores -------------------------------------------------------------------------------


@pytest.fixture
def export_file(consultant, acme, evenings, catalogue, tmp_path):
    """Return a full export of `consultant` (review, decision, boundary, reflection hours)."""
    profile = actions.profile_for(consultant)
    profile.reflection_hours = 48
    profile.save()
    review(add_phase(acme), flags=[("win-win", 2)])
    actions.record_decision(client=acme, kind="accept", reason="Good fit")
    boundary_flag = flag(catalogue, "respects-boundaries")
    fields = {"occurred_at": ago(days=2), "kind": "call"}
    observed = [actions.ObservationInput(boundary_flag, 2, evenings.text, evenings)]
    actions.log_interaction(client=acme, fields=fields, observations=observed)
    path = tmp_path / "export.json"
    path.write_text(json.dumps(data_io.export_data(consultant)))
    return path


@pytest.mark.parametrize("via", ["import page", "import_data command"])
def test_a_restore_is_all_or_nothing(
    client, make_user, monkeypatch, atomicity, acme, export_file, via
):
    """The failure comes after every row was written, as the restored clients are scored."""
    atomic, remove = atomicity
    remove(data_io, "import_data")
    restorer = make_user("restorer")
    actions.profile_for(restorer)
    before = state(acme)
    fail_after(monkeypatch, data_io, "refresh_scores")

    with pytest.raises(Boom):
        if via == "import page":
            client.force_login(restorer)
            upload = SimpleUploadedFile("export.json", export_file.read_bytes())
            client.post(reverse("import_data"), {"file": upload})
        else:
            call_command("import_data", "restorer", str(export_file))

    assert_all_or_nothing(before, state(acme), atomic)
    if atomic:
        assert not Client.objects.filter(owner=restorer).exists()
