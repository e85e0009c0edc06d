"""Dates as the pages write them, for many moments at once."""

from datetime import datetime

from django.utils import formats, timezone
from django.utils.dateformat import DateFormat, re_escaped, re_formatchars


class LocalDates:
    """Moments in local time as the `date` filter writes them, in a few formats, for the many
    moments of one page.

    `formats.date_format` parses its format string at every call, which is two thirds of its
    cost; a long history formats a few hundred moments. The output is the same: the pieces are
    split as `DateFormat.format` splits them, and formatted by the same `DateFormat` methods.
    """

    def __init__(self, *names: str) -> None:
        """`names` are format settings ("SHORT_DATE_FORMAT") or format strings ("c")."""
        self.zone = timezone.get_current_timezone()
        self.formats = [_pieces(formats.get_format(name)) for name in names]
        # Each specifier once per moment, however many of the formats use it.
        self.specifiers = list(
            dict.fromkeys(
                text for pieces in self.formats for specifier, text in pieces if specifier
            )
        )

    def __call__(self, moment: datetime) -> list[str]:
        """Return the moment, in local time, in each of the formats."""
        # Whole seconds: no page shows less, and HTML's <time datetime> takes at most three
        # digits of a second ("c" would write six).
        format_of = DateFormat(moment.astimezone(self.zone).replace(microsecond=0))
        values = {letter: str(getattr(format_of, letter)()) for letter in self.specifiers}
        return [
            "".join(values[text] if specifier else text for specifier, text in pieces)
            for pieces in self.formats
        ]


def _pieces(format_string: str) -> list[tuple[bool, str]]:
    """Return a date format as (is a specifier, its letter or literal text) pieces."""
    return [
        (True, piece) if index % 2 else (False, re_escaped.sub(r"\1", piece))
        for index, piece in enumerate(re_formatchars.split(str(format_string)))
        if piece
    ]
