"""One crossed boundary, one piece of evidence: a boundary marked is its flag's chip, pressed.

Marking a boundary respected or crossed and pressing the matching chip as well used to store
two observations, so the preview and the score counted the same thing twice. Now the chip
adds nothing more; each distinct boundary still counts once; migration 0014 merges the
doubled pairs stored before.
"""

import importlib
import re

import pytest
from django.apps import apps
from django.urls import reverse

from clients import actions
from clients.exchange.data_io import export_data, import_data
from clients.models import Boundary, Observation
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

ONE_LINE = (
    "A boundary you mark respected or crossed counts once, as its flag with the boundary's "
    "words: pressing that flag as well adds nothing."
)


@pytest.fixture
def acme(consultant, make_client):
    return make_client(consultant, "Acme")


@pytest.fixture
def twin(consultant, make_client):
    """A client to log the same evidence for by hand, to compare scores with."""
    return make_client(consultant, "Twin")


@pytest.fixture
def evenings(consultant):
    return Boundary.objects.create(owner=consultant, text="No calls after 19:00")


@pytest.fixture
def weekends(consultant):
    return Boundary.objects.create(owner=consultant, text="No work at weekends")


@pytest.fixture
def crosses(catalogue):
    return flag(catalogue, "crosses-boundaries")


@pytest.fixture
def respects(catalogue):
    return flag(catalogue, "respects-boundaries")


def log_url(client) -> str:
    return reverse("interaction_new", args=[client.pk])


def preview_score(http, client, data) -> int:
    response = http.post(
        reverse("score_preview", args=[client.pk]), data, headers={"HX-Request": "true"}
    )
    return int(re.search(r'<span class="score-number">(\d+)</span>', response.text)[1])


def crossed_and_pressed(occurred_at, crosses, *boundaries, strength=2, note="") -> dict:
    return interaction_data(
        occurred_at=occurred_at,
        strengths={crosses: strength},
        evidence={crosses: note},
        boundaries=dict.fromkeys(boundaries, "crossed"),
    )


# Saving ---------------------------------------------------------------------------------


def test_it_stores_one_observation_for_a_boundary_crossed_and_its_chip_pressed(
    logged_in, acme, twin, evenings, crosses
):
    occurred_at = ago(hours=2)

    response = logged_in.post(
        log_url(acme), crossed_and_pressed(occurred_at, crosses, evenings, note="Rang at 22:00")
    )

    assert response.status_code == 302
    observation = Observation.objects.get()
    assert (observation.flag, observation.boundary, observation.strength, observation.note) == (
        crosses,
        evenings,
        2,
        "No calls after 19:00",
    )
    log(twin, occurred_at=occurred_at, flags=[("crosses-boundaries", 2)])
    assert stored_fit(acme) == fresh_fit(acme) == stored_fit(twin)


def test_the_preview_counts_a_boundary_crossed_and_its_chip_pressed_once(
    logged_in, acme, twin, evenings, crosses
):
    occurred_at = ago(hours=2)
    log(twin, occurred_at=occurred_at, flags=[("crosses-boundaries", 2)])

    both = preview_score(logged_in, acme, crossed_and_pressed(occurred_at, crosses, evenings))
    boundary_only = preview_score(
        logged_in, acme, interaction_data(occurred_at=occurred_at, boundaries={evenings: "crossed"})
    )

    assert both == boundary_only == stored_fit(twin)[0] < 50
    assert not Observation.objects.filter(interaction__client=acme).exists()  # nothing saved


def test_two_different_boundaries_crossed_still_count_twice(
    logged_in, acme, twin, evenings, weekends, crosses
):
    occurred_at = ago(hours=2)
    data = crossed_and_pressed(occurred_at, crosses, evenings, weekends)
    log(twin, occurred_at=occurred_at, flags=[("crosses-boundaries", 2)] * 2)

    previewed = preview_score(logged_in, acme, data)
    logged_in.post(log_url(acme), data)

    assert sorted(
        o.boundary.text for o in Observation.objects.filter(interaction__client=acme)
    ) == [
        "No calls after 19:00",
        "No work at weekends",
    ]
    assert previewed == stored_fit(acme)[0] == stored_fit(twin)[0]
    assert stored_fit(acme) == fresh_fit(acme) == stored_fit(twin)


