"""GET /healthz tells a load balancer whether this server can serve pages, and nothing more."""

import os
import subprocess
import sys

import pytest

from fitcheck.settings import BASE_DIR as ROOT

CLOSED_PORT_REDIS = "redis://127.0.0.1:9/0"  # the discard port: nothing listens there


def test_it_answers_ok_to_anyone_without_a_session(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.text == "ok\n"
    assert response.cookies == {}
    assert "no-cache" in response["Cache-Control"]


def test_it_answers_ok_with_the_cache_in_redis(client, db, shared_cache):
    assert client.get("/healthz").status_code == 200


def test_it_answers_503_when_the_cache_does_not_answer(client, db, settings):
    unreachable = {"BACKEND": "django.core.cache.backends.redis.RedisCache"}
    settings.CACHES = {**settings.CACHES, "default": unreachable | {"LOCATION": CLOSED_PORT_REDIS}}

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.text == "cache unavailable\n"


def test_it_answers_503_when_the_database_does_not_answer():
    script = (
        "import django; django.setup(); from django.test import Client; "
        "r = Client().get('/healthz'); print(r.status_code, r.content.decode().strip())"
    )
    environment = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "fitcheck.settings",
        "DEBUG": "true",
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:9/nowhere",
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.stdout.strip() == "503 database unavailable", result.stderr


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_it_refuses_to_change_anything(client, db, method):
    assert getattr(client, method)("/healthz").status_code == 405
