"""Coordinates and words for the server-rendered SVG charts: the templates only draw what this
returns."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from django.utils import dateformat, timezone
from django.utils.translation import gettext

from ..dates import LocalDates
from ..score import scoring
from ..templatetags.fitcheck import signed


@dataclass(frozen=True)
class Point:
    x: float
    y: float


def sparkline_points(scores: list[int], width: int = 80, height: int = 20) -> str:
    """Return an SVG polyline `points` attribute for a list of scores 0–100."""
    if not scores:
        return ""
    if len(scores) == 1:
        scores = scores * 2
    step = width / (len(scores) - 1)
    return " ".join(
        f"{i * step:.1f},{height - score / 100 * height:.1f}" for i, score in enumerate(scores)
    )


@dataclass(frozen=True)
class TrendPhase:
    """A project phase as the trend chart needs it: its dates, its name, and its review."""

    starts_on: date
    ends_on: date  # planned or actual, may be ahead
    name: str
    reviewed_at: datetime | None = None
    satisfaction: int | None = None  # 1–5, with the review


@dataclass(frozen=True)
class Tick:
    """A date on the time axis: where, its label, how the label hangs on it, and whether a
    narrow screen shows it too (it shows every other one, so the labels keep apart)."""

    x: float
    label: str
    anchor: str  # "start", "middle" or "end"
    narrow: bool


@dataclass(frozen=True)
class PhaseBand:
    x: float
    width: float
    y: float  # top of its lane, under the plot
    label: str  # the name, and "(ongoing)" when it runs on past the latest event
    title: str  # the name with its dates
    ongoing: bool  # runs on past the right edge: drawn with an arrow
    arrow: str  # polygon points of that arrow, empty without one

    @property
    def label_x(self) -> float:
        return round(self.x + 4, 1)

    @property
    def label_y(self) -> float:
        return round(self.y + LANE_HEIGHT / 2, 1)

    @property
    def height(self) -> int:
        return LANE_HEIGHT


@dataclass(frozen=True)
class DecisionMark:
    x: float
    label: str  # the decision's kind, in words
    label_x: float
    label_y: float
    anchor: str
    title: str  # the kind and its date


@dataclass(frozen=True)
class Feeling:
    x: float
    y: float
    gut: int
    title: str  # "1 Dec 2026: your feeling +1"
    at: datetime

    @property
    def diamond(self) -> str:
        """Return the polygon points of its marker, a diamond."""
        x, y = self.x, self.y
        up, down, left, right = round(y - 5, 1), round(y + 5, 1), round(x - 5, 1), round(x + 5, 1)
        return f"{x},{up} {right},{y} {x},{down} {left},{y}"


@dataclass(frozen=True)
class TrendChart:
    width: int
    height: int
    left: int  # the plot's edges, in the chart's units
    right: int
    top: int
    bottom: int
    start: datetime  # the first event: the left edge
    end: datetime  # the latest event: the right edge, never later
    line: str  # polyline points of the score
    band: str  # polygon points of the 80 % interval
    points: list[tuple[Point, scoring.TrendPoint]]
    phases: list[PhaseBand]
    satisfaction: list[tuple[Point, int, str]]  # where, rating 1–5, phase name
    gridlines: list[tuple[float, int, str]]  # y, score, feeling as the right axis says it
    ticks: list[Tick]
    decisions: list[DecisionMark]
    feelings: list[Feeling]
    feeling_line: str

    def x(self, moment: datetime) -> float:
        """Return where a moment of the chart's range sits on its x axis."""
        span = (self.end - self.start).total_seconds()
        return round(self.left + (moment - self.start).total_seconds() / span * self.inner_width, 1)

    @property
    def inner_width(self) -> int:
        return self.right - self.left

    @property
    def plot_height(self) -> int:
        return self.bottom - self.top


