"""`make bench`: fitcheck's pages over HTTP at 10,000 clients, against Django's own floor.

Issue 7. On a scratch database (PostgreSQL `fitcheck_bench`, or SQLite with BENCH_DB=sqlite):

1. migrate, then time `seed_demo --clients 10000 --owner bench`; add a second consultant
   with 100 clients, and one client of `bench` with 100 interactions; time `rescore`;
2. start gunicorn (2 workers, DEBUG off, persistent connections, 127.0.0.1 only) and log in;
3. drive each page for a bounded time with 8 connections (wrk when installed, else a small
   threaded Python client), in rounds that alternate with the floor (a plain page of the same
   layout with 25 rows from one indexed query), and report requests/s, p50 and p99, and p50
   as a multiple of the floor's p50 measured in the same rounds;
4. print the table, write it as JSON to bench/results/<timestamp>.json, and stop the server
   by its PID, also when something fails.

Absolute times on a shared machine are noise; the ratio to the floor, measured on the same
server in the same run, is what the targets are about.

    .venv/bin/python bench/run.py [--duration 12] [--rounds 4] [--connections 8] [--clients 10000]
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

import common

OWNER = "bench"
OTHER_OWNER = "bench-other"
OTHER_CLIENTS = 100
HISTORY_INTERACTIONS = 100
OBSERVATIONS_PER_SOURCE = 5
# Logging spreads over this many clients, so no client's history grows much during the run.
LOG_CLIENTS = 400
LOG_OBSERVATIONS = 10
PREVIEW_FLAGS = 3
# A page slower than this on its own is reported, not driven: 8 connections on 2 workers
# would queue minutes of work behind it and spoil the pages measured after it.
SLOW_PROBE_SECONDS = 2.0
WRK_SCRIPT = common.ROOT / "bench" / "wrk.lua"
SEED_TARGET_SECONDS = 60
RESCORE_TARGET_SECONDS = 5


@dataclass
class Scenario:
    """One page to measure: how to ask for it and how far from the floor it may be."""

    name: str
    method: str
    paths: list[str]
    target: float | None  # the largest allowed p50 as a multiple of the floor's p50
    form: dict = field(default_factory=dict)
    headers: dict = field(default_factory=dict)
    expect: int = 200


@dataclass
class Fixture:
    """What the prepare step made and measured."""

    environment: dict
    seed_seconds: float
    rescore_seconds: float
    counts: dict
    history_pk: int
    typical_pk: int
    log_pks: list[int]
    flag_ids: list[int]


# Prepare ----------------------------------------------------------------------------------


def prepare(clients: int) -> Fixture:
    """Create and fill the scratch database; time seeding and re-scoring."""
    url = common.database_url("fitcheck_bench")
    print(f"Preparing {url} …")
    common.recreate_database(url)
    environment = common.configure_django(url)
    common.prepare_schema()
    seed_seconds = common.timed_command("seed_demo", clients=clients, owner=OWNER)
    common.timed_command("seed_demo", clients=OTHER_CLIENTS, owner=OTHER_OWNER, quiet=True)
    history_pk = add_history_client(OWNER)
    rescore_seconds = common.timed_command("rescore")
    common.analyze_database()

    from clients.models import Client, Flag, Interaction, Observation

    owned = Client.objects.filter(owner__username=OWNER).exclude(pk=history_pk).order_by("pk")
    typical = owned.first()
    return Fixture(
        environment=environment,
        seed_seconds=round(seed_seconds, 2),
        rescore_seconds=round(rescore_seconds, 2),
        counts={
            "clients": Client.objects.count(),
            "interactions": Interaction.objects.count(),
            "observations": Observation.objects.count(),
        },
        history_pk=history_pk,
        typical_pk=typical.pk,
        log_pks=list(owned.values_list("pk", flat=True)[:LOG_CLIENTS]),
        flag_ids=list(
            Flag.objects.filter(catalogue=typical.catalogue, active=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        ),
    )


def add_history_client(username: str) -> int:
    """Create a client with 100 interactions, three phases and two reviews; return its pk.

    Bulk inserts with 5 flags per interaction and review, then one re-score, as seed_demo.
    """
    from datetime import datetime, timedelta

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from clients.models import Client, Interaction, Observation, Phase, PhaseReview, Project
    from clients.scores import refresh_scores

    user = get_user_model().objects.get(username=username)
    catalogue = user.clients.first().catalogue
    flags = list(catalogue.flags.filter(active=True).order_by("pk"))
    now = timezone.now()
    client = Client.objects.create(
        owner=user, catalogue=catalogue, name="Bench History", organisation="Long history"
    )
    interactions = Interaction.objects.bulk_create(
        Interaction(
            client=client,
            occurred_at=now - timedelta(days=3 * (HISTORY_INTERACTIONS - index)),
            kind="discovery" if index == 0 else "meeting",
            gut=index % 5 - 2,
            notes=f"Meeting {index + 1} of a long history.",
            questions="Who signs?\nWhat is the budget?"
            if index == HISTORY_INTERACTIONS - 1
            else "",
        )
        for index in range(HISTORY_INTERACTIONS)
    )
    project = Project.objects.create(client=client, name="Main engagement")
    today = timezone.localdate()
    phases = Phase.objects.bulk_create(
        Phase(
            project=project,
            name=f"Phase {number}",
            starts_on=today - timedelta(days=270 - 80 * number),
            ends_on=today - timedelta(days=210 - 80 * number),
        )
        for number in range(3)
    )
    # The last phase stays without a review: the page shows "review due".
    reviews = PhaseReview.objects.bulk_create(
        PhaseReview(
            phase=phase,
            reviewed_at=timezone.make_aware(datetime.combine(phase.ends_on, datetime.min.time()))
            + timedelta(hours=17),
            would_work_again=True,
            communication=4,
            expectations=3,
            collaboration=4,
            boundaries=5,
            satisfaction=4,
        )
        for phase in phases[:2]
    )
    sources = [{"interaction": item} for item in interactions]
    sources += [{"review": item} for item in reviews]
    Observation.objects.bulk_create(
        Observation(
            flag=flags[(index * OBSERVATIONS_PER_SOURCE + offset) % len(flags)],
            strength=1 + (index + offset) % 3,
            **source,
        )
        for index, source in enumerate(sources)
        for offset in range(OBSERVATIONS_PER_SOURCE)
    )
    refresh_scores(Client.objects.filter(pk=client.pk))
    return client.pk


# Scenarios --------------------------------------------------------------------------------


def scenarios(fixture: Fixture) -> list[Scenario]:
    """Return the pages to measure, the floor first and the writes last."""
    from django.utils import timezone

    htmx = {"HX-Request": "true"}
    preview_form = {
        f"obs-strength-{pk}": 1 + n % 3 for n, pk in enumerate(fixture.flag_ids[:PREVIEW_FLAGS])
    }
    log_form = {
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "kind": "meeting",
        "notes": "Logged by the benchmark.",
        "gut": "1",
        "questions": "",
        **{
            f"obs-strength-{pk}": 1 + n % 3
            for n, pk in enumerate(fixture.flag_ids[:LOG_OBSERVATIONS])
        },
    }
    return [
        Scenario("floor", "GET", ["/bench/floor/"], None),
        Scenario("dashboard, by score", "GET", ["/"], 1.5),
        Scenario("dashboard, band + search", "GET", ["/?band=good&q=Blue"], 1.5),
        Scenario("dashboard, page 200", "GET", ["/?page=200"], 1.5),
        Scenario("client page, 100 interactions", "GET", [f"/clients/{fixture.history_pk}/"], 2),
        Scenario(
            "preview, 10 interactions",
            "POST",
            [f"/clients/{fixture.typical_pk}/preview/"],
            2,
            form=preview_form,
            headers=htmx,
        ),
        Scenario(
            "preview, 100 interactions",
            "POST",
            [f"/clients/{fixture.history_pk}/preview/"],
            2,
            form=preview_form,
            headers=htmx,
        ),
        Scenario(
            "log interaction, 10 flags",
            "POST",
            [f"/clients/{pk}/log/" for pk in fixture.log_pks],
            3,
            form=log_form,
            expect=302,
        ),
    ]


def probe(pages: list[Scenario]) -> dict[str, dict]:
    """Ask each page once in-process, as the bench user, before any load.

    Returns, per page: the SQL queries it ran, how long it took alone (ms), and the error
    when it failed. A page that answers wrongly stops the benchmark; one that takes more
    than SLOW_PROBE_SECONDS on its own is reported without being driven.
    """
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client as Browser
    from django.test.utils import CaptureQueriesContext

    browser = Browser(HTTP_HOST="127.0.0.1")
    browser.force_login(get_user_model().objects.get(username=OWNER))
    browser.get(pages[0].paths[0])  # load the templates and URL resolvers once
    found = {}
    for page in pages:
        started = time.perf_counter()
        error = None
        with CaptureQueriesContext(connection) as captured:
            try:
                response = browser.generic(
                    page.method,
                    page.paths[0],
                    urlencode(page.form),
                    content_type="application/x-www-form-urlencoded",
                    headers=page.headers,
                )
            except Exception as exception:  # a statement timeout, typically
                error = f"{type(exception).__name__}: {str(exception).strip()[:200]}"
            else:
                if response.status_code != page.expect:
                    raise RuntimeError(
                        f"{page.name}: HTTP {response.status_code}, not {page.expect}."
                    )
        seconds = time.perf_counter() - started
        found[page.name] = {
            "queries": len(captured),
            "alone_ms": round(seconds * 1000, 1),
            "error": error,
        }
        print(
            f"  {page.name}: {len(captured)} queries, {seconds * 1000:.0f} ms alone"
            + (f", {error}" if error else "")
        )
    return found


# Load -------------------------------------------------------------------------------------


def use_wrk() -> bool:
    """Return True when wrk is installed and BENCH_LOAD does not ask for the Python client."""
    return bool(shutil.which("wrk")) and os.environ.get("BENCH_LOAD", "wrk") != "python"


def drive(page: Scenario, session: common.Session, seconds: float, connections: int) -> dict:
    """Send the page's requests for `seconds` over `connections`; return the figures."""
    if use_wrk():
        return drive_with_wrk(page, session, seconds, connections)
    return drive_with_threads(page, session, seconds, connections)


