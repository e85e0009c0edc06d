"""Managing projects and phases after yes: edit, end today, delete, and a review's own date.

Every write re-scores the client in its transaction: the stored score (and the "review due"
date, which follows the phases) always equals a fresh computation.
"""

from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import formats, timezone

from clients.models import Client, Observation, Phase, PhaseReview, Project
from tests.factories import (
    add_phase,
    ago,
    fresh_fit,
    log,
    review,
    review_data,
    stored_fit,
)


@pytest.fixture
def acme(consultant, make_client):
    client = make_client(consultant, "Acme")
    log(client, occurred_at=ago(days=40), flags=[("win-win", 2)])
    return client


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def running(acme, today):
    """A phase that started ten days ago and ends in ten days, in project Website."""
    return add_phase(
        acme, name="Build", starts_on=today - timedelta(days=10), ends_on=today + timedelta(days=10)
    )


def short(day) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def review_due_on(client):
    return Client.objects.get(pk=client.pk).review_due_on


def dates_of(phase) -> tuple:
    saved = Phase.objects.get(pk=phase.pk)
    return (saved.name, saved.starts_on, saved.ends_on)


# Editing a project ----------------------------------------------------------------------


def test_it_edits_a_project(logged_in, acme, running):
    project = running.project
    form = logged_in.get(reverse("project_edit", args=[project.pk]))

    response = logged_in.post(
        reverse("project_edit", args=[project.pk]),
        {"name": "Website v2", "description": "Now with a shop"},
    )

    assert 'value="Website"' in form.text
    assert "Save the project" in form.text
    assert response["Location"] == reverse("client_detail", args=[acme.pk])
    project.refresh_from_db()
    assert (project.name, project.description) == ("Website v2", "Now with a shop")


def test_it_refuses_a_project_without_a_name_and_keeps_the_old_one(logged_in, running):
    project = running.project

    response = logged_in.post(reverse("project_edit", args=[project.pk]), {"name": "  "})

    assert response.status_code == 200
    assert "Edit the project Website" in response.text
    assert Project.objects.get().name == "Website"


# Deleting a project ---------------------------------------------------------------------


def test_it_says_what_goes_with_a_project_before_deleting_it(logged_in, acme, running):
    project = running.project
    review(add_phase(acme, name="Design", project=project))
    review(add_phase(acme, name="Launch", project=project))

    page = logged_in.get(reverse("project_delete", args=[project.pk]))

    assert page.status_code == 200
    assert "Delete the project Website?" in page.text
    assert "Its 3 phases go with it." in page.text
    assert "So do 2 phase reviews, with their ratings, lessons and flags" in page.text
    assert '<button type="submit" class="button button-bad">' in page.text
    assert "Delete the project and its 2 reviews</button>" in page.text
    assert Phase.objects.count() == 3  # asking changes nothing


@pytest.mark.parametrize(
    ("phases", "reviewed", "says", "button"),
    [
        (0, 0, "It has no phases: nothing else goes with it", "Delete the project"),
        (1, 0, "Its 1 phase goes with it.", "Delete the project and its 1 phase"),
        (2, 0, "None of them has a review", "Delete the project and its 2 phases"),
        (2, 1, "So does 1 phase review, with its ratings", "Delete the project and its 1 review"),
    ],
)
def test_it_counts_in_words_what_goes_with_a_project(
    logged_in, acme, phases, reviewed, says, button
):
    project = Project.objects.create(client=acme, name="Website")
    for n in range(phases):
        phase = add_phase(acme, name=f"Phase {n}", project=project)
        if n < reviewed:
            review(phase)

    page = logged_in.get(reverse("project_delete", args=[project.pk]))

    assert says in page.text
    assert f"{button}</button>" in page.text