def test_a_boundary_respected_and_its_chip_pressed_count_once(logged_in, acme, evenings, respects):
    logged_in.post(
        log_url(acme),
        interaction_data(strengths={respects: 3}, boundaries={evenings: "respected"}),
    )

    assert [(o.flag, o.boundary) for o in Observation.objects.all()] == [(respects, evenings)]


def test_the_other_boundary_flag_still_counts_on_its_own(
    logged_in, acme, evenings, crosses, respects
):
    # Respected one boundary, and crossed boundaries the consultant has not written down.
    logged_in.post(
        log_url(acme),
        interaction_data(
            strengths={crosses: 2},
            evidence={crosses: "Weekend email"},
            boundaries={evenings: "respected"},
        ),
    )

    assert sorted((o.flag.key, o.boundary_id, o.note) for o in Observation.objects.all()) == [
        ("crosses-boundaries", None, "Weekend email"),
        ("respects-boundaries", evenings.pk, "No calls after 19:00"),
    ]


def test_a_review_stores_one_observation_for_a_boundary_crossed_and_its_chip_pressed(
    logged_in, acme, evenings, crosses
):
    phase = add_phase(acme, name="Design")
    data = review_data(strengths={crosses: 3}) | {f"obs-boundary-{evenings.pk}": "crossed"}

    response = logged_in.post(reverse("phase_review", args=[phase.pk]), data)

    assert response.status_code == 302
    assert [(o.flag, o.boundary) for o in Observation.objects.all()] == [(crosses, evenings)]
    assert stored_fit(acme) == fresh_fit(acme)


# The form -------------------------------------------------------------------------------


def test_the_log_form_says_a_boundary_counts_once(logged_in, acme, evenings):
    page = logged_in.get(log_url(acme)).text

    assert page.count(ONE_LINE) == 1


def test_the_edit_form_shows_the_boundary_as_its_chip_pressed_in_its_words(
    logged_in, acme, evenings, crosses
):
    logged_in.post(log_url(acme), crossed_and_pressed(ago(hours=2), crosses, evenings))
    interaction = acme.interactions.get()
    edit_url = reverse("interaction_edit", args=[interaction.pk])

    page = logged_in.get(edit_url).text

    chip = re.search(rf'<button [^>]*aria-describedby="chip-boundaries-{crosses.pk}"[^>]*>', page)
    assert chip and 'aria-pressed="true"' in chip[0] and "disabled" in chip[0]
    assert (
        f'<p class="chip-details hint" id="chip-boundaries-{crosses.pk}">From your boundaries: '
        "<q>No calls after 19:00</q></p>"
    ) in page
    assert f'name="obs-strength-{crosses.pk}"' not in page  # nothing of its own to add
    assert '<option value="crossed" selected>crossed</option>' in page

    # Saved again as shown, it is still one piece of evidence.
    logged_in.post(
        edit_url, interaction_data(version=1, notes="Typo", boundaries={evenings: "crossed"})
    )
    assert [(o.flag, o.boundary) for o in interaction.observations.all()] == [(crosses, evenings)]


def test_a_chip_without_a_boundary_marked_stays_a_chip(logged_in, acme, evenings, crosses):
    page = logged_in.get(log_url(acme)).text

    assert f'name="obs-strength-{crosses.pk}"' in page
    assert f"chip-boundaries-{crosses.pk}" not in page


# Migration 0014 -------------------------------------------------------------------------


def merge(capsys) -> str:
    migration = importlib.import_module("clients.migrations.0014_merge_boundary_observations")
    migration.merge_doubled_boundary_observations(apps, None)
    return capsys.readouterr().out


