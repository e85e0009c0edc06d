"""The pages `make bench` drives: how to ask for each, warm or cold, and its target.

A warm page asks the same path again and again: what it reuses (rendered rows, the
database's buffers) is reused. A cold page walks a list of paths, each once before any
repeats, so each request asks for a page, or a client, nobody has asked for recently.
Targets are the largest allowed p50 as a multiple of the floor's p50 in the same round
(issue 16); every page runs at most QUERY_LIMIT queries.
"""

import random
from dataclasses import dataclass, field
from urllib.parse import urlencode

from fixture import SEARCH_TERM, Fixture

QUERY_LIMIT = 8
PREVIEW_FLAGS = 3
LOG_OBSERVATIONS = 10
# Cold lists are shuffled, the same way in every run, so that neighbouring pages (which
# share rows with the pages just before and after) are not asked one after the other.
SHUFFLE_SEED = 16


@dataclass
class Scenario:
    """One page to measure: how to ask for it, its kind of round and its target."""

    name: str
    kind: str  # "warm", "cold", or "" for the floor
    method: str
    paths: list[str]
    target: float | None  # the largest allowed p50 as a multiple of the floor's p50
    form: dict = field(default_factory=dict)
    headers: dict = field(default_factory=dict)
    expect: int = 200
    # Where the walk over `paths` goes on at the next drive: cold rounds continue it.
    cursor: int = 0

    @property
    def body(self) -> str:
        """Return the form-encoded request body ("" for a GET)."""
        return urlencode(self.form) if self.method == "POST" else ""


def shuffled(paths: list[str]) -> list[str]:
    """Return `paths` in an order that is the same in every run."""
    random.Random(SHUFFLE_SEED).shuffle(paths)
    return paths


def scenarios(fixture: Fixture) -> list[Scenario]:
    """Return the pages to measure: the floor first, warm then cold reads, the writes last."""
    from django.utils import timezone

    htmx = {"HX-Request": "true"}
    preview_form = {
        f"obs-strength-{pk}": 1 + n % 3 for n, pk in enumerate(fixture.flag_ids[:PREVIEW_FLAGS])
    }
    log_form = {
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "kind": "meeting",
        "notes": "Logged by the benchmark.",
        "gut": "1",
        "questions": "",
        **{
            f"obs-strength-{pk}": 1 + n % 3
            for n, pk in enumerate(fixture.flag_ids[:LOG_OBSERVATIONS])
        },
    }
    dashboard_pages = range(1, fixture.dashboard_pages + 1)
    search_pages = range(1, fixture.search_pages + 1)
    history, typical = fixture.history_pk, fixture.typical_pk
    return [
        Scenario("floor", "", "GET", ["/bench/floor/"], None),
        Scenario("dashboard, by score", "warm", "GET", ["/"], 2),
        Scenario("dashboard, band + search", "warm", "GET", [f"/?band=good&q={SEARCH_TERM}"], 2),
        Scenario("dashboard, page 200", "warm", "GET", ["/?page=200"], 2),
        Scenario("client page, 100 interactions", "warm", "GET", [f"/clients/{history}/"], 3),
        Scenario(
            "preview, 10 interactions",
            "warm",
            "POST",
            [f"/clients/{typical}/preview/"],
            2,
            form=preview_form,
            headers=htmx,
        ),
        Scenario(
            "preview, 100 interactions",
            "warm",
            "POST",
            [f"/clients/{history}/preview/"],
            2,
            form=preview_form,
            headers=htmx,
        ),
        Scenario(
            "dashboard, by score, all pages",
            "cold",
            "GET",
            shuffled([f"/?page={n}" for n in dashboard_pages]),
            2,
        ),
        Scenario(
            "dashboard, by name, all pages",
            "cold",
            "GET",
            shuffled([f"/?sort=name&page={n}" for n in dashboard_pages]),
            2,
        ),
        Scenario(
            "search, many hits, all pages",
            "cold",
            "GET",
            shuffled([f"/?q={SEARCH_TERM}&page={n}" for n in search_pages]),
            2.5,
        ),
        Scenario(
            "client page, 10 interactions, rotating",
            "cold",
            "GET",
            [f"/clients/{pk}/" for pk in fixture.page_client_pks],
            2.5,
        ),
        # Each request logs for another of 400 clients, as the cold reads do.
        Scenario(
            "log interaction, 10 flags",
            "cold",
            "POST",
            [f"/clients/{pk}/log/" for pk in fixture.log_pks],
            2.5,
            form=log_form,
            expect=302,
        ),
    ]