def test_it_deletes_a_project_with_its_phases_and_reviews_and_rescores(
    logged_in, acme, running, catalogue
):
    review(running, satisfaction=5, flags=[("we-attitude", 3)])
    other = add_phase(acme, name="Later", ends_on=timezone.localdate() + timedelta(days=60))
    before = stored_fit(acme)

    response = logged_in.post(reverse("project_delete", args=[running.project.pk]))

    assert response["Location"] == reverse("client_detail", args=[acme.pk])
    assert list(Project.objects.all()) == [other.project]
    assert list(Phase.objects.all()) == [other]
    assert not PhaseReview.objects.exists()
    assert not Observation.objects.filter(interaction=None).exists()
    assert stored_fit(acme) == fresh_fit(acme)
    assert stored_fit(acme) != before
    assert review_due_on(acme) == other.ends_on
    page = logged_in.get(response["Location"])
    assert "Project Website deleted; the score and trend are up to date." in page.text


# Editing a phase ------------------------------------------------------------------------


def test_it_edits_a_phase_and_the_review_due_date_follows(logged_in, acme, running, today):
    assert review_due_on(acme) == running.ends_on
    form = logged_in.get(reverse("phase_edit", args=[running.pk]))

    response = logged_in.post(
        reverse("phase_edit", args=[running.pk]),
        {"name": "Build and test", "starts_on": "2025-03-01", "ends_on": str(today)},
    )

    assert f'value="{running.starts_on:%Y-%m-%d}"' in form.text
    assert response["Location"] == reverse("client_detail", args=[acme.pk])
    assert dates_of(running) == ("Build and test", datetime(2025, 3, 1).date(), today)
    assert review_due_on(acme) == today
    assert stored_fit(acme) == fresh_fit(acme)


def test_it_refuses_a_phase_that_ends_before_it_starts_and_changes_nothing(logged_in, running):
    before = dates_of(running)

    response = logged_in.post(
        reverse("phase_edit", args=[running.pk]),
        {"name": "Renamed", "starts_on": "2025-03-31", "ends_on": "2025-03-01"},
    )

    assert response.status_code == 200
    expected = (
        "A phase cannot end before it starts. Choose an end date on or after the start, "
        f"{short(datetime(2025, 3, 31).date())}."
    )
    assert response.text.count(expected) == 1  # once, beside the end date
    assert 'id="id_ends_on_error"' in response.text
    assert "Edit the phase Build" in response.text  # the saved name, not the refused one
    assert dates_of(running) == before


def test_it_refuses_a_phase_start_after_its_review(logged_in, acme, today):
    phase = add_phase(acme, name="Design")
    review(phase, reviewed_at=ago(days=5))
    before = dates_of(phase)

    response = logged_in.post(
        reverse("phase_edit", args=[phase.pk]),
        {"name": "Design", "starts_on": str(today - timedelta(days=2)), "ends_on": str(today)},
    )

    assert response.status_code == 200
    reviewed_on = short(timezone.localdate(ago(days=5)))
    assert f"This phase was reviewed on {reviewed_on}: it cannot start after its review." in (
        response.text
    )
    assert dates_of(phase) == before


# Ending a phase today -------------------------------------------------------------------


def test_it_ends_a_running_phase_today(logged_in, acme, running, today):
    response = logged_in.post(reverse("phase_end", args=[running.pk]), follow=True)

    assert dates_of(running)[2] == today
    assert review_due_on(acme) == today
    assert stored_fit(acme) == fresh_fit(acme)
    assert "Build now ends today. Review it once you have looked back on it." in response.text


def test_it_offers_to_end_only_the_phases_that_are_running(logged_in, acme, running, today):
    add_phase(acme, name="Ended", ends_on=today - timedelta(days=1))
    add_phase(acme, name="Later", starts_on=today + timedelta(days=1), ends_on=today + timedelta(9))

    page = logged_in.get(reverse("client_detail", args=[acme.pk]))

    assert page.text.count("End today") == 1
    assert reverse("phase_end", args=[running.pk]) in page.text
    assert 'class="button-link">End today<span class="visually-hidden"> (Build)' in page.text


