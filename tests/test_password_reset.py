"""Forgot your password: a link by email (through a real SMTP server), a new password, done."""

import re

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD

NEW_PASSWORD = "another-long-password-42"


@pytest.fixture(autouse=True)
def _counters(shared_cache):
    """The reset throttle's counters, in local memory and in real Redis."""
    return shared_cache


@pytest.fixture
def ada(make_user):
    return make_user("ada", email="ada@example.com")


def ask_for_a_link(client, email, **extra):
    return client.post(reverse("password_reset"), {"email": email}, **extra)


def link_in(mail) -> str:
    return re.search(r"http://testserver(/account/reset/\S+/)", mail.get_content()).group(1)


def test_it_mails_a_link_that_sets_a_new_password(client, ada, smtp_server):
    response = ask_for_a_link(client, "ADA@example.com")

    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    [mail] = smtp_server
    assert mail["To"] == "ada@example.com"
    assert "fitcheck" in mail["Subject"]
    form_page = client.get(link_in(mail), follow=True)
    assert "Choose a new password" in form_page.text
    data = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    done = client.post(form_page.redirect_chain[-1][0], data, follow=True)
    assert "Your new password is set" in done.text

    old = client.post(reverse("login"), {"username": "ada", "password": PASSWORD})
    assert old.status_code == 200
    new = client.post(reverse("login"), {"username": "ada", "password": NEW_PASSWORD})
    assert new.status_code == 302
    # The link works once.
    assert "does not work any more" in client.get(link_in(mail), follow=True).text


def test_it_unlocks_a_locked_account_when_its_password_is_reset(client, ada, smtp_server):
    for _attempt in range(5):
        client.post(reverse("login"), {"username": "ada", "password": "forgotten"})
    ask_for_a_link(client, "ada@example.com")
    form_page = client.get(link_in(smtp_server[0]), follow=True)
    data = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    client.post(form_page.redirect_chain[-1][0], data)

    response = client.post(reverse("login"), {"username": "ada", "password": NEW_PASSWORD})

    assert response.status_code == 302


def test_it_answers_the_same_and_mails_nothing_for_an_unknown_address(client, ada, smtp_server):
    known = ask_for_a_link(client, "ada@example.com")
    unknown = ask_for_a_link(client, "nobody@example.com")

    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert [mail["To"] for mail in smtp_server] == ["ada@example.com"]
    page = client.get(unknown["Location"])
    assert "If an account has this address" in page.text


def test_it_limits_the_requests_for_one_email(client, ada, smtp_server):
    for number in range(3):
        ask_for_a_link(client, "ada@example.com", REMOTE_ADDR=f"198.51.100.{number}")

    refused = ask_for_a_link(client, "ada@example.com", REMOTE_ADDR="203.0.113.9")

    assert refused.status_code == 200
    assert "Too many reset requests" in refused.text
    assert len(smtp_server) == 3


def test_it_limits_the_requests_from_one_address(client, ada, smtp_server):
    for number in range(20):
        ask_for_a_link(client, f"guess{number}@example.com")

    refused = ask_for_a_link(client, "ada@example.com")

    assert "Too many reset requests" in refused.text
    assert smtp_server == []


def test_it_says_whom_to_ask_when_it_cannot_send_email(client, ada, settings, smtp_server):
    settings.SENDS_EMAIL = False

    page = client.get(reverse("password_reset"))
    posted = ask_for_a_link(client, "ada@example.com")

    assert "Ask your administrator" in page.text
    assert 'name="email"' not in page.text
    assert "Ask your administrator" in posted.text
    assert smtp_server == []


def test_it_refuses_a_forged_link(client, ada):
    response = client.get("/account/reset/MQ/forged-token/", follow=True)

    assert response.status_code == 200
    assert "does not work any more" in response.text


def test_it_offers_the_reset_on_the_login_page(client):
    assert reverse("password_reset") in client.get(reverse("login")).text
