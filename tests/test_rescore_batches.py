"""Re-scoring in batches (`rescore`, the data migrations that re-score) stores exactly what
one re-score of every client stores, and an interrupted one can simply be run again."""

import importlib
import os
import subprocess
import sys
from io import StringIO
from urllib.parse import quote

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command

from clients.models import Client, Flag, FlagCatalogue
from clients.score import batches
from clients.score.scores import DERIVED_FIELDS, SCORE_FIELDS, refresh_scores
from fitcheck.settings import BASE_DIR as ROOT

pytestmark = pytest.mark.django_db
STORED = ("pk", *SCORE_FIELDS, *DERIVED_FIELDS)


@pytest.fixture
def varied_clients(db):
    """Both demos (every status and band, reviews, checkpoints, open questions) and a few
    synthetic clients, then a weight changed behind their back: every score is stale."""
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", "--clients", "6", "--owner", "bench", stdout=StringIO())
    Flag.objects.filter(polarity="red").update(weight=5)


def stored() -> list[tuple]:
    return list(Client.objects.order_by("pk").values_list(*STORED))


def one_full_refresh() -> list[tuple]:
    """Return what one refresh_scores of every client stores, then make every row stale."""
    refresh_scores(Client.objects.all())
    expected = stored()
    Client.objects.update(
        score=50,
        score_low=0,
        score_high=100,
        score_trend=[],
        phase_reviewed=False,
        last_contact_at=None,
        last_discovery_at=None,
        last_decision_at=None,
        review_due_on=None,
        checkpoint_due_since=None,
        open_questions=0,
    )
    assert stored() != expected
    return expected


def test_the_command_stores_in_batches_what_one_full_refresh_stores(varied_clients):
    expected = one_full_refresh()
    out = StringIO()

    call_command("rescore", "--batch-size", "4", "--progress", stdout=out)

    assert stored() == expected
    total = len(expected)
    lines = out.getvalue().splitlines()
    assert lines[0] == f"4/{total}"
    assert lines[-2] == f"{total}/{total}"
    assert lines[-1].startswith(f"Re-scored {total} clients")


def test_the_migrations_rescore_as_one_full_refresh_with_their_progress(varied_clients, capsys):
    expected = one_full_refresh()
    batches.rescore_for_migration(Client.objects.all(), batch_size=5)
    assert stored() == expected
    assert f"Re-scored {len(expected)}/{len(expected)} clients" in capsys.readouterr().out

    one_full_refresh()
    importlib.import_module("clients.migrations.0013_checkpoints").rescore_every_client(None, None)
    assert stored() == expected


def test_an_interrupted_rescore_keeps_its_finished_batches_and_runs_again(varied_clients):
    expected = one_full_refresh()
    stale = stored()

    def interrupt(done, total):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        batches.rescore_in_batches(Client.objects.all(), batch_size=4, report=interrupt)

    assert stored()[:4] == expected[:4]
    assert stored()[4:] == stale[4:]
    assert batches.rescore_in_batches(Client.objects.all(), batch_size=4) == len(expected)
    assert stored() == expected


@pytest.mark.parametrize("size", ["0", "-3", "many"])
def test_it_refuses_a_batch_size_that_is_not_a_positive_number(db, size):
    with pytest.raises(CommandError, match="--batch-size"):
        call_command("rescore", "--batch-size", size, stdout=StringIO(), stderr=StringIO())


@pytest.mark.sqlite
def test_workers_need_postgresql(db):
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("rescore", "--workers", "2", stdout=StringIO())


@pytest.fixture
def committed(sync_orm_beside_playwright, transactional_db):
    """Rows the worker processes can see: committed, on a database whose catalogues are put
    back first (transactional tests run last and each ends by emptying the tables)."""
    if not FlagCatalogue.objects.exists():
        migration = importlib.import_module("clients.migrations.0002_default_catalogues")
        migration.create_catalogues(apps, None)


def rescore_as_typed(*arguments) -> subprocess.CompletedProcess:
    """Run `manage.py rescore` in a process of its own, as a consultant types it, on the test
    database: forking this one would copy the threads the browser tests leave (the live
    server, Playwright's loop) half-way through their locks, and the workers would hang."""
    database = settings.DATABASES["default"]
    url = (
        f"postgres://{quote(database['USER'])}:{quote(database['PASSWORD'])}"
        f"@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{quote(database['NAME'])}"
    )
    environment = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DEBUG": "true",
        "DATABASE_URL": url,
    }
    return subprocess.run(
        [sys.executable, "manage.py", "rescore", *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.postgresql
def test_workers_store_what_one_full_refresh_stores(committed, varied_clients):
    expected = one_full_refresh()

    result = rescore_as_typed("--workers", "2", "--batch-size", "4", "--progress")

    assert result.returncode == 0, result.stderr
    assert stored() == expected
    assert f"{len(expected)}/{len(expected)}" in result.stdout.splitlines()
