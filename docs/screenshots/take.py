"""Take the README's screenshots from a running fitcheck with the demo data.

    make run                                   # in one terminal: demo data on port 8000
    .venv/bin/python docs/screenshots/take.py  # in another; or pass the server's URL
    .venv/bin/python docs/screenshots/take.py http://127.0.0.1:8000 phone  # the phone's only

Chromium from /usr/bin/chromium (apt-get install chromium), light theme, English.
"""

import sys
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

HERE = Path(__file__).resolve().parent
LAPTOP = {"width": 1280, "height": 1400}
PHONE = {"width": 390, "height": 844}
DEMO_LOGIN = ("demo", "fitcheck-demo")  # what `manage.py seed_demo` creates


def log_in(browser, base_url, viewport):
    context = browser.new_context(
        viewport=viewport, locale="en-GB", timezone_id="Europe/Paris", color_scheme="light"
    )
    page = context.new_page()
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Username").fill(DEMO_LOGIN[0])
    page.get_by_label("Password").fill(DEMO_LOGIN[1])
    page.get_by_role("button", name="Log in", exact=True).click()
    page.wait_for_url(base_url + "/")
    return page


def open_client(page, name):
    page.get_by_role("link", name=name, exact=True).click()
    expect(page.get_by_role("heading", name=name, level=1)).to_be_visible()


# A client at each stage, and the decision panel it shows.
STAGES = {
    "stage-deciding.png": "Sora Tea House",
    "stage-checkpoint.png": "Northwind Logistics",
    "stage-declined.png": "Vantage Capital",
    "stage-completed.png": "Meridian Hotels",
}


def open_from_dashboard(page, name):
    page.get_by_role("link", name="Clients", exact=True).first.click()
    open_client(page, name)


def laptop(page):
    page.screenshot(path=HERE / "dashboard.png", full_page=True)
    open_client(page, "Northwind Logistics")
    page.screenshot(path=HERE / "client.png")
    page.get_by_role("region", name="Before your next call").screenshot(path=HERE / "next-call.png")
    page.get_by_role("region", name="Trend").screenshot(path=HERE / "trend.png")
    for filename, name in STAGES.items():
        open_from_dashboard(page, name)
        page.get_by_role("region", name="Decision").screenshot(path=HERE / filename)
    page.get_by_role("link", name="Call sheet").click()
    page.screenshot(path=HERE / "call-sheet.png", full_page=True)
    page.get_by_role("link", name="Calibration").click()
    page.screenshot(path=HERE / "calibration.png")
    my_flags(page)


def my_flags(page):
    """The demo consultant's own catalogue: its flags, "Late to reply" among them."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My flags").click()
    expect(page.get_by_role("heading", name="My flags", level=1)).to_be_visible()
    page.screenshot(path=HERE / "my-flags.png")


def phone(page):
    page.screenshot(path=HERE / "phone-dashboard.png")
    open_client(page, "Northwind Logistics")
    page.screenshot(path=HERE / "phone-client.png", full_page=True)
    trend = page.get_by_role("region", name="Trend")
    trend.locator("summary").first.click()  # folded on a phone
    trend.screenshot(path=HERE / "phone-trend.png")
    page.go_back()
    open_client(page, "Blue Heron Architects")
    page.get_by_role("link", name="Log an interaction").first.click()
    preview = page.locator("#score-preview")
    page.get_by_role("button", name="Vague or no feedback").click()
    expect(preview.locator(".score-change")).to_be_visible()
    page.screenshot(path=HERE / "phone-log.png")


def main(base_url="http://127.0.0.1:8000", *only):
    """Take every screenshot, or only those of "laptop" or "phone"."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox"]
        )
        if not only or "laptop" in only:
            laptop(log_in(browser, base_url, LAPTOP))
        if not only or "phone" in only:
            phone(log_in(browser, base_url, PHONE))
        browser.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
