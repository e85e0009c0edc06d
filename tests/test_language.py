"""The consultant's language (Settings → Language): blank follows the browser; a language
chosen there, or with the header's switch while logged in, makes every page of theirs speak
it, on any browser, without a query per page."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clients.actions import profile_for
from clients.middleware import LANGUAGE_SESSION_KEY
from clients.models import ConsultantProfile, FlagCatalogue
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
SETTINGS = reverse("settings")
EN = {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}
FR = {"HTTP_ACCEPT_LANGUAGE": "fr-FR,fr;q=0.9"}


def settings_data(**changes) -> dict:
    fields = {"reflection_hours": 24, "preferred_catalogue": "", "time_zone": "", "language": ""}
    return fields | changes


def choose(user, language: str) -> None:
    profile = profile_for(user)
    profile.language = language
    profile.save()


def lang_of(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.text).group(1)


def test_settings_say_the_language_field_is_one_and_blank_is_the_browser_s(logged_in):
    page = logged_in.get(SETTINGS, **EN).text

    assert '<label for="id_language">Language' in page
    select = page.split('id="id_language"')[1].split("</select>")[0]
    assert re.search(r'<option value="" selected>Language of your browser</option>', select)
    assert '<option value="fr" lang="fr">Français</option>' in select
    french = logged_in.get(SETTINGS, **FR).text.split('id="id_language"')[1]
    assert "Langue du navigateur" in french.split("</select>")[0]


def test_settings_say_each_catalogue_s_language(logged_in):
    page = logged_in.get(SETTINGS, **EN).text
    select = page.split('name="preferred_catalogue"')[1].split("</select>")[0]

    english = FlagCatalogue.objects.get(language="en")
    french = FlagCatalogue.objects.get(language="fr")
    assert f'<option value="{english.pk}">Default (English)</option>' in select
    assert f'<option value="{french.pk}">Par défaut (français)</option>' in select
    assert "The one in the language of the pages" in select


def test_a_language_chosen_in_settings_speaks_on_every_page_whatever_the_browser(
    logged_in, consultant
):
    response = logged_in.post(SETTINGS, settings_data(language="fr"), **EN, follow=True)

    assert profile_for(consultant).language == "fr"
    assert logged_in.session[LANGUAGE_SESSION_KEY] == "fr"
    assert lang_of(response) == "fr" and "Paramètres enregistrés." in response.text
    for url in (reverse("dashboard"), reverse("calibration"), "/no-such-page/"):
        assert lang_of(logged_in.get(url, **EN)) == "fr", url


def test_blank_follows_the_browser_again(logged_in, consultant):
    choose(consultant, "fr")
    logged_in.post(SETTINGS, settings_data(language=""), **EN)

    assert profile_for(consultant).language == ""
    assert lang_of(logged_in.get(reverse("dashboard"), **EN)) == "en"
    assert lang_of(logged_in.get(reverse("dashboard"), **FR)) == "fr"


def test_settings_refuse_an_unknown_language_and_save_nothing(logged_in, consultant):
    response = logged_in.post(SETTINGS, settings_data(language="xx", reflection_hours=48), **EN)

    assert response.status_code == 200
    assert "Select a valid choice." in response.text
    profile = profile_for(consultant)
    assert (profile.language, profile.reflection_hours) == ("", 24)


def test_login_keeps_the_language_in_the_session(client, make_user):
    nina = make_user("nina")
    choose(nina, "fr")

    client.post(reverse("login"), {"username": "nina", "password": PASSWORD}, **EN)

    assert client.session[LANGUAGE_SESSION_KEY] == "fr"
    assert lang_of(client.get(reverse("dashboard"), **EN)) == "fr"


def test_a_session_from_before_languages_reads_it_once(logged_in, consultant):
    choose(consultant, "fr")
    session = logged_in.session
    session.pop(LANGUAGE_SESSION_KEY, None)
    session.save()

    assert lang_of(logged_in.get(reverse("dashboard"), **EN)) == "fr"
    assert logged_in.session[LANGUAGE_SESSION_KEY] == "fr"


@pytest.mark.parametrize("url", ["dashboard", "settings"])
def test_a_language_costs_no_query(logged_in, consultant, make_user, url):
    """From the session: a French consultant's page asks the database as much as the same
    page of one who follows the browser."""
    logged_in.post(SETTINGS, settings_data(language="fr"))
    browser_s = Client()
    browser_s.force_login(make_user("paula"))
    counts = []
    for browser in (logged_in, browser_s):
        browser.get(reverse(url))  # the profile exists for both
        with CaptureQueriesContext(connection) as queries:
            assert browser.get(reverse(url), **EN).status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]


def test_the_header_switch_of_a_logged_in_consultant_saves_their_language(logged_in, consultant):
    response = logged_in.post(reverse("set_language"), {"language": "fr", "next": "/"}, **EN)

    assert response.status_code == 302
    assert profile_for(consultant).language == "fr"
    assert logged_in.session[LANGUAGE_SESSION_KEY] == "fr"
    logged_in.cookies.clear()  # another browser, the same session: still French
    logged_in.force_login(consultant)
    assert lang_of(logged_in.get(reverse("dashboard"), **EN)) == "fr"


def test_the_header_switch_before_login_saves_nothing(client, consultant):
    response = client.post(reverse("set_language"), {"language": "fr", "next": "/"}, **EN)

    assert response.status_code == 302
    assert not ConsultantProfile.objects.filter(user=consultant).exists()
    assert lang_of(client.get(reverse("login"), **EN)) == "fr"  # the cookie, as before
