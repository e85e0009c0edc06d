"""A second "Nova Dental": adding or renaming a client to a name or organisation the
consultant already has asks before saving, links to the one they have, and saves when told to.
Case, accents and spaces are ignored; another consultant's clients never count."""

import pytest
from django.urls import reverse

from clients.forms import ClientForm, Duplicate, name_key
from clients.models import Client

NEW = reverse("client_new")


@pytest.fixture
def nova(consultant, make_client):
    return make_client(consultant, "Nova Dental", organisation="Nova Group")


def data(**changes) -> dict:
    fields = {"name": "Nova Dental", "organisation": "", "contact": "", "source": ""}
    return fields | {"status": "lead", "breed": ""} | changes


def edit_url(client) -> str:
    return reverse("client_edit", args=[client.pk])


def form_for(consultant, instance=None, **changes) -> ClientForm:
    fields = data(**changes) | ({"version": instance.version} if instance else {})
    return ClientForm(fields, instance=instance, owner=consultant)


# The form --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "Nova Dental",
        "nova dental",
        "NOVA DENTAL",
        "  Nova   Dental ",
        "Növa Dêntal",
        "NovaDental",
        "Nova\u00a0Dental",
        "Nova\u200bDental",
    ],
)
def test_it_ignores_case_accents_and_spaces(typed):
    assert name_key(typed) == name_key("Nova Dental") == "novadental"


def test_it_tells_different_names_apart():
    assert name_key("Nova Dentals") != name_key("Nova Dental")
    assert name_key("Nova-Dental") != name_key("Nova Dental")


def test_it_asks_before_adding_a_client_called_like_another(consultant, nova):
    form = form_for(consultant, name="növa  DENTAL")

    assert not form.is_valid()
    assert form.duplicates == [Duplicate(nova, called="Nova Dental")]
    assert form.has_error("name", code="duplicate")
    assert form.errors["name"] == ["You already have a client with this name: see below."]
    assert form.duplicates_confirmation() == str(nova.pk)


def test_it_saves_once_the_duplicate_is_confirmed(consultant, nova):
    form = form_for(consultant, save_anyway=str(nova.pk))

    assert form.is_valid(), form.errors


def test_a_confirmation_of_another_duplicate_does_not_count(consultant, nova, make_client):
    other = make_client(consultant, "Orbit")

    form = form_for(consultant, save_anyway=f"{other.pk},x,-1")

    assert not form.is_valid()
    assert form.has_error("name", code="duplicate")


def test_it_asks_about_an_organisation_i_already_have(consultant, nova):
    form = form_for(consultant, name="Jane Doe", organisation="nova group")

    assert not form.is_valid()
    assert form.duplicates == [Duplicate(nova, called=None)]
    assert form.has_error("organisation", code="duplicate")
    assert "name" not in form.errors


def test_a_name_that_is_another_clients_organisation_is_asked_about(consultant, nova):
    form = form_for(consultant, name="Nova Group")

    assert not form.is_valid()
    assert form.duplicates == [Duplicate(nova, called=None)]
    assert form.has_error("name", code="duplicate")


def test_no_organisation_is_no_match(consultant, make_client):
    make_client(consultant, "Orbit")

    assert form_for(consultant, name="Jane Doe", organisation="").is_valid()


def test_another_consultants_clients_never_count(consultant, other_consultant, make_client):
    make_client(other_consultant, "Nova Dental", organisation="Nova Group")

    form = form_for(consultant, organisation="Nova Group")

    assert form.is_valid(), form.errors
    assert form.duplicates == []


def test_it_asks_before_renaming_a_client_like_another(consultant, nova, make_client):
    orbit = make_client(consultant, "Orbit")

    form = form_for(consultant, instance=orbit, name="Nova dental")

    assert not form.is_valid()
    assert form.duplicates == [Duplicate(nova, called="Nova Dental")]


def test_a_client_never_duplicates_itself(consultant, nova):
    assert form_for(
        consultant, instance=nova, name="NOVA DENTAL", organisation="Nova Group"
    ).is_valid()


def test_editing_a_known_duplicate_without_renaming_it_does_not_ask_again(
    consultant, nova, make_client
):
    second = make_client(consultant, "Nova Dental")  # saved anyway, earlier

    form = form_for(consultant, instance=second, contact="reception@nova.test")

    assert form.is_valid(), form.errors


# Over HTTP -------------------------------------------------------------------------------


def test_the_form_asks_and_links_to_the_client_i_have(logged_in, nova):
    response = logged_in.post(NEW, data(name="nova dental"))

    assert response.status_code == 200
    assert Client.objects.count() == 1
    page = response.text
    assert "You already have a client called Nova Dental:" in page
    assert f'<a href="/clients/{nova.pk}/">Nova Dental (Nova Group)</a>' in page
    assert "Save another anyway?" in page
    button = f'name="save_anyway" value="{nova.pk}">Save another anyway</button>'
    assert button in page
    # Enter in a field presses the first button, the usual one: it asks again.
    assert page.index(">Add client</button>") < page.index(button)
    assert 'value="nova dental"' in page  # what was typed is kept


def test_the_second_button_saves_another_anyway(logged_in, consultant, nova):
    response = logged_in.post(NEW, data(name="nova dental", save_anyway=str(nova.pk)))

    assert response.status_code == 302
    assert sorted(Client.objects.filter(owner=consultant).values_list("name", flat=True)) == [
        "Nova Dental",
        "nova dental",
    ]


def test_a_new_name_saves_straight_away(logged_in, nova):
    response = logged_in.post(NEW, data(name="Orbit Studio"))

    assert response.status_code == 302
    assert "Save another anyway" not in logged_in.get(NEW).text


def test_another_consultants_client_is_neither_counted_nor_shown(
    logged_in, other_consultant, make_client
):
    theirs = make_client(other_consultant, "Nova Dental", organisation="Secret Holdings")

    response = logged_in.post(NEW, data(organisation="Secret Holdings"))

    assert response.status_code == 302
    mine = Client.objects.exclude(pk=theirs.pk).get()
    page = logged_in.get(reverse("client_detail", args=[mine.pk])).text
    assert f"/clients/{theirs.pk}/" not in page


def test_another_consultants_client_id_confirms_nothing(
    logged_in, consultant, other_consultant, nova, make_client
):
    theirs = make_client(other_consultant, "Nova Dental")

    response = logged_in.post(NEW, data(save_anyway=str(theirs.pk)))

    assert response.status_code == 200
    assert f"/clients/{theirs.pk}/" not in response.text
    assert Client.objects.filter(owner=consultant).count() == 1


def test_renaming_asks_then_saves_when_confirmed(logged_in, consultant, nova, make_client):
    orbit = make_client(consultant, "Orbit")

    asked = logged_in.post(edit_url(orbit), data(name="Nova Dental", version=1))
    saved = logged_in.post(
        edit_url(orbit), data(name="Nova Dental", version=1, save_anyway=str(nova.pk))
    )

    assert asked.status_code == 200
    assert "You already have a client called Nova Dental:" in asked.text
    assert ">Save client</button>" in asked.text
    assert saved.status_code == 302
    orbit.refresh_from_db()
    assert (orbit.name, orbit.version) == ("Nova Dental", 2)


def test_an_archived_client_counts_and_says_so(logged_in, consultant, make_client):
    old = make_client(consultant, "Nova Dental", archived=True)

    response = logged_in.post(NEW, data())

    assert f'<a href="/clients/{old.pk}/">Nova Dental</a> (archived).' in response.text
