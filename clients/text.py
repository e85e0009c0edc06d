"""What "required text" means everywhere: at least one character a reader can see.

Whitespace, zero-width and other format characters, or a lone combining accent, look like
an empty field: a reason or a name made only of them says nothing.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Letters and symbols that Unicode draws as blank space.
BLANK_LOOKING = frozenset("\u115f\u1160\u2800\u3164\uffa0")


def has_visible_text(text: str) -> bool:
    """Return True when the text holds a letter, digit, punctuation mark or symbol."""
    return any(
        unicodedata.category(char)[0] in "LNPS" and char not in BLANK_LOOKING for char in text
    )


def validate_visible_text(value: str) -> None:
    """Refuse a non-empty text with nothing visible in it (empty text is the field's business)."""
    if not has_visible_text(value):
        raise ValidationError(
            _("Write at least one visible character: spaces and invisible ones do not count."),
            code="invisible",
        )
