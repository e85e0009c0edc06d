"""The dashboard's filters, sort and pages update in place and keep their state in the URL."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from clients.models import Client, ClientStatus, Flag, FlagCatalogue, Interaction, Observation
from clients.score.scores import refresh_scores

pytestmark = pytest.mark.browser

GOOD, UNCLEAR, POOR = 27, 4, 4
PAGE_SIZE = 25
MARKER = "window.__marker"


def make_portfolio(owner):
    """Create 35 scored clients: 27 good fits of different scores, 4 unclear, 4 poor.

    Good fits get a gut feeling of +2 and 0–3 "communicates clearly" hints, so sorting by
    score and by name give different orders.
    """
    catalogue = FlagCatalogue.objects.get(is_default=True)
    flag = Flag.objects.get(catalogue=catalogue, key="communicates-clearly")
    statuses = ClientStatus.values
    specs = (
        [(f"Good {n:02d}", 2, n % 4) for n in range(1, GOOD + 1)]
        + [(f"Unclear {n}", 0, 0) for n in range(1, UNCLEAR + 1)]
        + [(f"Poor {n}", -2, 0) for n in range(1, POOR + 1)]
    )
    clients = Client.objects.bulk_create(
        Client(owner=owner, catalogue=catalogue, name=name, status=statuses[n % len(statuses)])
        for n, (name, _gut, _hints) in enumerate(specs)
    )
    now = timezone.now()
    interactions = Interaction.objects.bulk_create(
        Interaction(
            client=client,
            occurred_at=now - timezone.timedelta(days=n),
            kind=Interaction.Kind.DISCOVERY,
            gut=gut,
        )
        for n, (client, (_name, gut, _hints)) in enumerate(zip(clients, specs, strict=True))
    )
    Observation.objects.bulk_create(
        Observation(interaction=interaction, flag=flag, strength=hints)
        for interaction, (_name, _gut, hints) in zip(interactions, specs, strict=True)
        if hints
    )
    refresh_scores(Client.objects.filter(owner=owner))
    good = Client.objects.filter(owner=owner, band="good")
    assert good.count() == GOOD
    assert Client.objects.filter(owner=owner, band="poor").count() == POOR
    return good


def row_names(page):
    return page.locator("#client-list tbody tr th a").all_inner_texts()


def rows(page):
    return page.locator("#client-list tbody tr")


def open_dashboard(page, owner):
    """Create the portfolio and show the dashboard; return the good fits in both orders."""
    good = make_portfolio(owner)
    by_score = [c.name for c in good.order_by("-score", "name", "pk")][:PAGE_SIZE]
    by_name = [c.name for c in good.order_by("name", "pk")][:PAGE_SIZE]
    assert by_score[0] != by_name[0]
    page.reload()
    expect(page.locator("#client-list .result-count")).to_have_text(
        f"{GOOD + UNCLEAR + POOR} clients"
    )
    return by_score, by_name


def filter_good_then_sort_by_name(page, by_score, by_name):
    """Choose "Good fit", then sort by name, checking each list swaps in place."""
    page.evaluate(f"{MARKER} = 'same document'")
    page.get_by_label("Fit", exact=True).select_option(label="Good fit")
    expect(page).to_have_url(re.compile(r"[?&]band=good(&|$)"))
    expect(page.locator("#client-list .result-count")).to_have_text(f"{GOOD} clients")
    expect(page.locator("#client-list tbody .band")).to_have_text(["good fit"] * PAGE_SIZE)
    expect(rows(page).first).to_contain_text(by_score[0])
    assert row_names(page) == by_score
    assert page.evaluate(MARKER) == "same document", "filtering reloaded the page"

    page.get_by_label("Sort by").select_option(label="Name")
    expect(page).to_have_url(re.compile(r"[?&]sort=name(&|$)"))
    expect(page).to_have_url(re.compile(r"[?&]band=good(&|$)"))
    expect(rows(page).first).to_contain_text(by_name[0])
    assert row_names(page) == by_name
    assert page.evaluate(MARKER) == "same document", "sorting reloaded the page"


def test_dashboard_filters_and_sort_in_place_survive_reload_and_page(
    live_server, logged_in_page, consultant
):
    page = logged_in_page
    by_score, by_name = open_dashboard(page, consultant)
    filter_good_then_sort_by_name(page, by_score, by_name)

    # Reload: the URL alone gives the same page and the same controls.
    page.reload()
    expect(page.get_by_label("Fit", exact=True)).to_have_value("good")
    expect(page.get_by_label("Sort by")).to_have_value("name")
    expect(page.locator("#client-list .result-count")).to_have_text(f"{GOOD} clients")
    assert row_names(page) == by_name

    # Next page: still filtered and sorted, still in place.
    page.evaluate(f"{MARKER} = 'same document'")
    pages = page.get_by_role("navigation", name="Pages")
    expect(pages).to_contain_text("Page 1 of 2")
    pages.get_by_role("link", name="Next").click()
    expect(page).to_have_url(re.compile(r"[?&]page=2(&|$)"))
    expect(page).to_have_url(re.compile(r"[?&]band=good(&|$)"))
    expect(page).to_have_url(re.compile(r"[?&]sort=name(&|$)"))
    expect(pages).to_contain_text("Page 2 of 2")
    expect(page.locator("#client-list tbody .band")).to_have_text(["good fit"] * (GOOD - PAGE_SIZE))
    assert page.evaluate(MARKER) == "same document", "paging reloaded the page"
    expect(pages.get_by_role("link", name="Previous")).to_be_visible()


def test_back_button_restores_the_list_and_its_filter_controls(
    live_server, logged_in_page, consultant
):
    page = logged_in_page
    by_score, by_name = open_dashboard(page, consultant)
    filter_good_then_sort_by_name(page, by_score, by_name)

    page.go_back()
    expect(page).not_to_have_url(re.compile(r"sort=name"))
    expect(page).to_have_url(re.compile(r"[?&]band=good(&|$)"))
    expect(rows(page).first).to_contain_text(by_score[0])
    assert row_names(page) == by_score
    expect(page.get_by_label("Sort by")).to_have_value("score")
    expect(page.get_by_label("Fit", exact=True)).to_have_value("good", timeout=1000)


def test_back_from_a_client_returns_to_the_filtered_dashboard(
    live_server, logged_in_page, consultant
):
    page = logged_in_page
    by_score, by_name = open_dashboard(page, consultant)
    filter_good_then_sort_by_name(page, by_score, by_name)

    rows(page).first.locator("a").first.click()
    expect(page.get_by_role("heading", name=by_name[0])).to_be_visible()
    page.go_back()
    expect(page).to_have_url(re.compile(r"[?&]sort=name(&|$)"))
    expect(page.get_by_role("navigation", name="Main")).to_be_visible(timeout=1000)
    expect(page.get_by_role("search")).to_be_visible(timeout=1000)
    expect(page.locator("#client-list .result-count")).to_have_text(f"{GOOD} clients")
    assert row_names(page) == by_name
