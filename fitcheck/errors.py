"""The app's own pages for requests it cannot serve: an outage (503) and a refused body (400).

Django answers both with its generic pages otherwise: a failed connection to PostgreSQL or
Redis is a server error (500), a body over a limit of Django's a bare "Bad Request (400)".
"""

import sys

from django.conf import settings
from django.core.exceptions import (
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.views import defaults

try:
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError
except ImportError:  # redis-py is only needed with CACHE_URL
    RedisConnectionError = RedisTimeoutError = ()

# How long a browser or a client should wait before trying again after an outage.
RETRY_AFTER_SECONDS = 60

# PostgreSQL's SQLSTATEs for "no connection": class 08, and the server shutting down or
# starting up. Other operational errors (a deadlock, a statement timeout) are not outages.
DISCONNECTED = ("08", "57P01", "57P02", "57P03")


class FileNotAccepted(SuspiciousOperation):
    """A file was sent to a form that takes none (see clients.middleware)."""


def unreachable_service(error: BaseException | None) -> str | None:
    """Return "database" or "cache" if the error (or what caused it) is that service being
    out of reach, else None."""
    while error is not None:
        if isinstance(error, (RedisConnectionError, RedisTimeoutError)):
            return "cache"
        if isinstance(error, (OperationalError, InterfaceError)):
            sqlstate = getattr(error.__cause__, "sqlstate", None)
            if sqlstate is None or sqlstate.startswith(DISCONNECTED):
                return "database"
        error = error.__cause__
    return None


def server_error(request):
    """handler500: an outage has its own page (503, Retry-After); anything else Django's 500."""
    service = unreachable_service(sys.exc_info()[1])
    if service is None:
        return defaults.server_error(request)
    return service_unavailable(request, service)


def service_unavailable(request, service: str):
    """Return the 503 page saying which service is out of reach.

    The page stands alone, like 500.html: rendering base.html would read the session and the
    account, from the very database that does not answer.
    """
    if service == "database":
        problem = _("fitcheck cannot reach its database; try again in a minute.")
    else:
        problem = _("fitcheck cannot reach its cache; try again in a minute.")
    template = loader.get_template("503.html")
    response = HttpResponse(template.render({"problem": problem}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def bad_request(request, exception):
    """handler400: a body over one of Django's limits, or a file sent to a form that takes
    none, says what and the limit; any other bad request gets the same page, said generally."""
    status, problem = 400, _("fitcheck could not understand this request.")
    if isinstance(exception, RequestDataTooBig):
        status = 413
        limit = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        problem = _("The form was too big: fitcheck takes at most %(limit)s of text in one form.")
        problem %= {"limit": limit}
        sent = _declared_length(request)
        if sent:
            problem += " " + _("This one was %(size)s.") % {"size": filesizeformat(sent)}
    elif isinstance(exception, TooManyFieldsSent):
        problem = _("The form had too many fields: fitcheck takes at most %(limit)d.") % {
            "limit": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        }
    elif isinstance(exception, TooManyFilesSent):
        problem = _("The form had too many files: fitcheck takes at most %(limit)d.") % {
            "limit": settings.DATA_UPLOAD_MAX_NUMBER_FILES
        }
    elif isinstance(exception, FileNotAccepted):
        problem = _("This form takes no file. Send it again without one.")
    return render(request, "400.html", {"problem": problem}, status=status)


def _declared_length(request) -> int:
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0
