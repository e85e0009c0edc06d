"""The next call, in a browser: planned at the end of the log form, counted by "Today", and
downloaded as an .ics event."""

import re
from pathlib import Path

import pytest
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from clients.models import Client, FlagCatalogue

pytestmark = pytest.mark.browser


def test_a_next_call_set_from_the_log_form_counts_in_today(live_server, logged_in_page, consultant):
    page = logged_in_page
    base = live_server.url
    client = Client.objects.create(
        owner=consultant, catalogue=FlagCatalogue.objects.get(is_default=True), name="Nordlicht"
    )
    # The browser's zone is the server's (Europe/Paris): this minute is today, whatever the hour.
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")

    page.goto(f"{base}/clients/{client.pk}/log/")
    next_contact = page.get_by_role("group", name="Next contact")
    next_contact.get_by_label("Date and time of the next contact").fill(now)
    next_contact.get_by_label("Kind of contact").select_option("call")
    next_contact.get_by_label("Note (optional)").fill("Budget, then timeline")
    page.get_by_role("button", name="Save interaction").click()
    expect(page.get_by_role("heading", name="Nordlicht")).to_be_visible()
    expect(page.locator(".planned-contact-when")).to_contain_text("Budget, then timeline")

    page.goto(base + "/")
    today = page.get_by_role("navigation", name="Today")
    calls = today.get_by_role("link", name=re.compile("contact planned today"))
    expect(calls).to_have_text("1 contact planned today")
    calls.click()
    expect(page.get_by_role("link", name="Nordlicht", exact=True)).to_be_visible()

    page.goto(f"{base}/clients/{client.pk}/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Add to my calendar (.ics)").click()
    content = Path(download.value.path()).read_bytes()
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert str(event["summary"]) == "Call with Nordlicht"
    assert str(event["url"]) == f"{base}/clients/{client.pk}/prepare/"
