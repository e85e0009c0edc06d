"""My boundaries: add, edit, retire; each interaction asks about the active ones."""

import pytest
from django.urls import reverse

from clients.models import Boundary
from tests.factories import (
    fresh_fit,
    interaction_data,
    stored_fit,
)

BOUNDARIES = reverse("boundaries")


@pytest.fixture
def evenings(consultant):
    return Boundary.objects.create(owner=consultant, text="No calls after 19:00")


@pytest.fixture
def theirs(other_consultant):
    return Boundary.objects.create(owner=other_consultant, text="Their own boundary")


def test_it_adds_a_boundary(logged_in, consultant):
    response = logged_in.post(BOUNDARIES, {"text": "Scope changes in writing"}, follow=True)

    boundary = Boundary.objects.get()
    assert (boundary.owner, boundary.text, boundary.active) == (
        consultant,
        "Scope changes in writing",
        True,
    )
    assert "Boundary added." in response.text
    assert "Scope changes in writing" in response.text


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", "This field is required."),
        ("   ", "This field is required."),
        ("x" * 201, "Ensure this value has at most 200 characters (it has 201)."),
    ],
)
def test_it_refuses_an_empty_or_overlong_boundary(logged_in, text, error):
    response = logged_in.post(BOUNDARIES, {"text": text})

    assert response.status_code == 200
    assert error in response.text
    assert not Boundary.objects.exists()


def test_it_lists_only_my_boundaries(logged_in, evenings, theirs):
    response = logged_in.get(BOUNDARIES)

    assert "No calls after 19:00" in response.text
    assert "Their own boundary" not in response.text


def test_it_suggests_examples_when_there_is_none(logged_in):
    assert "No boundaries yet." in logged_in.get(BOUNDARIES).text


def test_it_edits_a_boundary(logged_in, evenings):
    url = reverse("boundary_edit", args=[evenings.pk])

    form = logged_in.get(url)
    response = logged_in.post(url, {"text": "No calls after 18:00"})

    assert 'value="No calls after 19:00"' in form.text
    assert response["Location"] == BOUNDARIES
    evenings.refresh_from_db()
    assert evenings.text == "No calls after 18:00"


def test_it_refuses_to_empty_a_boundary(logged_in, evenings):
    response = logged_in.post(reverse("boundary_edit", args=[evenings.pk]), {"text": ""})

    assert response.status_code == 200
    assert "This field is required." in response.text
    evenings.refresh_from_db()
    assert evenings.text == "No calls after 19:00"


def test_it_retires_and_reactivates_a_boundary(logged_in, evenings):
    url = reverse("boundary_toggle", args=[evenings.pk])

    retired = logged_in.post(url, follow=True)
    evenings.refresh_from_db()
    assert not evenings.active
    assert '<span class="badge">retired</span>' in retired.text
    assert "Reactivate" in retired.text

    logged_in.post(url)
    evenings.refresh_from_db()
    assert evenings.active


def test_it_retires_only_by_post(logged_in, evenings):
    response = logged_in.get(reverse("boundary_toggle", args=[evenings.pk]))

    assert response.status_code == 405
    evenings.refresh_from_db()
    assert evenings.active


def test_it_asks_about_active_boundaries_only_when_logging(logged_in, consultant, make_client):
    client = make_client(consultant)
    active = Boundary.objects.create(owner=consultant, text="Replies within two days")
    retired = Boundary.objects.create(owner=consultant, text="No weekend work", active=False)
    log_url = reverse("interaction_new", args=[client.pk])

    form = logged_in.get(log_url)
    logged_in.post(log_url, interaction_data(boundaries={active: "respected", retired: "crossed"}))

    assert f'name="obs-boundary-{active.pk}"' in form.text
    assert "Replies within two days" in form.text
    assert f'name="obs-boundary-{retired.pk}"' not in form.text
    assert "No weekend work" not in form.text
    assert [o.boundary for o in client.interactions.get().observations.all()] == [active]


def test_it_keeps_the_history_of_a_retired_boundary(logged_in, consultant, make_client, evenings):
    client = make_client(consultant)
    logged_in.post(
        reverse("interaction_new", args=[client.pk]),
        interaction_data(boundaries={evenings: "crossed"}),
    )
    scored = stored_fit(client)

    logged_in.post(reverse("boundary_toggle", args=[evenings.pk]))

    assert evenings.observations.count() == 1
    assert stored_fit(client) == scored == fresh_fit(client)
    page = logged_in.get(reverse("client_detail", args=[client.pk]))
    assert "Crosses my boundaries" in page.text
    assert "No calls after 19:00" in page.text


@pytest.mark.parametrize(
    ("method", "name"),
    [("get", "boundary_edit"), ("post", "boundary_edit"), ("post", "boundary_toggle")],
)
def test_it_hides_another_consultants_boundary(logged_in, theirs, method, name):
    response = getattr(logged_in, method)(reverse(name, args=[theirs.pk]), {"text": "Hijacked"})

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert (theirs.text, theirs.active) == ("Their own boundary", True)
