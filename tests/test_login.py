"""Logging in, and the throttle on repeated failures."""

import threading

import pytest

from clients.throttle import Limit
from tests.conftest import PASSWORD


@pytest.fixture(autouse=True)
def _fresh_cache(shared_cache):
    """Every test here runs with the counters in local memory, then in real Redis."""
    return shared_cache


def fail(client, username, times=1, **extra):
    for _attempt in range(times):
        response = client.post(
            "/accounts/login/", {"username": username, "password": "wrong"}, **extra
        )
        assert "Too many failed logins" not in response.text
    return response


def log_in(client, username, **extra):
    return client.post("/accounts/login/", {"username": username, "password": PASSWORD}, **extra)


def test_it_sends_anonymous_users_to_the_login_page(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_logs_in_with_the_right_password(client, consultant):
    response = log_in(client, "ada")
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_it_locks_an_account_after_five_failures_from_any_addresses(client, consultant):
    for number in range(5):
        fail(client, "ada", REMOTE_ADDR=f"198.51.100.{number}")
    # Even the right password, from a fresh address, is refused while the account is locked.
    response = log_in(client, "ada", REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 200
    assert "Too many failed logins" in response.text
    assert "_auth_user_id" not in client.session


def test_it_lets_another_consultant_in_from_the_address_that_locked_an_account(
    client, consultant, other_consultant
):
    fail(client, "ada", times=5)

    assert "Too many failed logins" in log_in(client, "ada").text
    assert log_in(client, "grace").status_code == 302


def test_it_forgets_an_accounts_failures_after_a_successful_login(client, consultant):
    fail(client, "ada", times=4)
    assert log_in(client, "ada").status_code == 302
    client.logout()

    fail(client, "ada", times=4)
    assert log_in(client, "ada").status_code == 302


def test_it_asks_for_a_missing_password_without_counting_it(client, consultant):
    for _attempt in range(5):
        response = client.post("/accounts/login/", {"username": "ada", "password": ""})
        assert response.status_code == 200

    assert log_in(client, "ada").status_code == 302


def test_it_locks_an_address_trying_many_accounts(client, make_user):
    for number in range(50):
        fail(client, f"guess{number}")
    make_user("fresh")

    assert "Too many failed logins" in log_in(client, "fresh").text
    # Another address is not concerned.
    assert log_in(client, "fresh", REMOTE_ADDR="203.0.113.9").status_code == 302


def test_it_ignores_x_forwarded_for_unless_told_to_trust_it(client, make_user):
    for number in range(50):
        fail(client, f"guess{number}", headers={"X-Forwarded-For": f"198.51.100.{number}"})
    make_user("fresh")

    response = log_in(client, "fresh", headers={"X-Forwarded-For": "203.0.113.9"})

    assert "Too many failed logins" in response.text


def test_it_counts_the_address_the_trusted_proxy_appended(client, make_user, settings):
    settings.TRUST_X_FORWARDED_FOR = True
    for number in range(50):
        # A forged first entry changes nothing: the proxy appends the real address last.
        forged = {"X-Forwarded-For": f"10.0.0.{number}, 198.51.100.7"}
        fail(client, f"guess{number}", headers=forged)
    make_user("fresh")

    locked = log_in(client, "fresh", headers={"X-Forwarded-For": "198.51.100.7"})
    # Another person behind the same proxy (same REMOTE_ADDR) still logs in.
    other = log_in(client, "fresh", headers={"X-Forwarded-For": "203.0.113.9"})

    assert "Too many failed logins" in locked.text
    assert other.status_code == 302


def test_it_locks_the_admin_login_as_well(client, make_user):
    make_user("boss", is_staff=True, is_superuser=True)
    for _attempt in range(5):
        client.post("/admin/login/", {"username": "boss", "password": "wrong"})

    admin = client.post("/admin/login/", {"username": "boss", "password": PASSWORD})
    app = log_in(client, "boss")

    assert "Too many failed logins" in admin.text
    assert "_auth_user_id" not in client.session
    assert "Too many failed logins" in app.text


def test_it_counts_app_failures_on_the_admin_login(client, make_user):
    make_user("boss", is_staff=True, is_superuser=True)
    fail(client, "boss", times=5)

    response = client.post("/admin/login/", {"username": "boss", "password": PASSWORD})

    assert "Too many failed logins" in response.text
    assert "_auth_user_id" not in client.session


def test_it_counts_every_concurrent_failure(shared_cache):
    # Several server processes count into one Redis: no increment may be lost.
    limit = Limit("concurrency-test", attempts=60)

    def count_five():
        for _attempt in range(5):
            limit.count("ada")

    threads = [threading.Thread(target=count_five) for _thread in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert limit.reached("ada")
    assert not Limit("concurrency-test", attempts=61).reached("ada")


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
