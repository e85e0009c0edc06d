"""The trend chart over time: dates on its axis in the page's language and time zone, every
event at its own moment, nothing past the latest one, gut feelings beside the score."""

import itertools
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from clients.models import Decision
from clients.pages import charts
from clients.pages.charts import NARROW_CHAR, WIDE_CHAR, TrendPhase
from clients.score.scoring import TrendPoint
from tests.factories import add_phase, log, review

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture(autouse=True)
def in_paris():
    with timezone.override(PARIS):
        yield


def at(*parts) -> datetime:
    return datetime(*parts, tzinfo=PARIS)


def point(moment: datetime, score: int = 50, source: str = "interaction") -> TrendPoint:
    return TrendPoint(moment, source, score, score - 10, score + 10)


def labels(chart) -> list[str]:
    return [tick.label for tick in chart.ticks]


TEN_DAYS = [point(at(2026, 11, 2, 10)), point(at(2026, 11, 12, 10), 60)]
FOURTEEN_MONTHS = [point(at(2025, 1, 15, 10)), point(at(2026, 3, 15, 10), 60)]


def test_it_writes_days_on_the_axis_of_a_ten_day_span():
    chart = charts.trend_chart(TEN_DAYS)

    assert labels(chart) == ["3 Nov.", "5 Nov.", "7 Nov.", "9 Nov.", "11 Nov."]
    # Each at its local midnight.
    assert chart.ticks[0].x == chart.x(at(2026, 11, 3))
    assert chart.ticks[-1].x == chart.x(at(2026, 11, 11))


def test_it_writes_days_in_french_under_french():
    with translation.override("fr"):
        chart = charts.trend_chart(TEN_DAYS)

    assert labels(chart) == ["3 nov.", "5 nov.", "7 nov.", "9 nov.", "11 nov."]


def test_it_writes_months_on_the_axis_of_a_fourteen_month_span():
    chart = charts.trend_chart(FOURTEEN_MONTHS)

    assert labels(chart) == ["April 2025", "July", "Oct.", "Jan. 2026"]
    assert chart.ticks[0].x == chart.x(at(2025, 4, 1))


def test_it_writes_months_in_french_under_french():
    with translation.override("fr"):
        chart = charts.trend_chart(FOURTEEN_MONTHS)

    assert labels(chart) == ["avr. 2025", "juil.", "oct.", "jan. 2026"]


def test_it_places_the_ticks_in_the_local_time_zone():
    # 23:30 UTC on 2 November is already the 3rd in Paris: its midnight is an hour earlier.
    chart = charts.trend_chart(TEN_DAYS)
    with timezone.override(ZoneInfo("America/New_York")):
        in_new_york = charts.trend_chart(TEN_DAYS)

    assert chart.ticks[0].x != in_new_york.ticks[0].x
    assert in_new_york.ticks[0].x == in_new_york.x(
        datetime(2026, 11, 3, tzinfo=ZoneInfo("America/New_York"))
    )


@pytest.mark.parametrize(
    "days", [0.5, 1, 3, 10, 20, 45, 62, 63, 79, 80, 81, 90, 200, 430, 800, 2000, 4000]
)
@pytest.mark.parametrize("language", ["en", "fr"])
def test_it_keeps_a_handful_of_ticks_that_never_overlap(days, language):
    end = at(2026, 11, 30, 16)
    trend = [point(end - timedelta(days=days)), point(end)]
    with translation.override(language):
        chart = charts.trend_chart(trend)

    assert 1 <= len(chart.ticks) <= charts.MAX_TICKS
    for char, ticks in (
        (WIDE_CHAR, chart.ticks),
        (NARROW_CHAR, [t for t in chart.ticks if t.narrow]),
    ):
        extents = [_extent(tick, len(tick.label) * char) for tick in ticks]
        assert all(begin >= 0 and end <= chart.width for begin, end in extents)
        assert all(a[1] < b[0] for a, b in itertools.pairwise(extents))
    assert any(tick.narrow for tick in chart.ticks)
    assert all(chart.left <= tick.x <= chart.right for tick in chart.ticks)


def _extent(tick, width: float) -> tuple[float, float]:
    if tick.anchor == "start":
        return tick.x, tick.x + width
    if tick.anchor == "end":
        return tick.x - width, tick.x
    return tick.x - width / 2, tick.x + width / 2


