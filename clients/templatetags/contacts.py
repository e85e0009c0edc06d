"""The planned contact's panel (client page and call sheet), tappable contact details, and the
morning note and calendar feed of the Settings page."""

from django import template
from django.urls import reverse

from ..actions import profile_for
from ..contacts.forms import DigestForm, PlannedContactForm
from ..contacts.planned import PlannedContact

register = template.Library()


@register.inclusion_tag("clients/_planned_contact.html")
def planned_contact_panel(client, return_to: str = "page") -> dict:
    """Show the client's next contact, with a form to plan (or move) it."""
    return {
        "client": client,
        "planned": PlannedContact.of(client),
        "form": PlannedContactForm(client=client),
        "return_to": return_to,
        "fold": return_to == "page",
    }


@register.filter
def tel_href(phone: str) -> str:
    """Return a phone number as a tel: link's address: digits, and a leading +."""
    digits = "".join(c for c in phone if c.isdigit())
    return f"tel:{'+' if phone.strip().startswith('+') else ''}{digits}"


@register.inclusion_tag("clients/_contact_settings.html", takes_context=True)
def contact_settings(context) -> dict:
    """The Settings page's morning note and calendar feed, each with its own form."""
    request = context["request"]
    profile = profile_for(request.user)
    token = profile.calendar_token
    return {
        "csrf_token": context.get("csrf_token"),
        "digest_form": DigestForm(instance=profile),
        "feed_url": request.build_absolute_uri(reverse("calendar_feed", args=[token]))
        if token
        else "",
    }
