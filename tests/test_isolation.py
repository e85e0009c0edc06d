"""Nobody sees or changes another consultant's data, on any page the project has.

The URL patterns are read from the resolver, so a page added later without an entry in
OBJECT_URLS or PAGES fails here until someone decides how its access is checked.
"""

import pytest
from django.test import Client as Browser
from django.urls import URLResolver, get_resolver, reverse

from clients.catalogues.actions import copy_catalogue, move_clients
from clients.models import (
    Boundary,
    Client,
    ConsultantProfile,
    Decision,
    Flag,
    FlagCatalogue,
    Interaction,
    Observation,
    Phase,
    PhaseReview,
    Project,
    Question,
)
from tests.factories import (
    interaction_data,
    review_data,
)

# URL name → the kind of object its <int:pk> names.
OBJECT_URLS = {
    "client_detail": "client",
    "client_edit": "client",
    "client_archive": "client",
    "interaction_new": "client",
    "score_preview": "client",
    "decision_new": "client",
    "project_new": "client",
    "client_prepare": "client",
    "question_new": "client",
    "planned_contact": "client",
    "planned_contact_clear": "client",
    "planned_contact_ics": "client",
    "interaction_edit": "interaction",
    "interaction_delete": "interaction",
    "phase_new": "project",
    "project_edit": "project",
    "project_delete": "project",
    "phase_review": "phase",
    "review_delete": "phase",
    "checkpoint_new": "phase",
    "phase_edit": "phase",
    "phase_end": "phase",
    "phase_delete": "phase",
    "boundary_edit": "boundary",
    "boundary_toggle": "boundary",
    "my_flag_edit": "own_flag",
    "my_flag_active": "own_flag",
}
# Pages without an object of their own → what a consultant's GET answers.
PAGES = {
    "dashboard": 200,
    "client_new": 200,
    "boundaries": 200,
    "settings": 200,
    "calibration": 200,
    "calibration_apply": 405,
    "export": 200,
    "export_json": 200,
    "export_csv": 200,
    "import_data": 405,
    "account": 200,
    "account_email": 200,
    "account_password": 200,
    "account_delete": 200,
    "digest_settings": 200,
    "calendar_feed_new": 405,
    "calendar_feed_revoke": 405,
    # Another consultant without a catalogue of their own: nothing to edit, move or export.
    "my_flags": 200,
    "my_flags_create": 405,
    "my_flag_new": 404,
    "my_flags_move": 404,
    "my_flags_export": 404,
    "my_flags_import": 200,
}
# Views that refuse a method answer 405 before looking anything up, whoever asks and
# whether the object exists or not, so it reveals nothing.
POST_ONLY = {"client_archive", "score_preview", "decision_new", "interaction_delete"}
POST_ONLY |= {"boundary_toggle", "review_delete", "checkpoint_new", "phase_end"}
POST_ONLY |= {"planned_contact_clear", "my_flag_active"}
GET_ONLY = {"client_detail", "client_prepare", "planned_contact_ics"}
# The admin has its own login; logging in and out, the language switch and the link of a
# reset email (tests/test_password_reset.py) are public.
SKIPPED_NAMES = {"login", "logout", "password_reset_confirm", "set_language"}


# Routes anyone may open, logged in or not → the status an anonymous GET gets.
PUBLIC_ROUTES = {
    "favicon.ico": 301,
    "healthz": 200,
    "account/reset/": 200,
    "account/reset/sent/": 200,
    "account/reset/done/": 200,
    # The calendar feed: its secret key is its only login, and a wrong one is a 404
    # (tests/test_calendar.py: another consultant's key, a revoked one, throttling).
    "calendar/<str:token>.ics": 404,
}


def walk(patterns, prefix=""):
    """Yield (route, name) of every URL pattern, through includes."""
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if pattern.namespace != "admin":
                yield from walk(pattern.url_patterns, route)
        elif pattern.name not in SKIPPED_NAMES:
            yield route, pattern.name


EVERY_PATTERN = sorted(walk(get_resolver().url_patterns), key=lambda item: str(item[1]))
PATTERNS = [(route, name) for route, name in EVERY_PATTERN if route not in PUBLIC_ROUTES]
OBJECT_PATTERNS = [name for _route, name in PATTERNS if name in OBJECT_URLS]


def test_it_knows_how_every_url_pattern_checks_access():
    names = [name for _route, name in PATTERNS]

    unmapped = [route for route, name in PATTERNS if name not in OBJECT_URLS | PAGES]
    assert unmapped == [], "map these in OBJECT_URLS, or list them in PAGES or PUBLIC_ROUTES"
    # Nothing is mapped that no longer exists.
    assert sorted(names) == sorted(OBJECT_URLS | PAGES)
    assert {route for route, _name in EVERY_PATTERN} >= set(PUBLIC_ROUTES)


@pytest.mark.parametrize(("route", "status"), sorted(PUBLIC_ROUTES.items()))
def test_it_opens_only_the_public_routes_to_anonymous_visitors(client, db, route, status):
    response = client.get(f"/{route}")

    assert response.status_code == status
    assert "/accounts/login/" not in response.get("Location", "")


def test_it_fills_every_object_url_with_a_pk():
    routes = {name: route for route, name in PATTERNS}

    assert all("<int:pk>" in routes[name] for name in OBJECT_URLS)
    assert not any("<" in routes[name] for name in PAGES)


