"""Dates as the pages write them, for many moments at once."""

from datetime import datetime

from django.utils import formats
from django.utils.dateformat import DateFormat, re_escaped, re_formatchars


class LocalDates:
    """Django's date formats, each parsed once, for the many moments of one page.

    `formats.date_format` parses its format string at every call, which is two thirds of its
    cost; a long history formats a few hundred moments. The output is the same: the pieces are
    split as `DateFormat.format` splits them, and formatted by the same `DateFormat` methods.
    """

    def __init__(self, *names: str) -> None:
        self.formats = [_pieces(formats.get_format(name)) for name in names]

    def __call__(self, moment: datetime) -> list[str]:
        """Return the moment in each of the formats, as it is (pass it in local time)."""
        format_of = DateFormat(moment)
        return [
            "".join(
                str(getattr(format_of, text)()) if specifier else text for specifier, text in pieces
            )
            for pieces in self.formats
        ]


def _pieces(format_string: str) -> list[tuple[bool, str]]:
    """Return a date format as (is a specifier, its letter or literal text) pieces."""
    return [
        (True, piece) if index % 2 else (False, re_escaped.sub(r"\1", piece))
        for index, piece in enumerate(re_formatchars.split(str(format_string)))
        if piece
    ]
