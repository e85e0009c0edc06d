"""Calibration: outcomes against first impressions, scores at decision and flags."""

import io
import math
from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clients.actions import ObservationInput, log_interaction, record_decision, save_review
from clients.calibration import stats
from clients.calibration.report import calibration_for
from clients.catalogues.actions import copy_catalogue, move_clients
from clients.models import RATING_FIELDS, Client, Flag, FlagCatalogue, Phase, Project
from clients.score.scores import evidence_for

T0 = timezone.now().replace(microsecond=0) - timedelta(days=400)
GREEN = "communicates-clearly"  # weight 3 in the default catalogue
RED = "emotionally-reactive"  # weight 3


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # These tests create several consultants; hashing each password properly takes a second.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def reviewed(catalogue):
    """Return a maker of a client with a discovery call, a decision and phase reviews."""

    def make(
        owner,
        name,
        *,
        gut=None,
        satisfaction=(3,),
        flags=(),
        decision="accept",
        goal="",
        learned="",
        breed="",
        archived=False,
        flags_after_decision=(),
    ):
        client = Client.objects.create(
            owner=owner, catalogue=catalogue, name=name, breed=breed, archived=archived
        )
        seen = [ObservationInput(catalogue.flags.get(key=key), 2) for key in flags]
        fields = {"occurred_at": T0, "kind": "discovery", "gut": gut}
        log_interaction(client=client, fields=fields, observations=seen)
        if decision:
            record_decision(client=client, kind=decision, learning_goal=goal, now=T0 + timedelta(2))
        if flags_after_decision:
            later = [ObservationInput(catalogue.flags.get(key=k), 2) for k in flags_after_decision]
            fields = {"occurred_at": T0 + timedelta(5), "kind": "meeting"}
            log_interaction(client=client, fields=fields, observations=later)
        project = Project.objects.create(client=client, name="Work")
        for number, rating in enumerate(satisfaction, start=1):
            start = date(2024, number, 1)
            phase = Phase.objects.create(
                project=project, name=f"Phase {number}", starts_on=start, ends_on=start
            )
            fields = dict.fromkeys(RATING_FIELDS, rating)
            fields |= {
                "would_work_again": rating >= 3,
                "learned": learned,
                "reviewed_at": T0 + timedelta(30 * number),
            }
            save_review(phase=phase, fields=fields, observations=[])
        return client

    return make


def weight(catalogue, key):
    return Flag.objects.get(catalogue=catalogue, key=key).weight


# Spearman's ρ ---------------------------------------------------------------------------


def test_it_gives_tied_values_their_average_rank():
    assert stats.average_ranks([10, 20, 20, 30]) == [1, 2.5, 2.5, 4]
    assert stats.average_ranks([3, 3, 3]) == [2, 2, 2]


def test_it_finds_rho_one_for_a_perfectly_monotone_set():
    assert stats.spearman([1, 2, 3, 4, 5], [2, 4, 8, 16, 32]) == pytest.approx(1)
    assert stats.spearman([-2, -1, 0, 1, 2], [1, 1.5, 3, 4.5, 5]) == pytest.approx(1)


def test_it_finds_rho_minus_one_for_a_reversed_set():
    assert stats.spearman([1, 2, 3, 4, 5], [50, 40, 30, 20, 10]) == pytest.approx(-1)


def test_it_handles_ties_like_by_hand():
    # x ranks: 1, 2.5, 2.5, 4, 5; y ranks: 1, 3, 2, 4, 5; both centred on 3:
    # dx = −2, −0.5, −0.5, 1, 2; dy = −2, 0, −1, 1, 2
    # Σdx·dy = 4 + 0 + 0.5 + 1 + 4 = 9.5; Σdx² = 9.5; Σdy² = 10
    # ρ = 9.5 / √(9.5 · 10) = √0.95 = 0.974679…
    rho = stats.spearman([1, 2, 2, 3, 4], [1, 3, 2, 4, 5])
    assert rho == pytest.approx(math.sqrt(0.95))
    assert round(rho, 4) == 0.9747