def drive_with_wrk(page: Scenario, session: common.Session, seconds: float, connections: int):
    """Run wrk with bench/wrk.lua; return requests, rps, p50_ms, p99_ms, statuses."""
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
        "BENCH_BODY": urlencode(page.form) if page.method == "POST" else "",
        "BENCH_HEADERS": "\n".join(f"{k}: {v}" for k, v in headers.items()),
    }
    command = [
        "wrk",
        f"--threads={min(2, connections)}",
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
    }


def drive_with_threads(page: Scenario, session: common.Session, seconds: float, connections: int):
    """The same as wrk, with one Python thread per connection (when wrk is missing)."""
    tally = common.Tally()
    deadline = time.monotonic() + seconds

    def connection_loop(offset: int) -> None:
        browser = session.copy()
        turn = offset * 7919
        while time.monotonic() < deadline:
            turn += 1
            path = page.paths[turn % len(page.paths)]
            if page.method == "POST":
                tally.add(browser.post(path, page.form, headers=page.headers))
            else:
                tally.add(browser.get(path, headers=page.headers))

    started = time.monotonic()
    threads = [threading.Thread(target=connection_loop, args=(n,)) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + common.REQUEST_TIMEOUT + 5)
    elapsed = time.monotonic() - started
    return {"seconds": elapsed, **tally.summary(elapsed)}


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


