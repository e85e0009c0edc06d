"""What the benchmark (bench/run.py) and the soak test (bench/soak.py) share.

- a scratch database, dropped and created again for each run (PostgreSQL by default,
  SQLite with BENCH_DB=sqlite);
- Django configured in this process with the server's own settings, for the prepare steps
  and the checks that read the database afterwards;
- a gunicorn server on 127.0.0.1 and a free port, always stopped by its PID;
- a browser-like HTTP session (cookies, CSRF token) that logs in with a password;
- latency tallies and percentiles.

Nothing here is imported by the app, and nothing here changes the app's settings files: the
server gets its configuration from environment variables, like any deployment.
"""

import http.client
import io
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# The PostgreSQL server to create the scratch databases on (any database name: it is replaced).
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
# How long one HTTP request may take before it counts as an error.
REQUEST_TIMEOUT = 30.0
# PostgreSQL cancels any statement running longer (the server answers 500): it keeps a
# pathological query from holding the run, and the server's CPU, for minutes.
STATEMENT_TIMEOUT_MS = 20_000


# Database ---------------------------------------------------------------------------------


def database_url(name: str) -> str:
    """Return the DATABASE_URL of the scratch database `name` (BENCH_DB picks the engine)."""
    engine = os.environ.get("BENCH_DB", "postgres").lower()
    if engine == "sqlite":
        return f"sqlite:///{Path('/tmp') / f'{name}.sqlite3'}"
    if engine not in ("postgres", "postgresql"):
        raise SystemExit(f"BENCH_DB must be postgres or sqlite, not {engine!r}.")
    parts = urlsplit(POSTGRES_URL)
    return urlunsplit(parts._replace(path=f"/{name}"))


def recreate_database(url: str) -> None:
    """Drop the scratch database of `url` if it exists, and create it empty."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if parts.scheme == "sqlite":
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"/{name}{suffix}").unlink(missing_ok=True)
        return
    import psycopg
    from psycopg import sql

    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def server_environment(url: str) -> dict[str, str]:
    """Return the production-like settings of a local benchmark server, as variables."""
    return {
        "DJANGO_SETTINGS_MODULE": "fitcheck.settings",
        "DATABASE_URL": url,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        # Plain HTTP on the loopback: no redirect to HTTPS, cookies without the Secure flag.
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "FITCHECK_BENCH_FLOOR": "true",
        # Read by libpq at every connection, the server's and this process's.
        "PGOPTIONS": f"-c statement_timeout={STATEMENT_TIMEOUT_MS}",
    }


def configure_django(url: str) -> dict[str, str]:
    """Set up Django in this process with the server's settings; return those variables.

    Call it once, before anything imports the app.
    """
    environment = server_environment(url)
    os.environ.update(environment)
    import django

    django.setup()
    return environment


def prepare_schema() -> None:
    """Create the tables and collect the static files (the manifest storage needs them)."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)


def analyze_database() -> None:
    """Refresh the planner's statistics after the bulk load, as autovacuum would in time.

    Without them PostgreSQL plans the first queries on a freshly loaded database with
    guesses (this machine even runs with autovacuum off), and the figures measure that.
    """
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def timed_command(name: str, *args, quiet: bool = False, **options) -> float:
    """Run a management command; return the seconds it took. `quiet` drops its output."""
    from django.core.management import call_command

    if quiet:
        options["stdout"] = io.StringIO()
    started = time.perf_counter()
    call_command(name, *args, **options)
    return time.perf_counter() - started


def close_connections() -> None:
    """Close this process's database connections (before the server takes over)."""
    from django.db import connections

    connections.close_all()


def machine_description() -> dict:
    """Return what the figures depend on: cores, load, versions."""
    import platform

    import django
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
        else:
            cursor.execute("SELECT sqlite_version()")
        database_version = cursor.fetchone()[0]
    return {
        "cores": os.cpu_count(),
        "load_average": [round(value, 2) for value in os.getloadavg()],
        "platform": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "database": f"{connection.vendor} {database_version}",
    }


def timestamp() -> str:
    """Return the local time as a file-name-safe stamp."""
    return datetime.now().strftime("%Y%m%d-%H%M%S")