def test_it_has_no_rho_when_nothing_can_be_ranked():
    assert stats.spearman([1, 1, 1, 1, 1], [1, 2, 3, 4, 5]) is None
    assert stats.spearman([1], [2]) is None


def test_it_words_the_verdict_by_strength_and_sign():
    assert "fairly well" in stats.correlation_sentence("gut", 0.62, 14)
    assert "(ρ = 0.62, 14 clients)" in stats.correlation_sentence("gut", 0.62, 14)
    assert "(ρ = 0.63, 9 clients)" in stats.correlation_sentence("gut", 0.625, 9)  # half up
    assert "matched outcomes well" in stats.correlation_sentence("gut", 0.75, 8)
    assert "hardly" in stats.correlation_sentence("score", -0.1, 8)
    opposite = stats.correlation_sentence("gut", -0.45, 9)
    assert "opposite way" in opposite and "ρ = −0.45, 9 clients" in opposite


@pytest.mark.parametrize(
    ("ratings", "rho", "word"), [((1, 2, 3, 4, 5), 1, "well"), ((5, 4, 3, 2, 1), -1, "opposite")]
)
def test_it_correlates_first_gut_with_outcomes(consultant, reviewed, ratings, rho, word):
    for gut, rating in zip((-2, -1, 0, 1, 2), ratings, strict=True):
        reviewed(consultant, f"Client {gut}", gut=gut, satisfaction=(rating,))
    report = calibration_for(consultant)
    assert report.gut.rho == pytest.approx(rho)
    assert report.gut.count == 5
    assert word in report.gut.sentence and "5 clients" in report.gut.sentence
    assert len(report.gut.chart.dots) == 5
    # Without flags, the score at decision follows the gut: same ranks.
    assert report.score.rho == pytest.approx(rho)


def test_it_draws_no_correlation_below_five_clients(logged_in, consultant, reviewed):
    for gut in (-1, 0, 1, 2):
        reviewed(consultant, f"Client {gut}", gut=gut, satisfaction=(gut + 3,))
    report = calibration_for(consultant)
    assert report.gut.rho is None and report.gut.chart is None
    assert report.gut.sentence == (
        "Not enough to say yet: 1 more reviewed client with a first gut feeling is needed "
        "before a correlation means anything (4 of 5 so far)."
    )
    response = logged_in.get(reverse("calibration"))
    assert "calib-scatter" not in response.text
    assert "1 more reviewed client with a first gut feeling" in response.text


def test_it_uses_the_mean_satisfaction_and_the_first_real_decision(consultant, reviewed):
    client = reviewed(consultant, "Mixed", gut=1, satisfaction=(5, 2), decision="need_info")
    record_decision(client=client, kind="decline", now=T0 + timedelta(3))
    (row,) = calibration_for(consultant).clients
    assert row.outcome == 3.5 and row.verdict is None
    assert row.decision_kind == "decline"  # need_info is not a decision about fit


# Flags and suggested weights ------------------------------------------------------------


def test_it_suggests_weights_from_outcomes(consultant, reviewed, catalogue):
    for number in range(3):
        reviewed(consultant, f"Bad {number}", satisfaction=(1,), flags=(GREEN, RED))
    for number in range(2):
        reviewed(consultant, f"Good {number}", satisfaction=(5,))
    rows = {row.flag.key: row for row in calibration_for(consultant).flags}
    green, red = rows[GREEN], rows[RED]
    assert (green.seen, green.seen_mean, green.unseen, green.unseen_mean) == (3, 1, 2, 5)
    assert (green.good_with, green.bad_with) == (0, 3)
    # LLR = ln((1/4) / (4/5)) = −1.163; green raw = 3 − 1.5·1.163 = 1.255,
    # shrunk: 3 + (1.255 − 3)·3/8 = 2.35 → 2; red raw = 4.745 → 3 + 1.745·3/8 = 3.65 → 4
    assert green.llr == pytest.approx(math.log(0.3125))
    assert green.suggested == 2 < weight(catalogue, GREEN)
    assert red.suggested == 4 > weight(catalogue, RED)
    assert "is a green flag, yet it came with bad outcomes" in green.contradiction
    assert red.contradiction == ""
    unseen = rows["sense-of-humour"]
    assert unseen.seen == 0 and unseen.suggested == unseen.flag.weight


