"""The strict environment parsers of fitcheck/settings.py, and refusing to start unsafely."""

import os
import shutil
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
    read_env_file,
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


# The local .env that `make run` writes --------------------------------------------------


def test_it_reads_a_dotenv_file(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text(
        "# written by make run\n"
        "\n"
        "DEBUG=true\n"
        "export TIME_ZONE = 'Europe/London'\n"
        'SECRET_KEY="a # is kept inside quotes"\n'
        "ALLOWED_HOSTS=fit.example  # a comment after a value\n"
        "EMPTY=\n"
    )
    assert read_env_file(env_file) == {
        "DEBUG": "true",
        "TIME_ZONE": "Europe/London",
        "SECRET_KEY": "a # is kept inside quotes",
        "ALLOWED_HOSTS": "fit.example",
        "EMPTY": "",
    }


@pytest.mark.parametrize("line", ["DEBUG true", "=true", "NOT A NAME=1"])
def test_it_names_the_line_of_a_dotenv_file_it_cannot_read(tmp_path, line):
    env_file = tmp_path / ".env"
    env_file.write_text(f"# fine\n{line}\n")
    with pytest.raises(ImproperlyConfigured, match=r"\.env line 2 must be KEY=VALUE"):
        read_env_file(env_file)


def fresh_checkout(tmp_path) -> Path:
    """Return a copy of what a clone holds to run manage.py (no .env, key or database)."""
    checkout = tmp_path / "fitcheck"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("fitcheck", "accounts", "clients", "templates", "static", "locale"):
        shutil.copytree(BASE_DIR / name, checkout / name, ignore=ignore)
    for name in ("manage.py", "Makefile"):
        shutil.copy(BASE_DIR / name, checkout / name)
    return checkout


def manage(checkout, *args, **env):
    """Run manage.py in `checkout` as typed in a shell that sets none of our variables."""
    unset = ("DEBUG", "SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    clean = {key: value for key, value in os.environ.items() if key not in unset}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=checkout,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_readme_commands_work_after_make_writes_the_dotenv_and_production_still_refuses(
    tmp_path,
):
    checkout = fresh_checkout(tmp_path)
    refused = manage(checkout, "check")
    assert refused.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in refused.stderr

    subprocess.run(["make", "--silent", ".env"], cwd=checkout, check=True)
    assert "DEBUG=true" in (checkout / ".env").read_text().splitlines()
    for command in (["migrate", "--no-input"], ["seed_demo"], ["calibration", "demo"]):
        result = manage(checkout, *command)
        assert result.returncode == 0, (command, result.stderr)
    assert "Calibration of demo" in result.stdout
    assert (checkout / "db.sqlite3").exists()  # the default database, in the checkout

    # The environment wins over .env: production settings keep refusing a missing secret.
    still_refused = manage(checkout, "check", DEBUG="false")
    assert still_refused.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in still_refused.stderr
