"""My flags at scale: a consultant with 2,000 clients on their own catalogue of 40 flags.

The page stays within the query budget of every page; the re-score after a weight change
is timed and printed (`pytest -s tests/test_my_flags_scale.py`), never asserted: timings
depend on the machine.
"""

import time
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clients.actions import catalogue_for
from clients.catalogues.actions import add_flag, copy_catalogue, edit_flag, move_clients
from tests.test_page_queries import MAX_QUERIES

CLIENTS = 2000


@pytest.fixture
def busy(db):
    call_command("seed_demo", "--clients", str(CLIENTS), "--owner", "busy", stdout=StringIO())
    user = get_user_model().objects.get(username="busy")
    own = copy_catalogue(user=user, source=catalogue_for(user), name="Busy flags")
    for n in range(40 - own.flags.count()):
        add_flag(
            catalogue=own, fields={"label": f"Mine {n}", "polarity": "red", "category": "rapport"}
        )
    started = time.perf_counter()
    summary = move_clients(user=user, catalogue=own, dry_run=False)
    print(f"\nMove of {summary.clients} clients: {time.perf_counter() - started:.2f} s")
    return user, own


def test_a_weight_change_rescores_2000_clients(busy, client):
    user, own = busy
    flag = own.flags.get(key="communicates-clearly")
    fields = {"label": flag.label, "description": "", "weight": 5, "probing_question": ""}
    started = time.perf_counter()
    changed = edit_flag(flag=flag, expected_version=flag.version, fields=fields | {"opposite": ""})
    elapsed = time.perf_counter() - started
    print(f"Weight change, {CLIENTS} clients re-scored ({changed} changed): {elapsed:.2f} s")
    assert changed > 0

    client.force_login(user)
    client.get(reverse("my_flags"))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("my_flags"))
    assert response.status_code == 200
    assert len(captured) <= MAX_QUERIES
    assert response.text.count('class="flag-') == 40
