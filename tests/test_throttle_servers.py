"""The login throttle across two real server processes sharing one Redis, as in a deployment
of several app servers behind a proxy (README, "Running on several servers").

Two gunicorn processes of one worker each serve a scratch SQLite database; every request
comes from 127.0.0.1, as every request comes from the proxy's address behind a proxy.
"""

import os
import secrets
import subprocess
import sys

import pytest
import redis

from bench.common import ROOT, Server, Session
from tests.conftest import PASSWORD

CONSULTANTS = ("ada", "grace")


def manage(*args: str, environment: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def two_servers(tmp_path, redis_url):
    """Start two gunicorn processes on one scratch database and one Redis; stop them after."""
    environment = {
        # The browser tests' async switch must not leak into the servers.
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DATABASE_URL": f"sqlite:///{tmp_path / 'servers.sqlite3'}",
        "CACHE_URL": redis_url,
        "DEBUG": "true",  # static files from the finders: no collectstatic into the checkout
        "SECRET_KEY": secrets.token_urlsafe(50),
    }
    manage("migrate", "--no-input", environment=environment)
    create = "; ".join(
        f"User.objects.create_user({name!r}, password={PASSWORD!r})" for name in CONSULTANTS
    )
    manage(
        "shell",
        "-c",
        f"from django.contrib.auth.models import User; {create}",
        environment=environment,
    )
    # Counts left by an earlier run of this test on the loopback address (no key prefix).
    server = redis.Redis.from_url(redis_url)
    for key in server.scan_iter(match=":1:throttle:*"):
        server.delete(key)
    first = Server(environment, workers=1, name="throttle-test-1")
    second = Server(environment, workers=1, name="throttle-test-2")
    with first, second:
        yield first, second


def post_login(session: Session, username: str, password: str):
    session.get("/accounts/login/")
    data = {"username": username, "password": password, "csrfmiddlewaretoken": session.csrf_token}
    return session.post("/accounts/login/", data)


def test_it_locks_an_account_on_every_server_but_not_the_other_consultants(two_servers):
    first, second = two_servers
    attacker = Session(first.port)
    for _attempt in range(5):
        answer = post_login(attacker, "ada", "wrong")
        assert answer.status == 200
        assert "Too many failed logins" not in answer.body

    ada_on_the_other_server = post_login(Session(second.port), "ada", PASSWORD)
    grace_from_the_same_address = post_login(Session(second.port), "grace", PASSWORD)
    grace_on_the_first_server = post_login(Session(first.port), "grace", PASSWORD)

    assert ada_on_the_other_server.status == 200
    assert "Too many failed logins" in ada_on_the_other_server.body
    assert grace_from_the_same_address.status == 302
    assert grace_on_the_first_server.status == 302
