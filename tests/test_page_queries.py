"""Every page a consultant opens runs at most 8 queries, however much they have written.

Each GET page of the app (the URL map of tests/test_isolation.py, so a new page is checked
as soon as it exists) is asked for with a small account and again after much more history:
the count may not grow, and may not pass 8 (session and user are 2 of them).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clients.actions import record_decision
from clients.catalogues.actions import add_flag, copy_catalogue
from clients.models import Boundary
from tests.factories import add_phase, ago, log, review
from tests.test_isolation import OBJECT_URLS, PAGES, PATTERNS, POST_ONLY, url

MAX_QUERIES = 8
# A download of the whole account reads each of its tables once: 13 queries, whatever its size.
WHOLE_ACCOUNT = {"export_json"}
FLAGS = [("win-win", 3, "Their words"), ("vague-feedback", 2), ("communicates-clearly", 1)]
GET_PAGES = [
    name
    for _route, name in PATTERNS
    if (name in OBJECT_URLS and name not in POST_ONLY) or PAGES.get(name) == 200
]


def add_history(client, phase, *, times: int) -> None:
    """Add `times` rounds of an interaction with flags and questions, a phase and a review."""
    for n in range(times):
        log(client, occurred_at=ago(days=60 - n), flags=FLAGS, questions=f"Question {n}?")
        review(add_phase(client, name=f"Phase {n}", project=phase.project), flags=FLAGS[:2])
        record_decision(client=client, kind="need_info")


def queries(http, name, objects) -> int:
    target = url(name, objects)
    http.get(target)  # the session's first use, and anything else done once
    with CaptureQueriesContext(connection) as captured:
        response = http.get(target)
    assert response.status_code == 200, name
    return len(captured)


def grow(objects, consultant, make_client, *, times: int) -> None:
    """Add history to the objects' client, other clients and boundaries, `times` of each."""
    add_history(objects["client"], objects["phase"], times=times)
    for n in range(times):
        other = make_client(consultant, f"Other {n}")
        log(other, flags=FLAGS, questions="Budget?")
        Boundary.objects.create(owner=consultant, text=f"Boundary {n}")


@pytest.fixture
def objects(one_of_each, consultant, catalogue):
    """One object of each kind, and the consultant's own catalogue (My flags) with 40 flags."""
    own = copy_catalogue(user=consultant, source=catalogue, name="Mine")
    for n in range(40 - own.flags.count()):
        add_flag(
            catalogue=own, fields={"label": f"Mine {n}", "polarity": "red", "category": "rapport"}
        )
    return one_of_each | {"own_flag": own.flags.get(key="win-win")}


@pytest.mark.parametrize("name", GET_PAGES)
def test_every_page_runs_a_few_queries_whatever_the_history(
    logged_in, consultant, make_client, objects, name
):
    one_of_each = objects
    # Every kind of record exists from the start: a page may skip a query for a kind it lacks.
    grow(one_of_each, consultant, make_client, times=1)
    few = queries(logged_in, name, one_of_each)

    grow(one_of_each, consultant, make_client, times=5)
    many = queries(logged_in, name, one_of_each)

    assert many == few
    assert many <= MAX_QUERIES or name in WHOLE_ACCOUNT