def test_it_draws_a_review_at_its_review_date_not_at_the_phase_end():
    reviewed = at(2026, 10, 20, 15)
    trend = [point(at(2026, 9, 1, 10)), point(reviewed, 70, "review"), point(at(2026, 11, 5, 9))]
    # The phase was planned to end on 31 October; it was reviewed on the 20th.
    phase = TrendPhase(date(2026, 9, 1), date(2026, 10, 31), "Pilot", reviewed, 4)

    chart = charts.trend_chart(trend, [phase])

    review_point = next(placed for placed, p in chart.points if p.source == "review")
    assert review_point.x == chart.x(reviewed)
    (satisfaction, rating, name), *_ = chart.satisfaction
    assert (satisfaction.x, rating, name) == (chart.x(reviewed), 4, "Pilot")
    assert satisfaction.y == chart.top + chart.plot_height / 4  # 4 of 5: three quarters up
    assert chart.x(at(2026, 11, 1)) != satisfaction.x


def test_it_clips_an_ongoing_phase_at_the_right_edge():
    trend = [point(at(2026, 9, 1, 10)), point(at(2026, 10, 1, 10))]
    phases = [
        TrendPhase(date(2026, 8, 1), date(2026, 9, 10), "Discovery"),  # began before
        TrendPhase(date(2026, 9, 20), date(2027, 3, 31), "Build"),  # ends months ahead
    ]

    chart = charts.trend_chart(trend, phases, today=date(2026, 10, 2))

    discovery, build = chart.phases
    assert discovery.x == chart.left  # clipped at the left edge
    assert not discovery.ongoing and discovery.label == "Discovery"
    assert build.x == chart.x(at(2026, 9, 20))
    assert build.x + build.width == chart.right
    assert build.ongoing and build.arrow
    assert build.label == "Build (ongoing)"
    assert build.title == "Build: 20 Sep 2026 – 31 Mar 2027"


def test_it_leaves_out_a_phase_not_begun_by_the_latest_event():
    trend = [point(at(2026, 9, 1, 10)), point(at(2026, 10, 1, 10))]
    later = TrendPhase(date(2026, 10, 5), date(2026, 12, 1), "Later")

    assert charts.trend_chart(trend, [later], today=date(2026, 10, 10)).phases == []


def test_it_draws_nothing_beyond_the_latest_event():
    latest = at(2026, 10, 1, 10)
    trend = [point(at(2026, 6, 1, 10)), point(latest, 40)]
    phases = [TrendPhase(date(2026, 9, 1), date(2027, 6, 30), "Build")]
    decisions = [(at(2026, 6, 3, 9), "accept")]

    chart = charts.trend_chart(
        trend, phases, decisions=decisions, feelings=[(latest, 1)], today=date(2026, 12, 1)
    )

    assert chart.end == latest
    assert chart.start == at(2026, 6, 1, 10)
    assert chart.points[-1][0].x == chart.right
    xs = [tick.x for tick in chart.ticks] + [p.x for p, _ in chart.points]
    xs += [band.x + band.width for band in chart.phases] + [m.x for m in chart.decisions]
    xs += [f.x for f in chart.feelings]
    assert max(xs) == chart.right
    assert labels(chart)[-1] == "Oct."  # 1 October is the latest date


def test_it_ends_the_range_at_the_latest_decision_when_it_came_last():
    trend = [point(at(2026, 6, 1, 10)), point(at(2026, 6, 20, 10))]
    decided = at(2026, 6, 24, 9)

    chart = charts.trend_chart(trend, decisions=[(decided, "decline")])

    assert chart.end == decided
    assert chart.decisions[0].x == chart.right
    assert chart.decisions[0].anchor == "end"  # its label stays inside the chart


def test_it_marks_each_decision_with_its_label():
    trend = [point(at(2026, 1, 5, 10)), point(at(2026, 6, 1, 10))]
    decisions = [
        (at(2026, 1, 8, 9), "need more info"),
        (at(2026, 1, 20, 9), "accept as stretch"),
        (at(2026, 5, 2, 9), "checkpoint: continue"),
    ]

    chart = charts.trend_chart(trend, decisions=decisions)

    marks = chart.decisions
    assert [m.label for m in marks] == [
        "need more info",
        "accept as stretch",
        "checkpoint: continue",
    ]
    assert [m.x for m in marks] == [chart.x(moment) for moment, _label in decisions]
    assert marks[1].title == "accept as stretch: 20 Jan 2026"
    # The first two are close: their labels go on two rows, over the plot.
    assert marks[0].label_y != marks[1].label_y
    assert all(m.label_y < chart.top for m in marks)


