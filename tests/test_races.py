"""Issue 17, finding 3: a write guarded by a unique constraint, raced, answers a message or 409.

Each test makes another connection write the same unique value in a transaction that
commits only while the request waits on it: the request's own checks saw nothing, so the
database refuses its insert. That is the double submit of a form, made deterministic.

PostgreSQL only: SQLite lets one writer at a time hold the whole database, so a second
writer never reaches the unique check while the first is still uncommitted.
"""

import importlib
import json
import threading
import time
from contextlib import contextmanager

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client as Browser
from django.urls import reverse

from clients.actions import ObservationInput, log_interaction
from clients.catalogues.actions import copy_catalogue, edit_flag, move_clients
from clients.exchange.catalogue_io import export_catalogue
from clients.models import (
    Client,
    ConsultantProfile,
    Flag,
    FlagCatalogue,
    Observation,
    Phase,
    PhaseReview,
)
from tests.conftest import PASSWORD
from tests.factories import (
    add_phase,
    ago,
    fresh_fit,
    interaction_data,
    review_data,
    stored_fit,
)

# SQLite runs one writer at a time: no two writers race to a unique check there, so these
# run on PostgreSQL only (tests/conftest.py leaves them out of a SQLite run).
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgresql,
    pytest.mark.usefixtures("sync_orm_beside_playwright"),
]

MESSAGE = "Someone saved the same name, key or default catalogue at the same moment"
# How long the other transaction holds its row after the request started.
HOLD_SECONDS = 1.0


@contextmanager
def committed_meanwhile(write):
    """Run `write` in another connection's transaction, committed HOLD_SECONDS from now."""
    written = threading.Event()
    failure = []

    def run():
        try:
            with transaction.atomic():
                write()
                written.set()
                time.sleep(HOLD_SECONDS)
        except Exception as error:  # reported in the test's own thread below
            failure.append(error)
            written.set()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    assert written.wait(10)
    try:
        yield
    finally:
        thread.join()
    assert not failure, failure


def logged_in(user) -> Browser:
    browser = Browser()
    browser.force_login(user)
    return browser


@pytest.fixture
def owner(db):
    return get_user_model().objects.create_user("ada", password=PASSWORD)


@pytest.fixture
def catalogue(db):
    """Return the default catalogue, put back first: each test here ends by emptying tables."""
    if not FlagCatalogue.objects.filter(is_default=True).exists():
        migration = importlib.import_module("clients.migrations.0002_default_catalogues")
        migration.create_catalogues(apps, None)
    return FlagCatalogue.objects.get(is_default=True)


@pytest.fixture
def staff(db):
    user = get_user_model().objects.create_user(
        "admin", password=PASSWORD, is_staff=True, is_superuser=True
    )
    return logged_in(user)


def ratings(**values) -> dict:
    return dict.fromkeys(PhaseReview.RATING_FIELDS, 4) | {"would_work_again": True} | values


def test_a_first_review_submitted_twice_answers_409_not_500(owner, catalogue):
    acme = Client.objects.create(owner=owner, catalogue=catalogue, name="Acme")
    phase = add_phase(acme)
    browser = logged_in(owner)

    with committed_meanwhile(lambda: PhaseReview.objects.create(phase=phase, **ratings())):
        response = browser.post(
            reverse("phase_review", args=[phase.pk]), review_data(notes="the second")
        )

    assert response.status_code == 409
    assert "Someone changed this after you opened it" in response.text
    assert PhaseReview.objects.get(phase=phase).notes == ""


