"""The dashboard's "Today" strip: counts of what needs the consultant, each also a filter."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from clients.actions import profile_for, record_decision
from clients.decisions import reflection_ends_at
from clients.models import Client
from tests.factories import add_phase, ago, log, review

DASHBOARD = reverse("dashboard")


@pytest.fixture
def world(consultant, make_client):
    """One client for each part of the strip, and clients that just miss each of them."""
    profile = profile_for(consultant)
    profile.reflection_hours = 48
    profile.save()
    ready = make_client(consultant, "Ready")
    log(ready, occurred_at=ago(days=3), kind="discovery")
    reflecting = make_client(consultant, "Reflecting")
    log(reflecting, occurred_at=ago(days=1), kind="discovery")
    decided = make_client(consultant, "Decided")
    log(decided, occurred_at=ago(days=5), kind="discovery")
    record_decision(client=decided, kind="accept", now=ago(days=2))
    called_again = make_client(consultant, "Called again")
    record_decision(client=called_again, kind="need_info", now=ago(days=9))
    log(called_again, occurred_at=ago(days=4), kind="discovery")
    due = make_client(consultant, "Due")
    add_phase(due)
    reviewed = make_client(consultant, "Reviewed")
    review(add_phase(reviewed))
    quiet = make_client(consultant, "Quiet")
    log(quiet, occurred_at=ago(days=20), kind="email", questions="Budget?")
    recent = make_client(consultant, "Recent")
    log(recent, occurred_at=ago(days=2), kind="email", questions="Budget?")
    hidden = make_client(consultant, "Archived", archived=True)
    log(hidden, occurred_at=ago(days=20), kind="discovery", questions="Budget?")
    add_phase(hidden)


def strip(page: str) -> dict[str, int]:
    nav = re.search(r'<nav class="today-strip".*?</nav>', page, re.S).group(0)
    return {key: int(n) for key, n in re.findall(r'today-(\w+)[^"]*"><strong>(\d+)', nav)}


def names(page: str) -> list[str]:
    return re.findall(r'<a href="/clients/\d+/">([^<]+)</a>', page)


def test_it_counts_what_needs_me_today(logged_in, world):
    page = logged_in.get(DASHBOARD).text

    assert strip(page) == {
        "calls": 0,
        "overdue": 0,
        "decide": 2,
        "review": 1,
        "checkpoint": 0,
        "quiet": 1,
    }
    assert "decisions ready to take" in page


@pytest.mark.parametrize(
    ("key", "expected"),
    [("decide", ["Called again", "Ready"]), ("review", ["Due"]), ("quiet", ["Quiet"])],
)
def test_each_count_is_a_filter_in_the_url(logged_in, world, key, expected):
    page = logged_in.get(DASHBOARD, {"today": key, "sort": "name"}).text

    assert names(page) == expected
    assert f'aria-current="true" class="today-{key}' in page
    assert f'<input type="hidden" name="today" value="{key}" form="dashboard-filters">' in page


def test_it_filters_in_place_with_htmx(logged_in, world):
    response = logged_in.get(DASHBOARD, {"today": "review"}, headers={"HX-Request": "true"})

    assert response.text.lstrip().startswith('<section id="client-list"')
    assert names(response.text) == ["Due"]
    # The active part's link takes the filter off again.
    assert 'href="?"' in response.text


def test_an_unknown_part_shows_every_client(logged_in, world):
    page = logged_in.get(DASHBOARD, {"today": "<script>"}).text

    assert len(names(page)) == 8
    assert "aria-current" not in page.split('<nav class="today-strip"')[1].split("</nav>")[0]


def test_the_strip_speaks_french(logged_in, world):
    page = logged_in.get(DASHBOARD, headers={"accept-language": "fr"}).text

    assert "décisions prêtes à prendre" in page


def test_ready_to_decide_agrees_with_the_reflection_period_of_each_client(logged_in, world):
    page = logged_in.get(DASHBOARD, {"today": "decide"}).text
    now = timezone.now()

    def ready(client) -> bool:
        # A decision is ready after a discovery call: emails and meetings alone (whose
        # reflection period runs from the first of them) are no call to decide on.
        # No period once accepted or declined: nothing is left to decide then.
        ends_at = reflection_ends_at(client)
        last = client.interactions.filter(kind="discovery").order_by("-occurred_at").first()
        decided = last and client.decisions.filter(decided_at__gte=last.occurred_at).exists()
        return last is not None and ends_at is not None and ends_at <= now and not decided

    expected = sorted(c.name for c in Client.objects.filter(archived=False) if ready(c))
    assert sorted(names(page)) == expected
