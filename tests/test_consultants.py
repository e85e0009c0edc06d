"""Staff create consultants: in the admin or with `manage.py createconsultant`, with a
password or an invitation by email (through a real SMTP server)."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

NEW_PASSWORD = "another-long-password-42"
ADD_URL = "/admin/auth/user/add/"


@pytest.fixture
def staff(client, make_user):
    client.force_login(make_user("boss", is_staff=True, is_superuser=True))
    return client


def consultant_data(**changes):
    return {
        "username": "marie",
        "email": "marie@example.com",
        "first_name": "Marie",
        "last_name": "Curie",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    } | changes


def set_password_through(client, mail) -> None:
    """Follow the mail's link and choose NEW_PASSWORD there, as the new consultant."""
    link = re.search(r"https?://[^/\s]+(/account/reset/\S+/)", mail.get_content()).group(1)
    form_page = client.get(link, follow=True)
    data = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    client.post(form_page.redirect_chain[-1][0], data)


def test_it_offers_a_consultant_form_in_the_admin(staff):
    page = staff.get(ADD_URL)

    assert "Add a consultant" in page.text
    for field in ("username", "email", "password1", "invite"):
        assert f'name="{field}"' in page.text


def test_it_creates_a_consultant_with_a_password_in_the_admin(staff, client):
    response = staff.post(ADD_URL, consultant_data())

    assert response.status_code == 302
    marie = get_user_model().objects.get(username="marie")
    assert (marie.email, marie.first_name, marie.is_staff) == ("marie@example.com", "Marie", False)
    assert marie.check_password(NEW_PASSWORD)


def test_it_invites_a_consultant_from_the_admin(
    staff, smtp_server, django_capture_on_commit_callbacks
):
    data = consultant_data(password1="", password2="", invite="on")
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(ADD_URL, data)

    assert response.status_code == 302
    marie = get_user_model().objects.get(username="marie")
    assert not marie.has_usable_password()
    [mail] = smtp_server
    assert mail["To"] == "marie@example.com"
    staff.logout()
    set_password_through(staff, mail)
    assert staff.login(username="marie", password=NEW_PASSWORD)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"password1": "", "password2": ""}, "Set a password, or send an invitation."),
        ({"invite": "on"}, "Either set a password or send an invitation, not both."),
        ({"password2": "something-else-entirely"}, "The two passwords differ."),
        ({"password1": "marie", "password2": "marie"}, "too short"),
        ({"email": ""}, "This field is required."),
    ],
)
def test_it_creates_no_consultant_from_a_wrong_form(staff, changes, message):
    response = staff.post(ADD_URL, consultant_data(**changes))

    assert response.status_code == 200
    assert message in response.text
    assert not get_user_model().objects.filter(username="marie").exists()


def test_it_refuses_an_invitation_it_cannot_send(staff, settings):
    settings.SENDS_EMAIL = False

    response = staff.post(ADD_URL, consultant_data(password1="", password2="", invite="on"))

    assert "cannot send email" in response.text
    assert not get_user_model().objects.filter(username="marie").exists()


def test_it_refuses_an_email_another_account_uses(staff, make_user):
    make_user("marie2", email="MARIE@example.com")

    response = staff.post(ADD_URL, consultant_data())

    assert "Another account uses this address." in response.text


# The command ------------------------------------------------------------------------------


def create(*args):
    out = io.StringIO()
    call_command("createconsultant", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def stdin(monkeypatch):
    def feed(text):
        monkeypatch.setattr("sys.stdin", io.StringIO(text))

    return feed


def test_the_command_creates_a_consultant_with_a_password_from_stdin(db, stdin):
    stdin(NEW_PASSWORD + "\n")

    output = create("marie", "--email", "marie@example.com", "--password-stdin")

    assert "Consultant marie created." in output
    marie = get_user_model().objects.get(username="marie")
    assert marie.check_password(NEW_PASSWORD)
    assert not marie.is_staff


def test_the_command_creates_staff(db, stdin):
    stdin(NEW_PASSWORD + "\n")

    create("boss", "--email", "boss@example.com", "--staff", "--password-stdin")

    boss = get_user_model().objects.get(username="boss")
    assert boss.is_staff and boss.is_superuser


def test_the_command_invites_by_email(db, smtp_server, client):
    output = create(
        "marie", "--email", "marie@example.com", "--invite", "--site-url", "https://fit.example"
    )

    assert "Invitation sent to marie@example.com." in output
    [mail] = smtp_server
    assert "https://fit.example/account/reset/" in mail.get_content()
    set_password_through(client, mail)
    assert client.login(username="marie", password=NEW_PASSWORD)


@pytest.mark.parametrize(
    ("args", "password", "message"),
    [
        (["--email", "marie@example.com", "--password-stdin"], "short", "too short"),
        (["--email", "not-an-address", "--password-stdin"], NEW_PASSWORD, "valid email"),
        (["--email", "marie@example.com"], NEW_PASSWORD, "use --password-stdin"),
    ],
)
def test_the_command_creates_nobody_from_wrong_input(db, stdin, args, password, message):
    stdin(password + "\n")

    with pytest.raises(CommandError, match=message):
        create("marie", *args)

    assert not get_user_model().objects.filter(username="marie").exists()


def test_the_command_refuses_a_taken_username(db, stdin, make_user):
    make_user("marie")
    stdin(NEW_PASSWORD + "\n")

    with pytest.raises(CommandError, match="already exists"):
        create("marie", "--email", "marie@example.com", "--password-stdin")
