"""Run the whole suite on what this machine allows, and say clearly what was skipped.

SQLite always; PostgreSQL when DATABASE_URL names one or a local server accepts the user
`postgres` without a password; browser tests when Chromium is at /usr/bin/chromium; the
shared-cache tests when Redis answers at TEST_REDIS_URL (redis://127.0.0.1:6379/5); the
Nu HTML Checker (in the browser tests) when Java is installed.
With CI=true nothing may be skipped: a missing PostgreSQL, Chromium or Redis is a failure.
Extra arguments go to pytest (e.g. `make test ARGS="-k dashboard"` or `-x`).
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

LOCAL_POSTGRES = "postgres://postgres@127.0.0.1:5432/fitcheck"
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/5")
CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parent.parent


def postgres_url() -> str | None:
    """Return the PostgreSQL URL to test against, or None when there is none."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return url
    try:
        import psycopg

        with psycopg.connect(
            "host=127.0.0.1 port=5432 user=postgres dbname=postgres", connect_timeout=3
        ):
            return LOCAL_POSTGRES
    except Exception:
        return None


def redis_answers() -> bool:
    """Return True when the Redis of the shared-cache tests answers."""
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping())
    except Exception:
        return False


def main() -> int:
    ci = os.environ.get("CI", "").lower() in ("1", "true", "yes")
    skipped = []
    pytest_args = sys.argv[1:]

    has_browser = Path(CHROMIUM).exists() and shutil.which(CHROMIUM)
    if not has_browser:
        skipped.append(f"browser tests (no Chromium at {CHROMIUM}; apt-get install -y chromium)")
        pytest_args = ["-m", "not browser", *pytest_args]

    if has_browser and not shutil.which("java"):
        # The browser tests run; the Nu HTML Checker in them skips itself (fails with CI=true).
        skipped.append("HTML validation (no Java; apt-get install -y default-jre-headless)")

    if not redis_answers():
        # The tests that need it skip themselves (and fail with CI=true).
        skipped.append(
            f"Redis tests (nothing answers at {REDIS_URL}; apt-get install -y redis-server)"
        )

    databases = [("SQLite", {"DATABASE_URL": "sqlite:///db.test.sqlite3"})]
    pg = postgres_url()
    if pg:
        databases.append(("PostgreSQL", {"DATABASE_URL": pg}))
    else:
        skipped.append("PostgreSQL (set DATABASE_URL, or run a local server on 127.0.0.1:5432)")

    if ci and skipped:
        print("CI=true, but these cannot run here: " + "; ".join(skipped), file=sys.stderr)
        return 1

    failed = []
    for name, env in databases:
        print(f"\n=== fitcheck tests on {name} ===", flush=True)
        result = subprocess.run(
            [sys.executable, "-m", "pytest", *pytest_args],
            cwd=ROOT,
            env={**os.environ, **env},
            check=False,
        )
        if result.returncode != 0:
            failed.append(name)

    print()
    # Not a skip: SQLite runs one writer at a time, so there is no race to test there.
    print("By design, races between concurrent writers (marker postgresql) run on PostgreSQL only,")
    print("and what fitcheck refuses on SQLite (marker sqlite) on SQLite only.")
    if skipped:
        print("SKIPPED: " + "; ".join(skipped))
    if failed:
        print("FAILED on: " + ", ".join(failed))
        return 1
    print("All tests passed on: " + ", ".join(name for name, _ in databases))
    return 0


if __name__ == "__main__":
    sys.exit(main())
