"""Logging, previewing, editing and deleting an interaction, with its flags and boundaries."""

import pytest
from django.urls import reverse

from clients.models import Boundary, Client, Flag, FlagCatalogue, Interaction, Observation
from clients.score import scoring
from tests.factories import (
    ago,
    flag,
    fresh_fit,
    interaction_data,
    log,
    stored_fit,
)


@pytest.fixture
def acme(consultant, make_client):
    return make_client(consultant, "Acme")


@pytest.fixture
def win_win(catalogue):
    return flag(catalogue, "win-win")


@pytest.fixture
def reactive(catalogue):
    return flag(catalogue, "emotionally-reactive")


@pytest.fixture
def evenings(consultant):
    return Boundary.objects.create(owner=consultant, text="No calls after 19:00")


def log_url(client) -> str:
    return reverse("interaction_new", args=[client.pk])


def evidence(f, strength: int, at) -> scoring.Evidence:
    """Return what an observation of flag `f` in an interaction at `at` counts as."""
    return scoring.Evidence(
        flag_key=f.key,
        label=f.label,
        polarity=f.polarity,
        category=f.category,
        weight=f.weight,
        strength=strength,
        source="interaction",
        at=at,
    )


# Logging --------------------------------------------------------------------------------


def test_it_logs_an_interaction_with_its_flags(logged_in, acme, win_win, reactive):
    occurred_at = ago(hours=3)
    data = interaction_data(
        occurred_at=occurred_at,
        kind="discovery",
        notes="Wants a new site.",
        gut="1",
        questions="Budget?\nDeadline?",
        strengths={win_win: 3, reactive: 1},
        evidence={win_win: "We both get something out of this", reactive: "  "},
    )

    response = logged_in.post(log_url(acme), data)

    assert response.status_code == 302
    assert response["Location"] == reverse("client_detail", args=[acme.pk])
    interaction = Interaction.objects.get(client=acme)
    assert (interaction.occurred_at, interaction.kind, interaction.gut) == (
        occurred_at,
        "discovery",
        1,
    )
    assert (interaction.notes, interaction.question_list()) == (
        "Wants a new site.",
        ["Budget?", "Deadline?"],
    )
    seen = {(o.flag.key, o.strength, o.note) for o in interaction.observations.all()}
    assert seen == {
        ("win-win", 3, "We both get something out of this"),
        ("emotionally-reactive", 1, ""),
    }


def test_it_updates_the_stored_score_when_logging(logged_in, acme, win_win):
    occurred_at = ago(hours=3)

    logged_in.post(
        log_url(acme), interaction_data(occurred_at=occurred_at, gut="1", strengths={win_win: 3})
    )

    expected = scoring.compute_fit([evidence(win_win, 3, occurred_at)], 1)
    assert stored_fit(acme) == (
        expected.score,
        expected.low,
        expected.high,
        expected.band,
        expected.confidence,
    )
    assert stored_fit(acme) == fresh_fit(acme)
    acme.refresh_from_db()
    assert acme.score > 50
    assert acme.last_contact_at == occurred_at


def test_it_says_the_score_is_up_to_date_after_saving(logged_in, acme, win_win):
    response = logged_in.post(log_url(acme), interaction_data(strengths={win_win: 2}), follow=True)

    assert "Interaction saved; the score is up to date." in response.text


@pytest.mark.parametrize(("kind", "status"), [("discovery", "discovery"), ("meeting", "lead")])
def test_it_moves_a_lead_into_discovery_at_its_first_discovery_call(logged_in, acme, kind, status):
    logged_in.post(log_url(acme), interaction_data(kind=kind))

    acme.refresh_from_db()
    assert acme.status == status


def test_it_offers_the_catalogues_flags_grouped_by_category(logged_in, acme, win_win):
    response = logged_in.get(log_url(acme))

    assert response.status_code == 200
    assert f'name="obs-strength-{win_win.pk}"' in response.text
    assert f'name="obs-note-{win_win.pk}"' in response.text
    assert "<legend>Respect &amp; boundaries</legend>" in response.text
    assert 'id="score-preview"' in response.text


