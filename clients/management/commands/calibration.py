"""Print a consultant's calibration as text: the figures of the calibration page."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from clients.calibration import stats
from clients.calibration.report import Calibration, Figure, calibration_for


def _number(value: float | None, decimals: int = 1) -> str:
    return "—" if value is None else stats.signed_number(value, decimals)


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    """Return the lines of a plain-text table, the first column left-aligned."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]

    def line(cells):
        first, *rest = (str(cell) for cell in cells)
        padded = [first.ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(rest, widths[1:], strict=True)
        ]
        return "  " + "  ".join(padded).rstrip()

    return [line(header), *(line(row) for row in rows)]


class Command(BaseCommand):
    help = (
        "Print the calibration figures of a consultant: gut, scores, flags, breeds, clients "
        "ended after a phase, stretch."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="The consultant whose clients are calibrated.")

    def handle(self, *, username, **options):
        try:
            user = get_user_model().objects.get_by_natural_key(username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No consultant named {username!r}.") from None
        self.stdout.write("\n".join(report_lines(calibration_for(user), username)))


def report_lines(report: Calibration, username: str) -> list[str]:
    """Return the calibration of a consultant as lines of text."""
    lines = [_("Calibration of %(username)s") % {"username": username}, ""]
    if not report.clients:
        lines.append(_("No reviewed client yet: review phases as they end."))
        return lines
    lines += [
        _("%(count)d reviewed clients; outcome = mean overall satisfaction, good ≥ 4, bad ≤ 2.")
        % {"count": len(report.clients)},
        "",
    ]
    lines += _figure_lines(_("First gut feeling vs outcome"), _("Gut"), report.gut)
    lines += _figure_lines(_("Score at decision vs outcome"), _("Score"), report.score)

    lines.append(_("Band at decision vs outcome"))
    header = [_("Band at decision"), _("Good outcome"), _("Bad outcome")]
    rows = [[str(row.label), row.good, row.bad] for row in report.bands]
    lines += [*_table(header, rows), ""]

    lines.append(
        _("Flags (catalogue %(catalogue)s, %(count)d clients: %(good)d good, %(bad)d bad)")
        % {
            "catalogue": report.catalogue.name,
            "count": report.catalogue_clients,
            "good": report.good_total,
            "bad": report.bad_total,
        }
    )
    lines.append("  " + stats.method_sentence())
    header = [
        _("Flag"),
        _("Seen"),
        _("Mean"),
        _("Not seen"),
        _("Mean"),
        _("Good/bad"),
        _("LLR"),
        _("Weight"),
        _("Suggested"),
    ]
    rows = [
        [
            f"{row.flag.label} ({row.flag.get_polarity_display()})",
            row.seen,
            _number(row.seen_mean),
            row.unseen,
            _number(row.unseen_mean),
            f"{row.good_with}/{row.bad_with}",
            row.llr_text,
            row.flag.weight,
            f"{row.suggested}{' *' if row.changes else ''}",
        ]
        for row in report.flags
    ]
    lines += _table(header, rows)
    lines += ["  " + row.contradiction for row in report.contradictions]
    lines.append("")

    lines.append(_("Outcomes by Sales Dogs breed"))
    header = [_("Breed"), _("Clients"), _("Mean outcome"), _("Good"), _("Bad")]
    rows = [[row.label, row.count, _number(row.mean), row.good, row.bad] for row in report.breeds]
    lines += [*_table(header, rows), ""]

    lines += [_("Ended after a phase"), "  " + report.checkpoints.sentence, ""]

    lines.append(_("What stretch clients taught"))
    for client in report.stretch:
        lines.append(f"  {client.name} ({_('outcome')} {_number(client.outcome)})")
        lines.append(f"    {_('Wanted to learn')}: {client.stretch_goal}")
        for text in client.learned or ["—"]:
            lines.append(f"    {_('Learned')}: {text}")
    if not report.stretch:
        lines.append("  " + _("No reviewed client was accepted as a stretch yet."))
    return lines


def _figure_lines(title: str, x_name: str, figure: Figure) -> list[str]:
    lines = [title, "  " + figure.lead, "  " + figure.sentence, "  " + figure.method]
    if figure.rows:
        header = [_("Client"), x_name, _("Outcome")]
        rows = [[c.name, x_text, _number(c.outcome)] for c, _x, x_text in figure.rows]
        lines += _table(header, rows)
    lines.append("")
    return lines
