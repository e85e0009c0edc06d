"""A consultant's account in a real browser: from Settings to the account pages, and a
forgotten password reset through a mail that a real SMTP server received."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD, wait_for_mails

pytestmark = pytest.mark.browser
NEW_PASSWORD = "another-long-password-42"


def test_it_reaches_every_account_page_from_the_settings(logged_in_page, live_server):
    page = logged_in_page
    page.goto(live_server.url + "/settings/")
    page.get_by_role("link", name="Your account").click()
    expect(page.get_by_role("heading", name="Your account", exact=True)).to_be_visible()

    page.get_by_role("link", name="Change email").click()
    page.get_by_label("New email address").fill("ada@example.com")
    page.get_by_label("Your current password").fill(PASSWORD)
    page.get_by_role("button", name="Change email").click()
    expect(page.get_by_text("Your email address is changed.")).to_be_visible()
    expect(page.get_by_text("ada@example.com")).to_be_visible()

    page.get_by_role("link", name="Delete my account…").click()
    expect(page.get_by_role("link", name="First, download all my data (JSON)")).to_be_visible()
    page.get_by_role("link", name="Keep my account").click()
    expect(page.get_by_role("heading", name="Your account", exact=True)).to_be_visible()


def test_it_resets_a_forgotten_password_by_email(page, live_server, make_consultant, smtp_server):
    make_consultant("ada", email="ada@example.com")
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_label("Email").fill("ada@example.com")
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()

    [mail] = wait_for_mails(smtp_server, 1)  # it leaves after the answer
    link = re.search(r"http://\S+/account/reset/\S+/", mail.get_content()).group(0)
    page.goto(link)
    page.get_by_label(re.compile(r"^New password:?$")).fill(NEW_PASSWORD)
    page.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set my password").click()
    page.get_by_role("link", name="Log in").last.click()
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()
    page.wait_for_url(live_server.url + "/")
