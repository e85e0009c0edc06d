"""My flags: a consultant's own catalogue, its flags, and moving clients onto it."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from clients.catalogues import actions as catalogue_actions
from clients.exchange import catalogue_io
from clients.models import Client, ConsultantProfile, Flag, FlagCatalogue, Observation

from .factories import fresh_fit, interaction_data, log, stored_fit


@pytest.fixture
def own(consultant, catalogue):
    return catalogue_actions.copy_catalogue(user=consultant, source=catalogue, name="Ada's flags")


def _own_flag(own, key):
    return own.flags.get(key=key)


def test_it_makes_a_copy_of_a_shared_catalogue(logged_in, consultant, catalogue):
    response = logged_in.get(reverse("my_flags"))
    assert "Make my catalogue" in response.text
    response = logged_in.post(
        reverse("my_flags_create"),
        {"source": catalogue.pk, "name": "Mine", "use_for_new": "on"},
        follow=True,
    )
    own = FlagCatalogue.objects.get(owner=consultant)
    assert own.name == "Mine" and not own.is_default
    fields = ("key", "label", "weight", "polarity", "category", "probing_question", "opposite")
    assert list(own.flags.order_by("key").values_list(*fields)) == list(
        catalogue.flags.order_by("key").values_list(*fields)
    )
    assert (own.half_life_days, own.good_fit_min) == (
        catalogue.half_life_days,
        catalogue.good_fit_min,
    )
    assert ConsultantProfile.objects.get(user=consultant).preferred_catalogue == own
    assert "Add a flag of my own" in response.text
    # A second tab's copy is refused, not a second catalogue and not an error.
    again = logged_in.post(reverse("my_flags_create"), {"source": catalogue.pk, "name": "Two"})
    assert again.status_code == 302
    assert FlagCatalogue.objects.filter(owner=consultant).count() == 1


def test_new_clients_use_my_catalogue(logged_in, own):
    logged_in.post(reverse("settings"), {"reflection_hours": 24, "preferred_catalogue": own.pk})
    logged_in.post(reverse("client_new"), {"name": "Nova", "status": "lead"})
    assert Client.objects.get(name="Nova").catalogue == own


def test_it_adds_a_flag_with_a_unique_key(logged_in, own, consultant, make_client):
    data = {"label": "Late to reply", "polarity": "red", "category": "communication", "weight": 3}
    logged_in.post(reverse("my_flag_new"), data)
    logged_in.post(reverse("my_flag_new"), data)
    keys = sorted(own.flags.filter(label="Late to reply").values_list("key", flat=True))
    assert keys == ["late-to-reply", "late-to-reply-2"]


def test_a_weight_change_rescores_and_says_how_many(logged_in, own, consultant, make_client):
    client = Client.objects.create(owner=consultant, catalogue=own, name="Mine")
    other = make_client(consultant, name="Untouched")
    log(client, flags=[("communicates-clearly", 2)])
    log(other, flags=[("communicates-clearly", 2)])
    before_other = stored_fit(other)
    flag = _own_flag(own, "communicates-clearly")
    data = {
        "label": flag.label,
        "description": "",
        "weight": 5,
        "probing_question": "",
        "opposite": "",
        "version": flag.version,
    }
    response = logged_in.post(reverse("my_flag_edit", args=[flag.pk]), data, follow=True)
    assert "Saved; 1 score changed." in response.text
    assert stored_fit(client) == fresh_fit(client)
    assert stored_fit(other) == before_other


def test_an_observed_flag_keeps_its_colour(logged_in, own, consultant, make_client):
    client = Client.objects.create(owner=consultant, catalogue=own, name="Mine")
    log(client, flags=[("communicates-clearly", 2)])
    flag = _own_flag(own, "communicates-clearly")
    data = {
        "label": "Clear",
        "weight": 3,
        "polarity": "red",
        "category": "rapport",
        "version": flag.version,
    }
    response = logged_in.post(reverse("my_flag_edit", args=[flag.pk]), data)
    assert response.status_code == 302
    flag.refresh_from_db()
    assert (flag.label, flag.polarity, flag.category) == ("Clear", "green", "communication")


def test_a_stale_tab_does_not_overwrite(logged_in, own):
    flag = _own_flag(own, "communicates-clearly")
    data = {"label": "First", "weight": 2, "polarity": "green", "category": "communication"}
    data["version"] = flag.version
    assert logged_in.post(reverse("my_flag_edit", args=[flag.pk]), data).status_code == 302
    response = logged_in.post(reverse("my_flag_edit", args=[flag.pk]), data | {"label": "Second"})
    assert response.status_code == 409
    flag.refresh_from_db()
    assert flag.label == "First"


def test_retire_and_bring_back(logged_in, own, consultant, make_client):
    client = Client.objects.create(owner=consultant, catalogue=own, name="Mine")
    log(client, flags=[("communicates-clearly", 2)])
    flag = _own_flag(own, "communicates-clearly")
    logged_in.post(reverse("my_flag_active", args=[flag.pk]), {"active": "no"})
    flag.refresh_from_db()
    assert not flag.active
    assert stored_fit(client) == fresh_fit(client)
    logged_in.post(reverse("my_flag_active", args=[flag.pk]), {"active": "yes"})
    flag.refresh_from_db()
    assert flag.active


def test_the_move_preview_matches_the_result(logged_in, own, consultant, make_client, catalogue):
    clients = [make_client(consultant, name=f"C{i}") for i in range(3)]
    for client in clients:
        log(client, flags=[("communicates-clearly", 3), ("impolite", 1)])
    own.flags.filter(key="communicates-clearly").update(weight=5)
    preview = logged_in.post(reverse("my_flags_move"), {"source": ""})
    summary = preview.context["summary"]
    assert summary.clients == 3 and summary.score_changes == 3
    assert Client.objects.filter(catalogue=catalogue).count() == 3  # nothing written yet
    done = logged_in.post(
        reverse("my_flags_move"), {"source": "", "confirm": "yes", "previewed": ""}
    )
    assert done.context["summary"] == summary
    assert not Client.objects.filter(owner=consultant).exclude(catalogue=own).exists()
    assert not Observation.objects.exclude(flag__catalogue=own).exists()
    for client in clients:
        assert stored_fit(client) == fresh_fit(client)


def test_a_move_is_refused_when_a_flag_is_missing(logged_in, own, consultant, make_client):
    client = make_client(consultant)
    log(client, flags=[("impolite", 2)])
    _own_flag(own, "impolite").delete()
    response = logged_in.post(
        reverse("my_flags_move"), {"source": "", "confirm": "yes", "previewed": ""}
    )
    assert response.status_code == 409
    assert "Impolite" in response.text
    client.refresh_from_db()
    assert client.catalogue.owner is None


def test_a_form_opened_before_the_move_loses_nothing(
    logged_in, own, consultant, make_client, catalogue
):
    client = make_client(consultant)
    old_flag = catalogue.flags.get(key="communicates-clearly")
    catalogue_actions.move_clients(user=consultant, catalogue=own, dry_run=False)
    data = interaction_data(strengths={old_flag: 2}, evidence={old_flag: "Plainly"})
    logged_in.post(reverse("interaction_new", args=[client.pk]), data)
    observation = Observation.objects.get(interaction__client=client)
    assert observation.flag == _own_flag(own, "communicates-clearly")
    assert observation.note == "Plainly"


def test_export_of_my_catalogue(logged_in, own):
    response = logged_in.get(reverse("my_flags_export"))
    document = json.loads(response.content)
    assert document["name"] == own.name
    assert len(document["flags"]) == own.flags.count()


@pytest.mark.parametrize("name", ["my_flags_move", "my_flags_export", "my_flag_new"])
def test_pages_need_a_catalogue_of_my_own(logged_in, name):
    assert logged_in.get(reverse(name)).status_code == 404


def test_another_consultants_catalogue_is_not_offered(logged_in, other_consultant, catalogue):
    theirs = catalogue_actions.copy_catalogue(
        user=other_consultant, source=catalogue, name="Secret"
    )
    response = logged_in.get(reverse("settings"))
    assert "Secret" not in response.text
    assert "Secret" not in logged_in.get(reverse("my_flags")).text
    response = logged_in.post(
        reverse("settings"), {"reflection_hours": 24, "preferred_catalogue": theirs.pk}
    )
    assert response.status_code == 200  # refused on the form
    flag = theirs.flags.first()
    for name in ("my_flag_edit", "my_flag_active"):
        assert logged_in.post(reverse(name, args=[flag.pk])).status_code == 404
    assert logged_in.get(reverse("my_flag_edit", args=[flag.pk])).status_code == 404
    assert Flag.objects.get(pk=flag.pk).version == 1


def test_import_updates_only_my_catalogue(logged_in, own, catalogue, consultant, make_client):
    client = Client.objects.create(owner=consultant, catalogue=own, name="Mine")
    log(client, flags=[("impolite", 2)])
    document = catalogue_io.export_catalogue(own)
    document["name"] = "Default"  # the shared catalogue's name: still only mine changes
    for flag in document["flags"]:
        flag["weight"] = 5 if flag["key"] == "impolite" else flag["weight"]
    upload = SimpleUploadedFile("mine.json", json.dumps(document).encode())
    response = logged_in.post(reverse("my_flags_import"), {"file": upload})
    assert response.status_code == 302
    assert own.flags.get(key="impolite").weight == 5
    assert catalogue.flags.get(key="impolite").weight != 5
    assert stored_fit(client) == fresh_fit(client)
    # An observed flag keeps its colour, in a file too.
    for flag in document["flags"]:
        flag["polarity"] = "green" if flag["key"] == "impolite" else flag["polarity"]
        flag["opposite"] = ""
    upload = SimpleUploadedFile("mine.json", json.dumps(document).encode())
    response = logged_in.post(reverse("my_flags_import"), {"file": upload})
    assert "impolite have been observed" in response.text
    assert own.flags.get(key="impolite").polarity == "red"


def test_staff_read_but_never_change_an_own_catalogue(client, make_user, own):
    staff = make_user("boss", is_staff=True, is_superuser=True)
    client.force_login(staff)
    listing = client.get(reverse("admin:clients_flagcatalogue_changelist"))
    assert "Ada&#x27;s flags" in listing.text and "ada" in listing.text
    change = reverse("admin:clients_flagcatalogue_change", args=[own.pk])
    page = client.get(change)
    assert page.status_code == 200 and 'name="name"' not in page.text
    assert client.post(change, {"name": "Hijacked"}).status_code == 403
    delete = reverse("admin:clients_flagcatalogue_delete", args=[own.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    flag = own.flags.first()
    assert client.get(reverse("admin:clients_flag_change", args=[flag.pk])).status_code == 302
    own.refresh_from_db()
    assert own.name == "Ada's flags"


def test_a_shared_catalogue_with_clients_cannot_be_deleted_in_the_admin(
    client, make_user, consultant, make_client, catalogue
):
    make_client(consultant)
    client.force_login(make_user("boss", is_staff=True, is_superuser=True))
    delete = reverse("admin:clients_flagcatalogue_delete", args=[catalogue.pk])
    assert client.get(delete).status_code == 200
    client.post(delete, {"post": "yes"})
    assert FlagCatalogue.objects.filter(pk=catalogue.pk).exists()


def test_staff_cannot_delete_an_own_catalogue_through_its_owners_account(
    client, make_user, own, consultant
):
    # Like a consultant's clients: the admin may not delete what it may only read.
    client.force_login(make_user("boss", is_staff=True, is_superuser=True))
    response = client.post(reverse("admin:auth_user_delete", args=[consultant.pk]), {"post": "yes"})
    assert response.status_code in (200, 403)
    assert FlagCatalogue.objects.filter(pk=own.pk).exists()


def test_a_move_is_confirmed_only_for_the_clients_it_previewed(
    logged_in, own, consultant, make_client, catalogue
):
    make_client(consultant)
    french = FlagCatalogue.objects.get(language="fr")
    # Previewed for the French catalogue's clients, confirmed with "all my clients": previewed
    # again, nothing moved.
    response = logged_in.post(
        reverse("my_flags_move"), {"source": "", "confirm": "yes", "previewed": french.pk}
    )
    assert response.context["done"] is False
    assert Client.objects.get(owner=consultant).catalogue == catalogue
