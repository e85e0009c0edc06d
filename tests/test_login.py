"""Logging in, and the throttle on repeated failures."""

import pytest
from django.core.cache import cache

from tests.conftest import PASSWORD


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_it_sends_anonymous_users_to_the_login_page(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_logs_in_with_the_right_password(client, consultant):
    response = client.post("/accounts/login/", {"username": "ada", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_it_locks_an_account_after_five_failures(client, consultant):
    for _attempt in range(5):
        response = client.post("/accounts/login/", {"username": "ada", "password": "wrong"})
        assert "Too many failed logins" not in response.text
    # Even the right password is refused while the account is locked.
    response = client.post("/accounts/login/", {"username": "ada", "password": PASSWORD})
    assert response.status_code == 200
    assert "Too many failed logins" in response.text
    assert "_auth_user_id" not in client.session


def test_it_locks_an_address_trying_many_accounts(client, make_user):
    for number in range(5):
        client.post("/accounts/login/", {"username": f"guess{number}", "password": "wrong"})
    make_user("fresh")
    response = client.post("/accounts/login/", {"username": "fresh", "password": PASSWORD})
    assert "Too many failed logins" in response.text


def test_it_lets_the_language_be_switched_before_logging_in(client):
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"


def test_it_answers_anonymous_htmx_requests_with_401_and_a_login_redirect(client):
    response = client.get("/?band=good", headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert response["HX-Redirect"].startswith("/accounts/login/?next=")


def test_it_brings_an_htmx_user_back_to_the_page_they_were_on(client):
    response = client.post(
        "/clients/1/preview/",
        headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/clients/1/log/"},
    )
    assert response["HX-Redirect"] == "/accounts/login/?next=%2Fclients%2F1%2Flog%2F"
