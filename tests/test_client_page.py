"""The client page: the score and why, the trend, archiving, editing without overwriting."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.html import escape

from clients.actions import profile_for, record_decision
from clients.dates import LocalDates
from clients.models import Client, Interaction
from clients.score.scores import evidence_for
from tests.factories import (
    add_phase,
    ago,
    log,
    review,
)


def detail(client) -> str:
    return reverse("client_detail", args=[client.pk])


@pytest.fixture
def acme(consultant, make_client):
    """Return a client with a few flags over two interactions and a reviewed phase."""
    client = make_client(consultant, "Acme", organisation="Acme Corp")
    log(client, occurred_at=ago(days=20), kind="discovery", gut=1, flags=[("win-win", 3)])
    log(client, occurred_at=ago(days=10), flags=[("crosses-boundaries", 2), ("win-win", 1)])
    review(add_phase(client), satisfaction=3, flags=[("communicates-clearly", 2)])
    return Client.objects.get(pk=client.pk)


def test_it_shows_the_score_its_interval_and_band(logged_in, acme):
    fit = evidence_for(acme).fit()

    response = logged_in.get(detail(acme))

    assert f'<span class="score-number">{fit.score}</span>' in response.text
    assert f"80 % likely between {fit.low} and {fit.high}" in response.text
    words = {"good": "good fit", "poor": "poor fit", "unclear": "unclear"}
    assert f'<span class="band band-{fit.band}">{words[fit.band]}</span>' in response.text


@pytest.mark.parametrize(
    ("flags", "band_word"),
    [
        ([("win-win", 3), ("communicates-clearly", 3), ("we-attitude", 3)], "good fit"),
        ([("crosses-boundaries", 3), ("emotionally-reactive", 3)], "poor fit"),
        ([], "unclear"),
    ],
)
def test_it_says_the_band_in_words(logged_in, consultant, make_client, flags, band_word):
    client = make_client(consultant)
    log(client, flags=flags)

    response = logged_in.get(detail(client))

    assert re.search(rf'<span class="band band-\w+">{band_word}</span>', response.text)


def test_it_explains_each_flag_in_one_sentence(logged_in, acme):
    fit = evidence_for(acme).fit()

    response = logged_in.get(detail(acme))

    assert len(fit.contributions) == 3
    for contribution in fit.contributions:
        assert escape(contribution.sentence()) in response.text
    assert "Respect &amp; boundaries" in response.text  # the category breakdown


def test_it_says_when_no_flag_was_noted(logged_in, consultant, make_client):
    client = make_client(consultant)
    log(client, gut=2)

    response = logged_in.get(detail(client))

    assert "No flags noted yet." in response.text
    assert '<ul class="explanations">' not in response.text


def test_it_draws_the_trend_and_gives_it_as_a_table(logged_in, acme):
    trend = evidence_for(acme).trend()

    response = logged_in.get(detail(acme))

    assert '<svg class="trend-chart"' in response.text
    assert response.text.count('<circle class="score-point') == len(trend) == 3
    table = response.text.split('<table class="trend-table">')[1].split("</table>")[0]
    rows = re.findall(
        r"<tr><td>[^<]*</td><td>([^<]*)</td><td>(\d+)</td><td>(\d+)–(\d+)</td>", table
    )
    after = {"interaction": "interaction", "review": "phase review"}
    assert rows == [
        (after[point.source], str(point.score), str(point.low), str(point.high)) for point in trend
    ]
    assert [source for source, *_ in rows] == ["interaction", "interaction", "phase review"]
    assert "Discovery sprint: satisfaction 3/5" in response.text


def test_it_redraws_the_trend_as_soon_as_the_evidence_changes(logged_in, acme):
    # Nothing drawn is kept between requests: a new interaction or phase shows at once.
    logged_in.get(detail(acme))
    log(acme, occurred_at=ago(days=1), flags=[("crosses-boundaries", 3)])
    add_phase(acme, name="Build")

    response = logged_in.get(detail(acme))

    trend = evidence_for(acme).trend()
    assert response.text.count('<circle class="score-point') == len(trend) == 4
    assert f"<td>{trend[-1].score}</td>" in response.text.split('<table class="trend-table">')[1]
    # The new phase is a labelled band of the chart, its dates in its title.
    assert ">Build</text>" in response.text
    assert re.search(r"<title>Build: [^<]+ – [^<]+</title>", response.text)


def test_it_has_no_chart_before_the_first_interaction(logged_in, consultant, make_client):
    client = make_client(consultant)

    response = logged_in.get(detail(client))

    assert response.status_code == 200
    assert "The trend appears after your first interaction." in response.text
    assert '<svg class="trend-chart"' not in response.text


def test_it_shows_the_timeline_with_its_flags_and_evidence(logged_in, consultant, make_client):
    client = make_client(consultant)
    log(client, notes="Talked budget.", flags=[("win-win", 2, "Let's both win")])

    response = logged_in.get(detail(client))

    assert "Talked budget." in response.text
    assert "Win-win mindset" in response.text
    assert "Let&#x27;s both win" in response.text


@pytest.mark.parametrize(
    ("method", "name"),
    [
        ("get", "client_detail"),
        ("get", "client_edit"),
        ("post", "client_edit"),
        ("post", "client_archive"),
    ],
)
def test_it_hides_another_consultants_client(
    logged_in, other_consultant, make_client, method, name
):
    theirs = make_client(other_consultant, "Theirs", contact="secret@example.com")

    response = getattr(logged_in, method)(
        reverse(name, args=[theirs.pk]), {"name": "Hijacked", "status": "lead", "version": 1}
    )

    assert response.status_code == 404
    theirs_now = Client.objects.get(pk=theirs.pk)
    assert (theirs_now.name, theirs_now.archived, theirs_now.version) == ("Theirs", False, 1)


def test_it_archives_and_restores_a_client(logged_in, consultant, make_client):
    client = make_client(consultant, "Acme")
    url = reverse("client_archive", args=[client.pk])

    archived = logged_in.post(url, follow=True)
    client.refresh_from_db()
    assert client.archived
    assert "Acme archived: hidden from your list, nothing deleted." in archived.text
    assert "Restore from archive" in archived.text
    assert "Acme" not in logged_in.get(reverse("dashboard")).text.split('id="client-list"')[1]

    restored = logged_in.post(url, follow=True)
    client.refresh_from_db()
    assert not client.archived
    assert "Acme is back in your list." in restored.text


def test_it_archives_only_by_post(logged_in, consultant, make_client):
    client = make_client(consultant, "Acme")

    response = logged_in.get(reverse("client_archive", args=[client.pk]))

    assert response.status_code == 405
    client.refresh_from_db()
    assert not client.archived


def edit_data(**changes) -> dict:
    data = {"name": "Acme", "organisation": "", "contact": "", "source": "", "status": "lead"}
    return data | {"breed": "", "version": 1} | changes


def test_it_saves_the_edited_details(logged_in, consultant, make_client):
    client = make_client(consultant, "Acme")

    response = logged_in.post(
        reverse("client_edit", args=[client.pk]),
        edit_data(name="Acme Ltd", breed="poodle", contact="ceo@acme.test"),
    )

    assert response.status_code == 302
    client.refresh_from_db()
    assert (client.name, client.breed, client.contact, client.version) == (
        "Acme Ltd",
        "poodle",
        "ceo@acme.test",
        2,
    )


def test_it_refuses_an_edit_made_on_a_stale_version(logged_in, consultant, make_client):
    client = make_client(consultant, "Acme")
    url = reverse("client_edit", args=[client.pk])
    logged_in.post(url, edit_data(name="Saved in another tab", version=1))

    response = logged_in.post(url, edit_data(name="Stale tab", version=1))

    assert response.status_code == 409
    assert "This was changed elsewhere" in response.text
    assert "Saved in another tab" in response.text  # the saved version, shown
    assert 'name="version" value="2"' in response.text  # saving again keeps mine
    client.refresh_from_db()
    assert (client.name, client.version) == ("Saved in another tab", 2)


def test_it_saves_again_after_a_conflict_with_the_new_version(logged_in, consultant, make_client):
    client = make_client(consultant, "Acme")
    url = reverse("client_edit", args=[client.pk])
    logged_in.post(url, edit_data(name="Saved in another tab", version=1))
    logged_in.post(url, edit_data(name="Mine", version=1))

    response = logged_in.post(url, edit_data(name="Mine", version=2))

    assert response.status_code == 302
    client.refresh_from_db()
    assert client.name == "Mine"


def test_it_keeps_the_score_when_details_are_edited(logged_in, consultant, make_client):
    client = make_client(consultant, "Acme")
    log(client, flags=[("crosses-boundaries", 3)])
    before = Client.objects.get(pk=client.pk).score

    logged_in.post(reverse("client_edit", args=[client.pk]), edit_data(name="Acme Ltd"))

    client.refresh_from_db()
    assert client.name == "Acme Ltd"
    assert client.score == before < 50


def test_it_keeps_the_edit_page_of_the_client_on_a_conflict(logged_in, consultant, make_client):
    acme = make_client(consultant, "Acme")
    Client.objects.filter(pk=acme.pk).update(version=2)

    response = logged_in.post(
        reverse("client_edit", args=[acme.pk]), {"name": "Acme 2", "status": "lead", "version": 1}
    )

    assert response.status_code == 409
    assert "Edit Acme" in response.text
    assert Client.objects.get(pk=acme.pk).name == "Acme"


def test_it_shows_the_latest_entries_of_a_long_history_and_the_rest_on_request(
    logged_in, consultant, make_client
):
    acme = make_client(consultant, "Acme")
    for day in range(25):
        Interaction.objects.create(
            client=acme, occurred_at=timezone.now() - timedelta(days=day), notes=f"Call {day}"
        )
    url = reverse("client_detail", args=[acme.pk])

    recent = logged_in.get(url).text
    everything = logged_in.get(url + "?timeline=all").text

    assert "<p>Call 19</p>" in recent
    assert "<p>Call 20</p>" not in recent
    assert "Show the whole timeline (25 entries)" in recent
    assert "<p>Call 24</p>" in everything


def test_it_shows_the_latest_decision_first_and_the_earlier_ones_below(
    logged_in, consultant, make_client
):
    client = make_client(consultant)
    log(client, occurred_at=ago(days=3), kind="discovery")
    record_decision(client=client, kind="need_info", reason="Budget unclear", now=ago(days=2))
    record_decision(client=client, kind="decline", reason="No budget", now=ago(days=1))

    page = logged_in.get(detail(client)).text

    assert "Declined on " in page and "Why: No budget" in page
    earlier = page.split("<summary>Earlier decisions</summary>")[1].split("</details>")[0]
    assert "Need more info — " in earlier and "Budget unclear" in earlier
    assert "No budget" not in earlier


@pytest.mark.parametrize(("hours", "reflecting"), [(None, False), (48, True)])
def test_it_reflects_for_the_consultants_own_period(
    logged_in, consultant, make_client, hours, reflecting
):
    if hours is not None:
        profile = profile_for(consultant)
        profile.reflection_hours = hours
        profile.save()
    client = make_client(consultant)
    log(client, occurred_at=ago(hours=30), kind="discovery")  # the default is 24 hours

    page = logged_in.get(detail(client)).text

    assert ("Reflect until" in page) is reflecting


def test_it_escapes_what_the_consultant_wrote_in_the_timeline(logged_in, consultant, make_client):
    client = make_client(consultant)
    log(
        client,
        notes="<b>Bold</b> & co",
        questions="<i>Who</i> signs?",
        flags=[("win-win", 2, '<script>alert("x")</script>')],
    )
    phase = add_phase(client, name="<em>Build</em>")
    review(phase, learned="<u>Scope</u> first", would_work_again=False)

    page = logged_in.get(detail(client)).text

    for raw in ("<script>alert", "<b>Bold</b>", "<i>Who</i>", "<em>Build</em>", "<u>Scope</u>"):
        assert raw not in page
    assert "<q>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</q>" in page
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; co" in page
    assert "<li>&lt;i&gt;Who&lt;/i&gt; signs?</li>" in page
    assert "Review of &lt;em&gt;Build&lt;/em&gt; · " in page
    assert "Satisfaction 4/5 · would not work with them again" in page
    assert "<strong>Learned:</strong> &lt;u&gt;Scope&lt;/u&gt; first" in page


@pytest.mark.parametrize("language", ["en", "fr"])
def test_it_writes_dates_as_django_does(language):
    names = ["DATE_FORMAT", "DATETIME_FORMAT", "SHORT_DATE_FORMAT", "SHORT_DATETIME_FORMAT", "c"]
    moments = [
        datetime(2026, month, 1 + month, 2 * month - 1, 4 * month, tzinfo=UTC)
        for month in range(1, 13)
    ]

    with translation.override(language):
        dates = LocalDates(*names)
        for moment in moments:
            local = timezone.localtime(moment)
            assert dates(moment) == [formats.date_format(local, name) for name in names]
