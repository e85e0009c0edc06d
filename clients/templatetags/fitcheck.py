from django import template

from clients.score.scoring import round_half_up

register = template.Library()


@register.filter
def signed(value: float) -> str:
    """Return a number rounded half up, with its sign (+3, −2, 0)."""
    number = round_half_up(value)
    if number > 0:
        return f"+{number}"
    return f"−{-number}" if number < 0 else "0"


@register.filter
def attr_value(instance, name: str):
    """Return a model field's value as a user reads it (choices by their label)."""
    display = getattr(instance, f"get_{name}_display", None)
    return display() if display else getattr(instance, name, None)
