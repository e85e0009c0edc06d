"""Browser tests: Chromium driven by Playwright against pytest-django's live server.

Every test here is marked `browser` (the suite runner deselects them when Chromium is
missing), runs on a transactional database that has the default flag catalogues of the
data migration, logs in through the real login form, and fails if a page logged a
console error, threw, broke the Content-Security-Policy or got an HTTP error. A failing
test leaves a screenshot in test-results/<test name>.png.
"""

import importlib
import os
import re
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count, Q
from playwright.sync_api import expect

from clients.data import demo as demo_data
from clients.models import Client, FlagCatalogue, Question
from tests.conftest import PASSWORD

CHROMIUM = "/usr/bin/chromium"
HERE = Path(__file__).resolve().parent
SCREENSHOTS = Path("test-results")
# Pages here answer in milliseconds: fail fast instead of waiting Playwright's 30 s.
ACTION_TIMEOUT_MS = 10_000
expect.set_options(timeout=5_000)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="package", autouse=True)
def allow_orm_next_to_playwright():
    """Let the tests use the ORM while Playwright's event loop runs in this thread.

    Playwright's sync API keeps an asyncio loop running, which trips Django's async
    guard. The variable is set only while the browser tests run (from the first to the
    last test of this folder) and removed afterwards: set for the whole session, it would
    hide real async-safety bugs in the other tests and leak into their subprocesses
    (tests/test_security.py runs `manage.py check --deploy`, which rejects it).
    """
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    yield
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture(autouse=True)
def default_catalogues(allow_orm_next_to_playwright, transactional_db):
    """Put back the flag catalogues of the data migration, which each test's flush removes.

    (`serialized_rollback` cannot do it here: Playwright runs the tests in another
    context, where Django's connection object lacks the serialized data.)
    """
    if not FlagCatalogue.objects.filter(is_default=True).exists():
        migration = importlib.import_module("clients.migrations.0002_default_catalogues")
        migration.create_catalogues(apps, None)
        probing = importlib.import_module("clients.migrations.0008_probing_questions")
        probing.fill(apps, None)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item, so fixtures can tell a failed test."""
    report = yield
    setattr(item, f"browser_report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser_type_launch_args():
    return {
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-GB", "timezone_id": "Europe/Paris"}


class PageGuard:
    """Collect what a page must never do: console errors, uncaught exceptions, CSP
    violations (Chromium reports them as console errors), HTTP errors."""

    def __init__(self):
        self.problems: list[str] = []
        self.pages = []

    def watch(self, page):
        if page in self.pages:
            return page
        self.pages.append(page)
        page.set_default_timeout(ACTION_TIMEOUT_MS)
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.problems.append(f"uncaught exception: {error}"))
        page.on("response", self._on_response)
        return page

    def _on_console(self, message):
        if message.type != "error":
            return
        text = message.text
        kind = "CSP violation" if "Content Security Policy" in text else "console error"
        self.problems.append(f"{kind}: {text} ({message.location.get('url', '')})")

    def _on_response(self, response):
        if response.status >= 400:
            self.problems.append(
                f"HTTP {response.status}: {response.request.method} {response.url}"
            )


@pytest.fixture(autouse=True)
def page_guard(request, context, page):
    """Fail the test at teardown if any watched page misbehaved; screenshot failures."""
    guard = PageGuard()
    guard.watch(page)
    context.on("page", guard.watch)
    yield guard
    call = getattr(request.node, "browser_report_call", None)
    # An expected failure (xfail) is reported as skipped, but it failed all the same.
    failed = call is not None and (call.failed or hasattr(call, "wasxfail"))
    if failed or guard.problems:
        _screenshot(request.node.name, guard.pages)
    if guard.problems and failed:
        # The test's own failure is the story; the browser's complaints are a footnote.
        print("The browser also reported:\n" + "\n".join(f"- {p}" for p in guard.problems))
    elif guard.problems:
        pytest.fail(
            "The browser reported problems:\n" + "\n".join(f"- {p}" for p in guard.problems),
            pytrace=False,
        )


def _screenshot(test_name, pages):
    SCREENSHOTS.mkdir(exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", test_name)
    for number, page in enumerate(p for p in pages if not p.is_closed()):
        suffix = f"-{number}" if number else ""
        try:
            page.screenshot(path=SCREENSHOTS / f"{name}{suffix}.png", full_page=True)
        except Exception as error:  # a crashed page must not hide the test's own failure
            print(f"No screenshot of {test_name}: {error}")


# Logging in -----------------------------------------------------------------------------


def log_in(page, base_url, username, password=PASSWORD):
    """Log in through the login form, as a person would, and land on the dashboard."""
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in", exact=True).click()
    page.wait_for_url(base_url + "/")
    return page


@pytest.fixture
def make_consultant(transactional_db, settings):
    # The login form is what these tests exercise, not PBKDF2's cost: a fast hasher saves
    # about a second per login (tests/test_login.py covers real passwords).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    def make(username="ada", **extra):
        return get_user_model().objects.create_user(username=username, password=PASSWORD, **extra)

    return make


@pytest.fixture
def consultant(make_consultant):
    return make_consultant("ada")


@pytest.fixture
def page_as(live_server, page, new_context, page_guard):
    """Return a function that logs a user in through the login form and returns the page.

    The first call uses the test's `page`; later calls open a fresh browser context (its
    own cookies) so two users can be logged in side by side. Every page is guarded.
    """
    used = []

    def login(user):
        target = page
        if used:
            target = page_guard.watch(new_context().new_page())
        used.append(user)
        return log_in(target, live_server.url, user.get_username())

    return login


@pytest.fixture
def logged_in_page(page_as, consultant):
    """Return the test's page, logged in as the consultant `ada`."""
    return page_as(consultant)


@pytest.fixture
def busiest(transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", stdout=StringIO())
    return (
        Client.objects.filter(owner__username=demo_data.USERNAME)
        .annotate(
            calls=Count("interactions", distinct=True),
            asked=Count(
                "questions", filter=Q(questions__status=Question.Status.OPEN), distinct=True
            ),
        )
        .order_by("-calls", "-asked", "name")
        .first()
    )
