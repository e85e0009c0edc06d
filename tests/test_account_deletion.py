"""Deleting my account removes exactly my rows, in every table of every installed app."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.test import Client as Browser
from django.urls import reverse

from clients.actions import profile_for, record_decision
from clients.models import Boundary
from tests.conftest import PASSWORD
from tests.factories import add_phase, ago, log, review


def row_counts() -> dict[str, int]:
    """Return the number of rows of every table Django knows (many-to-many ones included)."""
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models(include_auto_created=True)
    }


def consultant_with_everything(make_user, make_client, username):
    """Return a logged-in browser of a consultant who has something in every table."""
    user = make_user(username, email=f"{username}@example.com")
    profile_for(user)
    boundary = Boundary.objects.create(owner=user, text="No calls after 6 pm")
    client = make_client(user, "Acme")
    log(client, kind="discovery", occurred_at=ago(days=3), flags=[("win-win", 3, "Their words")])
    interaction = log(client, occurred_at=ago(days=2), flags=[("crosses-boundaries", 2)])
    interaction.observations.update(boundary=boundary)
    phase = add_phase(client)
    review(phase, flags=[("vague-feedback", 2)])
    record_decision(client=client, kind="need_info")
    browser = Browser()
    browser.force_login(user)
    return browser


def delete(browser):
    return browser.post(reverse("account_delete"), {"password": PASSWORD})


def test_it_deletes_exactly_the_consultants_rows(db, make_user, make_client):
    before_anyone = row_counts()
    ada = consultant_with_everything(make_user, make_client, "ada")
    grace = consultant_with_everything(make_user, make_client, "grace")
    with_both = row_counts()

    assert delete(ada).status_code == 302
    with_grace = row_counts()
    assert delete(grace).status_code == 302
    with_nobody = row_counts()

    # Both consultants hold the same rows: each deletion removes as many from every table.
    removed_with_ada = {label: with_both[label] - with_grace[label] for label in with_both}
    removed_with_grace = {label: with_grace[label] - with_nobody[label] for label in with_both}
    assert removed_with_ada == removed_with_grace
    assert with_nobody == before_anyone
    # The data was there to delete (clients, interactions, observations, reviews…).
    emptied = {label for label, count in removed_with_ada.items() if count}
    assert {"clients.Client", "clients.Observation", "clients.PhaseReview"} <= emptied
    assert {"clients.Boundary", "auth.User", "clients.Decision"} <= emptied


def test_it_keeps_the_other_consultants_data_and_the_catalogues(db, make_user, make_client):
    ada = consultant_with_everything(make_user, make_client, "ada")
    consultant_with_everything(make_user, make_client, "grace")
    catalogues = row_counts()["clients.FlagCatalogue"], row_counts()["clients.Flag"]

    delete(ada)

    grace = get_user_model().objects.get(username="grace")
    assert grace.clients.get().interactions.count() == 2
    assert grace.boundaries.count() == 1
    assert (row_counts()["clients.FlagCatalogue"], row_counts()["clients.Flag"]) == catalogues


def test_it_logs_out_and_says_so(db, make_user, make_client):
    ada = consultant_with_everything(make_user, make_client, "ada")

    response = delete(ada)

    assert response["Location"] == reverse("login")
    assert "deleted" in ada.get(response["Location"]).text
    assert ada.get("/").status_code == 302


def test_it_deletes_nothing_without_the_right_password(db, make_user, make_client):
    ada = consultant_with_everything(make_user, make_client, "ada")
    before = row_counts()

    response = ada.post(reverse("account_delete"), {"password": "wrong"})

    assert response.status_code == 200
    assert "That is not your password." in response.text
    assert row_counts() == before


def test_it_offers_the_export_before_deleting(logged_in):
    page = logged_in.get(reverse("account_delete"))

    assert reverse("export_json") in page.text
    assert 'autocomplete="current-password"' in page.text


@pytest.mark.parametrize("method", ["put", "delete"])
def test_it_refuses_other_methods(logged_in, method):
    assert getattr(logged_in, method)(reverse("account_delete")).status_code == 405
