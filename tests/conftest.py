"""Small fixtures shared by the suite: consultants, the default catalogue, clients, and the
default cache in local memory or in a real Redis."""

import asyncio
import email
import os
import time
from contextlib import contextmanager
from email import policy

import pytest
import redis
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import timezone, translation

from clients.actions import profile_for, record_decision
from clients.contacts.planned import PlannedContact, plan_contact
from clients.models import Boundary, Client, FlagCatalogue
from tests.factories import add_phase, ago, log, review

PASSWORD = "a-long-test-password-9"


def pytest_collection_modifyitems(config, items):
    """Refuse a test parameter named `page`; leave the PostgreSQL-only tests (races between
    concurrent writers) out of a SQLite run, SQLite running one writer at a time, and the
    SQLite-only ones (what fitcheck refuses there) out of a PostgreSQL run."""
    # A parameter named `page` is taken for Playwright's fixture: the test is run with the
    # browser tests, after their flush has emptied the catalogues (it happened twice).
    for item in items:
        params = item.callspec.params if hasattr(item, "callspec") else {}
        if "page" in params and not item.get_closest_marker("browser"):
            raise pytest.UsageError(f"{item.nodeid}: rename the parameter `page`.")
    not_here = (
        "sqlite" if settings.DATABASES["default"]["ENGINE"].endswith("postgresql") else "postgresql"
    )
    left_out = [item for item in items if item.get_closest_marker(not_here)]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if item not in left_out]


@pytest.fixture(scope="module")
def sync_orm_beside_playwright():
    """Let a module's transactional tests use the ORM in the main thread after the browser
    tests ran.

    Transactional tests run last, after tests/browser, whose Playwright event loop stays
    open in this thread for the session and trips Django's async guard (the test database
    flush included). Nothing there is async; the variable is set for that module only.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


# The Redis database the tests may use; their keys carry a prefix of their own, one per test
# process, so two suites running at once on one machine do not count each other's failures.
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/5")
REDIS_KEY_PREFIX = f"fitcheck-test-{os.getpid()}"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hash passwords with MD5 in tests: PBKDF2 costs a third of a second per consultant."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def english_to_begin_with():
    """Start each test in the default language: a request in French leaves French active in
    the thread (LocaleMiddleware activates, nothing deactivates), and a test of words read
    outside a request would then depend on which test ran before it."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def catalogue(db):
    """Return the default catalogue the data migration created."""
    return FlagCatalogue.objects.get(is_default=True)


@pytest.fixture
def make_user(db):
    def make(username="consultant", **extra):
        return get_user_model().objects.create_user(username=username, password=PASSWORD, **extra)

    return make


@pytest.fixture
def consultant(make_user):
    return make_user("ada")


@pytest.fixture
def other_consultant(make_user):
    return make_user("grace")


@pytest.fixture
def make_client(catalogue):
    def make(owner, name="Acme", **extra):
        return Client.objects.create(owner=owner, catalogue=catalogue, name=name, **extra)

    return make


@pytest.fixture
def logged_in(client, consultant):
    """Return the test client, logged in as `consultant`."""
    client.force_login(consultant)
    return client


@pytest.fixture(scope="session")
def redis_url():
    """Return the URL of the test Redis; without a server, skip (fail with CI=true)."""
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        message = f"no Redis at {REDIS_URL} ({error}); apt-get install -y redis-server"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"CI=true, but {message}")
        pytest.skip(message)
    return REDIS_URL


def clear_test_keys(url: str) -> None:
    """Delete the tests' keys from Redis, and only those."""
    server = redis.Redis.from_url(url)
    for key in server.scan_iter(match=f"{REDIS_KEY_PREFIX}:*"):
        server.delete(key)


@pytest.fixture(params=["memory", "redis"])
def shared_cache(request, settings):
    """Run the test with the default cache in this process's memory, then in real Redis."""
    if request.param == "redis":
        url = request.getfixturevalue("redis_url")
        redis_cache = {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": REDIS_KEY_PREFIX,
        }
        settings.CACHES = {**settings.CACHES, "default": redis_cache}
        clear_test_keys(url)
        yield request.param
        clear_test_keys(url)
    else:
        cache.clear()
        yield request.param
        cache.clear()


@contextmanager
def loopback_smtp(settings, *, delay: float = 0.0):
    """Run a real SMTP server on the loopback that takes `delay` seconds to accept each mail,
    and send the app's mail to it; give the list it appends each mail to, as
    `email.message.EmailMessage`."""
    from aiosmtpd.controller import Controller

    from bench.common import free_port

    received = []

    class Collect:
        async def handle_DATA(self, server, session, envelope):
            await asyncio.sleep(delay)
            received.append(email.message_from_bytes(envelope.content, policy=policy.default))
            return "250 Message accepted"

    port = free_port()
    controller = Controller(Collect(), hostname="127.0.0.1", port=port)
    controller.start()
    options = {"host": "127.0.0.1", "port": port, "use_tls": False, "timeout": 5}
    settings.MAILERS = {
        "default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": options}
    }
    settings.SENDS_EMAIL = True
    try:
        yield received
    finally:
        controller.stop()


@pytest.fixture
def smtp_server(settings):
    """Run a real SMTP server on the loopback and send the app's mail to it; return the mails
    it received."""
    with loopback_smtp(settings) as received:
        yield received


@pytest.fixture
def one_of_each(consultant, make_client):
    """Return one object of each kind (client, interaction, project, phase, boundary), all
    the first consultant's, with a review, a decision and a planned contact too."""
    client = make_client(consultant, "Acme Secret", contact="ceo@acme.test")
    interaction = log(
        client,
        occurred_at=ago(days=3),
        kind="discovery",
        notes="Private notes",
        questions="Secret question?",
        flags=[("win-win", 3, "Their words")],
    )
    phase = add_phase(client)
    review(phase, flags=[("vague-feedback", 2)])
    record_decision(client=client, kind="need_info")
    boundary = Boundary.objects.create(owner=consultant, text="No meetings on Fridays")
    plan_contact(client=client, planned=PlannedContact(timezone.now(), "call", "Secret plan"))
    profile_for(consultant)
    return {
        "client": client,
        "interaction": interaction,
        "project": phase.project,
        "phase": phase,
        "boundary": boundary,
    }


def wait_for_mails(received, count, timeout=15.0) -> list:
    """Return the mails the SMTP server received once there are `count` (they leave after
    the answer), having waited a moment more for any extra one."""
    deadline = time.monotonic() + timeout
    while len(received) < count and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(received) >= count, f"{len(received)} of {count} mails arrived"
    time.sleep(0.1)
    return received
