"""A client's email, phone and website: validated on the form, shown as links you can tap."""

import pytest
from django.urls import reverse

from clients.models import Client

NEW = reverse("client_new")


def data(**changes) -> dict:
    fields = {"name": "Acme", "organisation": "", "contact": "", "source": "", "status": "lead"}
    return fields | {"breed": "", "email": "", "phone": "", "website": ""} | changes


def test_it_saves_the_details_and_shows_them_as_links(logged_in):
    details = {
        "email": "ceo@acme.test",
        "phone": "+33 1 23 45 67 89",
        "website": "acme.test/about",
        "contact": "Assistant: Léa, mornings",
    }

    response = logged_in.post(NEW, data(**details))

    assert response.status_code == 302
    client = Client.objects.get()
    assert client.website == "https://acme.test/about"
    for page in ("client_detail", "client_prepare"):
        shown = logged_in.get(reverse(page, args=[client.pk])).text
        assert '<a href="mailto:ceo@acme.test">ceo@acme.test</a>' in shown
        assert '<a href="tel:+33123456789">+33 1 23 45 67 89</a>' in shown
        assert "Assistant: Léa, mornings" in shown
    shown = logged_in.get(reverse("client_detail", args=[client.pk])).text
    assert '<a href="https://acme.test/about" rel="noopener noreferrer">' in shown


def test_the_old_free_text_is_other_contact_details(logged_in):
    form = logged_in.get(NEW).text

    assert ">Other contact details" in form
    assert 'type="email" name="email"' in form and 'type="tel"' in form


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("email", "ceo at acme", "This is not an email address: write it like name@example.com."),
        ("phone", "call Léa", "This is not a phone number"),
        ("phone", "12", "This is not a phone number"),
        ("phone", "01 23 + 45 67", "This is not a phone number"),
        ("website", "javascript:alert(1)", "This is not a web address"),
        ("website", "http://", "This is not a web address"),
    ],
)
def test_it_refuses_a_wrong_detail_with_a_clear_message(logged_in, field, value, message):
    response = logged_in.post(NEW, data(**{field: value}))

    assert response.status_code == 200
    assert message in response.text
    assert not Client.objects.exists()


def test_a_phone_number_is_kept_as_written_with_its_spaces_tidied(logged_in):
    logged_in.post(NEW, data(phone="  (555)   010-0199 "))

    assert Client.objects.get().phone == "(555) 010-0199"