def test_it_keeps_the_weight_when_a_flag_was_never_seen():
    llr = stats.flag_llr(good_with=0, good_total=9, bad_with=0, bad_total=1)
    assert stats.suggest_weight(polarity="green", current=4, llr=llr, seen=0) == 4


def test_it_counts_only_flags_seen_before_the_decision(consultant, reviewed):
    reviewed(consultant, "Late", satisfaction=(1,), flags=(RED,), flags_after_decision=(GREEN,))
    rows = {row.flag.key: row for row in calibration_for(consultant).flags}
    assert rows[RED].seen == 1
    assert rows[GREEN].seen == 0


# Applying suggestions -------------------------------------------------------------------


@pytest.fixture
def bad_green_flag(consultant, other_consultant, reviewed):
    """Five clients where the green flag came only with bad outcomes, one for someone else."""
    for number in range(3):
        reviewed(consultant, f"Bad {number}", gut=1, satisfaction=(1,), flags=(GREEN, RED))
    for number in range(2):
        reviewed(consultant, f"Good {number}", gut=-1, satisfaction=(5,), flags=(RED,))
    return reviewed(other_consultant, "Theirs", gut=2, satisfaction=(2,), flags=(GREEN,))


def proposal(consultant):
    return sorted(f"{row.flag.pk}:{row.suggested}" for row in calibration_for(consultant).changes)


@pytest.fixture
def own(consultant, catalogue, bad_green_flag):
    """The consultant's own catalogue, with their clients moved onto it."""
    own = copy_catalogue(user=consultant, source=catalogue, name="Mine")
    move_clients(user=consultant, catalogue=own, dry_run=False)
    return own


def test_it_applies_suggested_weights_to_my_own_catalogue(
    logged_in, consultant, catalogue, own, bad_green_flag
):
    before = {c.pk: c.score for c in Client.objects.all()}
    tokens = proposal(consultant)
    assert tokens
    assert reverse("calibration_apply") in logged_in.get(reverse("calibration")).text

    confirming = logged_in.post(reverse("calibration_apply"))
    assert confirming.status_code == 200
    assert "Apply the suggested weights?" in confirming.text
    assert weight(own, GREEN) == 3  # nothing changed yet

    data = {"confirm": "yes", "catalogue": own.pk, "weight": tokens}
    response = logged_in.post(reverse("calibration_apply"), data)
    assert response.status_code == 302
    assert weight(own, GREEN) == 2
    assert weight(catalogue, GREEN) == 3  # the shared catalogue changes only in the admin
    for client in Client.objects.all():
        assert client.score == evidence_for(client).fit().score
    # Another consultant's scores do not move.
    assert Client.objects.get(pk=bad_green_flag.pk).score == before[bad_green_flag.pk]
    assert calibration_for(consultant).changes == ()


def test_it_applies_nothing_when_the_suggestions_moved(logged_in, consultant, own):
    data = {"confirm": "yes", "catalogue": own.pk, "weight": ["1:5"]}
    response = logged_in.post(reverse("calibration_apply"), data)
    assert response.status_code == 409
    assert weight(own, GREEN) == 3


def test_it_applies_nothing_to_a_shared_catalogue(logged_in, consultant, catalogue, bad_green_flag):
    consultant.is_staff = True  # staff too: shared catalogues change only in the admin
    consultant.save()
    data = {"confirm": "yes", "catalogue": catalogue.pk, "weight": proposal(consultant)}
    assert logged_in.post(reverse("calibration_apply"), data).status_code == 302
    assert weight(catalogue, GREEN) == 3
    page = logged_in.get(reverse("calibration")).text
    assert "calibration/apply/" not in page
    assert "Make your own catalogue to apply these suggestions to it." in page


