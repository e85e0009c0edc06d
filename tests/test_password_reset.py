"""Forgot your password: a link by email (through a real SMTP server), a new password, done.

The mail leaves after the answer (issue 25): the tests wait for it to arrive.
"""

import re
import statistics
import time

import pytest
from django.urls import reverse

from accounts.forms import RESET_PER_ADDRESS, RESET_PER_EMAIL
from tests.conftest import PASSWORD, loopback_smtp, wait_for_mails

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
    [mail] = wait_for_mails(smtp_server, 1)
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
    [mail] = wait_for_mails(smtp_server, 1)
    form_page = client.get(link_in(mail), follow=True)
    data = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    client.post(form_page.redirect_chain[-1][0], data)

    response = client.post(reverse("login"), {"username": "ada", "password": NEW_PASSWORD})

    assert response.status_code == 302


def test_it_answers_the_same_and_mails_nothing_for_an_unknown_address(client, ada, smtp_server):
    known = ask_for_a_link(client, "ada@example.com")
    unknown = ask_for_a_link(client, "nobody@example.com")

    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert [mail["To"] for mail in wait_for_mails(smtp_server, 1)] == ["ada@example.com"]
    page = client.get(unknown["Location"])
    assert "If an account has this address" in page.text


def test_it_limits_the_requests_for_one_email(client, ada, smtp_server):
    for number in range(3):
        ask_for_a_link(client, "ada@example.com", REMOTE_ADDR=f"198.51.100.{number}")

    refused = ask_for_a_link(client, "ada@example.com", REMOTE_ADDR="203.0.113.9")

    assert refused.status_code == 200
    assert "Too many reset requests" in refused.text
    assert len(wait_for_mails(smtp_server, 3)) == 3


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


def test_it_mails_in_the_language_of_the_request(client, ada, smtp_server):
    client.post(reverse("set_language"), {"language": "fr"})

    ask_for_a_link(client, "ada@example.com")

    [mail] = wait_for_mails(smtp_server, 1)
    assert "Bonjour ada" in mail.get_content()


def test_it_logs_a_mail_the_server_refused(client, ada, smtp_server, settings, caplog):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 1},  # nobody listens
        }
    }

    response = ask_for_a_link(client, "ada@example.com")

    assert response.status_code == 302
    deadline = time.monotonic() + 10
    while "reset email" not in caplog.text and time.monotonic() < deadline:
        time.sleep(0.01)
    assert f"Failed to send password reset email to {ada.pk}" in caplog.text


# The answer's time tells nothing --------------------------------------------------------

SMTP_DELAY = 0.2  # seconds a remote mail server may take to accept a mail
TIMED = 30  # requests timed for each address
WARM_UP = 5


@pytest.fixture
def slow_smtp_server(settings):
    """Run a real SMTP server on the loopback that takes SMTP_DELAY to accept each mail, and
    send the app's mail to it. Return the list of the mails it accepted."""
    with loopback_smtp(settings, delay=SMTP_DELAY) as received:
        yield received


def test_it_answers_as_fast_whether_or_not_an_account_has_the_address(
    client, ada, slow_smtp_server
):
    def answer_time(address: str, number: int) -> float:
        RESET_PER_EMAIL.clear(address)  # 3 an hour: not what is measured here
        remote = f"10.0.{number // 250}.{number % 250}"  # a fresh one: 20 an hour each
        started = time.perf_counter()
        response = ask_for_a_link(client, address, REMOTE_ADDR=remote)
        elapsed = time.perf_counter() - started
        assert response.status_code == 302
        RESET_PER_ADDRESS.clear(remote)
        return elapsed

    times = {"ada@example.com": [], "nobody@example.com": []}
    for number in range(WARM_UP + TIMED):
        # Alternating, so that whatever else the machine does weighs on both alike.
        for address in times if number % 2 else reversed(times):
            elapsed = answer_time(address, 2 * number + len(times[address]))
            if number >= WARM_UP:
                times[address].append(elapsed)

    known, unknown = (statistics.median(times[address]) * 1000 for address in times)
    print(f"median answer: {known:.2f} ms with an account, {unknown:.2f} ms without")
    assert abs(known - unknown) < 3
    # And every mail still arrives, after the answers.
    mails = wait_for_mails(slow_smtp_server, WARM_UP + TIMED, timeout=60)
    assert {mail["To"] for mail in mails} == {"ada@example.com"}
