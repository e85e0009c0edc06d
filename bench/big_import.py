"""Time and weigh the largest restore each size cap admits, and the export of that account.

    .venv/bin/python bench/big_import.py                  # both caps, SQLite and PostgreSQL
    .venv/bin/python bench/big_import.py --db sqlite --cap web

For each database and cap it writes the worst valid file the cap admits: as many rows as
the bytes allow, which means observations (the smallest entry that is a row of its own and
that the score reads), packed 50 to an interaction and 1,000 to a client, in compact JSON,
up to the cap's last byte. Long notes cost less: a megabyte of note is one string, one row.

Then, each in a fresh process so the peak resident size (ru_maxrss) is that step's own:
- the restore through the upload view (cap: MAX_UPLOAD) or the import_data command
  (cap: MAX_FILE);
- the JSON export of the same account through the download view, read as a browser would;
and prints seconds and peak MB for each, and the export's first byte.

The PostgreSQL database is BIGFILE_POSTGRES_URL (default
postgres://postgres@127.0.0.1:5432/fitcheck_bigfile), dropped and created for each run.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_URL = os.environ.get(
    "BIGFILE_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/fitcheck_bigfile"
)
USERNAME = "bigfile"
OBSERVATIONS_PER_INTERACTION = 50
INTERACTIONS_PER_CLIENT = 20


def _environment(database_url: str) -> dict:
    # Production-like: DEBUG off, so no query log grows in memory.
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": "bench-big-import",
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "DJANGO_SETTINGS_MODULE": "fitcheck.settings",
    }


def _child(step: str, database_url: str, *args: str) -> dict:
    """Run one step in a fresh interpreter; return what it printed as JSON."""
    result = subprocess.run(
        [sys.executable, __file__, "--child", step, *args],
        env=_environment(database_url),
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        sys.exit(f"{step} failed:\n{result.stdout}\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def _fresh_database(kind: str, workdir: Path) -> str:
    if kind == "sqlite":
        path = workdir / "bigfile.sqlite3"
        path.unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    else:
        import psycopg

        url = POSTGRES_URL
        name = url.rsplit("/", 1)[1]
        with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            server.execute(f'CREATE DATABASE "{name}"')
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"],
        env=_environment(url),
        cwd=ROOT,
        check=True,
    )
    return url


def worst_document(flag_keys: list[str], catalogue: str, cap: int) -> bytes:
    """Return the largest compact export under `cap` bytes that holds the most observations."""
    key = min(flag_keys, key=len)
    observation = json.dumps({"flag": key, "strength": 2}, separators=(",", ":"))
    observations = ",".join([observation] * OBSERVATIONS_PER_INTERACTION)
    head = json.dumps(
        {
            "format": "fitcheck-export",
            "version": 3,
            "consultant": {"reflection_hours": 24},
            "catalogues": [],
            "boundaries": [],
        },
        separators=(",", ":"),
    )[:-1].encode()
    parts = [head, b',"clients":[']
    size = sum(map(len, parts)) + 2  # the closing ]}
    client_number = 0
    while True:
        interactions = []
        for n in range(INTERACTIONS_PER_CLIENT):
            day = 1 + (client_number * INTERACTIONS_PER_CLIENT + n) % 28
            interactions.append(
                f'{{"occurred_at":"2025-03-{day:02d}T09:30:00+00:00","kind":"call","gut":1,'
                f'"observations":[{observations}]}}'
            )
        client = (
            f'{{"name":"Client {client_number}","status":"active","breed":"","archived":false,'
            f'"catalogue":{json.dumps(catalogue)},"interactions":[{",".join(interactions)}],'
            f'"projects":[],"decisions":[]}}'
        ).encode()
        separator = b"," if client_number else b""
        if size + len(separator) + len(client) > cap:
            break
        parts += [separator, client]
        size += len(separator) + len(client)
        client_number += 1
    # Fill the rest with a note on the first observation, so the file is the cap exactly.
    document = b"".join(parts) + b"]}"
    room = cap - len(document) - len(',"note":""')
    marker = observation.encode()
    filled = marker[:-1] + b',"note":"' + b"x" * room + b'"}'
    return document.replace(marker, filled, 1)


# Steps run in a fresh process -----------------------------------------------------------


def _setup_django():
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _cpu_seconds() -> float:
    """Return this process's CPU time: less sensitive than the clock to a busy machine."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _cap(name: str) -> int:
    """Return the size cap of the upload view or of the import_data command, in bytes."""
    if name == "web":
        from clients.exchange.views import MAX_UPLOAD

        return MAX_UPLOAD
    from clients.management.commands.import_data import MAX_FILE

    return MAX_FILE


