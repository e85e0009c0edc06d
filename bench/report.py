"""What `make bench` prints, and the JSON it writes: the load table, the in-process split,
the top functions under cProfile, seeding and re-scoring, and the workers' memory."""

import os

import common
import inprocess
from fixture import SEARCH_TERM, Fixture
from load import use_wrk
from scenarios import QUERY_LIMIT, Scenario

SEED_TARGET_SECONDS = {"single": 60, "crowd": 300}
RESCORE_TARGET_SECONDS = {"single": 5, "crowd": 30}


def verdict(result: dict, target: float | None) -> str:
    """Return "met", or "MISSED" with what was missed (ratio, queries); "" for the floor."""
    if target is None:
        return ""
    missed = []
    if result["error"] or result["ratio"] > target:
        missed.append("ratio")
    if result["queries"] > QUERY_LIMIT:
        missed.append("queries")
    return f"MISSED ({', '.join(missed)})" if missed else "met"


def load_rows(pages: list[Scenario], results: list[dict], before: dict | None) -> list[list]:
    """Return the load table's rows; set each result's ratio (when not driven), target, met."""
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
        result["verdict"] = verdict(result, page.target)
        result["met"] = None if page.target is None else result["verdict"] == "met"
        earlier = []
        if before is not None:
            was = before.get(page.name)
            earlier = [f"{was:.2f}×" if was is not None else "—"]
        rows.append(
            [
                page.name,
                page.kind or "—",
                *figures,
                ratio,
                *earlier,
                "—" if page.target is None else f"≤ {page.target}×",
                result["queries"],
                result["verdict"],
            ]
        )
    return rows


def split_rows(results: list[dict]) -> list[list]:
    """Return the in-process table's rows: queries and median ms of each part."""
    rows = []
    for result in results:
        split = result.get("split_ms")
        parts = [f"{split[part]:.1f}" for part in inprocess.PARTS] if split else ["—"] * 4
        rows.append([result["name"], result["queries"], *parts])
    return rows


def print_profiles(results: list[dict]) -> None:
    """Print each page's top functions by own time under cProfile."""
    print(
        f"\nTop functions by own time under cProfile (ms per request, {inprocess.REQUESTS} each):"
    )
    for result in results:
        if result.get("profile"):
            print(f"  {result['name']}")
            for entry in result["profile"]:
                print(f"    {entry['own_ms']:6.2f}  ×{entry['calls']:<5}  {entry['function']}")


def report(pages, results, fixture: Fixture, machine, memory, before, args) -> dict:
    """Print the tables and return the whole run as a JSON-ready dict."""
    machine["load_average_after"] = [round(value, 2) for value in os.getloadavg()]
    header = ["page", "round", "req/s", "p50 ms", "p99 ms", "p50 ÷ floor"]
    header += ["before"] if before is not None else []
    header += ["target", "queries", ""]
    print()
    print(common.markdown_table(header, load_rows(pages, results, before)))
    print()
    print(
        common.markdown_table(
            ["page, in-process", "queries", "total ms", "SQL ms", "template ms", "Python ms"],
            split_rows(results),
        )
    )
    print_profiles(results)
    timings = [
        [fixture.seeded, fixture.seed_seconds, SEED_TARGET_SECONDS[args.fixture]],
        [
            f"rescore ({fixture.counts['clients']} clients)",
            fixture.rescore_seconds,
            RESCORE_TARGET_SECONDS[args.fixture],
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
        "\nMemory of each gunicorn worker after the load (RSS): "
        + (", ".join(f"{size:.0f} MB" for size in memory) or "not readable here")
        + f".\n{machine['cores']} cores, load average {machine['load_average']} before the "
        f"load and {machine['load_average_after']} after it, {machine['database']}; "
        f"{fixture.counts['clients']} clients, {fixture.counts['interactions']} interactions, "
        f"{fixture.counts['observations']} observations; the search for "
        f"{SEARCH_TERM!r} finds {fixture.search_hits} clients; {generator}, "
        f"{args.connections} connections, {args.duration:.0f} s a page in {args.rounds} "
        f"rounds with the floor."
    )
    return {
        "machine": machine,
        "settings": {
            **vars(args),
            "compare": str(args.compare) if args.compare else None,
            "load_generator": generator,
            "gunicorn_workers": 2,
            "in_process_requests": inprocess.REQUESTS,
        },
        "data": {
            **fixture.counts,
            "dashboard_pages": fixture.dashboard_pages,
            "search_term": SEARCH_TERM,
            "search_hits": fixture.search_hits,
            "page_clients": len(fixture.page_client_pks),
        },
        "seed_seconds": fixture.seed_seconds,
        "rescore_seconds": fixture.rescore_seconds,
        "worker_memory_mb": memory,
        "pages": results,
    }
