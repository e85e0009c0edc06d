"""Calibration in plain words: the two sentences it leads with, against a hand count."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from clients.actions import log_interaction, record_decision, save_review
from clients.calibration import stats
from clients.calibration.report import calibration_for
from clients.models import RATING_FIELDS, Client, Phase, Project

T0 = timezone.now().replace(microsecond=0) - timedelta(days=400)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def reviewed(catalogue):
    """Return a maker of a client with a first call (its gut), an accept and one review."""

    def make(owner, name, *, gut, outcome):
        client = Client.objects.create(owner=owner, catalogue=catalogue, name=name)
        fields = {"occurred_at": T0, "kind": "discovery", "gut": gut}
        log_interaction(client=client, fields=fields, observations=[])
        record_decision(client=client, kind="accept", now=T0 + timedelta(2))
        project = Project.objects.create(client=client, name="Work")
        phase = Phase.objects.create(
            project=project, name="Phase 1", starts_on=date(2024, 1, 1), ends_on=date(2024, 1, 1)
        )
        fields = dict.fromkeys(RATING_FIELDS, outcome)
        fields |= {"would_work_again": outcome >= 3, "reviewed_at": T0 + timedelta(30)}
        save_review(phase=phase, fields=fields, observations=[])
        return client

    return make


@pytest.fixture
def seven(consultant, reviewed):
    for name, gut, outcome in [
        ("Ash", 2, 5),
        ("Birch", 1, 2),
        ("Cedar", -1, 1),
        ("Dogwood", 0, 3),
        ("Elm", 0, 4),
        ("Fir", 1, 3),
        ("Gum", None, 4),
    ]:
        reviewed(consultant, name, gut=gut, outcome=outcome)


# The hand count of `seven` (score at decision from the first gut alone: −1 → 38, 0 or none
# → 50, +1 → 63, +2 → 70; the test checks these before counting with them):
#
#   client   gut  outcome  side  right?
#   Ash      +2   5        +1    yes
#   Birch    +1   2        −1    no
#   Cedar    −1   1        −1    yes
#   Dogwood   0   3         0    yes  (neutral gut, outcome in between)
#   Elm       0   4        +1    no   (neutral gut, good outcome)
#   Fir      +1   3         0    no   (positive gut, outcome in between)
#   Gum       —   4              not counted: no first gut feeling
#   → right for 3 of 6.
#
#   pairs: 7 clients make 21; Elm–Gum (4, 4) and Dogwood–Fir (3, 3) share an outcome → 19.
#   Cedar (38, 1) is below everyone on both: 6 concordant. Then, by the higher-scored side:
#   Dogwood–Ash, Elm–Ash, Gum–Ash, Birch–Ash, Fir–Ash: 5 more. Equal scores (Dogwood, Elm,
#   Gum at 50; Birch, Fir at 63) put neither first; Birch (63, 2) and Fir (63, 3) over
#   Dogwood, Elm, Gum are the wrong way round. → 11 of 19.


def test_it_counts_a_first_impression_right_when_it_has_the_outcomes_side():
    assert stats.gut_was_right(2, 5) and stats.gut_was_right(-1, 2)
    assert stats.gut_was_right(0, 3) and stats.gut_was_right(0, 2.5)
    assert not stats.gut_was_right(0, 4) and not stats.gut_was_right(1, 3.5)
    assert not stats.gut_was_right(1, 2) and not stats.gut_was_right(-2, 4)


def test_it_counts_concordant_pairs_by_hand():
    # (score, outcome): (10, 1)–(20, 2) yes; (10, 1)–(30, 2) yes; (20, 2)–(30, 2) same
    # outcome, not compared; (10, 1)–(10, 5) equal scores, compared, not concordant;
    # (20, 2)–(10, 5) and (30, 2)–(10, 5) the wrong way round.
    pairs = [(10, 1), (20, 2), (30, 2), (10, 5)]
    assert stats.concordance(pairs) == (2, 5)
    assert stats.concordance([]) == (0, 0)
    assert stats.concordance([(50, 3), (60, 3)]) == (0, 0)


def test_the_sentences_match_the_hand_count(seven, consultant):
    report = calibration_for(consultant)

    scores = {client.name: client.decision_score for client, _s, _t in report.score.rows}
    assert scores == {
        "Cedar": 38,
        "Dogwood": 50,
        "Elm": 50,
        "Gum": 50,
        "Birch": 63,
        "Fir": 63,
        "Ash": 70,
    }
    assert (report.gut.right, report.gut.out_of) == (3, 6)
    assert report.gut.lead == "Your first impression was right for 3 of your 6 reviewed clients."
    assert (report.score.right, report.score.out_of) == (11, 19)
    assert report.score.lead == (
        "Your scores at decision put the better client first in 11 of 19 pairs."
    )


def test_the_page_leads_with_the_sentences_and_keeps_rho_behind_details(
    seven, consultant, logged_in
):
    page = logged_in.get(reverse("calibration")).text

    first = page.index("Your first impression was right for 3 of your 6 reviewed clients.")
    assert first < page.index("How this is computed") < page.index("ρ = ")
    assert "put the better client first in 11 of 19 pairs." in page
    details = page[page.index('<details class="calib-how">') :]
    assert details.index("ρ = ") < details.index("</details>")
    assert "LLR = ln(" in page[page.index('id="flags-heading"') :]


def test_it_says_when_there_is_nothing_to_count(consultant, reviewed):
    reviewed(consultant, "Solo", gut=None, outcome=4)

    report = calibration_for(consultant)

    assert report.gut.lead == "No reviewed client has a first gut feeling yet."
    assert report.score.lead.startswith("No two reviewed clients with a decision")


def test_one_client_and_one_pair_are_singular():
    assert stats.impression_sentence(1, 1) == (
        "Your first impression was right for 1 of your 1 reviewed client."
    )
    assert stats.concordance_sentence(1, 1) == (
        "Your scores at decision put the better client first in 1 of 1 pair."
    )


def test_the_command_prints_the_sentences(seven, consultant):
    out = StringIO()
    call_command("calibration", consultant.username, stdout=out)

    assert "Your first impression was right for 3 of your 6 reviewed clients." in out.getvalue()
    assert "put the better client first in 11 of 19 pairs." in out.getvalue()


# French: these pass once the strings of /tmp/fr-words.json are in the catalogue.


def test_the_sentences_speak_french(seven, consultant, logged_in):
    page = logged_in.get(reverse("calibration"), headers={"accept-language": "fr"}).text

    assert "Votre première impression était la bonne pour 3 de vos 6 clients évalués." in page
    assert (
        "Vos scores à la décision ont placé le meilleur client en premier dans 11 paires sur 19."
        in page
    )
    assert "Comment c'est calculé" in page


# Breeds: the field says what it is, each breed what it means ------------------------------


def test_the_client_form_gives_each_breed_its_meaning_before_the_button(logged_in):
    page = logged_in.get(reverse("client_new")).text

    assert "Sales Dogs breed (optional)" in page
    pit_bull = page.index('value="pit_bull"')
    meaning = page.index("Driven and tenacious: pushes hard for results and does not let go.")
    assert pit_bull < meaning < page.index('value="golden_retriever"')
    assert page.index("Blair Singer&#x27;s five kinds of seller") < page.index(
        '<div class="button-row">'
    )
    assert "No breed noted" in page


def test_the_client_form_still_saves_a_breed(logged_in, consultant):
    data = {"name": "Acme", "status": "lead", "breed": "poodle"}

    logged_in.post(reverse("client_new"), data)

    assert Client.objects.get(owner=consultant, name="Acme").breed == "poodle"


def test_the_dashboard_filter_gives_each_breed_its_meaning(logged_in, consultant, catalogue):
    Client.objects.create(owner=consultant, catalogue=catalogue, name="Acme")

    page = logged_in.get(reverse("dashboard")).text

    assert "Sales Dogs breed" in page
    assert "Basset Hound — Patient and steady: slow to commit, loyal for the long haul." in page
