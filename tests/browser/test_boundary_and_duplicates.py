"""Browser: a boundary crossed and its chip pressed are one entry; a second client of the
same name is asked about first."""

import re

from playwright.sync_api import expect

from clients.models import Boundary, Client, FlagCatalogue, Observation
from tests.browser.test_accessibility import axe_violations

CROSSES = "Crosses my boundaries"


def new_client(owner, name="Blue Harbour", **fields):
    return Client.objects.create(
        owner=owner, catalogue=FlagCatalogue.objects.get(is_default=True), name=name, **fields
    )


def test_a_boundary_crossed_and_its_chip_pressed_are_one_entry(
    live_server, logged_in_page, consultant
):
    page = logged_in_page
    Boundary.objects.create(owner=consultant, text="No calls after 19:00")
    client = new_client(consultant)
    page.goto(f"{live_server.url}/clients/{client.pk}/log/")
    preview_score = page.locator("#score-preview .score-number")
    expect(page.get_by_text("pressing that flag as well adds nothing")).to_be_visible()

    page.get_by_label("No calls after 19:00").select_option("crossed")
    expect(preview_score).not_to_have_text("50")
    boundary_only = preview_score.inner_text()
    chip = page.get_by_role("button", name=CROSSES)
    chip.click()
    expect(chip).to_have_attribute("aria-pressed", "true")
    page.wait_for_load_state("networkidle")
    expect(preview_score).to_have_text(boundary_only)  # counted once in the preview

    page.get_by_role("button", name="Save interaction").click()

    expect(page).to_have_url(f"{live_server.url}/clients/{client.pk}/")
    entries = page.locator(".timeline li.chip-static", has_text=CROSSES)
    expect(entries).to_have_count(1)
    expect(entries).to_contain_text("No calls after 19:00")
    expect(page.locator(".score-number").first).to_have_text(boundary_only)
    assert Observation.objects.count() == 1

    # Editing it, the chip shows pressed by the boundary, in its words.
    page.goto(f"{live_server.url}/interactions/{client.interactions.get().pk}/edit/")
    pressed = page.get_by_role("button", name=CROSSES)
    expect(pressed).to_have_attribute("aria-pressed", "true")
    expect(pressed).to_have_accessible_description(
        re.compile(r"From your boundaries:\s*No calls after 19:00")
    )
    assert axe_violations(page) == []


def test_a_second_nova_dental_is_asked_about_and_links_to_the_first(
    live_server, logged_in_page, consultant
):
    page = logged_in_page
    first = new_client(consultant, "Nova Dental", organisation="Nova Group")
    page.goto(f"{live_server.url}/clients/new/")
    page.get_by_label(re.compile(r"^Name:?$")).fill("növa dental")

    page.keyboard.press("Enter")  # the usual button: it asks first

    warning = page.get_by_role("alert").filter(has_text="You already have a client called")
    expect(warning).to_contain_text("You already have a client called Nova Dental:")
    expect(warning).to_contain_text("Save another anyway?")
    assert Client.objects.count() == 1
    link = warning.get_by_role("link", name="Nova Dental (Nova Group)")
    expect(link).to_have_attribute("href", f"/clients/{first.pk}/")
    assert axe_violations(page) == []

    page.get_by_role("button", name="Save another anyway").click()

    expect(page).to_have_url(re.compile(r"/clients/\d+/log/$"))
    assert sorted(Client.objects.values_list("name", flat=True)) == ["Nova Dental", "növa dental"]

    # The link leads to the client I already had.
    page.goto(f"{live_server.url}/clients/new/")
    page.get_by_label(re.compile(r"^Name:?$")).fill("NOVA DENTAL")
    page.get_by_role("button", name="Add client").click()
    page.get_by_role("link", name="Nova Dental (Nova Group)").click()
    expect(page).to_have_url(f"{live_server.url}/clients/{first.pk}/")