def doubled(boundary, crosses, *, note="", strength=3) -> list[actions.ObservationInput]:
    """Return what the old form saved for a boundary crossed and its chip pressed."""
    return [
        actions.ObservationInput(crosses, strength, note),
        actions.ObservationInput(crosses, 2, boundary.text, boundary=boundary),
    ]


def test_the_migration_merges_a_doubled_pair_and_rescores(acme, twin, evenings, crosses, capsys):
    occurred_at = ago(days=2)
    fields = {
        "occurred_at": occurred_at,
        "kind": "meeting",
        "gut": None,
        "notes": "",
        "questions": "",
    }
    interaction = actions.log_interaction(
        client=acme, fields=fields, observations=doubled(evenings, crosses, note="At 22:00")
    )
    counted_twice = stored_fit(acme)
    log(twin, occurred_at=occurred_at, flags=[("crosses-boundaries", 2)])

    out = merge(capsys)

    observation = interaction.observations.get()
    assert (observation.boundary, observation.strength, observation.note) == (
        evenings,
        2,
        "No calls after 19:00 — At 22:00",
    )
    assert stored_fit(acme) == fresh_fit(acme) == stored_fit(twin)
    assert stored_fit(acme)[0] > counted_twice[0]  # one red flag less
    assert "Merged 1 doubled boundary observation(s) of 1 client(s)" in out


def test_the_migration_merges_a_doubled_pair_in_a_review(acme, evenings, crosses, capsys):
    phase = add_phase(acme, name="Design")
    reviewed = actions.save_review(
        phase=phase,
        fields={"reviewed_at": ago(hours=1), "would_work_again": True}
        | dict.fromkeys(("communication", "expectations", "collaboration", "boundaries"), 4)
        | {"satisfaction": 4},
        observations=doubled(evenings, crosses, note="No calls after 19:00"),
    )

    out = merge(capsys)

    observation = reviewed.observations.get()
    assert (observation.boundary, observation.note) == (evenings, "No calls after 19:00")
    assert stored_fit(acme) == fresh_fit(acme)
    assert "Merged 1 doubled" in out


def test_the_migration_leaves_everything_else_alone(acme, evenings, weekends, crosses, capsys):
    # A chip alone, two boundaries alone, and a respected boundary beside a crossed chip.
    log(acme, flags=[("crosses-boundaries", 3, "Sunday email")])
    fields = {
        "occurred_at": ago(days=1),
        "kind": "meeting",
        "gut": None,
        "notes": "",
        "questions": "",
    }
    actions.log_interaction(
        client=acme,
        fields=fields,
        observations=[
            actions.ObservationInput(crosses, 2, evenings.text, boundary=evenings),
            actions.ObservationInput(crosses, 2, weekends.text, boundary=weekends),
        ],
    )
    review(add_phase(acme), flags=[("crosses-boundaries", 2)])
    before = sorted(Observation.objects.values_list("id", "note", "strength", "boundary_id"))
    scored = stored_fit(acme)

    out = merge(capsys)

    assert (
        sorted(Observation.objects.values_list("id", "note", "strength", "boundary_id")) == before
    )
    assert stored_fit(acme) == scored
    assert out == ""


def test_an_old_file_with_a_doubled_boundary_restores_it_once(acme, evenings, other_consultant):
    log(acme, flags=[("win-win", 2)])
    document = export_data(acme.owner)
    # As the form stored it before: the boundary's observation and the chip pressed as well.
    boundary_id = document["boundaries"][0]["id"]
    document["clients"][0]["interactions"][0]["observations"] = [
        {"flag": "crosses-boundaries", "strength": 2, "note": "At 21:00", "boundary": boundary_id},
        {"flag": "crosses-boundaries", "strength": 3, "note": "Sunday too", "boundary": None},
        {"flag": "win-win", "strength": 2, "note": "", "boundary": None},
    ]

    import_data(other_consultant, document)

    restored = Observation.objects.filter(interaction__client__owner=other_consultant)
    assert sorted(restored.values_list("flag__key", "strength", "note")) == [
        ("crosses-boundaries", 2, "At 21:00 — Sunday too"),
        ("win-win", 2, ""),
    ]
