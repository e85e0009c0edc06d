"""The benchmark's own helpers (bench/): the in-process split, the verdicts, the names.

`make bench` itself takes minutes and a server; these check the parts that decide what it
reports, without either.
"""

import sys
import time
from pathlib import Path

import pytest
from django.template import engines

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import inprocess
from report import verdict
from scenarios import QUERY_LIMIT, shuffled


class Clock:
    """A perf_counter that moves only when a test says so."""

    now = 0.0

    def __call__(self) -> float:
        return self.now


def test_it_times_only_the_outermost_template_render(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(time, "perf_counter", clock)
    recorder = inprocess.Recorder()

    def render(template, depth):
        clock.now += 1
        if depth:
            included(template, depth - 1)  # an include inside the render being timed

    included = recorder.timed(render)
    recorder.timed(render)(None, 2)

    assert recorder.template == 3


@pytest.mark.django_db
def test_it_counts_sql_run_inside_a_template_as_sql_not_template(django_user_model):
    django_user_model.objects.create(username="someone")
    template = engines["django"].from_string("{% for user in users %}{{ user }}{% endfor %}")
    recorder = inprocess.Recorder()

    with recorder.recording():
        page = template.render({"users": django_user_model.objects.all()})  # a lazy queryset

    assert page == "someone"
    assert recorder.queries == 1
    assert 0 < recorder.sql_in_template == recorder.sql <= recorder.template


def test_it_puts_template_rendering_back_as_it_was():
    from django.template import base

    render = base.Template.render
    with inprocess.Recorder().recording():
        assert base.Template.render is not render
    assert base.Template.render is render


@pytest.mark.parametrize(
    ("ratio", "queries", "expected"),
    [
        (1.9, QUERY_LIMIT, "met"),
        (2.1, QUERY_LIMIT, "MISSED (ratio)"),
        (1.9, QUERY_LIMIT + 1, "MISSED (queries)"),
        (2.1, QUERY_LIMIT + 1, "MISSED (ratio, queries)"),
    ],
)
def test_it_misses_a_target_on_the_ratio_or_the_queries(ratio, queries, expected):
    result = {"ratio": ratio, "queries": queries, "error": None}
    assert verdict(result, 2) == expected


def test_it_gives_the_floor_no_verdict():
    assert verdict({"ratio": 1.0, "queries": 3, "error": None}, None) == ""


def test_it_misses_a_page_that_failed():
    assert verdict({"ratio": 0.5, "queries": 1, "error": "QueryCanceled"}, 2) == "MISSED (ratio)"


@pytest.mark.parametrize(
    ("filename", "expected"),
    [
        (
            "/x/.venv/lib/python3.12/site-packages/django/template/base.py",
            "django/template/base.py",
        ),
        (f"{inprocess.common.ROOT}/clients/views/client.py", "clients/views/client.py"),
        ("/usr/lib/python3.12/re/_parser.py", "re/_parser.py"),
    ],
)
def test_it_names_a_function_by_its_short_path(filename, expected):
    assert inprocess.function_name(filename, 12, "render") == f"{expected}:12(render)"


def test_it_names_a_built_in_as_python_does():
    name = "<built-in method builtins.isinstance>"
    assert inprocess.function_name("~", 0, name) == name


def test_it_shuffles_cold_paths_the_same_way_every_run():
    paths = [f"/?page={n}" for n in range(1, 401)]
    first, second = shuffled(list(paths)), shuffled(list(paths))
    assert first == second != paths
    assert sorted(first) == sorted(paths)
