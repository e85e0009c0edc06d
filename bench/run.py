"""`make bench`: fitcheck's pages over HTTP at 10,000 clients, against Django's own floor.

Issues 7 and 16. On a scratch database (PostgreSQL `fitcheck_bench` unless --database-name
says otherwise, or SQLite with BENCH_DB=sqlite):

1. migrate, then time `seed_demo --clients 10000 --owner bench`; add a second consultant
   with 100 clients, and one client of `bench` with 100 interactions; time `rescore`
   (bench/fixture.py);
2. in this process, split each page's time into SQL, template and Python, and profile it
   (bench/inprocess.py);
3. start gunicorn (2 workers, DEBUG off, persistent connections, 127.0.0.1 only) and log in;
4. drive each page for a bounded time with 8 connections (wrk when installed, else a small
   threaded Python client; bench/load.py), in rounds that alternate with the floor (a plain
   page of the same layout with 25 rows from one indexed query), and report requests/s,
   p50 and p99, and p50 as a multiple of the floor's p50 measured in the same rounds. Warm
   pages ask the same path again and again; cold ones walk all their paths, each once
   before any repeats (bench/scenarios.py); then read the workers' memory;
5. print the tables, write them as JSON to bench/results/<timestamp>.json, and stop the
   server by its PID, also when something fails (bench/report.py).

Absolute times on a shared machine are noise; the ratio to the floor, measured on the same
server in the same run, is what the targets are about.

    .venv/bin/python bench/run.py [--duration 12] [--rounds 4] [--connections 8]
        [--clients 10000] [--database-name fitcheck_bench] [--compare bench/results/X.json]
"""

import argparse
import json
import statistics
import sys
from pathlib import Path

import common
import inprocess
from fixture import FIXTURES, OWNER, prepare
from load import drive, settle
from report import report
from scenarios import Scenario, scenarios


def measure(pages: list[Scenario], alone: dict, session, args) -> list[dict]:
    """Measure every page against the floor; return one result per page, the floor first.

    The machine may be shared, and its load changes from one minute to the next, so each
    page alternates with the floor: `args.rounds` rounds of (floor, page), each a slice of
    `args.duration`. A page's ratio is the median of its rounds' p50 ÷ the floor's p50 of
    the same round. A page that failed or was too slow when asked alone is not driven.
    """
    floor, seconds = pages[0], args.duration / args.rounds
    results, floor_rounds = [], []
    for page in pages[1:]:
        figures = alone[page.name]
        if figures["error"] or figures["alone_ms"] > inprocess.SLOW_SECONDS * 1000:
            print(f"  {page.name}: not driven ({figures['error'] or 'too slow alone'}).")
            results.append({"name": page.name, "kind": page.kind, "driven": False, **figures})
            continue
        drive(floor, session, args.warmup, args.connections)
        settle(session, floor)
        warmup = drive(page, session, args.warmup, args.connections)
        settle(session, floor)
        rounds, ratios = [], []
        for _ in range(args.rounds):
            floor_round = drive(floor, session, seconds, args.connections)
            settle(session, floor)
            rounds.append(drive(page, session, seconds, args.connections))
            settle(session, floor)
            floor_rounds.append(floor_round)
            ratios.append(rounds[-1]["p50_ms"] / floor_round["p50_ms"])
        result = combine(page, rounds, figures, statistics.median(ratios))
        walked = ""
        if page.kind == "cold":
            # How many times its list was walked: a path is asked again only after a walk.
            asked = warmup["requests"] + result["requests"]
            result["walks"] = round(asked / len(page.paths), 1)
            walked = f"; its {len(page.paths)} paths walked {result['walks']} times"
        results.append(result)
        print(
            f"  {page.name}: {result['rps']} req/s, p50 {result['p50_ms']} ms, "
            f"{result['ratio']}× the floor{walked}"
            + (f", {result['unexpected']} unexpected answers" if result["unexpected"] else "")
        )
    return [combine(floor, floor_rounds, alone[floor.name], 1.0), *results]


def combine(page: Scenario, rounds: list[dict], alone: dict, ratio: float) -> dict:
    """Return a page's figures over its rounds: medians of p50 and p99, total requests."""
    statuses = {}
    for figures in rounds:
        for status, count in figures["statuses"].items():
            statuses[status] = statuses.get(status, 0) + count
    requests = sum(figures["requests"] for figures in rounds)
    return {
        "name": page.name,
        "kind": page.kind,
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=float, default=12, help="Seconds per page.")
    parser.add_argument("--rounds", type=int, default=4, help="Floor/page rounds per page.")
    parser.add_argument("--warmup", type=float, default=2, help="Seconds of warm-up per page.")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--clients", type=int, default=10000, help="Clients of the consultant.")
    parser.add_argument(
        "--fixture",
        choices=FIXTURES,
        default="single",
        help="single: one consultant with --clients clients; crowd: 1,000 consultants × 50.",
    )
    parser.add_argument(
        "--database-name", default="fitcheck_bench", help="The scratch database (dropped first)."
    )
    parser.add_argument(
        "--compare", type=Path, help="A previous results JSON: its ratios as a 'before' column."
    )
    args = parser.parse_args()
    before = read_ratios(args.compare) if args.compare else None

    fixture = prepare(args.clients, args.database_name, args.fixture)
    pages = scenarios(fixture)
    print("In-process, as the bench consultant (median ms of one request) …")
    alone = inprocess.split(pages, OWNER)
    machine = common.machine_description()
    common.close_connections()
    with common.Server(fixture.environment, workers=2, name="bench") as server:
        session = common.Session(server.port)
        from clients.data.demo import PASSWORD

        session.login(OWNER, PASSWORD)
        print(
            f"Driving {len(pages)} pages, {args.duration:.0f} s each, "
            f"{args.connections} connections …"
        )
        results = measure(pages, alone, session, args)
        memory = server.worker_memory_mb()
    summary = report(pages, results, fixture, machine, memory, before, args)
    path = common.RESULTS / f"{common.timestamp()}.json"
    path.write_text(json.dumps(summary, indent=2) + "\n")
    print(f"Written to {path.relative_to(common.ROOT)}.")
    wrong = [r["name"] for r in results if r.get("unexpected")]
    if wrong:
        print(f"Unexpected answers (see bench/results/bench-gunicorn.log.tmp): {wrong}")
        return 1
    return 0


def read_ratios(path: Path) -> dict[str, float | None]:
    """Return each page's ratio to the floor in a previous run's JSON, by page name."""
    return {page["name"]: page.get("ratio") for page in json.loads(path.read_text())["pages"]}


if __name__ == "__main__":
    sys.exit(main())