def invalid(value: str) -> str:
    return f"Select a valid choice. {value} is not one of the available choices."


# What to change in valid data, given the flag win-win and the boundary → the error shown.
BAD_INPUT = {
    "gut 5": (lambda f, b: {"gut": "5"}, invalid("5")),
    "unknown kind": (lambda f, b: {"kind": "party"}, invalid("party")),
    "no date": (lambda f, b: {"occurred_at": ""}, "This field is required."),
    "bad date": (lambda f, b: {"occurred_at": "yesterday-ish"}, "Enter a valid date/time."),
    "long notes": (lambda f, b: {"notes": "x" * 30_000}, "Keep this under 20000 characters."),
    "long questions": (
        lambda f, b: {"questions": "?" * 30_000},
        "Keep this under 20000 characters.",
    ),
    "strength 9": (lambda f, b: {f"obs-strength-{f.pk}": "9"}, invalid("9")),
    "strength x": (lambda f, b: {f"obs-strength-{f.pk}": "x"}, invalid("x")),
    "long evidence": (
        lambda f, b: {f"obs-note-{f.pk}": "x" * 2001},
        "Ensure this value has at most 2000 characters (it has 2001).",
    ),
    "boundary maybe": (lambda f, b: {f"obs-boundary-{b.pk}": "maybe"}, invalid("maybe")),
}


@pytest.mark.parametrize(("change", "error"), BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_it_shows_bad_input_on_the_form_and_saves_nothing(
    logged_in, acme, win_win, evenings, change, error
):
    data = interaction_data(notes="Kept", strengths={win_win: 2}) | change(win_win, evenings)
    before = stored_fit(acme)

    response = logged_in.post(log_url(acme), data)

    assert response.status_code == 200
    assert error in response.text
    assert not Interaction.objects.exists()
    assert not Observation.objects.exists()
    assert stored_fit(acme) == before
    assert Client.objects.get(pk=acme.pk).last_contact_at is None


def test_it_keeps_what_was_typed_when_the_form_has_an_error(logged_in, acme, win_win):
    data = interaction_data(notes="My careful notes", gut="5", strengths={win_win: 3})

    response = logged_in.post(log_url(acme), data)

    assert "My careful notes" in response.text
    assert '<option value="3" selected>strong</option>' in response.text


def test_it_shows_the_whole_form_again_after_an_error(logged_in, acme, win_win, reactive, evenings):
    log(acme, questions="What is the budget?")

    response = logged_in.post(log_url(acme), interaction_data(gut="5", strengths={win_win: 3}))

    assert f'name="obs-strength-{reactive.pk}"' in response.text
    assert f'name="obs-boundary-{evenings.pk}"' in response.text
    assert "What is the budget?" in response.text


def test_it_refuses_overlong_evidence_on_a_flag_not_pressed(logged_in, acme, win_win):
    data = interaction_data() | {f"obs-note-{win_win.pk}": "x" * 2001}

    response = logged_in.post(log_url(acme), data)

    assert response.status_code == 200
    assert "Ensure this value has at most 2000 characters (it has 2001)." in response.text
    assert not Interaction.objects.exists()


def test_it_hides_another_consultants_client_from_the_log_form(
    logged_in, other_consultant, make_client, win_win
):
    theirs = make_client(other_consultant, "Theirs")

    assert logged_in.get(log_url(theirs)).status_code == 404
    assert (
        logged_in.post(log_url(theirs), interaction_data(strengths={win_win: 3})).status_code == 404
    )
    assert not Interaction.objects.exists()


# Boundaries -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("verdict", "key"), [("respected", "respects-boundaries"), ("crossed", "crosses-boundaries")]
)
def test_it_turns_a_boundary_verdict_into_its_flag(logged_in, acme, evenings, verdict, key):
    logged_in.post(log_url(acme), interaction_data(boundaries={evenings: verdict}))

    observation = Observation.objects.get()
    assert (observation.flag.key, observation.strength, observation.note) == (
        key,
        2,
        "No calls after 19:00",
    )
    assert observation.boundary == evenings
    assert stored_fit(acme) == fresh_fit(acme)
    assert (Client.objects.get(pk=acme.pk).score > 50) == (verdict == "respected")


