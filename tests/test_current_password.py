"""Issue 25, item 4: five wrong current passwords in a row (change email, change password,
delete the account) log that session out; the owner logs in again as usual."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client as Browser
from django.urls import reverse

from accounts.views import WRONG_CURRENT_PASSWORDS
from tests.conftest import PASSWORD

NEW_PASSWORD = "another-long-password-42"
LOGGED_OUT = "You were logged out after 5 wrong passwords in a row."

# Each form that asks for the current password: its URL and what it posts with `password`.
FORMS = {
    "email": ("account_email", lambda password: {"email": "new@example.com", "password": password}),
    "password": (
        "account_password",
        lambda password: {
            "old_password": password,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    ),
    "delete": ("account_delete", lambda password: {"password": password}),
}


@pytest.fixture(autouse=True)
def _counters(shared_cache):
    """The counts in local memory, then in real Redis."""
    return shared_cache


def post(client, form, password, **extra):
    name, data = FORMS[form]
    return client.post(reverse(name), data(password), **extra)


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def assert_nothing_changed(consultant):
    consultant.refresh_from_db()
    assert consultant.email == ""
    assert consultant.check_password(PASSWORD)


@pytest.mark.parametrize("form", FORMS)
def test_it_logs_the_session_out_at_the_fifth_wrong_password(logged_in, consultant, form):
    for _attempt in range(4):
        response = post(logged_in, form, "wrong")
        assert response.status_code == 200
        assert "field-invalid" in response.text
        assert is_logged_in(logged_in)

    fifth = post(logged_in, form, "wrong", follow=True)

    assert fifth.redirect_chain[0] == (reverse("login"), 302)
    assert LOGGED_OUT in fifth.text
    assert "Log in again to go on." in fifth.text
    assert not is_logged_in(logged_in)
    assert_nothing_changed(consultant)
    assert logged_in.get(reverse("account")).status_code == 302  # to the login page


@pytest.mark.parametrize("form", FORMS)
def test_the_owner_logs_in_again_at_once(logged_in, consultant, form):
    for _attempt in range(5):
        post(logged_in, form, "wrong")

    response = logged_in.post(reverse("login"), {"username": "ada", "password": PASSWORD})

    assert response.status_code == 302
    assert is_logged_in(logged_in)
    # The new session starts with a clean count.
    assert post(logged_in, form, "wrong").status_code == 200
    assert is_logged_in(logged_in)


# The right current password, refused for another reason: it still proves the password known.
RIGHT_BUT_REFUSED = {
    "email": ("account_email", {"email": "not an address", "password": PASSWORD}),
    "password": (
        "account_password",
        {"old_password": PASSWORD, "new_password1": "x", "new_password2": "y"},
    ),
    # The right password deletes the account: here the email form proves it instead.
    "delete": ("account_email", {"email": "ada@example.com", "password": PASSWORD}),
}


@pytest.mark.parametrize("form", FORMS)
def test_the_right_password_starts_the_count_again(logged_in, consultant, form):
    for _attempt in range(4):
        post(logged_in, form, "wrong")
    name, data = RIGHT_BUT_REFUSED[form]
    logged_in.post(reverse(name), data)

    for _attempt in range(4):
        post(logged_in, form, "wrong")

    assert is_logged_in(logged_in)
    assert LOGGED_OUT in post(logged_in, form, "wrong", follow=True).text


def test_the_count_spans_the_three_forms(logged_in, consultant):
    for form in ["email", "email", "password", "password"]:
        post(logged_in, form, "wrong")
    assert is_logged_in(logged_in)

    response = post(logged_in, "delete", "wrong", follow=True)

    assert LOGGED_OUT in response.text
    assert not is_logged_in(logged_in)
    assert get_user_model().objects.filter(pk=consultant.pk).exists()


@pytest.mark.parametrize("form", FORMS)
def test_a_missing_password_is_no_guess(logged_in, consultant, form):
    for _attempt in range(6):
        assert post(logged_in, form, "").status_code == 200

    assert is_logged_in(logged_in)


@pytest.mark.parametrize("form", FORMS)
def test_an_empty_post_is_no_guess(logged_in, consultant, form):
    for _attempt in range(6):
        assert logged_in.post(reverse(FORMS[form][0]), {}).status_code == 200

    assert is_logged_in(logged_in)


def test_only_the_guessing_session_ends(logged_in, consultant):
    other_device = Browser()
    other_device.force_login(consultant)

    for _attempt in range(5):
        post(logged_in, "email", "wrong")

    assert not is_logged_in(logged_in)
    assert other_device.get(reverse("account")).status_code == 200
    assert post(other_device, "email", "wrong").status_code == 200


def test_a_session_at_the_limit_ends_without_another_check(logged_in, consultant):
    # Concurrent guesses may each pass the check before any is counted; whichever comes
    # after the fifth count ends the session, even with the right password.
    for _attempt in range(5):
        WRONG_CURRENT_PASSWORDS.count(logged_in.session.session_key)

    response = post(logged_in, "delete", PASSWORD, follow=True)

    assert LOGGED_OUT in response.text
    assert get_user_model().objects.filter(pk=consultant.pk).exists()
