"""The planned contact's panel, the same on the client page and the call sheet."""

from django import template

from ..contacts.forms import PlannedContactForm
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
    }


@register.filter
def tel_href(phone: str) -> str:
    """Return a phone number as a tel: link's address: digits, and a leading +."""
    digits = "".join(c for c in phone if c.isdigit())
    return f"tel:{'+' if phone.strip().startswith('+') else ''}{digits}"
