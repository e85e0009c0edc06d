"""Issue 25, item 6: an outage and a refused body get the app's own pages.

PostgreSQL or Redis out of reach answers 503 with Retry-After and says which; a body over one
of Django's limits says what was too big and the limit; a file sent to a form that takes
none is refused before it is stored. The real services are never stopped: each test points
the app at a closed port (or, for SQLite, at a file it cannot open) instead.
"""

from contextlib import contextmanager

import pytest
import redis
from django.core.files import uploadhandler
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connections
from django.test import Client as Browser
from django.urls import reverse
from django.utils import translation

from clients.models import Interaction
from fitcheck.errors import unreachable_service
from tests.conftest import PASSWORD
from tests.factories import interaction_data

CLOSED_PORT_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def cache_down(settings):
    unreachable = {"BACKEND": "django.core.cache.backends.redis.RedisCache"}
    settings.CACHES = {**settings.CACHES, "default": unreachable | {"LOCATION": CLOSED_PORT_REDIS}}


@contextmanager
def database_down():
    """Swap the default connection for one that cannot connect, then put the real one back."""
    real = connections["default"]
    if real.vendor == "postgresql":
        unreachable = {"HOST": "127.0.0.1", "PORT": "1"}
    else:
        unreachable = {"NAME": "/nonexistent-directory/fitcheck.sqlite3"}
    broken = real.__class__(real.settings_dict | unreachable, alias="default")
    connections["default"] = broken
    try:
        yield
    finally:
        connections["default"] = real


def browser_of(user, **headers) -> Browser:
    browser = Browser(raise_request_exception=False, **headers)
    browser.force_login(user)
    return browser


def assert_outage_page(response, service: str):
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert f"fitcheck cannot reach its {service}; try again in a minute." in response.text
    assert 'href="/static/css/fitcheck.css"' in response.text  # the app's look


# Outages


def test_a_login_with_the_cache_down_says_so(db, consultant, cache_down):
    browser = Browser(raise_request_exception=False)

    response = browser.post(reverse("login"), {"username": "ada", "password": PASSWORD})

    assert_outage_page(response, "cache")


def test_pages_that_need_no_cache_still_work_with_it_down(consultant, cache_down):
    assert browser_of(consultant).get(reverse("dashboard")).status_code == 200


# Not "page": that name is Playwright's fixture, and asking for it drags the browser tests'
# session fixtures (and their ordering) into this file.
@pytest.mark.parametrize("url_name", ["dashboard", "login", "account"])
def test_any_page_with_the_database_down_says_so(consultant, url_name):
    browser = browser_of(consultant)

    with database_down():
        response = browser.get(reverse(url_name))

    assert_outage_page(response, "database")


def test_a_write_with_the_database_down_says_so(consultant, make_client):
    acme = make_client(consultant)
    browser = browser_of(consultant)

    with database_down():
        response = browser.post(reverse("interaction_new", args=[acme.pk]), interaction_data())

    assert_outage_page(response, "database")
    assert not Interaction.objects.exists()


def test_the_outage_page_speaks_the_consultants_language(consultant):
    browser = browser_of(consultant, HTTP_ACCEPT_LANGUAGE="fr")

    with database_down():
        response = browser.get(reverse("dashboard"))

    assert response.status_code == 503
    assert '<html lang="fr">' in response.text
    with translation.override("fr"):
        assert translation.gettext("Try again") in response.text


def test_other_server_errors_keep_the_500_page(consultant, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr("clients.views.settings.simple_form", broken)

    response = browser_of(consultant).get(reverse("settings"))

    assert response.status_code == 500
    assert "Retry-After" not in response


def psycopg_error(sqlstate: str | None) -> OperationalError:
    """Return Django's OperationalError as raised from a driver error with that SQLSTATE."""
    cause = Exception("driver")
    cause.sqlstate = sqlstate
    error = OperationalError("wrapped")
    error.__cause__ = cause
    return error


@pytest.mark.parametrize(
    ("error", "service"),
    [
        (psycopg_error(None), "database"),  # no connection at all: no SQLSTATE
        (psycopg_error("08006"), "database"),  # connection failure
        (psycopg_error("57P01"), "database"),  # the server shuts down
        (psycopg_error("40P01"), None),  # a deadlock is no outage
        (psycopg_error("57014"), None),  # a statement timeout neither
        (redis.exceptions.ConnectionError("refused"), "cache"),
        (redis.exceptions.TimeoutError("slow"), "cache"),
        (redis.exceptions.ResponseError("WRONGTYPE"), None),
        (ValueError("a bug"), None),
    ],
)
def test_it_tells_an_outage_from_other_errors(error, service):
    assert unreachable_service(error) == service


# Refused bodies


def test_a_form_over_the_size_limit_says_so_and_the_limit(consultant, make_client):
    acme = make_client(consultant)
    browser = browser_of(consultant)

    response = browser.post(
        reverse("interaction_new", args=[acme.pk]), interaction_data(notes="x" * 3_000_000)
    )

    assert response.status_code == 413
    assert "The form was too big: fitcheck takes at most 2.5\xa0MB of text in one form." in (
        response.text
    )
    assert "This one was 2.9\xa0MB." in response.text
    assert reverse("logout") in response.text  # the app's page, with its header
    assert not Interaction.objects.exists()


def test_a_form_with_too_many_fields_says_so_and_the_limit(consultant, make_client):
    acme = make_client(consultant)
    data = interaction_data() | {f"extra-{i}": "1" for i in range(1001)}

    response = browser_of(consultant).post(reverse("interaction_new", args=[acme.pk]), data)

    assert response.status_code == 400
    assert "The form had too many fields: fitcheck takes at most 1000." in response.text
    assert not Interaction.objects.exists()


def test_an_anonymous_form_over_the_limit_gets_the_page_too(db):
    response = Browser().post(reverse("login"), {"username": "x" * 3_000_000})

    assert response.status_code == 413
    assert "at most 2.5\xa0MB" in response.text


def test_a_refused_body_is_explained_in_the_consultants_language(consultant, make_client):
    acme = make_client(consultant)
    browser = browser_of(consultant, HTTP_ACCEPT_LANGUAGE="fr")

    response = browser.post(
        reverse("interaction_new", args=[acme.pk]), interaction_data(notes="x" * 3_000_000)
    )

    assert response.status_code == 413
    assert '<html lang="fr">' in response.text
    assert "2,5\xa0Mio" in response.text


def test_a_form_that_takes_no_file_refuses_one(consultant, make_client, monkeypatch):
    stored = []
    temporary_file = uploadhandler.TemporaryUploadedFile
    monkeypatch.setattr(
        uploadhandler,
        "TemporaryUploadedFile",
        lambda *args, **kwargs: stored.append(args) or temporary_file(*args, **kwargs),
    )
    acme = make_client(consultant)
    junk = SimpleUploadedFile("junk.bin", b"\x00" * (3 * 1024 * 1024))

    response = browser_of(consultant).post(
        reverse("interaction_new", args=[acme.pk]), interaction_data() | {"attachment": junk}
    )

    assert response.status_code == 400
    assert "This form takes no file. Send it again without one." in response.text
    assert stored == []  # not a byte of it written to disk
    assert not Interaction.objects.exists()


def test_a_form_that_takes_no_file_still_takes_a_multipart_form_without_one(
    consultant, make_client
):
    acme = make_client(consultant)

    response = browser_of(consultant).post(
        reverse("interaction_new", args=[acme.pk]), interaction_data(notes="by multipart")
    )

    assert response.status_code == 302
    assert Interaction.objects.get().notes == "by multipart"