@pytest.mark.parametrize(
    ("starts", "ends", "message"),
    [
        (1, 20, "Later starts on {starts}: it cannot end today, before it starts."),
        (-20, -1, "Later already ended on {ends}: nothing changed."),
        (-20, 0, "Later already ends today: nothing changed."),
    ],
)
def test_it_refuses_to_end_a_phase_that_is_not_running(
    logged_in, acme, today, starts, ends, message
):
    phase = add_phase(
        acme,
        name="Later",
        starts_on=today + timedelta(days=starts),
        ends_on=today + timedelta(days=ends),
    )
    before = (dates_of(phase), stored_fit(acme), review_due_on(acme))

    response = logged_in.post(reverse("phase_end", args=[phase.pk]), follow=True)

    expected = message.format(starts=short(phase.starts_on), ends=short(phase.ends_on))
    assert expected in response.text
    assert 'class="message message-error"' in response.text
    assert (dates_of(phase), stored_fit(acme), review_due_on(acme)) == before


def test_it_ends_a_phase_only_by_post(logged_in, running):
    response = logged_in.get(reverse("phase_end", args=[running.pk]))

    assert response.status_code == 405
    assert dates_of(running)[2] == running.ends_on


# Deleting a phase -----------------------------------------------------------------------


def test_it_says_a_phase_review_goes_with_its_phase(logged_in, acme, running):
    review(running, satisfaction=2)

    page = logged_in.get(reverse("phase_delete", args=[running.pk]))

    assert "Delete the phase Build of Website?" in page.text
    assert "Its review goes with it (satisfaction 2/5)" in page.text
    assert "Delete the phase and its review</button>" in page.text
    assert "This cannot be undone." in page.text
    assert PhaseReview.objects.exists()


def test_it_says_a_phase_without_review_takes_nothing_with_it(logged_in, running):
    page = logged_in.get(reverse("phase_delete", args=[running.pk]))

    assert "It has no review: the score stays the same." in page.text
    assert "Delete the phase</button>" in page.text


def test_it_deletes_a_reviewed_phase_and_rescores(logged_in, acme, running):
    review(running, satisfaction=1, would_work_again=False, flags=[("crosses-boundaries", 3)])
    before = stored_fit(acme)

    response = logged_in.post(reverse("phase_delete", args=[running.pk]), follow=True)

    assert not Phase.objects.exists()
    assert not PhaseReview.objects.exists()
    assert not Observation.objects.filter(interaction=None).exists()
    assert Project.objects.exists()  # the project stays, without phases
    assert stored_fit(acme) == fresh_fit(acme)
    assert stored_fit(acme)[0] > before[0]  # the bad review no longer weighs
    assert "Phase Build deleted; the score and trend are up to date." in response.text
    assert "No phases yet." in response.text


def test_it_moves_the_review_due_date_when_a_phase_without_review_goes(logged_in, acme, today):
    first = add_phase(acme, name="First", ends_on=today - timedelta(days=3))
    second = add_phase(acme, name="Second", ends_on=today + timedelta(days=3))
    assert review_due_on(acme) == first.ends_on

    logged_in.post(reverse("phase_delete", args=[first.pk]))

    assert review_due_on(acme) == second.ends_on
    assert stored_fit(acme) == fresh_fit(acme)


# A review's own date --------------------------------------------------------------------


@pytest.fixture
def ended(acme, today):
    return add_phase(
        acme, name="Design", starts_on=today - timedelta(days=30), ends_on=today - timedelta(1)
    )


def review_url(phase) -> str:
    return reverse("phase_review", args=[phase.pk])


def test_it_dates_a_new_review_today_unless_told(logged_in, ended, today):
    form = logged_in.get(review_url(ended))

    assert f'type="date" name="reviewed_at" value="{today:%Y-%m-%d}"' in form.text
    assert '<label for="id_reviewed_at">Date of the review:</label>' in form.text


def test_it_stores_a_past_review_date_at_noon_local_time(logged_in, acme, ended, today):
    day = today - timedelta(days=7)

    response = logged_in.post(review_url(ended), review_data(reviewed_at=str(day)))

    assert response.status_code == 302
    saved = PhaseReview.objects.get()
    assert timezone.localtime(saved.reviewed_at) == timezone.make_aware(
        datetime.combine(day, time(12))
    )
    assert stored_fit(acme) == fresh_fit(acme)


