"""The dates the "Today" strip reads are stored on each client and follow every write.

Each is compared with what the client's own rows say after a write through the pages, so a
write path that forgets them fails here, and `rescore` stores the same values.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from clients.models import Client, Phase
from tests.factories import add_phase, ago, interaction_data, log, review, review_data


def fresh_dates(client: Client) -> tuple:
    """Return (last discovery call, last decision, review due since) from the client's rows."""
    discoveries = client.interactions.filter(kind="discovery")
    unreviewed = Phase.objects.filter(project__client=client, review__isnull=True)
    return (
        max(discoveries.values_list("occurred_at", flat=True), default=None),
        max(client.decisions.values_list("decided_at", flat=True), default=None),
        min(unreviewed.values_list("ends_on", flat=True), default=None),
    )


def stored_dates(client: Client) -> tuple:
    return Client.objects.values_list("last_discovery_at", "last_decision_at", "review_due_on").get(
        pk=client.pk
    )


@pytest.fixture
def acme(consultant, make_client):
    """A client with a discovery call, a later meeting and a project with a phase to review."""
    client = make_client(consultant, "Acme")
    log(client, occurred_at=ago(days=10), kind="discovery")
    log(client, occurred_at=ago(days=3), kind="meeting")
    add_phase(client, name="Design")
    return client


def log_a_discovery(http, client):
    data = interaction_data(occurred_at=ago(days=1), kind="discovery")
    return http.post(reverse("interaction_new", args=[client.pk]), data)


def make_the_discovery_a_meeting(http, client):
    interaction = client.interactions.get(kind="discovery")
    data = interaction_data(
        occurred_at=interaction.occurred_at, kind="meeting", version=interaction.version
    )
    return http.post(reverse("interaction_edit", args=[interaction.pk]), data)


def delete_the_discovery(http, client):
    interaction = client.interactions.get(kind="discovery")
    return http.post(reverse("interaction_delete", args=[interaction.pk]))


def add_an_earlier_phase(http, client):
    data = {
        "name": "Audit",
        "starts_on": ago(days=60).date().isoformat(),
        "ends_on": ago(days=40).date().isoformat(),
    }
    return http.post(reverse("phase_new", args=[client.projects.get().pk]), data)


def review_the_phase(http, client):
    phase = client.projects.get().phases.get()
    return http.post(reverse("phase_review", args=[phase.pk]), review_data())


def decide(http, client):
    data = {"kind": "need_info"}
    return http.post(reverse("decision_new", args=[client.pk]), data)


WRITES = [
    log_a_discovery,
    make_the_discovery_a_meeting,
    delete_the_discovery,
    add_an_earlier_phase,
    review_the_phase,
    decide,
]


@pytest.mark.parametrize("write", WRITES, ids=lambda write: write.__name__)
def test_each_write_keeps_the_stored_dates_current(logged_in, acme, write):
    before = stored_dates(acme)
    assert before == fresh_dates(acme)

    response = write(logged_in, acme)

    assert response.status_code == 302
    assert stored_dates(acme) == fresh_dates(acme)
    assert stored_dates(acme) != before  # the write did change one of them


def test_deleting_a_review_makes_the_review_due_again(logged_in, acme):
    phase = acme.projects.get().phases.get()
    review(phase)
    assert stored_dates(acme)[2] is None

    response = logged_in.post(reverse("review_delete", args=[phase.pk]))

    assert response.status_code == 302
    assert stored_dates(acme) == fresh_dates(acme)
    assert stored_dates(acme)[2] == phase.ends_on


def test_rescore_stores_the_same_dates(acme):
    expected = stored_dates(acme)
    Client.objects.filter(pk=acme.pk).update(
        last_discovery_at=None, last_decision_at=None, review_due_on=None
    )

    call_command("rescore", stdout=StringIO())

    assert stored_dates(acme) == expected
