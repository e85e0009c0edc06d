"""GET /healthz: whether this server can serve pages, for a load balancer or a monitor.

It answers without a login and reveals nothing: no data, no session, no cookie.
"""

import logging

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def _database_answers() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def _cache_answers() -> bool:
    # The shared cache holds the login throttle: without it nobody can log in.
    cache.set("healthz", 1, 10)
    return cache.get("healthz") == 1


@login_not_required
@never_cache
@require_safe
def healthz(request):
    for name, answers in (("database", _database_answers), ("cache", _cache_answers)):
        try:
            healthy = answers()
        except Exception:  # whatever the driver raises, the answer is "not ready"
            logger.exception("healthz: the %s does not answer", name)
            healthy = False
        if not healthy:
            return HttpResponse(f"{name} unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")