def test_it_maps_the_gut_feelings_onto_the_charts_height():
    trend = [point(at(2026, 1, 5, 10)), point(at(2026, 3, 1, 10))]
    feelings = [(at(2026, 1, 5, 10), -2), (at(2026, 2, 1, 10), 0), (at(2026, 3, 1, 10), 2)]

    chart = charts.trend_chart(trend, feelings=feelings)

    low, neutral, high = chart.feelings
    assert (low.y, neutral.y, high.y) == (
        chart.bottom,
        chart.top + chart.plot_height / 2,
        chart.top,
    )
    assert [f.x for f in chart.feelings] == [chart.x(moment) for moment, _gut in feelings]
    assert neutral.title == "1 Feb 2026: your feeling 0"
    assert low.title == "5 Jan 2026: your feeling −2"
    assert chart.feeling_line == " ".join(f"{f.x},{f.y}" for f in chart.feelings)
    assert [feeling for _y, _score, feeling in chart.gridlines] == ["−2", "−1", "0", "+1", "+2"]


def test_it_puts_a_single_point_on_the_right_edge():
    only = at(2026, 3, 1, 10)

    chart = charts.trend_chart([point(only)])

    assert chart.points[0][0].x == chart.right
    assert chart.end == only
    assert labels(chart) == ["1 March"]


def test_it_has_no_chart_without_a_trend():
    assert charts.trend_chart([], decisions=[(at(2026, 3, 1, 10), "accept")]) is None


# The client page ----------------------------------------------------------------------


def test_it_shows_dates_on_the_axis_of_the_client_page(logged_in, consultant, make_client):
    client = make_client(consultant)
    log(client, occurred_at=at(2025, 3, 10, 10), kind="discovery", gut=1)
    log(client, occurred_at=at(2025, 5, 12, 10), gut=-1)
    phase = add_phase(client, starts_on=date(2025, 3, 20), ends_on=date(2025, 9, 30))
    review(phase, reviewed_at=at(2025, 7, 18, 15), satisfaction=2)
    log(client, occurred_at=at(2025, 8, 20, 10), gut=0)

    response = logged_in.get(reverse("client_detail", args=[client.pk]))

    page = response.text
    for label in ("April 2025", "May", "June", "July", "Aug."):
        assert f">{label}</text>" in page
    assert page.count('class="feeling-point"') == 3
    assert "Discovery sprint" in page and 'class="phase-label"' in page
    # The table behind the chart stays, and gives the gut feelings too.
    table = page.split('<table class="trend-table">')[1].split("</table>")[0]
    feelings = re.findall(r"<td>[^<]*</td></tr>", table)
    assert feelings == ["<td>+1</td></tr>", "<td>−1</td></tr>", "<td></td></tr>", "<td>0</td></tr>"]
    assert 'role="img" aria-labelledby="trend-title"' in page


def test_it_marks_the_decisions_on_the_client_page(logged_in, consultant, make_client):
    client = make_client(consultant)
    log(client, occurred_at=at(2025, 3, 10, 10), kind="discovery", gut=1)
    log(client, occurred_at=at(2025, 3, 24, 10))
    Decision.objects.create(
        client=client,
        kind="accept",
        decided_at=at(2025, 3, 20, 9),
        score=60,
        score_low=50,
        score_high=70,
        band="unclear",
        confidence="low",
    )

    response = logged_in.get(reverse("client_detail", args=[client.pk]))

    assert 'class="decision-label"' in response.text
    assert ">accept</text>" in response.text
    assert "<title>accept: 20 Mar 2025</title>" in response.text


def test_it_writes_french_dates_and_unlocalised_coordinates_in_french(
    logged_in, consultant, make_client
):
    client = make_client(consultant)
    log(client, occurred_at=at(2025, 3, 10, 10), kind="discovery", gut=1)
    log(client, occurred_at=at(2025, 8, 20, 17, 13), gut=-1)

    response = logged_in.get(
        reverse("client_detail", args=[client.pk]), HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9"
    )

    svg = response.text.split('<svg class="trend-chart"')[1].split("</svg>")[0]
    for label in ("avr. 2025", "mai", "juin", "juil.", "août"):
        assert f">{label}</text>" in svg
    # Coordinates are numbers for the browser: 28.5, never 28,5.
    coordinates = re.findall(r'\s(?:x|y|x1|x2|y1|y2|cx|cy|width|height|points)="([^"]*)"', svg)
    assert any("." in c for c in coordinates)
    # A number is digits with at most a point; a pair of points' list is "x,y x,y".
    number = r"-?\d+(?:\.\d+)?"
    pair = rf"{number},{number}"
    for c in coordinates:
        assert re.fullmatch(rf"{number}|{pair}(?: {pair})*", c), c
