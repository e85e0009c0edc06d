"""The strict environment parsers of fitcheck/settings.py, and refusing to start unsafely."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from fitcheck.settings import (
    BASE_DIR,
    cache_backend,
    env_bool,
    env_int,
    env_list,
    parse_database_url,
)


@pytest.mark.parametrize(
    ("raw", "expected"), [("true", True), ("On", True), ("0", False), ("", True)]
)
def test_it_reads_a_boolean(monkeypatch, raw, expected):
    monkeypatch.setenv("DEBUG", raw)
    assert env_bool("DEBUG", True) is expected


def test_it_names_a_bad_boolean(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match=r"DEBUG.*maybe"):
        env_bool("DEBUG", False)


def test_it_reads_a_whole_number(monkeypatch):
    monkeypatch.setenv("SECURE_HSTS_SECONDS", "60")
    assert env_int("SECURE_HSTS_SECONDS", 0) == 60


@pytest.mark.parametrize("raw", ["sixty", "-1"])
def test_it_names_a_bad_whole_number(monkeypatch, raw):
    monkeypatch.setenv("SECURE_HSTS_SECONDS", raw)
    with pytest.raises(ImproperlyConfigured, match="SECURE_HSTS_SECONDS"):
        env_int("SECURE_HSTS_SECONDS", 0)


def test_it_reads_a_list_without_blanks(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", " fit.example , ,www.fit.example")
    assert env_list("ALLOWED_HOSTS", []) == ["fit.example", "www.fit.example"]
    monkeypatch.delenv("ALLOWED_HOSTS")
    assert env_list("ALLOWED_HOSTS", ["localhost"]) == ["localhost"]


def test_it_refuses_to_start_in_production_without_a_secret_key():
    env = {key: value for key, value in os.environ.items() if key != "SECRET_KEY"}
    result = subprocess.run(
        [sys.executable, "-c", "import fitcheck.settings"],
        env={**env, "DEBUG": "false"},
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_it_parses_a_postgres_url(monkeypatch):
    monkeypatch.delenv("DATABASE_CONN_MAX_AGE", raising=False)
    database = parse_database_url("postgres://fit%40check:p%40ss%2Fw%3Ard@db.example:6432/fit")

    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["USER"], database["PASSWORD"]) == ("fit@check", "p@ss/w:rd")
    assert (database["HOST"], database["PORT"], database["NAME"]) == ("db.example", "6432", "fit")
    assert database["CONN_MAX_AGE"] == 600


def test_it_refuses_a_postgres_url_without_a_database():
    with pytest.raises(ImproperlyConfigured, match="name a database"):
        parse_database_url("postgres://db.example:5432/")


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("sqlite:///scratch.sqlite3", BASE_DIR / "scratch.sqlite3"),
        ("sqlite:////tmp/fit.sqlite3", Path("/tmp/fit.sqlite3")),
    ],
)
def test_it_parses_a_sqlite_url(url, name):
    assert parse_database_url(url) == {"ENGINE": "django.db.backends.sqlite3", "NAME": name}


def test_it_refuses_an_unknown_database_scheme():
    with pytest.raises(ImproperlyConfigured, match="mysql"):
        parse_database_url("mysql://root@localhost/fit")


def test_it_keeps_the_default_cache_in_memory_without_a_cache_url():
    assert cache_backend("")["BACKEND"].endswith("LocMemCache")


def test_it_puts_the_default_cache_in_redis_with_a_cache_url():
    backend = cache_backend("redis://127.0.0.1:6379/0")

    assert backend["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert backend["LOCATION"] == "redis://127.0.0.1:6379/0"


def test_it_names_a_cache_url_it_cannot_use():
    with pytest.raises(ImproperlyConfigured, match=r"CACHE_URL.*memcached"):
        cache_backend("memcached://127.0.0.1:11211")
