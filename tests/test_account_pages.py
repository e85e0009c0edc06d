"""My account: its page, changing my email and my password."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.conftest import PASSWORD

NEW_PASSWORD = "another-long-password-42"


def test_it_links_the_account_from_the_settings(logged_in):
    assert reverse("account") in logged_in.get(reverse("settings")).text


def test_it_shows_my_account(logged_in):
    page = logged_in.get(reverse("account"))

    assert "ada" in page.text
    for name in ("account_email", "account_password", "account_delete"):
        assert reverse(name) in page.text


def test_it_changes_my_password_and_keeps_me_logged_in(logged_in, consultant):
    data = {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}

    response = logged_in.post(reverse("account_password"), data, follow=True)

    assert response.redirect_chain[-1][0] == reverse("account")
    assert "Your password is changed." in response.text
    consultant.refresh_from_db()
    assert consultant.check_password(NEW_PASSWORD)
    assert logged_in.get("/").status_code == 200


def test_it_keeps_my_password_without_the_old_one(logged_in, consultant):
    data = {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}

    response = logged_in.post(reverse("account_password"), data)

    assert response.status_code == 200
    assert "field-invalid" in response.text
    consultant.refresh_from_db()
    assert consultant.check_password(PASSWORD)


def test_it_changes_my_email_with_my_password(logged_in, consultant):
    data = {"email": "ada@example.com", "password": PASSWORD}

    response = logged_in.post(reverse("account_email"), data, follow=True)

    assert "Your email address is changed." in response.text
    consultant.refresh_from_db()
    assert consultant.email == "ada@example.com"


def test_it_keeps_my_email_without_my_password(logged_in, consultant):
    response = logged_in.post(
        reverse("account_email"), {"email": "x@example.com", "password": "no"}
    )

    assert "That is not your password." in response.text
    consultant.refresh_from_db()
    assert consultant.email == ""


def test_it_refuses_an_email_another_account_uses(logged_in, consultant, make_user):
    make_user("grace", email="Grace@Example.com")

    response = logged_in.post(
        reverse("account_email"), {"email": "grace@example.com", "password": PASSWORD}
    )

    assert "Another account uses this address." in response.text
    assert get_user_model().objects.filter(email__iexact="grace@example.com").count() == 1
