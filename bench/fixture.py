"""The data `make bench` measures: seeded once per run on a scratch database, and timed.

The bench consultant has 10,000 synthetic clients (seed_demo, about 10 interactions each);
a second consultant has 100 (so every query must filter by owner); one client of the bench
consultant has 100 interactions, three phases and two reviews. The pages then ask for:
the first 400 clients (the logging round writes to them), 200 others with exactly 10
interactions (the client page's cold round), every page of the dashboard, and every page
of a search that about one client in ten matches.

`--fixture crowd` (issue 24) seeds instead 1,000 consultants with 50 clients each, the bench
consultant among them (the same synthetic clients, so the same proportions of interactions,
reviews, questions and observations; each consultant's clients spread over the whole table,
as when many consultants add clients day after day), then the client with 100 interactions.
"""

import math
from dataclasses import dataclass

import common

OWNER = "bench"
OTHER_OWNER = "bench-other"
OTHER_CLIENTS = 100
HISTORY_INTERACTIONS = 100
OBSERVATIONS_PER_SOURCE = 5
# Logging spreads over this many clients, so no client's history grows much during the run.
LOG_CLIENTS = 400
# The client page's cold round: this many clients with this many interactions each.
PAGE_CLIENTS = 200
PAGE_CLIENT_INTERACTIONS = 10
# A word of seed_demo's synthetic names (one first word in ten): about 1,000 hits.
SEARCH_TERM = "Blue"
# The crowd: this many consultants (the bench consultant one of them), this many clients each.
CROWD_CONSULTANTS = 1000
CROWD_CLIENTS = 50
FIXTURES = ("single", "crowd")


@dataclass
class Fixture:
    """What the prepare step made and measured."""

    environment: dict
    seeded: str
    seed_seconds: float
    rescore_seconds: float
    counts: dict
    history_pk: int
    typical_pk: int
    log_pks: list[int]
    page_client_pks: list[int]
    flag_ids: list[int]
    dashboard_pages: int
    search_hits: int
    search_pages: int


