"""The client page's longest lists, built in Python: the trend's points and table rows, and the
timeline's chips.

A long history draws a hundred points, a hundred table rows and a hundred chips. A template
loop renders each through a dozen variable look-ups, filters and escapes; an f-string with one
`html.escape` per text is ten times cheaper, and the page then costs what its data does. Every
text is escaped here; numbers and our own class names need not be.
"""

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def trend_points(rows) -> SafeString:
    """Return the trend chart's points (`clients.client_page.TrendRow`) as SVG circles."""
    return mark_safe(
        "".join(
            f'<circle class="score-point score-point-{row.source}" cx="{row.x}" cy="{row.y}" '
            f'r="3.5"><title>{escape(row.title)}</title></circle>'
            for row in rows
        )
    )


@register.filter
def trend_table(rows) -> SafeString:
    """Return the trend as table rows: when, after what, the score and its interval."""
    return mark_safe(
        "".join(
            f"<tr><td>{escape(row.when)}</td><td>{escape(row.after)}</td><td>{row.score}</td>"
            f"<td>{row.interval}</td></tr>"
            for row in rows
        )
    )


@register.filter
def chips(chips) -> SafeString:
    """Return a timeline entry's observations (`clients.client_page.Chip`) as a list."""
    if not chips:
        return mark_safe("")
    items = "".join(
        f'<li class="chip-static chip-{chip.polarity}"><span class="visually-hidden">'
        f"{escape(chip.colour)}: </span>{escape(chip.label)} "
        f'<span class="strength">({escape(chip.strength)})</span>'
        + (f" — <q>{escape(chip.note)}</q>" if chip.note else "")
        + "</li>"
        for chip in chips
    )
    return mark_safe(f'<ul class="chips-static">{items}</ul>')