def test_it_records_nothing_for_a_boundary_not_discussed(logged_in, acme, evenings):
    logged_in.post(log_url(acme), interaction_data(boundaries={evenings: ""}))

    assert Interaction.objects.count() == 1
    assert not Observation.objects.exists()


def test_it_does_not_offer_another_consultants_boundaries(logged_in, acme, other_consultant):
    theirs = Boundary.objects.create(owner=other_consultant, text="Their secret boundary")

    response = logged_in.get(log_url(acme))
    logged_in.post(log_url(acme), interaction_data(boundaries={theirs: "crossed"}))

    assert "Their secret boundary" not in response.text
    assert not Observation.objects.exists()


# Preview --------------------------------------------------------------------------------


def preview(http, client, data):
    return http.post(
        reverse("score_preview", args=[client.pk]), data, headers={"HX-Request": "true"}
    )


def test_it_previews_the_new_score_without_saving(logged_in, acme, win_win):
    occurred_at = ago(hours=1)
    before = stored_fit(acme)

    response = preview(
        logged_in, acme, interaction_data(occurred_at=occurred_at, gut="1", strengths={win_win: 3})
    )

    expected = scoring.compute_fit([evidence(win_win, 3, occurred_at)], 1)
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="score-preview"')
    assert "<html" not in response.text
    assert f'<span class="score-number">{expected.score}</span>' in response.text
    assert f'<span class="score-change" aria-label="change">+{expected.score - 50}</span>' in (
        response.text
    )
    assert "Before this interaction: 50." in response.text
    assert not Interaction.objects.exists()
    assert not Observation.objects.exists()
    assert stored_fit(acme) == before


def test_it_previews_only_this_clients_flags_whatever_the_names_sent(
    logged_in, acme, win_win, other_consultant
):
    foreign = Flag.objects.create(
        catalogue=FlagCatalogue.objects.create(name="Theirs"),
        key="theirs",
        label="Theirs",
        polarity="red",
        category="rapport",
    )
    data = interaction_data(strengths={win_win: 3})
    expected = preview(logged_in, acme, data).text
    odd = {
        f"obs-strength-{foreign.pk}": "3",
        "obs-strength-99999999999999999999999": "3",
        "obs-strength-１２": "3",
        "obs-strength-": "3",
        "obs-boundary-99999999999999999999999": "crossed",
    }

    response = preview(logged_in, acme, data | odd)

    assert response.status_code == 200
    assert response.text == expected


def test_it_previews_an_edit_without_the_flags_it_replaces(logged_in, acme, win_win, reactive):
    occurred_at = ago(days=2)
    interaction = log(acme, occurred_at=occurred_at, flags=[("emotionally-reactive", 3)])
    data = interaction_data(occurred_at=occurred_at, strengths={win_win: 1})

    response = preview(logged_in, acme, data | {"interaction": interaction.pk})

    expected = scoring.compute_fit([evidence(win_win, 1, occurred_at)], None)
    assert f'<span class="score-number">{expected.score}</span>' in response.text
    assert interaction.observations.get().flag == reactive  # still the saved one


@pytest.mark.parametrize("interaction", ["theirs", "abc", "99999999999999999999999"])
def test_it_refuses_to_preview_with_an_interaction_that_is_not_this_clients(
    logged_in, acme, other_consultant, make_client, interaction
):
    if interaction == "theirs":
        interaction = log(make_client(other_consultant, "Theirs"), flags=[("win-win", 3)]).pk

    response = preview(logged_in, acme, interaction_data() | {"interaction": interaction})

    assert response.status_code == 404


