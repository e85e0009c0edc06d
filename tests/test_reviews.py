"""Projects, phases and phase reviews: what you only know after working together."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from clients.actions import record_decision
from clients.models import Phase, PhaseReview, Project
from clients.score.scores import evidence_for
from tests.factories import (
    RATINGS,
    add_phase,
    flag,
    fresh_fit,
    log,
    review,
    review_data,
    stored_fit,
)

STRETCH_ERROR = "This was a stretch client: write what you learned."


@pytest.fixture
def acme(consultant, make_client):
    return make_client(consultant, "Acme")


@pytest.fixture
def phase(acme):
    return add_phase(acme, name="Design")


def review_url(phase) -> str:
    return reverse("phase_review", args=[phase.pk])


# Projects and phases --------------------------------------------------------------------


def test_it_adds_a_project_then_asks_for_its_phases(logged_in, acme):
    response = logged_in.post(
        reverse("project_new", args=[acme.pk]), {"name": "Website", "description": "A redo"}
    )

    project = Project.objects.get()
    assert (project.client, project.name, project.description) == (acme, "Website", "A redo")
    assert response["Location"] == reverse("phase_new", args=[project.pk])


def test_it_requires_a_project_name(logged_in, acme):
    response = logged_in.post(reverse("project_new", args=[acme.pk]), {"name": ""})

    assert response.status_code == 200
    assert "This field is required." in response.text
    assert not Project.objects.exists()


def test_it_adds_a_phase_to_a_project(logged_in, acme):
    project = Project.objects.create(client=acme, name="Website")

    response = logged_in.post(
        reverse("phase_new", args=[project.pk]),
        {"name": "Design", "starts_on": "2025-03-01", "ends_on": "2025-03-31"},
    )

    assert response["Location"] == reverse("client_detail", args=[acme.pk])
    phase = Phase.objects.get()
    assert (phase.project, phase.name, str(phase.starts_on), str(phase.ends_on)) == (
        project,
        "Design",
        "2025-03-01",
        "2025-03-31",
    )


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "error"),
    [
        ("2025-03-31", "2025-03-01", "A phase cannot end before it starts."),
        ("2025-03-01", "", "This field is required."),
        ("someday", "2025-03-01", "Enter a valid date."),
    ],
)
def test_it_refuses_a_phase_with_bad_dates(logged_in, acme, starts_on, ends_on, error):
    project = Project.objects.create(client=acme, name="Website")

    response = logged_in.post(
        reverse("phase_new", args=[project.pk]),
        {"name": "Design", "starts_on": starts_on, "ends_on": ends_on},
    )

    assert response.status_code == 200
    assert error in response.text
    assert not Phase.objects.exists()


@pytest.mark.parametrize(
    "day",
    ["0001-01-01", "9999-12-31"],
)
def test_it_keeps_the_client_page_working_whatever_date_a_phase_got(logged_in, acme, day):
    log(acme)
    project = Project.objects.create(client=acme, name="Website")

    logged_in.post(
        reverse("phase_new", args=[project.pk]), {"name": "Typo", "starts_on": day, "ends_on": day}
    )

    assert logged_in.get(reverse("client_detail", args=[acme.pk])).status_code == 200


def test_it_accepts_a_one_day_phase(logged_in, acme):
    project = Project.objects.create(client=acme, name="Website")

    logged_in.post(
        reverse("phase_new", args=[project.pk]),
        {"name": "Workshop", "starts_on": "2025-03-01", "ends_on": "2025-03-01"},
    )

    assert Phase.objects.filter(name="Workshop").exists()


def test_it_asks_for_the_review_of_a_phase_that_ended(logged_in, acme, phase):
    add_phase(acme, name="Build", ends_on=timezone.localdate() + timedelta(days=5))

    page = logged_in.get(reverse("client_detail", args=[acme.pk]))

    assert "Review Design now" in page.text
    assert "Review early" in page.text  # the phase still running


# Reviews --------------------------------------------------------------------------------


def test_it_stores_a_review_with_its_ratings_and_flags(logged_in, acme, phase, catalogue):
    humour = flag(catalogue, "sense-of-humour")
    data = review_data(
        communication=5,
        expectations=2,
        collaboration=3,
        boundaries=1,
        satisfaction=4,
        would_work_again="no",
        learned="Write scope down",
        notes="Long phase",
        strengths={humour: 3},
        evidence={humour: "Laughed at the delays"},
    )

    response = logged_in.post(review_url(phase), data)

    assert response["Location"] == reverse("client_detail", args=[acme.pk])
    saved = PhaseReview.objects.get(phase=phase)
    ratings = [getattr(saved, name) for name in PhaseReview.RATING_FIELDS]
    assert ratings == [5, 2, 3, 1, 4]
    assert (saved.would_work_again, saved.learned, saved.notes) == (
        False,
        "Write scope down",
        "Long phase",
    )
    assert [(o.flag, o.strength, o.note) for o in saved.observations.all()] == [
        (humour, 3, "Laughed at the delays")
    ]


@pytest.mark.parametrize(("answer", "stored"), [("yes", True), ("no", False)])
def test_it_stores_whether_i_would_work_with_them_again(logged_in, phase, answer, stored):
    logged_in.post(review_url(phase), review_data(would_work_again=answer))

    assert PhaseReview.objects.get().would_work_again is stored


def test_it_rescores_the_client_after_a_review(logged_in, acme, phase, catalogue):
    log(acme, flags=[("win-win", 2)])
    before = stored_fit(acme)

    logged_in.post(
        review_url(phase), review_data(strengths={flag(catalogue, "crosses-boundaries"): 3})
    )

    assert stored_fit(acme) == fresh_fit(acme)
    assert stored_fit(acme)[0] < before[0]


def test_it_counts_a_review_observation_double(logged_in, consultant, make_client, catalogue):
    we = flag(catalogue, "we-attitude")
    after_a_call = make_client(consultant, "After a call")
    log(after_a_call, flags=[("we-attitude", 2)])
    after_a_phase = make_client(consultant, "After a phase")
    reviewed = add_phase(after_a_phase)

    neutral = dict.fromkeys(RATINGS, 3)  # the review's own outcome is then "yes" alone
    logged_in.post(review_url(reviewed), review_data(strengths={we: 2}, **neutral))

    seen = evidence_for(after_a_phase).evidence
    assert [(e.flag_key, e.source) for e in seen] == [("we-attitude", "review")]
    [in_review] = evidence_for(after_a_phase).fit().contributions
    [in_call] = evidence_for(after_a_call).fit().contributions
    assert in_review.mass == 2 * in_call.mass == 3 * 2 * 2
    # a = 3 + 12 (the flag) + 3·2 ("would work again"), b = 3 → 87.5 → 88
    assert stored_fit(after_a_phase)[0] == 88


def test_it_shows_the_review_on_the_client_page(logged_in, acme, phase):
    logged_in.post(review_url(phase), review_data(satisfaction=2, learned="Ask earlier"))

    page = logged_in.get(reverse("client_detail", args=[acme.pk]))

    assert "Review of Design" in page.text
    assert "Satisfaction 2/5" in page.text
    assert "reviewed, satisfaction 2/5" in page.text
    assert "Ask earlier" in page.text
    assert "Review Design now" not in page.text


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"satisfaction": 0}, "Select a valid choice. 0 is not one of the available choices."),
        ({"communication": 6}, "Select a valid choice. 6 is not one of the available choices."),
        ({"boundaries": "x"}, "Select a valid choice. x is not one of the available choices."),
        ({"expectations": ""}, "This field is required."),
        ({"would_work_again": ""}, "This field is required."),
        ({"would_work_again": "maybe"}, "Select a valid choice. maybe is not one of the"),
        ({"learned": "x" * 20_001}, "Keep this under 20000 characters."),
    ],
)
def test_it_refuses_bad_ratings_and_saves_nothing(logged_in, acme, phase, catalogue, change, error):
    data = review_data(strengths={flag(catalogue, "win-win"): 3}) | change
    before = stored_fit(acme)

    response = logged_in.post(review_url(phase), data)

    assert response.status_code == 200
    assert error in response.text
    assert not PhaseReview.objects.exists()
    assert stored_fit(acme) == before


def test_it_asks_what_a_stretch_client_taught(logged_in, acme, phase):
    record_decision(client=acme, kind="stretch", learning_goal="Pressure")
    record_decision(client=acme, kind="need_info")  # still a stretch client

    refused = logged_in.post(review_url(phase), review_data(learned="  "))
    saved = logged_in.post(review_url(phase), review_data(learned="Saying no"))

    assert refused.status_code == 200
    assert STRETCH_ERROR in refused.text
    assert saved.status_code == 302
    assert PhaseReview.objects.get().learned == "Saying no"


@pytest.mark.parametrize("decisions", [[], ["accept"], ["stretch", "accept"]])
def test_it_does_not_ask_what_other_clients_taught(logged_in, acme, phase, decisions):
    for kind in decisions:
        record_decision(client=acme, kind=kind, learning_goal="Pressure")

    response = logged_in.post(review_url(phase), review_data(learned=""))

    assert response.status_code == 302
    assert PhaseReview.objects.exists()


def test_it_replaces_the_observations_when_a_review_is_edited(logged_in, acme, phase, catalogue):
    win_win, vague = flag(catalogue, "win-win"), flag(catalogue, "vague-feedback")
    logged_in.post(review_url(phase), review_data(strengths={win_win: 3}))
    first = stored_fit(acme)

    form = logged_in.get(review_url(phase))
    response = logged_in.post(
        review_url(phase), review_data(satisfaction=2, version=1, strengths={vague: 2})
    )

    assert '<option value="3" selected>strong</option>' in form.text
    assert response.status_code == 302
    saved = PhaseReview.objects.get()
    assert (saved.satisfaction, saved.version) == (2, 2)
    assert [(o.flag, o.strength) for o in saved.observations.all()] == [(vague, 2)]
    assert stored_fit(acme) == fresh_fit(acme)
    assert stored_fit(acme)[0] < first[0]


def test_it_refuses_a_review_edit_made_on_a_stale_version(logged_in, acme, phase, catalogue):
    win_win = flag(catalogue, "win-win")
    review(phase, satisfaction=5, flags=[("win-win", 3)])
    logged_in.post(
        review_url(phase), review_data(satisfaction=4, version=1, strengths={win_win: 3})
    )
    saved = stored_fit(acme)

    response = logged_in.post(review_url(phase), review_data(satisfaction=1, version=1))

    assert response.status_code == 409
    assert "This was changed elsewhere" in response.text
    assert (PhaseReview.objects.get().satisfaction, PhaseReview.objects.get().version) == (4, 2)
    assert PhaseReview.objects.get().observations.count() == 1
    assert stored_fit(acme) == saved


def test_it_refuses_a_review_opened_before_another_tab_saved_one(logged_in, acme, phase):
    opened_before = review_data(satisfaction=1)  # no version: there was no review yet
    logged_in.post(review_url(phase), review_data(satisfaction=5))

    response = logged_in.post(review_url(phase), opened_before)

    assert response.status_code == 409
    assert PhaseReview.objects.get().satisfaction == 5


@pytest.mark.parametrize("method", ["get", "post"])
def test_it_hides_another_consultants_phases_and_projects(
    logged_in, other_consultant, make_client, method
):
    theirs = add_phase(make_client(other_consultant, "Theirs"))
    send = getattr(logged_in, method)

    reviewed = send(review_url(theirs), review_data())
    phased = send(
        reverse("phase_new", args=[theirs.project.pk]),
        {"name": "Mine now", "starts_on": "2025-01-01", "ends_on": "2025-01-02"},
    )
    projected = send(reverse("project_new", args=[theirs.project.client.pk]), {"name": "Mine"})

    assert (reviewed.status_code, phased.status_code, projected.status_code) == (404, 404, 404)
    assert (Project.objects.count(), Phase.objects.count()) == (1, 1)
    assert not PhaseReview.objects.exists()
