"""English and French: every page in French for a French browser, the language switch, the
French catalogue, and a complete, compiled French translation.

The page tests render each page in French and look for English of our own left in it: a
text (or aria-label, title, placeholder, alt, confirmation) equal to one of our msgids whose
French differs, or holding common English words. The catalogue tests fail as soon as a
marked string has no French, and the `makemessages` one regenerates the catalogue from the
sources, so a string added to a template or to Python without its French fails here too.
"""

import gettext
import os
import re
import shutil
import subprocess
import sys
from datetime import date, timedelta
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from clients.actions import (
    ObservationInput,
    log_interaction,
    profile_for,
    record_decision,
    save_review,
)
from clients.catalogues.actions import copy_catalogue, move_clients
from clients.models import (
    RATING_FIELDS,
    Boundary,
    Client,
    Flag,
    FlagCatalogue,
    Phase,
    Project,
    known_time_zones,
)
from clients.score.scores import evidence_for
from tools.french_typography import typeset

ROOT = Path(__file__).resolve().parent.parent
PO_FILE = ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"
MO_FILE = PO_FILE.with_suffix(".mo")
FR = {"HTTP_ACCEPT_LANGUAGE": "fr-FR,fr;q=0.9,en;q=0.5"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}

# What the consultant typed (and the catalogue names, which are data too): never checked.
USER_DATA = {
    "Atelier Lumière",
    "Lumière et fils",
    "Brasserie du Port",
    "Refonte du site",
    "Cadrage",
    "Maquettes",
    "Développement",
    "Pas d'appel après 19 h",
    "Default",
    "Par défaut",
}
# Words that are English and never French: a text holding one is English left behind.
ENGLISH_WORDS = {
    "the", "and", "your", "you", "with", "this", "that", "of", "to", "is", "are", "for",
    "not", "from", "what", "how", "yet", "has", "have", "will", "been", "after", "before",
}  # fmt: skip
CHECKED_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt", "data-confirm")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


# The .po file ----------------------------------------------------------------------------


def _unquote(text: str) -> str:
    body = text.strip()[1:-1]
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}
    return re.sub(r"\\(.)", lambda m: escapes[m.group(1)], body)


def parse_po(text: str) -> list[dict]:
    """Return the entries of a .po file: msgctxt, msgid, msgid_plural, msgstr {index: text},
    flags, and whether it is obsolete. Enough for what makemessages writes."""
    entries = []
    for block in re.split(r"\n\s*\n", text.strip()):
        entry = {"msgctxt": None, "msgid": None, "msgid_plural": None, "msgstr": {}}
        entry |= {"flags": set(), "obsolete": False}
        key = None
        for line in block.splitlines():
            if line.startswith("#~"):
                entry["obsolete"] = True
            elif line.startswith("#,"):
                entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif match := re.match(
                r"(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(\".*\")$", line
            ):
                keyword, index, value = match.groups()
                if keyword == "msgstr":
                    key = ("msgstr", int(index) if index else None)
                    entry["msgstr"][key[1]] = _unquote(value)
                else:
                    key = (keyword, None)
                    entry[keyword] = _unquote(value)
            elif line.startswith('"') and key:
                if key[0] == "msgstr":
                    entry["msgstr"][key[1]] += _unquote(line)
                else:
                    entry[key[0]] += _unquote(line)
        if entry["msgid"] is not None:
            entries.append(entry)
    return entries


def messages(text: str) -> list[dict]:
    """Return the real entries: without the header and obsolete ones."""
    return [e for e in parse_po(text) if e["msgid"] and not e["obsolete"]]


# French has three plural forms here (Django's: 0–1, millions, the rest): a plural entry
# without the third says the ordinary plural in English.
PLURAL_FORMS = 3