def step_prepare(cap: str, path: str) -> dict:
    _setup_django()
    from django.contrib.auth import get_user_model

    from clients.models import FlagCatalogue

    get_user_model().objects.create_user(USERNAME, password="bench-big-import")
    catalogue = FlagCatalogue.objects.get(is_default=True)
    keys = list(catalogue.flags.values_list("key", flat=True))
    raw = worst_document(keys, catalogue.name, _cap(cap))
    Path(path).write_bytes(raw)
    document = json.loads(raw)
    observations = sum(
        len(i["observations"]) for c in document["clients"] for i in c["interactions"]
    )
    return {"bytes": len(raw), "clients": len(document["clients"]), "observations": observations}


def step_import_web(path: str) -> dict:
    _setup_django()
    from django.contrib.auth import get_user_model
    from django.test import Client as Browser

    browser = Browser()
    browser.force_login(get_user_model().objects.get(username=USERNAME))
    start_mb = _peak_mb()
    with open(path, "rb") as file:
        started, cpu = time.perf_counter(), _cpu_seconds()
        response = browser.post("/import/", {"file": file})
        seconds, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
    if response.status_code != 302:
        raise SystemExit(f"the upload was refused: {response.status_code}")
    return {
        "seconds": round(seconds, 2),
        "cpu_s": round(cpu, 2),
        "peak_mb": _peak_mb(),
        "start_mb": start_mb,
    }


def step_import_command(path: str) -> dict:
    _setup_django()
    import io

    from django.core.management import call_command

    start_mb = _peak_mb()
    started, cpu = time.perf_counter(), _cpu_seconds()
    call_command("import_data", USERNAME, path, stdout=io.StringIO())
    seconds, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
    return {
        "seconds": round(seconds, 2),
        "cpu_s": round(cpu, 2),
        "peak_mb": _peak_mb(),
        "start_mb": start_mb,
    }


def step_export(_path: str) -> dict:
    _setup_django()
    from django.contrib.auth import get_user_model
    from django.test import Client as Browser

    browser = Browser()
    browser.force_login(get_user_model().objects.get(username=USERNAME))
    start_mb = _peak_mb()
    started, cpu = time.perf_counter(), _cpu_seconds()
    response = browser.get("/export/fitcheck.json")
    size, first_byte = 0, None
    if response.streaming:
        for chunk in response.streaming_content:
            if first_byte is None:
                first_byte = time.perf_counter() - started
            size += len(chunk)
    else:
        size = len(response.content)
        first_byte = time.perf_counter() - started
    seconds, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
    return {
        "seconds": round(seconds, 2),
        "cpu_s": round(cpu, 2),
        "first_byte_s": round(first_byte, 2),
        "peak_mb": _peak_mb(),
        "start_mb": start_mb,
        "mb": round(size / 1024 / 1024, 1),
        "streaming": response.streaming,
    }


STEPS = {
    "prepare": step_prepare,
    "import-web": step_import_web,
    "import-command": step_import_command,
    "export": step_export,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--cap", choices=["web", "command", "both"], default="both")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        step, *args = options.child
        print(json.dumps(STEPS[step](*args)))
        return
    databases = ["sqlite", "postgres"] if options.db == "both" else [options.db]
    caps = ["web", "command"] if options.cap == "both" else [options.cap]
    with tempfile.TemporaryDirectory(prefix="bigfile-") as workdir:
        for kind in databases:
            for cap in caps:
                url = _fresh_database(kind, Path(workdir))
                path = str(Path(workdir) / f"{cap}.json")
                shape = _child("prepare", url, cap, path)
                restore = _child(f"import-{cap}", url, path)
                export = _child("export", url, path)
                print(
                    f"{kind:8} {cap:7} {shape['bytes'] / 1024 / 1024:5.1f} MB file, "
                    f"{shape['clients']} clients, {shape['observations']} observations\n"
                    f"    import {restore['seconds']:6.2f} s ({restore['cpu_s']} s CPU)  "
                    f"peak {restore['peak_mb']:6.1f} MB "
                    f"(from {restore['start_mb']} MB)\n"
                    f"    export {export['seconds']:6.2f} s ({export['cpu_s']} s CPU)  "
                    f"peak {export['peak_mb']:6.1f} MB "
                    f"(from {export['start_mb']} MB), first byte {export['first_byte_s']} s, "
                    f"{export['mb']} MB, streaming: {export['streaming']}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