def prepare(clients: int, database_name: str, fixture: str = "single") -> Fixture:
    """Create and fill the scratch database; time seeding and re-scoring."""
    url = common.database_url(database_name)
    print(f"Preparing {url} …")
    common.recreate_database(url)
    environment = common.configure_django(url)
    common.prepare_schema()
    rescore_options = {}
    if fixture == "crowd":
        seeded = f"{CROWD_CONSULTANTS} consultants × {CROWD_CLIENTS} clients, unscored"
        seed_seconds = seed_crowd()
        # Without statistics on tables just filled, PostgreSQL plans the re-score's reads
        # badly: 70.6 s instead of 24.8 s measured (a deployment's tables have them).
        common.analyze_database()
        if url.startswith("postgres"):
            rescore_options["workers"] = 2  # measured faster on 2 cores (docs/performance.md)
    else:
        seeded = f"seed_demo --clients {clients}"
        seed_seconds = common.timed_command("seed_demo", clients=clients, owner=OWNER)
        common.timed_command("seed_demo", clients=OTHER_CLIENTS, owner=OTHER_OWNER, quiet=True)
    history_pk = add_history_client(OWNER)
    rescore_seconds = common.timed_command("rescore", **rescore_options)
    common.analyze_database()

    from django.db.models import Count
    from django.utils import timezone

    from clients.models import Client, Flag, Interaction, Observation
    from clients.pages.dashboard import DashboardQuery
    from clients.pages.today import Today
    from clients.views.dashboard import PAGE_SIZE

    mine = Client.objects.filter(owner__username=OWNER)
    owned = mine.exclude(pk=history_pk).order_by("pk")
    typical = owned.first()
    # A crowd consultant has 50 clients: half of them for logging, the rest for reading.
    log_pks = list(owned.values_list("pk", flat=True)[: min(LOG_CLIENTS, owned.count() // 2)])
    page_client_pks = list(
        owned.exclude(pk__in=log_pks)
        .annotate(interaction_count=Count("interactions"))
        .filter(interaction_count=PAGE_CLIENT_INTERACTIONS)
        .values_list("pk", flat=True)[:PAGE_CLIENTS]
    )
    today = Today.of(typical.owner, timezone.now())
    listed = mine.filter(DashboardQuery().condition(today)).count()
    search_hits = mine.filter(DashboardQuery(q=SEARCH_TERM).condition(today)).count()
    print(
        f"The dashboard lists {listed} clients; {search_hits} match {SEARCH_TERM!r}; "
        f"{len(page_client_pks)} clients with {PAGE_CLIENT_INTERACTIONS} interactions."
    )
    return Fixture(
        environment=environment,
        seeded=seeded,
        seed_seconds=round(seed_seconds, 2),
        rescore_seconds=round(rescore_seconds, 2),
        counts={
            "clients": Client.objects.count(),
            "interactions": Interaction.objects.count(),
            "observations": Observation.objects.count(),
        },
        history_pk=history_pk,
        typical_pk=typical.pk,
        log_pks=log_pks,
        page_client_pks=page_client_pks,
        flag_ids=list(
            Flag.objects.filter(catalogue=typical.catalogue, active=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        ),
        dashboard_pages=math.ceil(listed / PAGE_SIZE),
        search_hits=search_hits,
        search_pages=math.ceil(search_hits / PAGE_SIZE),
    )


def seed_crowd() -> float:
    """Seed CROWD_CONSULTANTS consultants with CROWD_CLIENTS clients each; return the seconds.

    Bulk inserts through seed_demo's synthetic clients, all for the bench consultant, then
    dealt out in turn to the others (one UPDATE per consultant), without scoring them: the
    prepare step's `rescore` scores them all. One password hash serves every consultant.
    """
    import random
    import time

    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from clients.actions import catalogue_for
    from clients.data.demo import PASSWORD
    from clients.management.commands.seed_demo import SyntheticClients
    from clients.models import Client

    started = time.perf_counter()
    User = get_user_model()
    password = make_password(PASSWORD)
    owner = User.objects.create(username=OWNER, password=password)
    others = User.objects.bulk_create(
        User(username=f"crowd-{number:04d}", password=password)
        for number in range(1, CROWD_CONSULTANTS)
    )
    total, chunk = CROWD_CONSULTANTS * CROWD_CLIENTS, 5000
    catalogue = catalogue_for(owner)
    flags = list(catalogue.flags.filter(active=True))
    generator = SyntheticClients(owner, catalogue, flags, random.Random(0), timezone.now())
    for first in range(0, total, chunk):
        with transaction.atomic():
            generator.create(min(chunk, total - first), first_number=first + 1)
        done = min(first + chunk, total)
        print(f"  {done}/{total} clients, {time.perf_counter() - started:.0f} s")
    pks = list(Client.objects.order_by("pk").values_list("pk", flat=True))
    with transaction.atomic():
        for number, user in enumerate(others, start=1):
            Client.objects.filter(pk__in=pks[number::CROWD_CONSULTANTS]).update(owner=user)
    seconds = time.perf_counter() - started
    print(f"Seeded {total} clients of {CROWD_CONSULTANTS} consultants in {seconds:.0f} s.")
    return seconds


def add_history_client(username: str) -> int:
    """Create a client with 100 interactions, three phases and two reviews; return its pk.

    Bulk inserts with 5 flags per interaction and review, then one re-score, as seed_demo.
    """
    from datetime import datetime, timedelta

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from clients.models import Client, Interaction, Observation, Phase, PhaseReview, Project
    from clients.score.scores import refresh_scores

    user = get_user_model().objects.get(username=username)
    catalogue = user.clients.first().catalogue
    flags = list(catalogue.flags.filter(active=True).order_by("pk"))
    now = timezone.now()
    client = Client.objects.create(
        owner=user, catalogue=catalogue, name="Bench History", organisation="Long history"
    )
    interactions = Interaction.objects.bulk_create(
        Interaction(
            client=client,
            occurred_at=now - timedelta(days=3 * (HISTORY_INTERACTIONS - index)),
            kind="discovery" if index == 0 else "meeting",
            gut=index % 5 - 2,
            notes=f"Meeting {index + 1} of a long history.",
            questions="Who signs?\nWhat is the budget?"
            if index == HISTORY_INTERACTIONS - 1
            else "",
        )
        for index in range(HISTORY_INTERACTIONS)
    )
    project = Project.objects.create(client=client, name="Main engagement")
    today = timezone.localdate()
    phases = Phase.objects.bulk_create(
        Phase(
            project=project,
            name=f"Phase {number}",
            starts_on=today - timedelta(days=270 - 80 * number),
            ends_on=today - timedelta(days=210 - 80 * number),
        )
        for number in range(3)
    )
    # The last phase stays without a review: the page shows "review due".
    reviews = PhaseReview.objects.bulk_create(
        PhaseReview(
            phase=phase,
            reviewed_at=timezone.make_aware(datetime.combine(phase.ends_on, datetime.min.time()))
            + timedelta(hours=17),
            would_work_again=True,
            communication=4,
            expectations=3,
            collaboration=4,
            boundaries=5,
            satisfaction=4,
        )
        for phase in phases[:2]
    )
    sources = [{"interaction": item} for item in interactions]
    sources += [{"review": item} for item in reviews]
    Observation.objects.bulk_create(
        Observation(
            flag=flags[(index * OBSERVATIONS_PER_SOURCE + offset) % len(flags)],
            strength=1 + (index + offset) % 3,
            **source,
        )
        for index, source in enumerate(sources)
        for offset in range(OBSERVATIONS_PER_SOURCE)
    )
    refresh_scores(Client.objects.filter(pk=client.pk))
    return client.pk