def measure(pages, probes, session, args) -> list[dict]:
    """Measure every page against the floor; return one result per page, the floor first.

    The machine may be shared, and its load changes from one minute to the next, so each
    page alternates with the floor: `args.rounds` rounds of (floor, page), each a slice of
    `args.duration`. A page's ratio is the median of its rounds' p50 ÷ the floor's p50 of
    the same round. A page that failed or was too slow when probed alone is not driven.
    """
    floor, seconds = pages[0], args.duration / args.rounds
    results, floor_rounds = [], []
    for page in pages[1:]:
        alone = probes[page.name]
        if alone["error"] or alone["alone_ms"] > SLOW_PROBE_SECONDS * 1000:
            print(f"  {page.name}: not driven ({alone['error'] or 'too slow alone'}).")
            results.append({"name": page.name, "driven": False, "ratio": None, **alone})
            continue
        for warming in (floor, page):
            drive(warming, session, args.warmup, args.connections)
            settle(session, floor)
        rounds, ratios = [], []
        for _ in range(args.rounds):
            floor_round = drive(floor, session, seconds, args.connections)
            settle(session, floor)
            rounds.append(drive(page, session, seconds, args.connections))
            settle(session, floor)
            floor_rounds.append(floor_round)
            ratios.append(rounds[-1]["p50_ms"] / floor_round["p50_ms"])
        results.append(combine(page, rounds, alone, statistics.median(ratios)))
        print(
            f"  {page.name}: {results[-1]['rps']} req/s, p50 {results[-1]['p50_ms']} ms, "
            f"{results[-1]['ratio']}× the floor"
            + (
                f", {results[-1]['unexpected']} unexpected answers"
                if results[-1]["unexpected"]
                else ""
            )
        )
    return [combine(floor, floor_rounds, probes[floor.name], 1.0), *results]


