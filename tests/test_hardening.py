"""Issue 17: what a hostile or hurried user found, each over the real view or command.

Races on unique constraints are in tests/test_races.py (they need PostgreSQL).
"""

import csv
import io
import json
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client as Browser
from django.urls import reverse

from clients import admin as clients_admin
from clients.actions import record_decision
from clients.exchange.catalogue_io import export_catalogue, validate_catalogue
from clients.models import (
    Boundary,
    Client,
    Decision,
    Flag,
    FlagCatalogue,
    Phase,
    PhaseReview,
    Project,
)
from tests.factories import add_phase, ago, fresh_fit, log, review, review_data, stored_fit

INVISIBLE = ["\u200b", "\u200b\u200c\u200d\u2060", "\ufeff", " \u00a0\u3000\t", "\u3164", "\u0301"]


@pytest.fixture
def staff(client, make_user):
    """Return the test client logged in as a superuser: every permission flag set."""
    client.force_login(make_user("admin", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def acme(consultant, make_client):
    """Return a client with an interaction, a reviewed phase and a decision."""
    acme = make_client(consultant, "Acme")
    log(acme, occurred_at=ago(days=40), flags=[("crosses-boundaries", 3)])
    log(acme, occurred_at=ago(days=30), kind="discovery", flags=[("win-win", 3)])
    review(add_phase(acme), flags=[("win-win", 2)])
    record_decision(client=acme, kind="need_info")
    return acme


def upload(document, name="catalogue.json") -> SimpleUploadedFile:
    content = document if isinstance(document, bytes) else json.dumps(document).encode()
    return SimpleUploadedFile(name, content, "application/json")


# 1. The admin reads consultants' records, never changes them --------------------------------

RECORDS = {
    "client": lambda acme: acme,
    "interaction": lambda acme: acme.interactions.first(),
    "project": lambda acme: Project.objects.get(client=acme),
    "phase": lambda acme: Phase.objects.get(project__client=acme),
    "phasereview": lambda acme: PhaseReview.objects.get(phase__project__client=acme),
    "decision": lambda acme: acme.decisions.first(),
}


@pytest.mark.parametrize("model", RECORDS)
def test_staff_cannot_delete_a_consultants_record_in_the_admin(staff, acme, model):
    record = RECORDS[model](acme)
    before = stored_fit(acme)

    response = staff.post(
        reverse(f"admin:clients_{model}_delete", args=[record.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert type(record).objects.filter(pk=record.pk).exists()
    assert stored_fit(acme) == before


@pytest.mark.parametrize("model", RECORDS)
def test_staff_cannot_delete_records_with_the_changelist_action(staff, acme, model):
    record = RECORDS[model](acme)
    changelist = reverse(f"admin:clients_{model}_changelist")

    page = staff.get(changelist)
    staff.post(
        changelist, {"action": "delete_selected", "_selected_action": [record.pk], "post": "yes"}
    )

    assert page.status_code == 200
    assert "delete_selected" not in page.text
    assert type(record).objects.filter(pk=record.pk).exists()


@pytest.mark.parametrize("model", RECORDS)
def test_staff_can_read_but_not_change_or_add_a_consultants_record(staff, acme, model):
    record = RECORDS[model](acme)
    change = reverse(f"admin:clients_{model}_change", args=[record.pk])
    before = type(record).objects.count()

    page = staff.get(change)
    posted = staff.post(change, {"name": "Changed", "kind": "decline", "notes": "x"})
    added = staff.post(reverse(f"admin:clients_{model}_add"), {"name": "New"})

    assert page.status_code == 200
    assert posted.status_code == 403
    assert added.status_code == 403
    assert type(record).objects.count() == before


def test_an_admin_weight_change_and_its_rescore_are_one_transaction(
    staff, acme, catalogue, monkeypatch
):
    flag = catalogue.flags.get(key="win-win")

    def broken_rescore(clients):
        raise RuntimeError("re-scoring failed")

    monkeypatch.setattr(clients_admin, "refresh_scores", broken_rescore)
    with pytest.raises(RuntimeError):
        staff.post(reverse("admin:clients_flag_change", args=[flag.pk]), flag_form(flag, weight=1))

    assert Flag.objects.get(pk=flag.pk).weight == flag.weight


def flag_form(flag: Flag, **changes) -> dict:
    fields = ("catalogue", "key", "label", "description", "polarity", "category", "weight")
    data = {field: getattr(flag, field) for field in fields}
    data |= {"catalogue": flag.catalogue_id, "position": flag.position, "active": "on"}
    return data | changes


# 2. An observed flag keeps its catalogue and key --------------------------------------------


@pytest.mark.parametrize("change", ["catalogue", "key"])
def test_the_flag_admin_refuses_to_move_or_rename_an_observed_flag(staff, acme, catalogue, change):
    flag = catalogue.flags.get(key="win-win")
    other = FlagCatalogue.objects.exclude(pk=catalogue.pk).first()
    value = other.pk if change == "catalogue" else "renamed"

    response = staff.post(
        reverse("admin:clients_flag_change", args=[flag.pk]), flag_form(flag, **{change: value})
    )

    assert response.status_code == 200
    assert "This flag has been observed" in response.text
    unchanged = Flag.objects.get(pk=flag.pk)
    assert (unchanged.catalogue_id, unchanged.key) == (catalogue.pk, "win-win")
    assert client_page_works(acme)


def client_page_works(acme) -> bool:
    browser = Browser()
    browser.force_login(acme.owner)
    return browser.get(reverse("client_detail", args=[acme.pk])).status_code == 200


def test_the_flag_admin_still_moves_a_flag_nobody_observed(staff, acme, catalogue):
    flag = catalogue.flags.get(key="sense-of-humour")
    other = FlagCatalogue.objects.exclude(pk=catalogue.pk).first()

    staff.post(
        reverse("admin:clients_flag_change", args=[flag.pk]),
        flag_form(flag, catalogue=other.pk, key="humour"),
    )

    assert Flag.objects.get(pk=flag.pk).key == "humour"


def catalogue_change_data(catalogue: FlagCatalogue, **flag_changes) -> dict:
    """Return the POST data of the catalogue's change page; `flag_changes` by flag key."""
    data = {
        field: getattr(catalogue, field)
        for field in ("name", "description", "language", "half_life_days")
    }
    data |= {"good_fit_min": catalogue.good_fit_min, "poor_fit_below": catalogue.poor_fit_below}
    flags = list(catalogue.flags.order_by("category", "position", "label"))
    data |= {
        "flags-TOTAL_FORMS": len(flags),
        "flags-INITIAL_FORMS": len(flags),
        "flags-MIN_NUM_FORMS": 0,
        "flags-MAX_NUM_FORMS": 1000,
    }
    for index, flag in enumerate(flags):
        values = {f: getattr(flag, f) for f in ("key", "label", "description", "polarity")}
        values |= {"category": flag.category, "weight": flag.weight, "active": "on"}
        values |= {"id": flag.pk, "catalogue": catalogue.pk} | flag_changes.get(flag.key, {})
        data |= {f"flags-{index}-{name}": value for name, value in values.items()}
    if catalogue.is_default:
        data["is_default"] = "on"
    return data


def test_the_catalogue_page_refuses_to_rename_an_observed_flag(staff, acme, catalogue):
    data = catalogue_change_data(catalogue, **{"win-win": {"key": "renamed"}})

    response = staff.post(reverse("admin:clients_flagcatalogue_change", args=[catalogue.pk]), data)

    assert response.status_code == 200
    assert "This flag has been observed" in response.text
    assert catalogue.flags.filter(key="win-win").exists()
    assert not catalogue.flags.filter(key="renamed").exists()


def test_the_catalogue_import_refuses_to_drop_an_observed_flag(staff, acme, catalogue):
    document = export_catalogue(catalogue)
    for entry in document["flags"]:
        if entry["key"] == "win-win":
            entry["key"] = "renamed"
            entry["weight"] = 1
        if entry.get("opposite") == "win-win":
            entry["opposite"] = "renamed"  # the file is consistent: only the rename is wrong
    document["half_life_days"] = 30

    response = staff.post(reverse("admin:clients_flagcatalogue_import"), {"file": upload(document)})

    assert response.status_code == 200
    assert "win-win have been observed" in response.text
    assert export_catalogue(FlagCatalogue.objects.get(pk=catalogue.pk)) == export_catalogue(
        catalogue
    )


def test_rescore_names_a_client_it_cannot_score_and_goes_on(
    acme, consultant, make_client, catalogue
):
    # A flag moved behind the admin's back (shell, SQL): Acme's evidence no longer adds up.
    other = FlagCatalogue.objects.create(name="Other")
    Flag.objects.filter(catalogue=catalogue, key="crosses-boundaries").update(catalogue=other)
    healthy = make_client(consultant, "Healthy")
    log(healthy, flags=[("win-win", 3)])
    Client.objects.filter(pk=healthy.pk).update(score=1, score_low=0, score_high=2)
    out, err = StringIO(), StringIO()

    with pytest.raises(CommandError, match="1 client"):
        call_command("rescore", stdout=out, stderr=err)

    assert "Acme" in err.getvalue()
    assert "Re-scored 1 clients" in out.getvalue()
    assert stored_fit(healthy) == fresh_fit(healthy)


# 3 is in tests/test_races.py. 4 and 8. The catalogue import refuses what it cannot store. ----


HOSTILE_CATALOGUES = ["lone surrogate", "5,000 digits", "version true", "invisible label"]


@pytest.fixture
def hostile_catalogues(catalogue):
    """Catalogue files a crafted upload sends: each must be refused with a clear message."""
    document = export_catalogue(catalogue) | {"name": "Imported"}
    document["flags"][0]["label"] = "LABEL"
    document["flags"][1]["weight"] = "WEIGHT"
    document["version"] = "VERSION"
    text = json.dumps(document)
    plain = json.loads(text.replace('"WEIGHT"', "3").replace('"VERSION"', "1"))
    plain["flags"][0]["opposite"] = ["win-win"]  # found by tests/test_fuzz.py: a 500 before
    return {
        "opposite a list": (json.dumps(plain), "“opposite” must be the key"),
        "lone surrogate": (
            text.replace('"LABEL"', '"\\ud800"').replace('"WEIGHT"', "3").replace('"VERSION"', "1"),
            "cannot be stored",
        ),
        "5,000 digits": (
            text.replace('"LABEL"', '"x"')
            .replace('"WEIGHT"', "9" * 5000)
            .replace('"VERSION"', "1"),
            "huge numbers",
        ),
        "version true": (
            text.replace('"LABEL"', '"x"').replace('"WEIGHT"', "3").replace('"VERSION"', "true"),
            "version: must be 1",
        ),
        "invisible label": (
            text.replace('"LABEL"', '"\\u200b"').replace('"WEIGHT"', "3").replace('"VERSION"', "1"),
            "is required",
        ),
    }


@pytest.mark.parametrize(
    "case", ["lone surrogate", "5,000 digits", "version true", "invisible label", "opposite a list"]
)
def test_the_admin_import_refuses_a_hostile_catalogue_clearly(staff, hostile_catalogues, case):
    content, message = hostile_catalogues[case]

    response = staff.post(
        reverse("admin:clients_flagcatalogue_import"), {"file": upload(content.encode())}
    )

    assert response.status_code == 200
    assert message in response.text
    assert not FlagCatalogue.objects.filter(name="Imported").exists()


@pytest.mark.parametrize(
    "case", ["lone surrogate", "5,000 digits", "version true", "opposite a list"]
)
def test_the_import_command_refuses_a_hostile_catalogue_clearly(hostile_catalogues, tmp_path, case):
    content, message = hostile_catalogues[case]
    path = tmp_path / "catalogue.json"
    path.write_text(content)

    with pytest.raises(CommandError, match=message):
        call_command("import_catalogue", str(path))

    assert not FlagCatalogue.objects.filter(name="Imported").exists()


# 5. Required text has at least one visible character -----------------------------------------


@pytest.fixture
def reflecting(consultant, make_client):
    acme = make_client(consultant, "Acme")
    log(acme, occurred_at=ago(hours=2), kind="discovery", flags=[("win-win", 3)])
    return acme


@pytest.mark.parametrize("invisible", INVISIBLE)
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "accept", "reason": "{}"}, "write why you decide now"),
        ({"kind": "stretch", "reason": "Now", "learning_goal": "{}"}, "Say what you want to learn"),
    ],
    ids=["early reason", "learning goal"],
)
def test_an_invisible_reason_or_goal_does_not_decide(
    logged_in, reflecting, invisible, data, message
):
    data = {name: invisible if value == "{}" else value for name, value in data.items()}

    response = logged_in.post(reverse("decision_new", args=[reflecting.pk]), data, follow=True)

    assert message in response.text
    assert not Decision.objects.exists()
    assert Client.objects.get(pk=reflecting.pk).status == "discovery"


def test_an_invisible_lesson_does_not_review_a_stretch_clients_phase(
    logged_in, consultant, make_client
):
    acme = make_client(consultant, "Acme")
    record_decision(client=acme, kind="stretch", learning_goal="Pressure")
    phase = add_phase(acme)

    response = logged_in.post(
        reverse("phase_review", args=[phase.pk]), review_data(learned="\u200b\u2060")
    )

    assert response.status_code == 200
    assert "write what you learned" in response.text
    assert not PhaseReview.objects.exists()


def required_texts(acme):
    """Return (url, data with INVISIBLE where a required text goes, model written) per form."""
    project = Project.objects.create(client=acme, name="Website")
    today = "2026-01-10"
    return {
        "new client": (reverse("client_new"), {"name": "{}", "status": "lead"}, Client),
        "edit client": (
            reverse("client_edit", args=[acme.pk]),
            {"name": "{}", "status": "lead", "version": acme.version},
            Client,
        ),
        "project": (reverse("project_new", args=[acme.pk]), {"name": "{}"}, Project),
        "phase": (
            reverse("phase_new", args=[project.pk]),
            {"name": "{}", "starts_on": today, "ends_on": today},
            Phase,
        ),
        "boundary": (reverse("boundaries"), {"text": "{}"}, Boundary),
    }


@pytest.mark.parametrize("form", ["new client", "edit client", "project", "phase", "boundary"])
@pytest.mark.parametrize("invisible", ["\u200b", "\u2060\ufeff", "\u3164", " \u00a0 "])
def test_every_required_text_needs_a_visible_character(
    logged_in, consultant, make_client, form, invisible
):
    acme = make_client(consultant, "Acme")
    url, data, model = required_texts(acme)[form]
    data = {name: invisible if value == "{}" else value for name, value in data.items()}
    before = sorted(map(str, model.objects.all()))

    response = logged_in.post(url, data)

    assert response.status_code == 200
    assert sorted(map(str, model.objects.all())) == before


def test_a_required_text_with_a_visible_character_is_kept_as_typed(logged_in):
    logged_in.post(reverse("client_new"), {"name": "\u200bAcme\u200d", "status": "lead"})

    assert Client.objects.get().name == "\u200bAcme\u200d"


@pytest.mark.parametrize("invisible", ["\u200b", "\u3164"])
def test_the_admin_refuses_an_invisible_catalogue_name_or_flag_label(staff, catalogue, invisible):
    data = catalogue_change_data(catalogue, **{"win-win": {"label": invisible}})
    data["name"] = invisible

    response = staff.post(reverse("admin:clients_flagcatalogue_change", args=[catalogue.pk]), data)

    assert response.status_code == 200
    assert response.text.count("Write at least one visible character") == 2
    assert FlagCatalogue.objects.get(pk=catalogue.pk).name == catalogue.name


# 6. Active and declined are reached through a decision only --------------------------------


@pytest.mark.parametrize("status", ["active", "declined"])
def test_the_client_form_cannot_accept_or_decline(logged_in, consultant, make_client, status):
    acme = make_client(consultant, "Acme", status="discovery")

    response = logged_in.post(
        reverse("client_edit", args=[acme.pk]),
        {"name": "Acme", "status": status, "version": acme.version},
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert Client.objects.get(pk=acme.pk).status == "discovery"
    assert not Decision.objects.exists()


def test_the_client_form_keeps_a_status_a_decision_set(logged_in, consultant, make_client):
    acme = make_client(consultant, "Acme", status="active")

    response = logged_in.post(
        reverse("client_edit", args=[acme.pk]),
        {"name": "Acme Ltd", "status": "active", "version": acme.version},
    )

    assert response.status_code == 302
    assert Client.objects.get(pk=acme.pk).name == "Acme Ltd"


def test_a_client_met_only_in_meetings_is_not_accepted_at_once(logged_in, consultant, make_client):
    acme = make_client(consultant, "Acme")
    log(acme, occurred_at=ago(hours=30), kind="email")
    log(acme, occurred_at=ago(hours=1), kind="meeting")  # the first was 30 h ago: over 24 h
    newcomer = make_client(consultant, "Newcomer")
    log(newcomer, occurred_at=ago(hours=1), kind="meeting")

    late = logged_in.post(reverse("decision_new", args=[acme.pk]), {"kind": "accept"})
    early = logged_in.post(
        reverse("decision_new", args=[newcomer.pk]), {"kind": "accept"}, follow=True
    )

    assert late.status_code == 302
    assert Client.objects.get(pk=acme.pk).status == "active"
    assert "write why you decide now" in early.text
    assert Client.objects.get(pk=newcomer.pk).status == "lead"


# 7. The CSV export escapes formulas after blanks too --------------------------------------


@pytest.mark.parametrize(
    "name", [" =1+1", "\n=1+1", "\r\n+1", "\t @SUM(A1)", "  -2+3", "=1+1", "\tx", "\rx"]
)
def test_the_csv_escapes_a_formula_after_blanks(logged_in, consultant, make_client, name):
    make_client(consultant, name)

    response = logged_in.get(reverse("export_csv"))

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert rows[1][0] == "'" + name


def test_the_csv_leaves_plain_text_alone(logged_in, consultant, make_client):
    make_client(consultant, " Acme - the company")

    response = logged_in.get(reverse("export_csv"))

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert rows[1][0] == " Acme - the company"


def test_the_admin_keeps_catalogues_its_own_import_accepts(staff, catalogue):
    data = catalogue_change_data(catalogue, **{"win-win": {"description": "x" * 10_001}})
    data["description"] = "y" * 10_001

    response = staff.post(reverse("admin:clients_flagcatalogue_change", args=[catalogue.pk]), data)

    assert response.status_code == 200
    assert response.text.count("Ensure this value has at most 10000 characters") == 2
    validate_catalogue(export_catalogue(FlagCatalogue.objects.get(pk=catalogue.pk)))


# Issue 15, part 3: the admin says whose it is, in both languages ---------------------------


@pytest.mark.parametrize(
    ("language", "brand"),
    [("en", "fitcheck administration"), ("fr", "Administration de fitcheck")],
)
def test_the_admin_is_branded_in_english_and_french(staff, language, brand):
    response = staff.get(reverse("admin:index"), headers={"accept-language": language})

    assert f"<title>{brand} | {brand}</title>" in response.text
    assert f'<div id="site-name"><a href="/admin/">{brand}</a></div>' in response.text
    assert f"<h1>{brand}</h1>" in response.text
