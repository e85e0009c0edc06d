"""A Sales Dogs breed's one-line meaning, for the client form's choices and the filter."""

from django import template

from ..models import BREED_DESCRIPTIONS

register = template.Library()


@register.filter
def breed_meaning(value: str) -> str:
    """Return the one-line meaning of a breed ("pit_bull"), or "" for none."""
    return BREED_DESCRIPTIONS.get(value, "")
