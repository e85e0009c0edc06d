"""The dashboard: the consultant's clients, the "Today" strip, search, filters and pages."""

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from ..models import Client
from ..pages import dashboard_rows, today
from ..pages.dashboard import DashboardQuery

PAGE_SIZE = 25


@require_GET
@vary_on_headers("HX-Request")
def dashboard(request):
    query = DashboardQuery.from_params(request.GET)
    now = timezone.now()
    strip = today.Today.of(request.user, now)
    mine = Client.objects.filter(owner=request.user)
    listed = query.condition(strip)
    # One pass over the consultant's clients counts the list, the strip and all of them.
    counts = mine.aggregate(
        listed=Count("pk", filter=listed or None),
        every=Count("pk"),
        **{
            key: Count("pk", filter=Q(archived=False) & condition)
            for key, condition in strip.conditions.items()
        },
    )
    clients = mine.filter(listed).order_by(*query.ordering())
    page = CountedPaginator(clients, PAGE_SIZE, count=counts["listed"]).get_page(
        request.GET.get("page")
    )
    has_any_client = counts["every"] > 0
    context = {
        "nav": "dashboard",
        "query": query,
        "page": page,
        "rows": dashboard_rows.rows(page.object_list, timezone.localdate(now)),
        "has_any_client": has_any_client,
        "today_strip": _today_strip(query, counts) if has_any_client else [],
    }
    # Back/forward asks for the whole page (history restore), filters for the list only.
    fragment = request.htmx and not request.htmx.history_restore_request
    template = "clients/dashboard.html" + ("#client-list" if fragment else "")
    return render(request, template, context)


class CountedPaginator(Paginator):
    """A paginator given the count of its list, so it does not ask the database for it."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self._count = count

    @property
    def count(self) -> int:
        return self._count


def _today_strip(query, counts):
    """Return (key, label, count, link) for each part of the "Today" strip.

    A part's link filters the list by it; the active part's link takes the filter off.
    """
    return [
        (
            key,
            words(counts[key]),
            counts[key],
            query.as_params(today="" if key == query.today else key),
        )
        for key, words in today.LABELS.items()
    ]
