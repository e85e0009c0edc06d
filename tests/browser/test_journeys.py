"""What a consultant does in a real browser: first client, reflection and review, keyboard."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from clients import actions
from clients.models import Client, FlagCatalogue, Interaction, PhaseReview

pytestmark = pytest.mark.browser

GREEN_FLAGS = ("Communicates clearly", "Listens with empathy")
RED_FLAG = "Emotionally reactive"


def chip(page, label):
    """Return the toggle button of a flag chip (its name is "green flag: <label>")."""
    return page.get_by_role("button", name=label)


def field(page, label):
    """Return the form control labelled `label` (Django adds a colon to its labels)."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}:?$"))


def score_of(locator) -> int:
    return int(locator.inner_text().strip())


def new_client(owner, name="Blue Harbour", **fields):
    return Client.objects.create(
        owner=owner, catalogue=FlagCatalogue.objects.get(is_default=True), name=name, **fields
    )


def log_discovery_call(client, *, gut=1, questions="What is the budget?"):
    return actions.log_interaction(
        client=client,
        fields={
            "occurred_at": timezone.now(),
            "kind": "discovery",
            "notes": "First call, friendly.",
            "gut": gut,
            "questions": questions,
        },
        observations=[],
    )


def rate(page, question, answer):
    """Tick the radio labelled `answer` in the radio group named by `question`."""
    name = re.compile(rf"^{re.escape(question)}:?$")
    group = page.get_by_role("group", name=name).filter(has=page.get_by_role("radio"))
    radio = group.get_by_role("radio", name=str(answer), exact=True)
    radio.check()
    expect(radio).to_be_checked()


# Journey 1 ------------------------------------------------------------------------------


def test_first_client_is_added_logged_and_scored_everywhere_the_same(live_server, logged_in_page):
    page = logged_in_page
    expect(page.get_by_role("heading", name="Welcome to fitcheck")).to_be_visible()

    page.get_by_role("link", name="Add a client", exact=True).click()
    field(page, "Name").fill("Acme Robotics")
    field(page, "Organisation").fill("Acme Ltd")
    page.get_by_role("button", name="Add client").click()

    expect(page.get_by_role("heading", name=re.compile(r"^Log an interaction"))).to_be_visible()
    client = Client.objects.get(name="Acme Robotics")
    expect(page).to_have_url(f"{live_server.url}/clients/{client.pk}/log/")

    preview = page.locator("#score-preview")
    preview_score = preview.locator(".score-number")
    expect(preview_score).to_have_text("50")
    field(page, "Kind").select_option("discovery")
    field(page, "Notes").fill("Clear brief; got tense when we discussed dates.")
    field(page, "Gut feeling").select_option("1")
    # The gut feeling alone already moves the preview: it is the prior of the score.
    expect(preview).to_contain_text("Before this interaction: 50")
    expect(preview_score).not_to_have_text("50")
    score = score_of(preview_score)

    for label, direction in [(GREEN_FLAGS[0], 1), (GREEN_FLAGS[1], 1), (RED_FLAG, -1)]:
        button = chip(page, label)
        expect(button).to_have_attribute("aria-pressed", "false")
        button.click()
        expect(button).to_have_attribute("aria-pressed", "true")
        expect(preview_score).not_to_have_text(str(score))
        new_score = score_of(preview_score)
        assert (new_score - score) * direction > 0, (label, score, new_score)
        score = new_score
    band = preview.locator(".band").inner_text()
    assert not Interaction.objects.exists(), "the preview must not save anything"

    page.get_by_role("button", name="Save interaction").click()
    expect(page).to_have_url(f"{live_server.url}/clients/{client.pk}/")
    card = page.locator(".score-card")
    expect(card.locator(".score-number")).to_have_text(str(score))
    expect(card.locator(".band")).to_have_text(band)
    for label in (*GREEN_FLAGS, RED_FLAG):
        expect(page.locator(".timeline")).to_contain_text(label)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Clients").click()
    row = page.get_by_role("row", name=re.compile("Acme Robotics"))
    expect(row.locator(".score")).to_have_text(str(score))
    expect(row.locator(".band")).to_have_text(band)
    client.refresh_from_db()
    assert client.score == score


# Journey 2 ------------------------------------------------------------------------------