def test_ten_first_reviews_at_once_save_one_and_answer_409_to_the_others(owner, catalogue):
    acme = Client.objects.create(owner=owner, catalogue=catalogue, name="Acme")
    phase = add_phase(acme)
    url = reverse("phase_review", args=[phase.pk])
    start = threading.Barrier(10)
    statuses = []

    def submit(index):
        try:
            browser = logged_in(owner)
            start.wait()
            statuses.append(browser.post(url, review_data(notes=f"#{index}")).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(statuses) == [302] + [409] * 9
    assert Phase.objects.get(pk=phase.pk).review is not None


def catalogue_form(name: str, **extra) -> dict:
    data = {"name": name, "half_life_days": 180, "good_fit_min": 65, "poor_fit_below": 40}
    data |= {f"flags-{k}": v for k, v in {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0}.items()}
    return data | extra


def test_two_catalogues_added_with_one_name_at_once_answer_a_message(staff, catalogue):
    with committed_meanwhile(lambda: FlagCatalogue.objects.create(name="Coaching")):
        response = staff.post(
            reverse("admin:clients_flagcatalogue_add"), catalogue_form("Coaching"), follow=True
        )

    assert response.status_code == 200
    assert MESSAGE in response.text
    assert FlagCatalogue.objects.filter(name="Coaching").count() == 1


def test_two_default_catalogues_at_once_answer_a_message(staff, catalogue):
    other = FlagCatalogue.objects.create(name="Other")
    url = reverse("admin:clients_flagcatalogue_change", args=[other.pk])
    FlagCatalogue.objects.filter(pk=catalogue.pk).update(is_default=False)

    with committed_meanwhile(
        lambda: FlagCatalogue.objects.filter(pk=catalogue.pk).update(is_default=True)
    ):
        response = staff.post(url, catalogue_form("Other", is_default="on"), follow=True)

    assert response.status_code == 200
    assert MESSAGE in response.text
    assert list(FlagCatalogue.objects.filter(is_default=True)) == [catalogue]


def test_two_flags_added_with_one_key_at_once_answer_a_message(staff, catalogue):
    data = {
        "catalogue": catalogue.pk,
        "key": "on-time",
        "label": "On time",
        "polarity": "green",
        "category": "rapport",
        "weight": 3,
        "active": "on",
        "position": 0,
    }

    with committed_meanwhile(
        lambda: Flag.objects.create(
            catalogue=catalogue, key="on-time", label="Early", polarity="green", category="rapport"
        )
    ):
        response = staff.post(reverse("admin:clients_flag_add"), data, follow=True)

    assert response.status_code == 200
    assert MESSAGE in response.text
    assert Flag.objects.get(key="on-time").label == "Early"


def test_a_first_visit_racing_for_the_profile_answers(owner, catalogue):
    browser = logged_in(owner)

    with committed_meanwhile(lambda: ConsultantProfile.objects.create(user=owner)):
        response = browser.post(reverse("settings"), {"reflection_hours": 48})

    assert response.status_code == 302
    assert ConsultantProfile.objects.get(user=owner).reflection_hours == 48


def test_a_catalogue_imported_while_another_creates_it_updates_that_one(staff, catalogue):
    document = export_catalogue(catalogue) | {"name": "Coaching"}
    file = SimpleUploadedFile("catalogue.json", json.dumps(document).encode())

    with committed_meanwhile(lambda: FlagCatalogue.objects.create(name="Coaching")):
        response = staff.post(reverse("admin:clients_flagcatalogue_import"), {"file": file})

    assert response.status_code == 302
    assert FlagCatalogue.objects.get(name="Coaching").flags.count() == catalogue.flags.count()


# My flags (issue 22): two tabs editing one flag, a move while a call is being logged. No
# 500, nothing lost: every observation ends on its client's catalogue.


@pytest.fixture
def own(owner, catalogue):
    return copy_catalogue(user=owner, source=catalogue, name="Mine")


def _flag_data(flag, **values) -> dict:
    fields = {"label": flag.label, "weight": flag.weight, "version": flag.version}
    return fields | {"polarity": flag.polarity, "category": flag.category} | values


def test_two_tabs_editing_one_flag_keep_the_first_save(owner, own):
    flag = own.flags.get(key="win-win")
    Client.objects.create(owner=owner, catalogue=own, name="Acme")
    fields = {"label": "First tab", "weight": 5, "description": "", "probing_question": ""}
    second_tab = _flag_data(flag, label="Second tab")  # opened on version 1, like the first
    first_tab = Flag.objects.get(pk=flag.pk)

    with committed_meanwhile(
        lambda: edit_flag(flag=first_tab, expected_version=1, fields=fields | {"opposite": ""})
    ):
        response = logged_in(owner).post(reverse("my_flag_edit", args=[flag.pk]), second_tab)

    assert response.status_code == 409
    flag = Flag.objects.get(pk=flag.pk)
    assert (flag.label, flag.weight, flag.version) == ("First tab", 5, 2)
    assert "First tab" in response.content.decode()  # the saved version, shown beside


def test_a_call_logged_while_the_clients_move_keeps_its_flags(owner, own, catalogue):
    acme = Client.objects.create(owner=owner, catalogue=catalogue, name="Acme")
    old_flag = catalogue.flags.get(key="win-win")
    data = interaction_data(strengths={old_flag: 3}, evidence={old_flag: "Their words"})

    with committed_meanwhile(lambda: move_clients(user=owner, catalogue=own, dry_run=False)):
        response = logged_in(owner).post(reverse("interaction_new", args=[acme.pk]), data)

    assert response.status_code == 302
    observation = Observation.objects.get(interaction__client=acme)
    assert observation.flag == own.flags.get(key="win-win")
    assert observation.note == "Their words"
    assert stored_fit(acme) == fresh_fit(acme)


def test_a_move_while_a_call_is_being_logged_moves_that_call_too(owner, own, catalogue):
    acme = Client.objects.create(owner=owner, catalogue=catalogue, name="Acme")
    seen = [ObservationInput(catalogue.flags.get(key="emotionally-reactive"), 2, "Shouted")]
    fields = {
        "occurred_at": ago(days=1),
        "kind": "meeting",
        "gut": None,
        "notes": "",
        "questions": "",
    }

    with committed_meanwhile(
        lambda: log_interaction(client=acme, fields=fields, observations=seen)
    ):
        response = logged_in(owner).post(
            reverse("my_flags_move"), {"source": "", "confirm": "yes", "previewed": ""}
        )

    assert response.status_code == 200
    assert response.context["summary"].clients == 1
    observation = Observation.objects.get(interaction__client=acme)
    assert observation.flag == own.flags.get(key="emotionally-reactive")
    acme.refresh_from_db()
    assert acme.catalogue == own
    assert stored_fit(acme) == fresh_fit(acme)