# Server -----------------------------------------------------------------------------------


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """fitcheck under gunicorn on 127.0.0.1, started and stopped by this process.

    Use it as a context manager: the server is stopped by its PID on the way out, also when
    the benchmark fails or is interrupted.
    """

    def __init__(self, environment: dict[str, str], *, workers: int = 2, name: str = "server"):
        self.environment = environment
        self.workers = workers
        self.port = free_port()
        self.log_path = RESULTS / f"{name}-gunicorn.log.tmp"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Server":
        self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def start(self, timeout: float = 60.0) -> None:
        """Start gunicorn and wait until it serves the login page."""
        command = [
            str(Path(sys.executable).parent / "gunicorn"),
            "fitcheck.wsgi",
            f"--bind=127.0.0.1:{self.port}",
            f"--workers={self.workers}",
            "--no-control-socket",
        ]
        with self.log_path.open("w") as log:
            self.process = subprocess.Popen(
                command,
                cwd=ROOT,
                env={**os.environ, **self.environment},
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited at start-up:\n{self.log_tail()}")
            try:
                if Session(self.port, timeout=2).get("/accounts/login/").status == 200:
                    print(f"gunicorn (PID {self.process.pid}) serves http://127.0.0.1:{self.port}/")
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within {timeout:.0f} s:\n{self.log_tail()}")

    def stop(self, timeout: float = 15.0) -> None:
        """Stop gunicorn by its PID: TERM, then KILL if it has not exited in time."""
        if self.process is None or self.process.poll() is not None:
            return
        os.kill(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait()
        print(f"gunicorn (PID {self.process.pid}) stopped.")

    def worker_memory_mb(self) -> list[float]:
        """Return the resident memory (RSS, MB) of each worker: the children of gunicorn.

        Read from /proc (Linux); an empty list elsewhere.
        """
        sizes = []
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                fields = dict(line.split(":", 1) for line in status.read_text().splitlines())
            except OSError:  # the process ended meanwhile
                continue
            if int(fields["PPid"]) == self.process.pid:
                sizes.append(round(int(fields["VmRSS"].split()[0]) / 1024, 1))  # in kB
        return sorted(sizes)

    def log_tail(self, lines: int = 30) -> str:
        """Return the end of the server's log."""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


# HTTP session -----------------------------------------------------------------------------


@dataclass
class Response:
    status: int  # 0 when the request failed before an answer (timeout, reset)
    body: str
    seconds: float
    location: str = ""


class Session:
    """One browser: its own connection, its cookies, and the CSRF token Django gave it.

    Not thread-safe: give each thread its own (`copy()` shares the login).
    """

    def __init__(self, port: int, *, timeout: float = REQUEST_TIMEOUT):
        self.port = port
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)

    def copy(self) -> "Session":
        """Return another connection with the same cookies (the same logged-in session)."""
        other = Session(self.port, timeout=self.timeout)
        other.cookies = dict(self.cookies)
        return other

    @property
    def csrf_token(self) -> str:
        return self.cookies.get("csrftoken", "")

    def get(self, path: str, headers: dict | None = None) -> Response:
        return self.request("GET", path, headers=headers)

    def post(self, path: str, data: dict | list, headers: dict | None = None) -> Response:
        return self.request("POST", path, data=data, headers=headers)

    def request(self, method: str, path: str, *, data=None, headers=None) -> Response:
        """Send one request; a failure without an answer returns status 0."""
        sent = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if data is not None:
            body = urlencode(data)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            sent["X-CSRFToken"] = self.csrf_token
        sent.update(headers or {})
        started = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=sent)
            answer = self.connection.getresponse()
            payload = answer.read().decode("utf-8", errors="replace")
        except (OSError, http.client.HTTPException) as error:
            self.connection.close()
            return Response(0, repr(error), time.perf_counter() - started)
        seconds = time.perf_counter() - started
        self._keep_cookies(answer.headers.get_all("Set-Cookie") or [])
        return Response(answer.status, payload, seconds, answer.headers.get("Location", ""))

    def _keep_cookies(self, headers: list[str]) -> None:
        for header in headers:
            for name, morsel in SimpleCookie(header).items():
                if morsel.value == "" or morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    def login(self, username: str, password: str) -> None:
        """Log in through the login form, as a browser does; raise if it is refused."""
        self.get("/accounts/login/")
        answer = self.post(
            "/accounts/login/",
            {"username": username, "password": password, "csrfmiddlewaretoken": self.csrf_token},
        )
        if answer.status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"Login as {username} failed: HTTP {answer.status}.")


class FormReader(HTMLParser):
    """Read the values a browser would submit from the first form of a page's <main>."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, str] = {}
        self._in_main = False
        self._forms = 0
        self._select: str | None = None
        self._options = 0
        self._textarea: str | None = None

    @classmethod
    def read(cls, html: str) -> dict[str, str]:
        reader = cls()
        reader.feed(html)
        return reader.values

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "main":
            self._in_main = True
        elif tag == "form" and self._in_main:
            self._forms += 1
        if self._forms != 1:
            return
        name = attributes.get("name")
        if tag == "input" and name and attributes.get("type") not in ("submit", "button"):
            if attributes.get("type") in ("radio", "checkbox") and "checked" not in attributes:
                return
            self.values[name] = attributes.get("value") or ""
        elif tag == "select" and name:
            self._select = name
            self._options = 0
        elif tag == "option" and self._select:
            # A browser submits the selected option, else the first one.
            self._options += 1
            if "selected" in attributes or self._options == 1:
                self.values[self._select] = attributes.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = ""

    def handle_endtag(self, tag):
        if tag == "form" and self._forms == 1:
            self._forms += 1  # the first form is over: ignore the rest of the page
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self._forms == 1:
            self.values[self._textarea] += data


# Figures ----------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    """Return the nearest-rank percentile (`share` from 0 to 100) of `values`, or 0."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, round(share / 100 * len(ordered) + 0.5))
    return ordered[min(rank, len(ordered)) - 1]


@dataclass
class Tally:
    """Latencies and statuses of many requests, from many threads."""

    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, response: Response) -> None:
        with self.lock:
            self.latencies.append(response.seconds)
            self.statuses[response.status] += 1

    def summary(self, seconds: float) -> dict:
        """Return requests, requests/s, p50 and p99 in milliseconds, statuses."""
        return {
            "requests": len(self.latencies),
            "rps": round(len(self.latencies) / seconds, 1) if seconds else 0.0,
            "p50_ms": round(percentile(self.latencies, 50) * 1000, 2),
            "p99_ms": round(percentile(self.latencies, 99) * 1000, 2),
            "statuses": {str(status): count for status, count in sorted(self.statuses.items())},
        }


def failed_statuses(statuses: dict[str, int]) -> int:
    """Return how many answers were server errors (5xx) or no answer at all (0)."""
    return sum(
        count for status, count in statuses.items() if int(status) == 0 or int(status) >= 500
    )


def markdown_table(header: list[str], rows: list[list]) -> str:
    """Return rows as a Markdown table (readable in a terminal too)."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)
