"""Drive one scenario over HTTP for a while: with wrk and bench/wrk.lua, else Python threads.

Both take the scenario's paths in turn, from `scenario.cursor`, and leave the cursor where
they stopped: every path is asked for once before any is asked for twice, and the next
round of a cold page goes on with paths not asked for yet. wrk runs one thread for that
(one thread drives the 8 connections with room to spare), so one counter walks the list.
"""

import itertools
import json
import os
import shutil
import subprocess
import threading
import time

import common
from scenarios import Scenario

WRK_SCRIPT = common.ROOT / "bench" / "wrk.lua"


def use_wrk() -> bool:
    """Return True when wrk is installed and BENCH_LOAD does not ask for the Python client."""
    return bool(shutil.which("wrk")) and os.environ.get("BENCH_LOAD", "wrk") != "python"


def drive(page: Scenario, session: common.Session, seconds: float, connections: int) -> dict:
    """Send the page's requests for `seconds` over `connections`; return the figures.

    Figures: requests, seconds, rps, p50_ms, p99_ms, statuses. Moves `page.cursor` on.
    """
    run = drive_with_wrk if use_wrk() else drive_with_threads
    figures = run(page, session, seconds, connections)
    page.cursor = figures.pop("next") % len(page.paths)
    return figures


def drive_with_wrk(page: Scenario, session: common.Session, seconds: float, connections: int):
    """Run wrk with bench/wrk.lua; return its figures and where its walk stopped."""
    headers = {
        "Cookie": "; ".join(f"{k}={v}" for k, v in session.cookies.items()),
        **page.headers,
    }
    if page.method == "POST":
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["X-CSRFToken"] = session.csrf_token
    environment = {
        **os.environ,
        "BENCH_METHOD": page.method,
        "BENCH_PATHS": " ".join(page.paths),
        "BENCH_START": str(page.cursor),
        "BENCH_BODY": page.body,
        "BENCH_HEADERS": "\n".join(f"{k}: {v}" for k, v in headers.items()),
    }
    command = [
        "wrk",
        "--threads=1",
        f"--connections={connections}",
        f"--duration={max(1, round(seconds))}s",
        "--timeout=30s",
        f"--script={WRK_SCRIPT}",
        f"http://127.0.0.1:{session.port}{page.paths[0]}",
    ]
    output = subprocess.run(
        command, env=environment, capture_output=True, text=True, check=True, timeout=seconds + 60
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH-JSON "))
    raw = json.loads(line.removeprefix("BENCH-JSON "))
    statuses = raw["statuses"]
    if raw["failed"]:
        statuses["0"] = raw["failed"]
    duration = raw["duration_us"] / 1e6
    return {
        "requests": raw["requests"],
        "seconds": duration,
        "rps": round(raw["requests"] / duration, 1),
        "p50_ms": round(raw["p50_us"] / 1000, 2),
        "p99_ms": round(raw["p99_us"] / 1000, 2),
        "statuses": statuses,
        "next": raw["next"],
    }


def drive_with_threads(page: Scenario, session: common.Session, seconds: float, connections: int):
    """The same as wrk, with one Python thread per connection (when wrk is missing)."""
    tally = common.Tally()
    deadline = time.monotonic() + seconds
    walk = itertools.count(page.cursor)  # shared by the threads: next() is atomic

    def connection_loop() -> None:
        browser = session.copy()
        while time.monotonic() < deadline:
            path = page.paths[next(walk) % len(page.paths)]
            if page.method == "POST":
                tally.add(browser.post(path, page.form, headers=page.headers))
            else:
                tally.add(browser.get(path, headers=page.headers))

    started = time.monotonic()
    threads = [threading.Thread(target=connection_loop) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + common.REQUEST_TIMEOUT + 5)
    elapsed = time.monotonic() - started
    return {"seconds": elapsed, **tally.summary(elapsed), "next": next(walk)}


def settle(session: common.Session, floor: Scenario, timeout: float = 600) -> None:
    """Wait until the server has answered what the last drive left queued.

    When the load generator stops, the requests it had in flight still wait in gunicorn's
    accept queue, and a sync worker serves them anyway: they would slow the next page down.
    The queue is first in, first out, so once a new request is answered, they are done.
    """
    browser = common.Session(session.port, timeout=timeout)
    browser.cookies = dict(session.cookies)
    for _ in range(2):  # one for each worker
        browser.get(floor.paths[0])