def test_it_refuses_to_preview_with_an_interaction_of_another_of_my_clients(
    logged_in, acme, consultant, make_client
):
    other = log(make_client(consultant, "Other of mine"))

    response = preview(logged_in, acme, interaction_data() | {"interaction": other.pk})

    assert response.status_code == 404


def test_it_previews_the_current_score_while_the_flags_are_invalid(logged_in, consultant, evenings):
    # A catalogue made in the admin without the two boundary flags: a verdict is an error.
    minimal = FlagCatalogue.objects.create(name="Minimal")
    Flag.objects.create(
        catalogue=minimal, key="kind", label="Kind", polarity="green", category="rapport"
    )
    client = Client.objects.create(owner=consultant, catalogue=minimal, name="Acme")
    log(client, flags=[("kind", 3)])
    current = stored_fit(client)[0]

    response = preview(logged_in, client, interaction_data(boundaries={evenings: "crossed"}))

    assert response.status_code == 200
    assert f'<span class="score-number">{current}</span>' in response.text
    assert not Observation.objects.filter(boundary=evenings).exists()


# Editing and deleting -------------------------------------------------------------------


def edit_url(interaction) -> str:
    return reverse("interaction_edit", args=[interaction.pk])


def test_it_shows_the_saved_flags_on_the_edit_form(logged_in, acme, win_win, evenings):
    interaction = log(acme, flags=[("win-win", 3, "Both win")])
    logged_in.post(  # a boundary verdict as well
        edit_url(interaction),
        interaction_data(
            version=1,
            strengths={win_win: 3},
            evidence={win_win: "Both win"},
            boundaries={evenings: "crossed"},
        ),
    )

    response = logged_in.get(edit_url(interaction))

    assert '<option value="3" selected>strong</option>' in response.text
    assert 'value="Both win"' in response.text
    assert '<option value="crossed" selected>crossed</option>' in response.text


def test_it_edits_an_interaction_and_the_score_follows(logged_in, acme, win_win, reactive):
    interaction = log(acme, occurred_at=ago(days=3), flags=[("win-win", 3)])
    before = stored_fit(acme)

    response = logged_in.post(
        edit_url(interaction),
        interaction_data(
            occurred_at=ago(days=2), notes="Rethought", version=1, strengths={reactive: 3}
        ),
    )

    assert response.status_code == 302
    interaction.refresh_from_db()
    assert (interaction.notes, interaction.version) == ("Rethought", 2)
    assert [o.flag for o in interaction.observations.all()] == [reactive]
    assert stored_fit(acme) == fresh_fit(acme)
    assert stored_fit(acme)[0] < 50 < before[0]


def test_it_deletes_an_interaction_and_the_score_follows(logged_in, acme):
    log(acme, occurred_at=ago(days=9), flags=[("crosses-boundaries", 2)])
    interaction = log(acme, occurred_at=ago(days=1), gut=2, flags=[("win-win", 3)])
    before = stored_fit(acme)

    response = logged_in.post(reverse("interaction_delete", args=[interaction.pk]), follow=True)

    assert "Interaction deleted; the score is up to date." in response.text
    assert not Interaction.objects.filter(pk=interaction.pk).exists()
    assert not Observation.objects.filter(flag__key="win-win").exists()
    assert stored_fit(acme) == fresh_fit(acme)
    assert stored_fit(acme)[0] < 50 < before[0]


def test_it_deletes_only_by_post(logged_in, acme):
    interaction = log(acme)

    assert logged_in.get(reverse("interaction_delete", args=[interaction.pk])).status_code == 405
    assert Interaction.objects.filter(pk=interaction.pk).exists()


def test_it_refuses_an_edit_made_on_a_stale_version(logged_in, acme, win_win, reactive):
    interaction = log(acme, notes="Original", flags=[("win-win", 3)])
    url = edit_url(interaction)
    logged_in.post(url, interaction_data(notes="Other tab", version=1, strengths={win_win: 2}))
    saved = stored_fit(acme)

    response = logged_in.post(
        url, interaction_data(notes="Stale tab", version=1, strengths={reactive: 3})
    )

    assert response.status_code == 409
    assert "This was changed elsewhere" in response.text
    assert "Stale tab" in response.text  # my changes are still in the form
    interaction.refresh_from_db()
    assert (interaction.notes, interaction.version) == ("Other tab", 2)
    assert [(o.flag, o.strength) for o in interaction.observations.all()] == [(win_win, 2)]
    assert stored_fit(acme) == saved


