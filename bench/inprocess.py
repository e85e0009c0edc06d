"""Where each page's time goes, measured in this process before the server starts.

With Django's test client, logged in as the bench consultant, each scenario's paths are
asked in turn as in its rounds: one warm-up request, then REQUESTS timed ones, then
REQUESTS more under cProfile (a separate pass: the profiler slows Python down several
times, the database not at all). Each timed request is split into:

- SQL: time inside the database cursor's execute (`connection.execute_wrapper`);
- template: time inside the outermost template render (Django's `Template.render`, also
  for a fragment rendered from Python), minus the SQL that ran inside it (lazy querysets);
- Python: the rest (middleware, view, forms, and the test client's own small share).

Each figure is the median over the requests, so they need not add up to the median total.
"""

import cProfile
import functools
import itertools
import pstats
import statistics
import time
from contextlib import contextmanager

import common
from scenarios import Scenario

REQUESTS = 20
TOP_FUNCTIONS = 6
# A page slower than this on its own is reported, not driven: 8 connections on 2 workers
# would queue minutes of work behind it and spoil the pages measured after it.
SLOW_SECONDS = 2.0
PARTS = ("total", "sql", "template", "python")


class Recorder:
    """Queries, and seconds spent in SQL and in template rendering, since `reset()`."""

    def __init__(self):
        self.reset()

    def reset(self) -> None:
        self.queries = 0
        self.sql = self.template = self.sql_in_template = 0.0
        self.rendering = False

    def execute(self, execute, sql, params, many, context):
        """Time one query: a `connection.execute_wrapper`."""
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            seconds = time.perf_counter() - started
            self.queries += 1
            self.sql += seconds
            if self.rendering:
                self.sql_in_template += seconds

    def timed(self, render):
        """Return `render` (a template's render method), timed when it is the outermost."""

        @functools.wraps(render)
        def timed_render(template, context):
            if self.rendering:  # an include or a partial inside the render being timed
                return render(template, context)
            self.rendering = True
            started = time.perf_counter()
            try:
                return render(template, context)
            finally:
                self.template += time.perf_counter() - started
                self.rendering = False

        return timed_render

    @contextmanager
    def recording(self):
        """Record queries, SQL and template time while the block runs."""
        from django.db import connection
        from django.template import base

        classes = (base.Template, base.PartialTemplate)
        originals = [cls.render for cls in classes]
        for cls, render in zip(classes, originals, strict=True):
            cls.render = self.timed(render)
        try:
            with connection.execute_wrapper(self.execute):
                yield self
        finally:
            for cls, render in zip(classes, originals, strict=True):
                cls.render = render


def split(pages: list[Scenario], username: str) -> dict[str, dict]:
    """Measure each page in-process; return its figures by name.

    Figures: queries (the most one request ran), alone_ms (the median total, or the
    warm-up's time when that failed or was slower than SLOW_SECONDS), error, and for the
    pages measured: split_ms (median total, sql, template, python) and profile.
    """
    from django.contrib.auth import get_user_model
    from django.test import Client as Browser

    browser = Browser(HTTP_HOST="127.0.0.1")
    browser.force_login(get_user_model().objects.get(username=username))
    found = {}
    for page in pages:
        found[page.name] = figures = measure(browser, page)
        if "split_ms" not in figures:
            why = figures["error"] or f"slower than {SLOW_SECONDS:.0f} s: not measured further"
            print(f"  {page.name}: {figures['alone_ms']:.0f} ms alone, {why}")
        else:
            parts = ", ".join(f"{part} {figures['split_ms'][part]:.1f}" for part in PARTS)
            print(f"  {page.name}: {figures['queries']} queries; ms: {parts}")
    return found


def measure(browser, page: Scenario) -> dict:
    """Return one page's in-process figures (see `split`)."""
    recorder = Recorder()
    paths = itertools.cycle(page.paths)  # in turn, as its rounds ask for them
    samples = []
    with recorder.recording():
        started = time.perf_counter()
        error = ask(browser, page, next(paths))
        seconds = time.perf_counter() - started
        if error or seconds > SLOW_SECONDS:
            return {"queries": recorder.queries, "alone_ms": milliseconds(seconds), "error": error}
        for _ in range(REQUESTS):
            recorder.reset()
            started = time.perf_counter()
            ask(browser, page, next(paths))
            total = time.perf_counter() - started
            template = recorder.template - recorder.sql_in_template
            samples.append(
                {
                    "queries": recorder.queries,
                    "total": total,
                    "sql": recorder.sql,
                    "template": template,
                    "python": total - recorder.sql - template,
                }
            )
    profiler = cProfile.Profile()
    for _ in range(REQUESTS):
        path = next(paths)
        profiler.enable()
        ask(browser, page, path)
        profiler.disable()
    split_ms = {
        part: milliseconds(statistics.median(sample[part] for sample in samples)) for part in PARTS
    }
    return {
        "queries": max(sample["queries"] for sample in samples),
        "alone_ms": split_ms["total"],
        "error": None,
        "split_ms": split_ms,
        "profile": top_functions(profiler, REQUESTS),
    }


def ask(browser, page: Scenario, path: str) -> str | None:
    """Send one request of the page; return the error it raised, if any.

    An answer with another status than the page expects stops the benchmark.
    """
    try:
        response = browser.generic(
            page.method,
            path,
            page.body,
            content_type="application/x-www-form-urlencoded",
            headers=page.headers,
        )
    except Exception as exception:  # a statement timeout, typically
        return f"{type(exception).__name__}: {str(exception).strip()[:200]}"
    if response.status_code != page.expect:
        raise RuntimeError(
            f"{page.name}: HTTP {response.status_code} for {path}, not {page.expect}."
        )
    return None


def top_functions(profiler: cProfile.Profile, requests: int) -> list[dict]:
    """Return the TOP_FUNCTIONS functions with the most own time, per request."""
    # Each entry: (file, line, function) -> (primitive calls, calls, own s, cumulative s, …).
    entries = pstats.Stats(profiler).stats.items()
    ranked = sorted(entries, key=lambda entry: entry[1][2], reverse=True)[:TOP_FUNCTIONS]
    return [
        {
            "function": function_name(*key),
            "own_ms": milliseconds(own / requests),
            "calls": round(calls / requests),
        }
        for key, (_primitive, calls, own, _cumulative, _callers) in ranked
    ]


def function_name(filename: str, line: int, name: str) -> str:
    """Return `path:line(function)`, the path from the project or the installed packages."""
    if filename == "~":  # a built-in; its name says what it is: <method 'join' of 'str' …>
        return name
    for root in ("site-packages/", f"{common.ROOT}/"):
        if root in filename:
            filename = filename.split(root, 1)[1]
            break
    else:
        filename = "/".join(filename.split("/")[-2:])  # the standard library: "re/_parser.py"
    return f"{filename}:{line}({name})"


def milliseconds(seconds: float) -> float:
    return round(seconds * 1000, 2)