@pytest.fixture
def world(one_of_each, consultant, catalogue):
    """One object of each kind, the client on its consultant's own catalogue ("My flags")."""
    own = copy_catalogue(user=consultant, source=catalogue, name="Secret catalogue")
    move_clients(user=consultant, catalogue=own, dry_run=False)
    return one_of_each | {"own_flag": own.flags.get(key="win-win")}


def url(name: str, world) -> str:
    if name in OBJECT_URLS:
        return reverse(name, args=[world[OBJECT_URLS[name]].pk])
    return reverse(name)


def hijack_data(name: str) -> dict:
    """Return POST data each view would accept from its owner: a guard must stop it."""
    kind = OBJECT_URLS.get(name)
    if name == "decision_new":
        return {"kind": "decline", "reason": "Taken over"}
    if name == "project_new":
        return {"name": "Hijacked project"}
    if name == "question_new":
        return {"text": "Hijacked question"}
    if kind == "client":
        data = {"name": "Hijacked", "status": "declined", "version": 1}
        return interaction_data(notes="Hijacked", version=1) | data
    if kind == "interaction":
        return interaction_data(notes="Hijacked", version=1)
    if kind == "project" or name == "phase_edit":
        return {"name": "Hijacked", "starts_on": "2025-01-01", "ends_on": "2025-01-02"}
    if kind == "phase":
        return review_data(satisfaction=1, learned="Hijacked", version=1)
    if kind == "own_flag":
        return {"label": "Hijacked", "weight": 1, "version": 1, "active": "no"}
    return {"text": "Hijacked"}


def snapshot(owner) -> dict:
    """Return every row of the consultant's data, to compare before and after."""
    models = [Client, Interaction, Observation, Project, Phase, PhaseReview, Decision, Boundary]
    models += [Question, FlagCatalogue, Flag]
    rows = {model.__name__: list(model.objects.order_by("pk").values()) for model in models}
    rows["profile"] = list(ConsultantProfile.objects.filter(user=owner).values())
    return rows


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("name", [name for _route, name in PATTERNS])
def test_it_sends_anonymous_visitors_to_the_login_page(client, world, consultant, name, method):
    before = snapshot(consultant)
    target = url(name, world)
    data = hijack_data(name) if method == "post" else None

    response = getattr(client, method)(target, data)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={target}"
    assert snapshot(consultant) == before


@pytest.mark.parametrize("name", [name for _route, name in PATTERNS])
def test_it_sends_anonymous_htmx_requests_to_the_login_page_as_a_whole(client, world, name):
    target = url(name, world)
    headers = {"HX-Request": "true", "HX-Current-URL": "http://testserver/?q=acme"}

    response = client.post(target, hijack_data(name), headers=headers)

    assert response.status_code == 401
    assert response["HX-Redirect"] == "/accounts/login/?next=%2F%3Fq%3Dacme"


@pytest.mark.parametrize("name", OBJECT_PATTERNS)
def test_it_hides_every_object_from_another_consultant(
    client, world, consultant, other_consultant, name
):
    before = snapshot(consultant)
    client.force_login(other_consultant)
    target = url(name, world)

    got = client.get(target)
    posted = client.post(target, hijack_data(name))
    from_htmx = client.post(target, hijack_data(name), headers={"HX-Request": "true"})

    assert got.status_code == (405 if name in POST_ONLY else 404)
    assert posted.status_code == (405 if name in GET_ONLY else 404)
    assert from_htmx.status_code == posted.status_code
    assert snapshot(consultant) == before


@pytest.mark.parametrize("name", sorted(set(OBJECT_PATTERNS) - GET_ONLY))
def test_it_refuses_a_post_without_the_csrf_token_even_from_the_owner(world, consultant, name):
    before = snapshot(consultant)
    browser = Browser(enforce_csrf_checks=True)
    browser.force_login(consultant)

    response = browser.post(url(name, world), hijack_data(name))

    assert response.status_code == 403
    assert snapshot(consultant) == before


@pytest.mark.parametrize("name", OBJECT_PATTERNS)
def test_it_lets_the_owner_reach_every_object_url(client, world, consultant, name):
    # The other half of the check above: the URLs are right, only the owner differs.
    client.force_login(consultant)

    response = client.get(url(name, world))

    assert response.status_code == (405 if name in POST_ONLY else 200)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_it_shows_another_consultant_none_of_my_data_on_their_pages(
    client, world, other_consultant, name
):
    client.force_login(other_consultant)

    response = client.get(url(name, world))

    assert response.status_code == PAGES[name]
    # The JSON export streams.
    text = b"".join(response).decode() if response.streaming else response.text
    secrets = ("Acme Secret", "Private notes", "Their words", "No meetings on Fridays")
    secrets += ("Secret plan", "Secret catalogue")
    for secret in (*secrets, "Secret question?"):
        assert secret not in text


def test_it_searches_none_of_my_data_for_another_consultant(client, world, other_consultant):
    client.force_login(other_consultant)

    response = client.get(reverse("dashboard"), {"q": "Acme", "archived": "all"})

    assert "Acme Secret" not in response.text


def test_it_opens_the_admin_to_staff(client, make_user):
    client.force_login(make_user("boss", is_staff=True, is_superuser=True))

    response = client.get("/admin/")

    assert response.status_code == 200
    assert "<h1>fitcheck administration</h1>" in response.text


def test_it_sends_a_consultant_who_is_not_staff_to_the_admin_login(logged_in):
    response = logged_in.get("/admin/")

    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/admin/"