def test_it_stores_today_as_the_moment_of_saving(logged_in, ended, today):
    before = timezone.now()

    logged_in.post(review_url(ended), review_data(reviewed_at=str(today)))

    assert before <= PhaseReview.objects.get().reviewed_at <= timezone.now()


def test_it_keeps_the_moment_of_a_review_whose_date_did_not_change(logged_in, ended):
    moment = ago(days=3, hours=5)
    review(ended, reviewed_at=moment)
    form = logged_in.get(review_url(ended))
    day = timezone.localdate(moment)

    response = logged_in.post(
        review_url(ended), review_data(reviewed_at=str(day), satisfaction=2, version=1)
    )

    assert f'name="reviewed_at" value="{day:%Y-%m-%d}"' in form.text
    assert response.status_code == 302
    saved = PhaseReview.objects.get()
    assert (saved.reviewed_at, saved.satisfaction) == (moment, 2)


def test_it_reads_a_form_sent_without_a_date_as_today_or_the_date_it_had(logged_in, ended):
    before = timezone.now()
    logged_in.post(review_url(ended), review_data())  # a new review: today
    first = PhaseReview.objects.get().reviewed_at

    logged_in.post(review_url(ended), review_data(satisfaction=2, version=1))  # kept

    assert before <= first <= timezone.now()
    assert PhaseReview.objects.get().reviewed_at == first


def test_it_moves_the_date_of_an_existing_review(logged_in, acme, ended, today):
    review(ended, reviewed_at=ago(days=3))
    day = today - timedelta(days=20)

    logged_in.post(review_url(ended), review_data(reviewed_at=str(day), version=1))

    assert timezone.localdate(PhaseReview.objects.get().reviewed_at) == day
    assert stored_fit(acme) == fresh_fit(acme)


@pytest.mark.parametrize(
    ("offset", "message"),
    [
        (1, "A review cannot be dated in the future: choose today or an earlier day."),
        (-31, "A phase cannot be reviewed before it starts: choose a day from {starts} to today."),
    ],
)
def test_it_refuses_a_review_date_outside_the_phase_and_today(
    logged_in, acme, ended, today, offset, message
):
    before = stored_fit(acme)

    response = logged_in.post(
        review_url(ended), review_data(reviewed_at=str(today + timedelta(days=offset)))
    )

    assert response.status_code == 200
    assert message.format(starts=short(ended.starts_on)) in response.text
    assert not PhaseReview.objects.exists()
    assert stored_fit(acme) == before


def test_it_refuses_to_move_an_existing_review_into_the_future(logged_in, ended, today):
    moment = ago(days=2)
    review(ended, reviewed_at=moment)

    response = logged_in.post(
        review_url(ended),
        review_data(reviewed_at=str(today + timedelta(days=1)), satisfaction=1, version=1),
    )

    assert "A review cannot be dated in the future" in response.text
    saved = PhaseReview.objects.get()
    assert (saved.reviewed_at, saved.satisfaction) == (moment, 4)


# Another consultant's projects and phases -----------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("project_edit", "project"),
        ("project_delete", "project"),
        ("phase_edit", "phase"),
        ("phase_end", "phase"),
        ("phase_delete", "phase"),
    ],
)
def test_it_hides_another_consultants_projects_and_phases(
    logged_in, other_consultant, make_client, today, name, kind
):
    theirs = add_phase(
        make_client(other_consultant, "Theirs"),
        starts_on=today - timedelta(days=5),
        ends_on=today + timedelta(days=5),
    )
    review(theirs)
    target = reverse(name, args=[(theirs.project if kind == "project" else theirs).pk])
    data = {"name": "Mine now", "starts_on": "2025-01-01", "ends_on": "2025-01-02"}

    got = logged_in.get(target)
    posted = logged_in.post(target, data)

    assert got.status_code == (405 if name == "phase_end" else 404)
    assert posted.status_code == 404
    assert Project.objects.get().name == "Website"
    assert dates_of(theirs) == ("Discovery sprint", theirs.starts_on, theirs.ends_on)
    assert PhaseReview.objects.exists()