def combine(page: Scenario, rounds: list[dict], alone: dict, ratio: float) -> dict:
    """Return a page's figures over its rounds: medians of p50 and p99, total requests."""
    statuses = {}
    for figures in rounds:
        for status, count in figures["statuses"].items():
            statuses[status] = statuses.get(status, 0) + count
    requests = sum(figures["requests"] for figures in rounds)
    return {
        "name": page.name,
        "driven": True,
        "requests": requests,
        "rps": round(requests / sum(figures["seconds"] for figures in rounds), 1),
        "p50_ms": round(statistics.median(figures["p50_ms"] for figures in rounds), 2),
        "p99_ms": round(statistics.median(figures["p99_ms"] for figures in rounds), 2),
        "ratio": round(ratio, 2),
        "rounds": rounds,
        "statuses": statuses,
        "unexpected": sum(n for status, n in statuses.items() if int(status) != page.expect),
        **alone,
    }


# Report -----------------------------------------------------------------------------------


def report(pages, results, fixture, machine, args) -> dict:
    """Print the table and return the whole run as a JSON-ready dict."""
    floor = results[0]
    rows = []
    for page, result in zip(pages, results, strict=True):
        if result["driven"]:
            figures = [f"{result['rps']:.0f}", f"{result['p50_ms']:.1f}", f"{result['p99_ms']:.1f}"]
            ratio = f"{result['ratio']:.2f}×"
        else:
            # Not driven: compare the time it took alone with the floor's time alone.
            result["ratio"] = round(result["alone_ms"] / floor["alone_ms"], 1)
            alone = "> 20 000 (timeout)" if result["error"] else f"{result['alone_ms']:.0f} alone"
            figures = ["—", alone, "—"]
            ratio = f"{result['ratio']:.0f}× alone" if not result["error"] else "—"
        result["target"] = page.target
        result["met"] = None if page.target is None else result["ratio"] <= page.target
        if result["error"]:
            result["met"] = False
        rows.append(
            [
                page.name,
                *figures,
                ratio,
                "—" if page.target is None else f"≤ {page.target}×",
                result["queries"],
                {None: "", True: "met", False: "MISSED"}[result["met"]],
            ]
        )
    header = ["page", "req/s", "p50 ms", "p99 ms", "p50 ÷ floor", "target", "queries", ""]
    print()
    print(common.markdown_table(header, rows))
    timings = [
        [f"seed_demo --clients {args.clients}", fixture.seed_seconds, SEED_TARGET_SECONDS],
        [
            f"rescore ({fixture.counts['clients']} clients)",
            fixture.rescore_seconds,
            RESCORE_TARGET_SECONDS,
        ],
    ]
    print()
    print(
        common.markdown_table(
            ["command", "seconds", "target", ""],
            [
                [name, f"{s:.1f}", f"≤ {t} s", "met" if s <= t else "MISSED"]
                for name, s, t in timings
            ],
        )
    )
    generator = "wrk" if use_wrk() else "Python client"
    print(
        f"\n{machine['cores']} cores, load {machine['load_average']}, {machine['database']}; "
        f"{fixture.counts['clients']} clients, {fixture.counts['interactions']} interactions, "
        f"{fixture.counts['observations']} observations; {generator}, {args.connections} "
        f"connections, {args.duration:.0f} s a page in {args.rounds} rounds with the floor."
    )
    return {
        "machine": machine,
        "settings": {**vars(args), "load_generator": generator, "gunicorn_workers": 2},
        "data": fixture.counts,
        "seed_seconds": fixture.seed_seconds,
        "rescore_seconds": fixture.rescore_seconds,
        "pages": results,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=float, default=12, help="Seconds per page.")
    parser.add_argument("--rounds", type=int, default=4, help="Floor/page rounds per page.")
    parser.add_argument("--warmup", type=float, default=2, help="Seconds of warm-up per page.")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--clients", type=int, default=10000, help="Clients of the consultant.")
    args = parser.parse_args()

    fixture = prepare(args.clients)
    pages = scenarios(fixture)
    print("Probing each page alone …")
    probes = probe(pages)
    machine = common.machine_description()
    common.close_connections()
    with common.Server(fixture.environment, workers=2, name="bench") as server:
        session = common.Session(server.port)
        from clients.demo_data import PASSWORD

        session.login(OWNER, PASSWORD)
        print(
            f"Driving {len(pages)} pages, {args.duration:.0f} s each, "
            f"{args.connections} connections …"
        )
        results = measure(pages, probes, session, args)
    summary = report(pages, results, fixture, machine, args)
    path = common.RESULTS / f"{common.timestamp()}.json"
    path.write_text(json.dumps(summary, indent=2) + "\n")
    print(f"Written to {path.relative_to(common.ROOT)}.")
    wrong = [r["name"] for r in results if r.get("unexpected")]
    if wrong:
        print(f"Unexpected answers (see bench/results/bench-gunicorn.log.tmp): {wrong}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