def test_it_refuses_an_edit_without_a_version(logged_in, acme):
    interaction = log(acme, notes="Original")

    response = logged_in.post(edit_url(interaction), interaction_data(notes="No version"))

    assert response.status_code == 409
    interaction.refresh_from_db()
    assert interaction.notes == "Original"


@pytest.mark.parametrize("url", ["interaction_edit", "interaction_delete"])
def test_it_hides_another_consultants_interaction(logged_in, other_consultant, make_client, url):
    theirs = log(make_client(other_consultant, "Theirs"), notes="Private", flags=[("win-win", 3)])

    response = logged_in.post(reverse(url, args=[theirs.pk]), interaction_data(version=1))

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert (theirs.notes, theirs.observations.count()) == ("Private", 1)


def test_it_keeps_a_retired_flag_seen_in_an_interaction_when_editing_it(logged_in, acme, win_win):
    interaction = log(acme, flags=[("win-win", 3)])
    win_win.active = False
    win_win.save()

    form = logged_in.get(edit_url(interaction))
    assert "Win-win mindset (retired)" in form.text
    assert "Win-win mindset" not in logged_in.get(log_url(acme)).text

    logged_in.post(
        edit_url(interaction), interaction_data(notes="Edited", version=1, strengths={win_win: 3})
    )
    assert [o.flag for o in interaction.observations.all()] == [win_win]


def test_it_keeps_a_retired_boundarys_verdict_when_editing_the_interaction(
    logged_in, acme, evenings
):
    logged_in.post(log_url(acme), interaction_data(boundaries={evenings: "crossed"}))
    interaction = Interaction.objects.get()
    scored = stored_fit(acme)
    evenings.active = False
    evenings.save()

    # The edit form still shows the retired boundary's verdict, so saving keeps it.
    page = logged_in.get(edit_url(interaction)).text
    assert f'name="obs-boundary-{evenings.pk}"' in page
    assert '<option value="crossed" selected>' in page
    logged_in.post(
        edit_url(interaction),
        interaction_data(notes="Typo fixed", version=1, boundaries={evenings: "crossed"}),
    )

    assert [o.boundary for o in interaction.observations.all()] == [evenings]
    assert stored_fit(acme) == scored


@pytest.mark.parametrize("moment", ["0001-01-01T00:00", "9999-12-31T23:59"])
def test_it_refuses_a_date_it_cannot_work_with(logged_in, acme, moment):
    data = interaction_data(kind="discovery") | {"occurred_at": moment}

    response = logged_in.post(log_url(acme), data)

    assert response.status_code == 200
    assert 'id="id_occurred_at_error"' in response.text
    assert not Interaction.objects.exists()
    assert logged_in.get(reverse("client_detail", args=[acme.pk])).status_code == 200


def test_it_accepts_a_date_far_back_in_the_past(logged_in, acme, win_win):
    logged_in.post(
        log_url(acme),
        interaction_data(strengths={win_win: 3}) | {"occurred_at": "1990-05-01T10:00"},
    )

    assert Interaction.objects.get().occurred_at.year == 1990
    assert logged_in.get(reverse("client_detail", args=[acme.pk])).status_code == 200


def test_it_moves_a_lead_into_discovery_when_an_edit_makes_a_discovery_call(logged_in, acme):
    interaction = log(acme, kind="meeting")

    logged_in.post(
        edit_url(interaction),
        interaction_data(occurred_at=interaction.occurred_at, kind="discovery", version=1),
    )

    interaction.refresh_from_db()
    acme.refresh_from_db()
    assert (interaction.kind, acme.status) == ("discovery", "discovery")
