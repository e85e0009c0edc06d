"""The client page's longest lists, built in Python: the trend's points and table rows, and the
timeline's entries with their chips.

A long history draws a hundred points, a hundred table rows, twenty timeline entries and a
hundred chips. A template loop renders each through a dozen variable look-ups, translations,
filters and escapes; an f-string with one `html.escape` per text is several times cheaper, and
the page then costs what its data does. Every text is escaped here, as a template would (the
translations of {% blocktranslate %} strings, which may hold markup, excepted); numbers and
our own class names need not be.
"""

from html import escape

from django import template
from django.utils.html import linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext

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
def trend_feelings(feelings) -> SafeString:
    """Return the trend chart's gut feelings (`clients.pages.charts.Feeling`) as diamonds."""
    return mark_safe(
        "".join(
            f'<polygon class="feeling-point" points="{feeling.diamond}">'
            f"<title>{escape(feeling.title)}</title></polygon>"
            for feeling in feelings
        )
    )


@register.filter
def trend_table(rows) -> SafeString:
    """Return the trend as table rows: when, after what, the score, its interval and the gut
    feeling noted then."""
    return mark_safe(
        "".join(
            f"<tr><td>{escape(row.when)}</td><td>{escape(row.after)}</td><td>{row.score}</td>"
            f"<td>{row.interval}</td><td>{row.feeling}</td></tr>"
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


@register.filter
def timeline(entries) -> SafeString:
    """Return the timeline's entries (`clients.client_page.InteractionEntry` and
    `ReviewEntry`) as the items of its list."""
    words = {
        "gut": gettext("Gut feeling: <strong>%(gut)s</strong>"),
        "settled": escape(gettext("Questions settled")),
        "dropped": escape(gettext("dropped")),
        "to ask": escape(gettext("Questions to ask")),
        "edit": escape(gettext("Edit")),
        "review of": gettext("Review of %(phase)s"),
        "satisfaction": gettext("Satisfaction %(rating)s/5"),
        True: escape(gettext("would work with them again")),
        False: escape(gettext("would not work with them again")),
        "learned": escape(gettext("Learned:")),
        "edit review": escape(gettext("Edit review")),
    }
    return mark_safe(
        "".join(
            _interaction(entry, words) if entry.source == "interaction" else _review(entry, words)
            for entry in entries
        )
    )


def _interaction(entry, words) -> str:
    html = [
        '<li class="timeline-interaction">',
        f"<h3>{escape(capfirst(entry.kind))} · "
        f'<time datetime="{entry.iso}">{escape(entry.when)}</time></h3>',
    ]
    if entry.gut:
        html.append(f"<p>{words['gut'] % {'gut': escape(entry.gut)}}</p>")
    if entry.notes:
        html.append(f'<div class="notes">{linebreaks(entry.notes, autoescape=True)}</div>')
    if entry.closed:
        html.append(f'<p class="questions-label">{words["settled"]}</p><ul class="questions">')
        for question in entry.closed:
            if question.status == "answered":
                outcome = f"<q>{escape(question.answer)}</q>"
            else:
                outcome = f'<span class="muted">{words["dropped"]}</span>'
            html.append(f"<li>{escape(question.text)} — {outcome}</li>")
        html.append("</ul>")
    if entry.asked:
        html.append(f'<p class="questions-label">{words["to ask"]}</p><ul class="questions">')
        for question in entry.asked:
            status = ""
            if question.status != "open":
                status = f' <span class="muted">({escape(question.get_status_display())})</span>'
            html.append(f"<li>{escape(question.text)}{status}</li>")
        html.append("</ul>")
    html += [
        chips(entry.chips),
        f'<p class="entry-actions"><a href="{escape(entry.edit_url)}">{words["edit"]}'
        f'<span class="visually-hidden"> {escape(entry.kind)} {escape(entry.day)}</span></a></p>',
        "</li>",
    ]
    return "".join(html)


def _review(entry, words) -> str:
    html = [
        '<li class="timeline-review">',
        f"<h3>{words['review of'] % {'phase': escape(entry.phase)}} · "
        f'<time datetime="{entry.iso}">{escape(entry.when)}</time></h3>',
        f"<p>{words['satisfaction'] % {'rating': entry.satisfaction}} · "
        f"{words[bool(entry.would_work_again)]}</p>",
    ]
    if entry.learned:
        html.append(f"<p><strong>{words['learned']}</strong> {escape(entry.learned)}</p>")
    html += [
        chips(entry.chips),
        f'<p class="entry-actions"><a href="{escape(entry.edit_url)}">'
        f"{words['edit review']}</a></p>",
        "</li>",
    ]
    return "".join(html)
