"""The Export page: download all my data (JSON) or my clients (CSV), restore from a file."""

import csv

from django.contrib import messages
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from ..models import Client
from . import data_io

MAX_UPLOAD_MB = 10
MAX_UPLOAD = MAX_UPLOAD_MB * 1024 * 1024
# Room for the multipart boundaries, headers and CSRF token around the file itself.
MULTIPART_OVERHEAD = 64 * 1024


def _export_page(request, *, status: int = 200):
    context = {
        "nav": "export",
        "has_clients": Client.objects.filter(owner=request.user).exists(),
        "max_upload_mb": MAX_UPLOAD_MB,
    }
    return render(request, "clients/export.html", context, status=status)


@require_GET
def export_page(request):
    return _export_page(request)


def _attachment(response: HttpResponse, extension: str, name: str) -> HttpResponse:
    filename = f"fitcheck-{name}-{timezone.localdate().isoformat()}.{extension}"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@require_GET
@never_cache
def export_json(request):
    # Streamed a client at a time: the largest account's file is tens of megabytes.
    response = StreamingHttpResponse(
        data_io.export_json(request.user), content_type="application/json; charset=utf-8"
    )
    return _attachment(response, "json", "export")


@require_GET
@never_cache
def export_csv(request):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    # The byte order mark tells spreadsheets the file is UTF-8, so accents survive.
    response.write("\ufeff")
    csv.writer(response).writerows(data_io.clients_csv(request.user))
    return _attachment(response, "csv", "clients")


def _refuse(request, message: str, status: int = 400):
    messages.error(request, _("Nothing was restored. %(problem)s") % {"problem": message})
    return _export_page(request, status=status)


# CSRF protection reads the whole form to find its token, file included; the size is
# checked first, on the declared length, so an oversized upload is refused unread.
@csrf_exempt
@require_POST
def import_page(request):
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_UPLOAD + MULTIPART_OVERHEAD:
        return _refuse(request, _too_large(), status=413)
    return _import_upload(request)


def _too_large() -> str:
    return _("The file is larger than %(size)d MB: is it a fitcheck export?") % {
        "size": MAX_UPLOAD_MB
    }


@csrf_protect
def _import_upload(request):
    if Client.objects.filter(owner=request.user).exists():
        return _refuse(
            request,
            _(
                "Your account already has clients: a restore goes into an account without "
                "clients only, so nothing is overwritten or mixed."
            ),
        )
    upload = request.FILES.get("file")
    if upload is None:
        return _refuse(request, _("Choose a fitcheck export file (.json) to restore."))
    if upload.size > MAX_UPLOAD:
        return _refuse(request, _too_large(), status=413)
    try:
        document = data_io.parse_document(upload.read())
        summary = data_io.import_data(request.user, document)
    except data_io.DataFileError as error:
        return _refuse(request, str(error))
    messages.success(
        request,
        _(
            "Restored %(clients)d clients with %(interactions)d interactions, %(reviews)d "
            "phase reviews, %(decisions)d decisions and %(boundaries)d boundaries; "
            "scores recomputed."
        )
        % vars(summary),
    )
    if summary.rescored_differently:
        messages.warning(
            request,
            _(
                "The recomputed score of %(names)s differs from the file's: their catalogue "
                "changed since the export, or the file was edited. Scores follow the catalogue "
                "as it is now."
            )
            % {"names": ", ".join(summary.rescored_differently[:10])},
        )
    return redirect("dashboard")