def test_it_pools_english_and_french_clients_by_key(consultant, reviewed):
    french = FlagCatalogue.objects.get(language="fr")
    reviewed(consultant, "Bad 0", satisfaction=(1,), flags=(GREEN,))
    # The first client moves onto the French catalogue: its flag is the same flag there.
    move_clients(user=consultant, catalogue=french, dry_run=False)
    for number in (1, 2):
        reviewed(consultant, f"Bad {number}", satisfaction=(1,), flags=(GREEN,))
    rows = {row.flag.key: row for row in calibration_for(consultant).flags}
    assert rows[GREEN].seen == 3
    assert Client.objects.filter(catalogue=french).count() == 1


# Ownership, the page, queries, the command ----------------------------------------------


def test_it_never_counts_another_consultants_clients(
    logged_in, consultant, other_consultant, reviewed
):
    for number in range(5):
        reviewed(other_consultant, f"Theirs {number}", gut=2, satisfaction=(5,), flags=(GREEN,))
    reviewed(consultant, "Mine", gut=-1, satisfaction=(2,), breed="poodle", archived=True)
    report = calibration_for(consultant)
    assert [c.name for c in report.clients] == ["Mine"]  # archived clients count too
    assert report.gut.count == 1
    assert all(row.seen == 0 for row in report.flags)
    assert [row.count for row in report.breeds if row.breed == "poodle"] == [1]
    assert "Theirs" not in logged_in.get(reverse("calibration")).text


def test_it_renders_the_page_without_data(logged_in):
    response = logged_in.get(reverse("calibration"))
    assert response.status_code == 200
    assert "No reviewed client yet" in response.text


def test_it_renders_the_page_with_data(logged_in, consultant, reviewed):
    for gut in (-2, -1, 0, 1, 2):
        reviewed(
            consultant,
            f"Client {gut}",
            gut=gut,
            satisfaction=(gut + 3,),
            flags=(GREEN,) if gut > 0 else (RED,),
            decision="stretch" if gut == 2 else "accept",
            goal="Run a workshop",
            learned="Workshops need a co-host",
        )
    response = logged_in.get(reverse("calibration"))
    assert response.status_code == 200
    assert response.text.count('class="calib-scatter"') == 2
    assert "Your first impressions have matched outcomes well so far (ρ = 1.00, 5 clients)." in (
        response.text
    )
    assert "Run a workshop" in response.text and "Workshops need a co-host" in response.text
    assert 'aria-current="page">Calibration' in response.text


def test_it_loads_in_a_constant_number_of_queries(client, make_user, reviewed):
    counts = []
    for size in (5, 25):
        owner = make_user(f"owner{size}")
        for number in range(size):
            reviewed(
                owner,
                f"C{number}",
                gut=number % 5 - 2,
                satisfaction=(number % 5 + 1, 3),
                flags=(GREEN,) if number % 2 else (RED,),
                decision="stretch" if number % 3 else "accept",
                goal="Something new",
            )
        client.force_login(owner)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("calibration")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_it_prints_the_figures(consultant, reviewed):
    for gut in (-2, -1, 0, 1, 2):
        reviewed(consultant, f"Client {gut}", gut=gut, satisfaction=(gut + 3,), flags=(RED,))
    out = io.StringIO()
    call_command("calibration", "ada", stdout=out)
    text = out.getvalue()
    assert "Your first impressions have matched outcomes well so far (ρ = 1.00, 5 clients)." in text
    assert "Band at decision vs outcome" in text
    assert "Emotionally reactive" in text or "emotionally" in text.lower()
    assert "LLR = ln(" in text
    assert "Outcomes by Sales Dogs breed" in text


def test_it_refuses_an_unknown_consultant(db):
    with pytest.raises(CommandError):
        call_command("calibration", "nobody", stdout=io.StringIO())
