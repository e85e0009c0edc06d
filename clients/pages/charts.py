"""Coordinates and words for the server-rendered SVG charts: the templates only draw what this
returns."""

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from django.utils.translation import gettext

from ..dates import LocalDates
from ..score import scoring


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
class TrendChart:
    width: int
    height: int
    line: str  # polyline points of the score
    band: str  # polygon points of the 80 % interval
    points: list[tuple[Point, scoring.TrendPoint]]
    phases: list[tuple[float, float, float, str]]  # x start, x end, width, phase name
    satisfaction: list[tuple[Point, int, str]]  # where, rating 1–5, phase name
    gridlines: list[tuple[float, int]]


def trend_chart(
    trend: list[scoring.TrendPoint],
    phases: list[tuple[date, date, str, int | None]],
    width: int = 640,
    height: int = 220,
    pad: int = 28,
) -> TrendChart | None:
    """Return the chart of a client's trend with its phases, or None with nothing to draw.

    `phases` are (start, end, name, overall satisfaction or None).
    """
    if not trend:
        return None
    times = [point.at.timestamp() for point in trend]
    for start, end, _name, _rating in phases:
        times += [_timestamp(start), _timestamp(end)]
    first, last = min(times), max(times)
    span = (last - first) or 1.0
    inner_w, inner_h = width - 2 * pad, height - 2 * pad

    def x(at: float) -> float:
        return round(pad + (at - first) / span * inner_w, 1)

    def y(score: float) -> float:
        return round(pad + (100 - score) / 100 * inner_h, 1)

    placed = [(Point(x(p.at.timestamp()), y(p.score)), p) for p in trend]
    upper = [f"{pt.x},{y(p.high)}" for pt, p in placed]
    lower = [f"{pt.x},{y(p.low)}" for pt, p in reversed(placed)]
    chart_phases = []
    for start, end, name, _rating in phases:
        x1, x2 = x(_timestamp(start)), x(_timestamp(end))
        chart_phases.append((x1, x2, round(x2 - x1, 1), name))
    satisfaction = [
        (Point(x(_timestamp(end)), y((rating - 1) * 25)), rating, name)
        for start, end, name, rating in phases
        if rating is not None
    ]
    return TrendChart(
        width=width,
        height=height,
        line=" ".join(f"{pt.x},{pt.y}" for pt, _p in placed),
        band=" ".join(upper + lower),
        points=placed,
        phases=chart_phases,
        satisfaction=satisfaction,
        gridlines=[(y(level), level) for level in (0, 25, 50, 75, 100)],
    )


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


def trend_rows(chart: TrendChart | None) -> list[TrendRow]:
    """Return each point of the trend chart with its words, for the chart and its table."""
    if chart is None:
        return []
    title = gettext("%(date)s: score %(score)s")
    after = {"interaction": gettext("interaction"), "review": gettext("phase review")}
    dates = LocalDates("SHORT_DATE_FORMAT", "SHORT_DATETIME_FORMAT")
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
            )
        )
    return rows


def _timestamp(day: date) -> float:
    # Midnight UTC of the day; plain arithmetic, so no date is out of range.
    return (day - date(1970, 1, 1)).days * 86400.0