def test_reflection_period_then_phase_review_extends_the_trend(
    live_server, logged_in_page, consultant
):
    page = logged_in_page
    client = new_client(consultant)
    log_discovery_call(client)
    page.goto(f"{live_server.url}/clients/{client.pk}/")

    decision = page.get_by_role("region", name="Decision")
    expect(decision).to_contain_text("Reflect until")
    expect(decision.get_by_role("button", name="Accept", exact=True)).to_be_disabled()
    expect(decision.get_by_role("button", name="Decline", exact=True)).to_be_disabled()
    expect(decision).to_contain_text("What is the budget?")
    decision.get_by_role("button", name="Need more info").click()
    expect(page.locator(".decision-latest")).to_contain_text("Latest: need more info")
    client.refresh_from_db()
    assert client.status == Client.Status.DECIDING

    chart = page.locator("svg.trend-chart")
    circles_before = chart.locator("circle").count()
    assert circles_before == 1
    expect(chart.locator(".satisfaction-point")).to_have_count(0)

    page.get_by_role("link", name="Add a project").click()
    field(page, "Name").fill("Website redesign")
    page.get_by_role("button", name="Add project").click()
    today = timezone.localdate()
    field(page, "Name").fill("Prototype")
    field(page, "Starts on").fill(str(today - timezone.timedelta(days=30)))
    field(page, "Ends on").fill(str(today - timezone.timedelta(days=2)))
    page.get_by_role("button", name="Add phase").click()

    expect(page).to_have_url(f"{live_server.url}/clients/{client.pk}/")
    review_link = page.get_by_role("link", name="Review Prototype now")
    expect(review_link).to_be_visible()
    review_link.click()

    expect(page.get_by_role("heading", name=re.compile(r"^Review of Prototype"))).to_be_visible()
    for question, answer in [
        ("Communication", 4),
        ("Consistency of expectations", 3),
        ("Collaboration", 5),
        ("Respect of my boundaries", 4),
        ("Overall satisfaction", 4),
    ]:
        rate(page, question, answer)
    rate(page, "Would I work with them again?", "yes")
    field(page, "What I learned").fill("Weekly demos kept us aligned.")
    sense_of_humour = chip(page, "Sense of humour")
    sense_of_humour.click()
    expect(sense_of_humour).to_have_attribute("aria-pressed", "true")
    page.get_by_role("button", name="Save review").click()

    expect(page).to_have_url(f"{live_server.url}/clients/{client.pk}/")
    expect(chart.locator("circle")).to_have_count(circles_before + 1)
    expect(chart.locator("circle.score-point-review")).to_have_count(1)
    expect(chart.locator(".satisfaction-point")).to_have_count(1)
    expect(chart.locator(".satisfaction-point title")).to_have_text("Prototype: satisfaction 4/5")
    expect(page.get_by_role("link", name="Review Prototype now")).to_have_count(0)
    expect(page.locator(".timeline")).to_contain_text("Sense of humour")
    review = PhaseReview.objects.get(phase__project__client=client)
    assert (review.satisfaction, review.would_work_again) == (4, True)


# Journey 4 ------------------------------------------------------------------------------


def test_flag_chips_work_from_the_keyboard(live_server, logged_in_page, consultant):
    page = logged_in_page
    client = new_client(consultant)
    page.goto(f"{live_server.url}/clients/{client.pk}/log/")
    preview = page.locator("#score-preview")
    preview_score = preview.locator(".score-number")
    expect(preview_score).to_have_text("50")

    for _press in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('chip-toggle')"):
            break
    else:
        pytest.fail("Tab never reached a flag chip")
    index = page.evaluate(
        "[...document.querySelectorAll('.chip-toggle')].indexOf(document.activeElement)"
    )
    button = page.locator(".chip-toggle").nth(index)
    expect(button).to_be_focused()
    expect(button).to_have_attribute("aria-pressed", "false")

    page.keyboard.press("Space")
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(preview).to_contain_text("Before this interaction: 50")
    expect(preview_score).not_to_have_text("50")
    expect(button).to_be_focused()

    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-pressed", "false")
    expect(preview_score).to_have_text("50")
    expect(preview.locator(".score-change")).to_have_text("0")
    expect(button).to_be_focused()
    assert not Interaction.objects.exists()