def problems(entries: list[dict]) -> list[str]:
    """Return what is wrong with a catalogue: untranslated or fuzzy entries, a missing plural
    form, lost placeholders."""
    found = []
    for entry in entries:
        name = repr(entry["msgid"][:70])
        if "fuzzy" in entry["flags"]:
            found.append(f"fuzzy: {name}")
        forms = set(range(PLURAL_FORMS)) if entry["msgid_plural"] else {None}
        if set(entry["msgstr"]) != forms or not all(entry["msgstr"].values()):
            found.append(f"untranslated: {name}")
            continue
        placeholders = set(re.findall(r"%\(\w+\)[sd]|%[sd%]", entry["msgid"]))
        for text in entry["msgstr"].values():
            if set(re.findall(r"%\(\w+\)[sd]|%[sd%]", text)) != placeholders:
                found.append(f"placeholders differ: {name}")
    return found


@pytest.fixture(scope="module")
def english_ui() -> dict[str, str]:
    """Return our English msgids (lower-cased, spaces normalised) whose French differs."""
    known = {}
    for entry in messages(PO_FILE.read_text()):
        french = entry["msgstr"].get(None) or entry["msgstr"].get(0, "")
        if entry["msgid_plural"] or "%" in entry["msgid"] or "<" in entry["msgid"]:
            continue
        if french.casefold() != entry["msgid"].casefold():
            known[_normal(entry["msgid"])] = french
    return known


def test_it_has_a_french_translation_for_every_entry():
    assert f"nplurals={PLURAL_FORMS};" in PO_FILE.read_text()
    entries = messages(PO_FILE.read_text())
    assert len(entries) > 400
    assert problems(entries) == []


def test_it_compiled_the_mo_from_the_current_po():
    """A fresh machine runs on the committed .mo: it must hold exactly what the .po says."""
    with MO_FILE.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog
    for entry in messages(PO_FILE.read_text()):
        key = (
            entry["msgid"]
            if entry["msgctxt"] is None
            else f"{entry['msgctxt']}\x04{entry['msgid']}"
        )
        if entry["msgid_plural"] is None:
            assert compiled.get(key) == entry["msgstr"][None], key
        else:
            for index, text in entry["msgstr"].items():
                assert compiled.get((key, index)) == text, key


def test_it_leaves_nothing_untranslated_when_makemessages_runs_again(tmp_path):
    """Regenerate the catalogue from a copy of the sources: any new string without French
    comes out untranslated, and any changed one comes out fuzzy."""
    if not (shutil.which("xgettext") and shutil.which("msgmerge")):
        pytest.skip("gettext tools (xgettext, msgmerge) are not installed: apt-get install gettext")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("clients", "accounts", "templates", "fitcheck", "locale"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=ignore)
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fr", "--no-obsolete"],
        cwd=tmp_path,
        env={"PATH": os.environ.get("PATH", ""), "DEBUG": "true", "SECRET_KEY": "x" * 50},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    regenerated = messages((tmp_path / PO_FILE.relative_to(ROOT)).read_text())
    assert problems(regenerated) == []
    assert {e["msgid"] for e in regenerated} == {e["msgid"] for e in messages(PO_FILE.read_text())}


# Pages in French -------------------------------------------------------------------------


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