# The layout, in the chart's units (the SVG scales to the width of its card). Labels are
# 11 units high on a wide screen and 20 on a narrow one (see the stylesheet), where the chart
# is drawn at about half its size: widths below are guessed from the narrow size, so labels
# that keep apart there keep apart everywhere.
WIDTH = 640
LEFT, RIGHT = 46, 40  # room for the score's labels, and for the feeling's
PLOT_HEIGHT = 180
DECISION_ROW = 20
LANE = 26
LANE_HEIGHT = 22
AXIS = 32  # the dates under the lanes
NARROW_CHAR = 11.5  # the width of a character of a label on a narrow screen, roughly
WIDE_CHAR = 6.5
MAX_TICKS = 6
DECISION_ROWS = 3
# Steps between ticks, smallest first: days for a span of eleven weeks or less, else months.
DAY_STEPS = (1, 2, 3, 7, 14)
MONTH_STEPS = (1, 2, 3, 6, 12, 24, 60)
DAYS_SPAN_MAX = 80


def trend_chart(
    trend: list[scoring.TrendPoint],
    phases: Sequence[TrendPhase] = (),
    *,
    decisions: Sequence[tuple[datetime, str]] = (),
    feelings: Sequence[tuple[datetime, int]] = (),
    today: date | None = None,
) -> TrendChart | None:
    """Return the chart of a client's trend, or None with nothing to draw.

    The x axis is time, from the first event that happened to the latest (the trend's points,
    the decisions, the gut feelings), never later: a phase that runs on past the latest event
    stops at the right edge with an arrow, and says "ongoing" if it has not ended by `today`.
    `decisions` are (when, kind in words), `feelings` the gut feelings (when, −2…+2), drawn
    as a second series over the same height (−2 at the bottom, +2 at the top). Dates are
    written in the active language, in the current time zone.
    """
    if not trend:
        return None
    zone = timezone.get_current_timezone()
    moments = [p.at for p in trend] + [at for at, _kind in decisions] + [at for at, _g in feelings]
    start, end = min(moments), max(moments)
    if (end - start).total_seconds() < 3600:
        # One moment, or a few close together: the day up to the latest, which sits on the right.
        start = end - timedelta(days=1)
    left, right = LEFT, WIDTH - RIGHT
    span = (end - start).total_seconds()

    def x(moment: datetime) -> float:
        return round(left + (moment - start).total_seconds() / span * (right - left), 1)

    marks, rows = _decisions(decisions, x)
    top = 16 + rows * DECISION_ROW
    bottom = top + PLOT_HEIGHT

    def y(score: float) -> float:
        return round(top + (100 - score) / 100 * PLOT_HEIGHT, 1)

    bands, lanes = _phase_bands(phases, start, end, x, zone, today, lanes_top=bottom + 8)
    placed = [(Point(x(p.at), y(p.score)), p) for p in trend]
    upper = [f"{pt.x},{y(p.high)}" for pt, p in placed]
    lower = [f"{pt.x},{y(p.low)}" for pt, p in reversed(placed)]
    satisfaction = [
        (Point(x(p.reviewed_at), y((p.satisfaction - 1) * 25)), p.satisfaction, p.name)
        for p in phases
        if p.reviewed_at is not None and p.satisfaction is not None
    ]
    dates = LocalDates("SHORT_DATE_FORMAT")
    said = gettext("%(date)s: your feeling %(gut)s")
    placed_feelings = [
        Feeling(
            x(at), y((gut + 2) * 25), gut, said % {"date": dates(at)[0], "gut": signed(gut)}, at
        )
        for at, gut in sorted(feelings, key=lambda feeling: feeling[0])
    ]
    return TrendChart(
        width=WIDTH,
        height=bottom + 8 + lanes * LANE + AXIS,
        left=left,
        right=right,
        top=top,
        bottom=bottom,
        start=start,
        end=end,
        line=" ".join(f"{pt.x},{pt.y}" for pt, _p in placed),
        band=" ".join(upper + lower),
        points=placed,
        phases=bands,
        satisfaction=satisfaction,
        gridlines=[(y(level), level, signed(level / 25 - 2)) for level in (0, 25, 50, 75, 100)],
        ticks=_ticks(start, end, x, zone),
        decisions=[
            DecisionMark(mark_x, label, label_x, top - 10 - row * DECISION_ROW, anchor, title)
            for mark_x, label, label_x, row, anchor, title in marks
        ],
        feelings=placed_feelings,
        feeling_line=" ".join(f"{f.x},{f.y}" for f in placed_feelings),
    )


