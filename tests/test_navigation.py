"""The header: a menu that opens without JavaScript, the staff's way to the admin, and a
language switch reachable on every screen (tests/browser/test_phone.py drives it at 390 px)."""

import re

from django.urls import reverse


def _page(client, name) -> str:
    response = client.get(reverse(name))
    assert response.status_code == 200
    return response.content.decode()


def test_it_opens_the_menu_with_a_button_that_needs_no_script(logged_in):
    html = _page(logged_in, "dashboard")

    button = re.search(r"<button [^>]*popovertarget=\"site-menu\"[^>]*>", html).group()
    assert 'type="button"' in button and 'aria-controls="site-menu"' in button
    menu = re.search(r'<div class="site-menu" id="site-menu" popover>.*?</nav>', html, re.S)
    assert menu and reverse("settings") in menu.group()


def test_it_links_staff_to_the_admin(client, make_user):
    client.force_login(make_user("boss", is_staff=True))
    assert f'<a href="{reverse("admin:index")}">Admin</a>' in _page(client, "dashboard")


def test_it_shows_no_admin_link_to_a_consultant(logged_in):
    assert reverse("admin:index") not in _page(logged_in, "dashboard")


def test_it_offers_the_language_in_settings(logged_in):
    """The header's switch is hidden on phones: Settings has the language as a field."""
    html = _page(logged_in, "settings")

    main = html[html.index('<main id="main"') :]
    assert re.search(
        r'<form method="post"[^>]*>.*<select name="language" [^>]*id="id_language"', main, re.S
    )
    data = {"reflection_hours": 24, "preferred_catalogue": "", "time_zone": "", "language": "fr"}
    response = logged_in.post(reverse("settings"), data)
    assert response.url == reverse("settings")
    assert '<html lang="fr">' in _page(logged_in, "settings")


def test_it_offers_the_language_switch_before_login(client):
    html = _page(client, "login")
    assert f'action="{reverse("set_language")}"' in html and "site-menu" not in html