class Texts(HTMLParser):
    """Collect a page's texts and checked attributes, leaving out scripts, styles and
    anything marked as another language (the language switcher's "English")."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, is another language)
        self.texts: list[tuple[str, str]] = []  # (where, text)
        self.html_lang = None

    def _foreign(self) -> bool:
        return any(foreign for _tag, foreign in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_lang = attrs.get("lang")
        lang = attrs.get("lang")
        foreign = lang is not None and not lang.startswith("fr") and tag != "html"
        if tag not in VOID:
            self.stack.append((tag, foreign or tag in ("script", "style")))
        if not (foreign or self._foreign()):
            for name in CHECKED_ATTRIBUTES:
                if attrs.get(name):
                    self.texts.append((f"{tag}[{name}]", attrs[name]))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        for position in range(len(self.stack) - 1, -1, -1):
            if self.stack[position][0] == tag:
                del self.stack[position:]
                break

    def handle_data(self, data):
        if data.strip() and not self._foreign():
            where = self.stack[-1][0] if self.stack else "document"
            self.texts.append((where, data))


def english_left(html: str, english_ui: dict[str, str]) -> list[str]:
    """Return the English of ours found in a page rendered in French."""
    parser = Texts()
    parser.feed(html)
    assert parser.html_lang == "fr"
    found = []
    user_data = {_normal(text) for text in USER_DATA}
    # Time zones are places, named as the IANA database names them ("Europe/Isle of Man").
    user_data |= {_normal(name.replace("_", " ")) for name in known_time_zones()}
    for where, text in parser.texts:
        normal = _normal(text)
        if normal in user_data:
            continue
        # "Gut feeling:" or "· never" are still "Gut feeling" and "never".
        bare = normal.strip(" :·—–-()/.,;!?…")
        if bare in english_ui:
            found.append(f"{where}: {text.strip()!r} (French: {english_ui[bare]!r})")
        elif words := set(re.findall(r"[^\W\d_]+", normal)) & ENGLISH_WORDS:
            found.append(f"{where}: {text.strip()!r} has English words {sorted(words)}")
    return found


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def french_catalogue(db):
    return FlagCatalogue.objects.get(language="fr")


def _flags(catalogue, *keys):
    return [ObservationInput(Flag.objects.get(catalogue=catalogue, key=key), 2) for key in keys]


@pytest.fixture
def full_client(consultant, french_catalogue):
    """Return a client with everything a client page can show: calls with flags, gut and
    questions, a retired flag, a boundary respected, two decisions (the latest during a
    reflection period), a project whose phases are reviewed, overdue and to come."""
    now = timezone.now()
    boundary = Boundary.objects.create(owner=consultant, text="Pas d'appel après 19 h")
    client = Client.objects.create(
        owner=consultant,
        catalogue=french_catalogue,
        name="Atelier Lumière",
        organisation="Lumière et fils",
        breed="golden_retriever",
    )
    first = {
        "occurred_at": now - timedelta(days=20),
        "kind": "discovery",
        "gut": 1,
        "notes": "Très motivée, parle de « notre » projet.",
    }
    seen = _flags(french_catalogue, "communicates-clearly", "we-attitude", "emotionally-reactive")
    respected = Flag.objects.get(catalogue=french_catalogue, key="respects-boundaries")
    seen.append(ObservationInput(respected, 2, note=boundary.text, boundary=boundary))
    log_interaction(client=client, fields=first, observations=seen)
    record_decision(client=client, kind="accept", now=now - timedelta(days=18))
    project = Project.objects.create(client=client, name="Refonte du site")
    reviewed = Phase.objects.create(
        project=project,
        name="Cadrage",
        starts_on=date.today() - timedelta(days=17),
        ends_on=date.today() - timedelta(days=10),
    )
    fields = dict.fromkeys(RATING_FIELDS, 4) | {
        "would_work_again": True,
        "learned": "Cadrer plus tôt.",
        "reviewed_at": now - timedelta(days=9),
    }
    save_review(
        phase=reviewed,
        fields=fields,
        observations=_flags(french_catalogue, "constructive-feedback"),
    )
    Phase.objects.create(
        project=project,
        name="Maquettes",
        starts_on=date.today() - timedelta(days=9),
        ends_on=date.today() - timedelta(days=2),
    )
    Phase.objects.create(
        project=project,
        name="Développement",
        starts_on=date.today() + timedelta(days=1),
        ends_on=date.today() + timedelta(days=30),
    )
    second = {
        "occurred_at": now - timedelta(hours=2),
        "kind": "discovery",
        "questions": "Quel budget ?\nQui décide ?",
    }
    log_interaction(
        client=client, fields=second, observations=_flags(french_catalogue, "sense-of-humour")
    )
    Flag.objects.filter(catalogue=french_catalogue, key="sense-of-humour").update(active=False)
    record_decision(client=client, kind="need_info", now=now - timedelta(hours=1))
    return client


@pytest.fixture
def reviewed_clients(consultant, french_catalogue):
    """Enough reviewed clients for the calibration page to draw its figures."""
    start = timezone.now() - timedelta(days=200)
    for number, (gut, satisfaction) in enumerate([(2, 5), (1, 4), (0, 3), (-1, 2), (-2, 1)]):
        client = Client.objects.create(
            owner=consultant,
            catalogue=french_catalogue,
            name=f"Brasserie du Port {number}",
            breed="poodle" if number % 2 else "",
        )
        fields = {"occurred_at": start, "kind": "discovery", "gut": gut}
        keys = ["communicates-clearly"] if gut > 0 else ["emotionally-reactive"]
        log_interaction(client=client, fields=fields, observations=_flags(french_catalogue, *keys))
        kind = "stretch" if number == 4 else "accept"
        record_decision(
            client=client, kind=kind, learning_goal="Tenir mes limites", now=start + timedelta(2)
        )
        project = Project.objects.create(client=client, name="Refonte du site")
        phase = Phase.objects.create(
            project=project, name="Cadrage", starts_on=date(2024, 1, 1), ends_on=date(2024, 2, 1)
        )
        fields = dict.fromkeys(RATING_FIELDS, satisfaction) | {
            "would_work_again": satisfaction >= 3,
            "learned": "Dire non plus tôt." if number == 4 else "",
            "reviewed_at": start + timedelta(days=30),
        }
        save_review(phase=phase, fields=fields, observations=[])


def _page(client, url, **headers):
    response = client.get(url, **(FR | headers))
    assert response.status_code == 200, url
    return response.content.decode()


def test_it_shows_the_dashboard_in_french(logged_in, full_client, english_ui):
    html = _page(logged_in, reverse("dashboard"))
    assert "Vos clients" in html and "Revue à faire" in html and "confiance" in html
    assert english_left(html, english_ui) == []


def test_it_shows_an_empty_dashboard_in_french(logged_in, english_ui):
    html = _page(logged_in, reverse("dashboard"))
    assert "Bienvenue dans fitcheck" in html
    assert english_left(html, english_ui) == []


def test_it_shows_the_client_page_in_french(logged_in, full_client, english_ui):
    html = _page(logged_in, reverse("client_detail", args=[full_client.pk]))
    for french in (
        "Score d'adéquation",
        "intervalle à 80 %",
        "Période de réflexion jusqu'au",
        "signal vert",
        "Respect et limites",
        "Revue de Cadrage",
        "Faire la revue de Maquettes",
        "Décisions précédentes",
        "Golden retriever",
        ", retiré)",
    ):
        assert french in html, french
    assert english_left(html, english_ui) == []


def test_it_writes_dates_and_numbers_the_french_way(logged_in, full_client):
    html = _page(logged_in, reverse("client_detail", args=[full_client.pk]))
    review = full_client.projects.get().phases.get(name="Cadrage").review
    reviewed_at = timezone.localtime(review.reviewed_at)
    months = "jan. fév. mars avr. mai juin juil. août sept. oct. nov. déc."  # DATE_FORMAT: j N Y
    month = months.split()[reviewed_at.month - 1]
    assert f"{reviewed_at.day} {month} {reviewed_at.year}" in html
    assert reviewed_at.strftime("%d/%m/%Y") in html  # SHORT_DATE_FORMAT, in the trend chart


def test_it_keeps_chart_coordinates_as_plain_numbers_in_french(
    logged_in, full_client, reviewed_clients
):
    """Chart coordinates are for the browser: 28.5, never the French 28,5."""
    pages = [reverse("client_detail", args=[full_client.pk]), reverse("calibration")]
    for url in pages:
        html = _page(logged_in, url)
        assert "<svg" in html
        for name, value in re.findall(r'\s(cx|cy|r|x|y|x1|x2|y1|y2|width|height)="([^"]*)"', html):
            assert re.fullmatch(r"-?\d+(\.\d+)?", value), (url, name, value)


def test_it_shows_the_interaction_form_in_french(logged_in, full_client, english_ui):
    html = _page(logged_in, reverse("interaction_new", args=[full_client.pk]))
    assert "Noter un échange" in html and "Signaux remarqués" in html
    assert "S&#x27;exprime clairement" in html or "S'exprime clairement" in html
    assert english_left(html, english_ui) == []
    interaction = full_client.interactions.order_by("occurred_at").first()
    html = _page(logged_in, reverse("interaction_edit", args=[interaction.pk]))
    assert english_left(html, english_ui) == []


def test_it_shows_the_score_preview_and_form_errors_in_french(logged_in, full_client, english_ui):
    url = reverse("interaction_new", args=[full_client.pk])
    flag = Flag.objects.get(catalogue=full_client.catalogue, key="communicates-clearly")
    data = {"occurred_at": "pas une date", "kind": "call", f"obs-strength-{flag.pk}": "3"}
    html = logged_in.post(url, data, **FR).content.decode()
    assert "Avant cet échange" in html
    assert english_left(html, english_ui) == []


def test_it_shows_the_review_form_in_french(logged_in, full_client, english_ui):
    phase = Phase.objects.get(project__client=full_client, name="Maquettes")
    html = _page(logged_in, reverse("phase_review", args=[phase.pk]))
    assert "Revue de Maquettes" in html and "Satisfaction globale" in html
    assert english_left(html, english_ui) == []


def test_it_shows_the_other_forms_in_french(logged_in, full_client, english_ui):
    project = full_client.projects.get()
    for url in (
        reverse("client_new"),
        reverse("client_edit", args=[full_client.pk]),
        reverse("project_new", args=[full_client.pk]),
        reverse("phase_new", args=[project.pk]),
        reverse("boundary_edit", args=[Boundary.objects.get().pk]),
    ):
        assert english_left(_page(logged_in, url), english_ui) == [], url


def test_it_shows_boundaries_and_settings_in_french(logged_in, full_client, english_ui):
    html = _page(logged_in, reverse("boundaries"))
    assert "Mes limites" in html and "Ajouter une limite" in html
    assert english_left(html, english_ui) == []
    html = _page(logged_in, reverse("settings"))
    assert "Période de réflexion (heures)" in html
    assert english_left(html, english_ui) == []


def test_it_shows_calibration_in_french(logged_in, reviewed_clients, english_ui):
    html = _page(logged_in, reverse("calibration"))
    assert "Premier ressenti face au résultat" in html
    assert "Caniche" in html and "Aucune race notée" in html
    assert re.search(r"\d,\d", html)  # decimal commas: 3,0
    assert english_left(html, english_ui) == []


def test_it_asks_to_confirm_new_weights_in_french(
    logged_in, consultant, reviewed_clients, english_ui
):
    own = copy_catalogue(user=consultant, source=Client.objects.first().catalogue, name="Mine")
    move_clients(user=consultant, catalogue=own, dry_run=False)
    # Seen only with bad outcomes, a red flag of weight 1 gets a heavier suggestion.
    own.flags.filter(key="emotionally-reactive").update(weight=1)
    html = _page(logged_in, reverse("calibration"))
    assert "Appliquer le poids suggéré de 1 signal…" in html
    html = logged_in.post(reverse("calibration_apply"), **FR).content.decode()
    assert "Appliquer les poids suggérés\u202f?" in html
    assert re.search(r"Réagit à chaud \(rouge\)\u202f: poids 1 → <strong>[2-5]</strong>", html)
    assert english_left(html, english_ui) == []


def test_it_shows_an_empty_calibration_in_french(logged_in, english_ui):
    html = _page(logged_in, reverse("calibration"))
    assert "Aucun client revu pour l'instant" in html
    assert english_left(html, english_ui) == []


def test_it_shows_the_export_page_in_french(logged_in, english_ui):
    html = _page(logged_in, reverse("export"))
    assert english_left(html, english_ui) == []


def test_it_shows_the_login_page_in_french(client, english_ui):
    html = _page(client, reverse("login"))
    assert "Connexion à fitcheck" in html and "Mot de passe" in html
    assert english_left(html, english_ui) == []


def test_it_shows_not_found_in_french(logged_in, english_ui):
    response = logged_in.get("/clients/999999/", **FR)
    assert response.status_code == 404
    assert "Rien ici" in response.content.decode()
    assert english_left(response.content.decode(), english_ui) == []


def test_it_shows_the_server_error_page_in_french(english_ui):
    with translation.override("fr"):
        html = render_to_string("500.html")
    assert "Une erreur s'est produite" in html
    assert english_left(html, english_ui) == []


def test_it_shows_messages_in_french(logged_in, full_client):
    response = logged_in.post(reverse("client_archive", args=[full_client.pk]), follow=True, **FR)
    assert "Atelier Lumière archivé\u202f: masqué dans votre liste" in response.content.decode()


def test_it_names_our_models_in_french_in_the_admin(client, make_user, make_client):
    root = make_user("root", is_staff=True, is_superuser=True)
    make_client(root, name="Atelier Lumière")
    client.force_login(root)
    html = _page(client, reverse("admin:index"))
    assert "Clients et signaux" in html and "Catalogues de signaux" in html
    html = _page(client, reverse("admin:clients_client_changelist"))
    assert "Score d&#x27;adéquation" in html or "Score d'adéquation" in html


def test_it_follows_an_english_browser(logged_in, full_client):
    html = logged_in.get(reverse("dashboard"), **EN).content.decode()
    assert '<html lang="en">' in html and "Your clients" in html


# Switching language ----------------------------------------------------------------------


def test_it_switches_language_and_remembers_it(logged_in, full_client):
    url = reverse("client_detail", args=[full_client.pk])
    response = logged_in.post(reverse("set_language"), {"language": "fr", "next": url}, **EN)
    assert response.status_code == 302 and response.url == url
    assert logged_in.cookies[django_settings.LANGUAGE_COOKIE_NAME].value == "fr"
    # The choice beats the browser's preference on every later page.
    html = logged_in.get(url, **EN).content.decode()
    assert '<html lang="fr">' in html and "Score d'adéquation" in html
    assert "Vos clients" in logged_in.get(reverse("dashboard"), **EN).content.decode()

    logged_in.post(reverse("set_language"), {"language": "en", "next": url}, **FR)
    html = logged_in.get(url, **FR).content.decode()
    assert '<html lang="en">' in html and "Fit score" in html


def test_it_switches_language_before_login(client):
    login = reverse("login")
    response = client.post(reverse("set_language"), {"language": "fr", "next": login})
    assert response.status_code == 302
    assert "Connexion à fitcheck" in client.get(login, **EN).content.decode()


def test_it_offers_each_language_in_its_own_words(client):
    html = client.get(reverse("login"), **FR).content.decode()
    assert '<option value="en" lang="en">English</option>' in html
    assert '<option value="fr" lang="fr" selected>Français</option>' in html


# The French catalogue --------------------------------------------------------------------


def _new_client(browser, headers) -> Client:
    response = browser.post(
        reverse("client_new"), {"name": "Atelier Lumière", "status": "lead"}, **headers
    )
    assert response.status_code == 302
    return Client.objects.latest("pk")


def _log_flags(browser, client, keys, headers):
    """Log a discovery call with these flags through the form, as a consultant would."""
    data = {"occurred_at": "2025-03-14T09:30", "kind": "discovery", "gut": "1"}
    for key in keys:
        flag = Flag.objects.get(catalogue=client.catalogue, key=key)
        data[f"obs-strength-{flag.pk}"] = "3"
    response = browser.post(reverse("interaction_new", args=[client.pk]), data, **headers)
    assert response.status_code == 302


def test_it_gives_a_french_consultant_the_french_catalogue(client, make_user, english_ui):
    client.force_login(make_user("camille"))
    new = _new_client(client, FR)
    assert new.catalogue.language == "fr"
    html = _page(client, reverse("interaction_new", args=[new.pk]))
    assert "Écoute avec empathie" in html and "Franchit mes limites" in html
    assert "Listens with empathy" not in html
    assert english_left(html, english_ui) == []


def test_it_gives_an_english_consultant_the_english_catalogue(client, make_user):
    client.force_login(make_user("jane"))
    new = _new_client(client, EN)
    assert new.catalogue.is_default and new.catalogue.language == "en"
    html = client.get(reverse("interaction_new", args=[new.pk]), **EN).content.decode()
    assert "Listens with empathy" in html


def test_it_keeps_the_preferred_catalogue_whatever_the_browser(client, make_user, catalogue):
    user = make_user("camille")
    profile = profile_for(user)
    profile.preferred_catalogue = catalogue
    profile.save()
    client.force_login(user)
    assert _new_client(client, FR).catalogue == catalogue


def test_it_scores_both_catalogues_identically(client, make_user):
    keys = ["communicates-clearly", "we-attitude", "emotionally-reactive", "crosses-boundaries"]
    scored = {}
    for username, headers in (("camille", FR), ("jane", EN)):
        client.force_login(make_user(username))
        new = _new_client(client, headers)
        _log_flags(client, new, keys, headers)
        new.refresh_from_db()
        scored[new.catalogue.language] = (new, evidence_for(new).fit())
    (french, french_fit), (english, english_fit) = scored["fr"], scored["en"]
    assert french.catalogue != english.catalogue
    assert (french.score, french.score_low, french.score_high, french.band) == (
        english.score,
        english.score_low,
        english.score_high,
        english.band,
    )
    assert [c.points for c in french_fit.contributions] == [
        c.points for c in english_fit.contributions
    ]
    assert french.score != 50  # the flags did count


def test_it_lists_the_same_flags_in_both_catalogues(db):
    french, english = (FlagCatalogue.objects.get(language=code) for code in ("fr", "en"))
    fields = ("key", "polarity", "category", "weight", "position")
    assert list(french.flags.order_by("key").values_list(*fields)) == list(
        english.flags.order_by("key").values_list(*fields)
    )
    labels = dict(english.flags.values_list("key", "label"))
    for key, label, description in french.flags.values_list("key", "label", "description"):
        assert label != labels[key] and description


def test_it_shows_my_flags_and_the_move_in_french(logged_in, consultant, full_client, english_ui):
    html = _page(logged_in, reverse("my_flags"))
    assert "Créer mon catalogue" in html
    assert english_left(html, english_ui) == []
    own = copy_catalogue(user=consultant, source=full_client.catalogue, name="Mine")
    for url in (reverse("my_flags"), reverse("my_flag_new"), reverse("my_flags_move")):
        html = _page(logged_in, url)
        assert english_left(html, english_ui) == [], url
    html = _page(logged_in, reverse("my_flag_edit", args=[own.flags.first().pk]))
    assert english_left(html, english_ui) == []
    html = logged_in.post(reverse("my_flags_move"), {"source": ""}, **FR).content.decode()
    assert "Ce qui changerait" in html and "1 client passerait sur votre catalogue" in html
    assert english_left(html, english_ui) == []


# The French demo and the consultant's language ------------------------------------------------


@pytest.fixture
def french_demo(db):
    call_command("seed_demo", stdout=StringIO())
    return get_user_model().objects.get(username="demo-fr")


def test_the_french_demo_sees_calibration_in_french_every_word(client, french_demo, english_ui):
    client.force_login(french_demo)
    # An English browser: the language of the profile wins.
    html = _page(client, reverse("calibration"), **EN)
    assert "Premier ressenti face au résultat" in html
    assert "Franchit mes limites" in html  # the flag table, on the French catalogue
    assert "Crécerelle Robotique" in html  # the stretch client
    assert english_left(html, english_ui) == []


def test_every_french_message_follows_french_typography():
    """A narrow no-break space before ; : ! ? and inside « », straight apostrophes. After a
    merge, `python tools/french_typography.py` puts them in (then compilemessages)."""
    wrong = [
        f"{entry['msgid'][:60]!r} → {text[:60]!r}"
        for entry in messages(PO_FILE.read_text())
        for text in entry["msgstr"].values()
        if typeset(text) != text
    ]
    assert wrong == []