def _ticks(start: datetime, end: datetime, x, zone) -> list[Tick]:
    """Return the dates of the time axis: days over eleven weeks or less, else months; at most
    MAX_TICKS of them, labels kept apart, every other one on a narrow screen."""
    first, last = start.astimezone(zone).date(), end.astimezone(zone).date()
    moments: list[tuple[datetime, str]] = []
    if (last - first).days <= DAYS_SPAN_MAX:
        for step in DAY_STEPS:
            day = first if start == _midnight(first, zone) else first + timedelta(days=1)
            if step >= 7:  # weeks start on Mondays
                day += timedelta(days=-day.weekday() % 7)
            days = []
            while _midnight(day, zone) <= end:
                days.append(day)
                day += timedelta(days=step)
            if len(days) <= MAX_TICKS:
                break
        moments = [(_midnight(day, zone), _format(day, "j N")) for day in days]
        if not moments:  # less than a day, no midnight in it: the latest day, on the right
            moments = [(end, _format(last, "j N"))]
    else:
        for step in MONTH_STEPS:
            month = (first.year * 12 + first.month - 1) // step * step  # months since year 0
            months = []
            while _midnight(day := date(month // 12, month % 12 + 1, 1), zone) <= end:
                if _midnight(day, zone) >= start:
                    months.append(day)
                month += step
            if len(months) <= MAX_TICKS:
                break
        moments = [
            (
                _midnight(day, zone),
                _format(day, "Y" if step >= 12 else "N Y" if index == 0 or day.month == 1 else "N"),
            )
            for index, day in enumerate(months)
        ]
    ticks: list[Tick] = []
    last_end = {False: -1e9, True: -1e9}  # where the last label ends, wide and narrow
    narrow_next = True
    for moment, label in moments:
        at = x(moment)
        # Hung so that it stays inside the chart at its narrow size, the larger.
        anchor, narrow_from, narrow_to = _hang(at, len(label) * NARROW_CHAR)
        _anchor, wide_from, wide_to = _hang(at, len(label) * WIDE_CHAR, anchor)
        if wide_from < last_end[False] + 8:
            continue  # it would touch the previous label
        narrow = narrow_next
        if narrow and narrow_from < last_end[True] + 8:
            narrow = False
        ticks.append(Tick(at, label, anchor, narrow))
        last_end[False] = wide_to
        if narrow:
            last_end[True] = narrow_to
        narrow_next = not narrow
    return ticks


def _hang(at: float, width: float, anchor: str | None = None) -> tuple[str, float, float]:
    """Return how a label of `width` hangs on `at` so it stays inside the chart, and where it
    begins and ends."""
    if anchor is None:
        anchor = "middle"
        if at - width / 2 < 2:
            anchor = "start"
        elif at + width / 2 > WIDTH - 2:
            anchor = "end"
    if anchor == "start":
        return anchor, at, at + width
    if anchor == "end":
        return anchor, at - width, at
    return anchor, at - width / 2, at + width / 2


def _phase_bands(phases, start, end, x, zone, today, *, lanes_top) -> tuple[list[PhaseBand], int]:
    """Return the phases as bands in lanes under the plot, clipped to the chart's range, and
    how many lanes they need (phases of two projects may overlap)."""
    dates = LocalDates("SHORT_DATE_FORMAT")
    ongoing_label = gettext("%(name)s (ongoing)")
    titled = gettext("%(name)s: %(start)s – %(end)s")
    lane_ends: list[float] = []
    bands = []
    for phase in sorted(phases, key=lambda p: (p.starts_on, p.ends_on)):
        begins = _midnight(phase.starts_on, zone)
        ends = _midnight(phase.ends_on + timedelta(days=1), zone)
        if ends <= start or begins >= end:
            continue  # all of it before the first event, or not begun by the latest
        x1, x2 = x(max(begins, start)), x(min(ends, end))
        runs_on = ends > end
        ongoing = runs_on and (today is None or phase.ends_on >= today)
        lane = next((i for i, e in enumerate(lane_ends) if e <= x1), len(lane_ends))
        if lane == len(lane_ends):
            lane_ends.append(x2)
        lane_ends[lane] = x2
        y = lanes_top + lane * LANE
        arrow = ""
        if runs_on:
            arrow = f"{x2},{y} {x2 + 8},{y + LANE_HEIGHT / 2} {x2},{y + LANE_HEIGHT}"
        bands.append(
            PhaseBand(
                x1,
                round(x2 - x1, 1),
                y,
                ongoing_label % {"name": phase.name} if ongoing else phase.name,
                titled
                % {
                    "name": phase.name,
                    "start": dates(begins)[0],
                    "end": dates(ends - timedelta(hours=12))[0],
                },
                runs_on,
                arrow,
            )
        )
    return bands, len(lane_ends)


def _decisions(decisions, x) -> tuple[list[tuple], int]:
    """Return each decision's mark and label in rows over the plot, so that no label touches
    another, and how many rows they take."""
    dates = LocalDates("SHORT_DATE_FORMAT")
    titled = gettext("%(decision)s: %(date)s")
    row_ends: list[float] = []
    marks = []
    for at, label in sorted(decisions, key=lambda decision: decision[0]):
        at_x = x(at)
        width = len(label) * NARROW_CHAR
        anchor, label_x, begins, ends = "start", at_x + 4, at_x + 4, at_x + 4 + width
        if ends > WIDTH - 2:
            anchor, label_x, begins, ends = "end", at_x - 4, at_x - 4 - width, at_x - 4
        row = next((i for i, e in enumerate(row_ends) if e + 8 <= begins), len(row_ends))
        if row >= DECISION_ROWS:  # crowded: the row whose label ends first
            row = min(range(DECISION_ROWS), key=row_ends.__getitem__)
        elif row == len(row_ends):
            row_ends.append(ends)
        row_ends[row] = ends
        title = titled % {"decision": label, "date": dates(at)[0]}
        marks.append((at_x, label, round(label_x, 1), row, anchor, title))
    return marks, len(row_ends)


def _midnight(day: date, zone) -> datetime:
    """Return the local midnight that begins a day."""
    return datetime.combine(day, time(), tzinfo=zone)


def _format(day: date, format_string: str) -> str:
    """Return a date as the `date` filter writes it in the active language."""
    return dateformat.format(day, format_string)


class TrendRow(NamedTuple):
    """A point of the trend: where the chart draws it, and what it and the table say."""

    x: float
    y: float
    source: str
    title: str  # "1 Dec 2026: score 62"
    when: str  # SHORT_DATETIME_FORMAT
    after: str  # "interaction" or "phase review", in words
    score: int
    interval: str  # "48–71"
    feeling: str  # the gut feeling noted at that interaction ("+1"), or empty


def trend_rows(chart: TrendChart | None) -> list[TrendRow]:
    """Return each point of the trend chart with its words, for the chart and its table."""
    if chart is None:
        return []
    title = gettext("%(date)s: score %(score)s")
    after = {"interaction": gettext("interaction"), "review": gettext("phase review")}
    dates = LocalDates("SHORT_DATE_FORMAT", "SHORT_DATETIME_FORMAT")
    guts = {feeling.at: signed(feeling.gut) for feeling in chart.feelings}
    rows = []
    for placed, point in chart.points:
        day, when = dates(point.at)
        rows.append(
            TrendRow(
                placed.x,
                placed.y,
                point.source,
                title % {"date": day, "score": point.score},
                when,
                after[point.source],
                point.score,
                f"{point.low}–{point.high}",
                guts.get(point.at, "") if point.source == "interaction" else "",
            )
        )
    return rows
