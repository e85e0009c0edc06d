"""Issue 25, item 3: deleting an account while its other sessions log calls.

The deletion wins: it answers its redirect, leaves no row of the consultant behind, and the
other sessions' writes are refused with the login page, never a 500.

PostgreSQL only: SQLite runs one writer at a time, so nothing races there (the session
clean-up is tested on both databases in tests/test_account_deletion.py).
"""

import importlib
import threading
import time

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import connection, transaction
from django.test import Client as Browser
from django.urls import reverse

from clients.models import Client, FlagCatalogue, Interaction
from tests.conftest import PASSWORD
from tests.factories import interaction_data, log

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgresql,
    pytest.mark.usefixtures("sync_orm_beside_playwright"),
]

WRITERS = 4


@pytest.fixture
def catalogue(db):
    """Return the default catalogue, put back first: each test here ends by emptying tables."""
    if not FlagCatalogue.objects.filter(is_default=True).exists():
        migration = importlib.import_module("clients.migrations.0002_default_catalogues")
        migration.create_catalogues(apps, None)
    return FlagCatalogue.objects.get(is_default=True)


@pytest.fixture
def ada(db):
    return get_user_model().objects.create_user("ada", password=PASSWORD)


def logged_in(user) -> Browser:
    browser = Browser(raise_request_exception=False)
    browser.force_login(user)
    return browser


def leftovers(user_pk: int) -> dict[str, int]:
    """Return the rows still pointing at the consultant, by table (only non-zero counts)."""
    counts = {
        "user": get_user_model().objects.filter(pk=user_pk).count(),
        "clients": Client.objects.filter(owner_id=user_pk).count(),
        "interactions": Interaction.objects.filter(client__owner_id=user_pk).count(),
        "sessions": sum(
            1
            for session in Session.objects.all()
            if session.get_decoded().get("_auth_user_id") == str(user_pk)
        ),
    }
    return {name: count for name, count in counts.items() if count}


def is_login_page(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("attempt", range(6))
def test_deleting_while_other_sessions_log_calls_wins_without_a_500(ada, catalogue, attempt):
    clients = [Client.objects.create(owner=ada, catalogue=catalogue, name=f"C{i}") for i in "ab"]
    for client in clients:
        log(client)
    writers = [logged_in(ada) for _ in range(WRITERS)]
    deleter = logged_in(ada)
    started = threading.Barrier(WRITERS + 1)
    answers: list[list] = [[] for _ in range(WRITERS)]

    def write(index: int) -> None:
        browser, client = writers[index], clients[index % len(clients)]
        url = reverse("interaction_new", args=[client.pk])
        try:
            started.wait()
            for _ in range(200):  # until refused; the deletion comes well before
                response = browser.post(url, interaction_data(notes=f"#{index}"))
                answers[index].append(response)
                if response.status_code != 302 or is_login_page(response):
                    break
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(i,)) for i in range(WRITERS)]
    for thread in threads:
        thread.start()
    started.wait()
    time.sleep(0.3)  # the writers are mid-flight
    deleted = deleter.post(reverse("account_delete"), {"password": PASSWORD})
    for thread in threads:
        thread.join()

    assert deleted.status_code == 302, deleted.content[:300]
    assert deleted["Location"] == reverse("login")
    for index, responses in enumerate(answers):
        *accepted, last = responses
        assert all(r.status_code == 302 and not is_login_page(r) for r in accepted)
        assert is_login_page(last), (index, last.status_code, last.content[:300])
    assert leftovers(ada.pk) == {}
    # Their next request too: the login page, whatever they ask for.
    assert is_login_page(writers[0].get(reverse("dashboard")))


def test_a_call_logged_meanwhile_is_deleted_with_the_account(ada, catalogue):
    """A write holding the client when the deletion starts: the deletion waits for it, then
    deletes what it wrote (instead of failing on it at commit)."""
    client = Client.objects.create(owner=ada, catalogue=catalogue, name="Acme")
    holding = threading.Event()

    def write():
        try:
            with transaction.atomic():
                log(client, notes="logged meanwhile")
                holding.set()
                time.sleep(1.0)
        finally:
            connection.close()

    thread = threading.Thread(target=write)
    thread.start()
    assert holding.wait(10)
    deleted = logged_in(ada).post(reverse("account_delete"), {"password": PASSWORD})
    thread.join()

    assert deleted.status_code == 302
    assert leftovers(ada.pk) == {}


def test_a_call_logged_while_the_deletion_holds_the_account_gets_the_login_page(ada, catalogue):
    client = Client.objects.create(owner=ada, catalogue=catalogue, name="Acme")
    other_session = logged_in(ada)
    answer = []

    def write():
        try:
            url = reverse("interaction_new", args=[client.pk])
            answer.append(other_session.post(url, interaction_data(notes="too late")))
        finally:
            connection.close()

    from accounts.actions import delete_account

    with transaction.atomic():
        delete_account(user=ada)
        thread = threading.Thread(target=write)
        thread.start()
        time.sleep(1.0)  # the write waits on the deleted client's lock

    thread.join()
    assert is_login_page(answer[0]), (answer[0].status_code, answer[0].content[:300])
    assert leftovers(ada.pk) == {}
