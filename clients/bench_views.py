"""The benchmark's floor: the cheapest page Django can serve with fitcheck's layout.

`make bench` compares every page with this one, measured on the same server in the same
run, because ratios survive a shared machine where absolute times do not. It is routed only
when FITCHECK_BENCH_FLOOR is on (bench/run.py sets it), never in a normal deployment.
"""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from .models import Client

FLOOR_ROWS = 25


@require_GET
def floor(request):
    """Render the base layout with the consultant's first 25 clients by name.

    One query on the (owner, archived, name) index, reading only the fields shown: what any
    Django page of this layout pays at least (session, user, one indexed query, a template).
    """
    clients = (
        Client.objects.filter(owner=request.user, archived=False)
        .order_by("name")
        .only("pk", "name", "score", "band")[:FLOOR_ROWS]
    )
    return render(request, "bench_floor.html", {"clients": clients})
