"""The calibration page, and applying its suggested weights to the consultant's own catalogue.

Every figure comes from `_get_calibration_for_user`, which reads only the consultant's own
clients, so no view can show another consultant's outcomes.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from ..catalogues.actions import apply_weights, catalogue_clients
from . import stats
from .report import Calibration, calibration_for

TEMPLATE = "clients/calibration.html"


def _get_calibration_for_user(request) -> Calibration:
    return calibration_for(request.user)


def _context(report: Calibration, **extra) -> dict:
    return {
        "nav": "calibration",
        "report": report,
        "method": stats.method_sentence(),
        "minimum": stats.MIN_CLIENTS,
        **extra,
    }


@require_GET
def calibration(request):
    return render(request, TEMPLATE, _context(_get_calibration_for_user(request)))


def _proposal(report: Calibration) -> list[str]:
    """Return the suggested weights as "flag id:weight" tokens: what the consultant saw."""
    return sorted(f"{row.flag.pk}:{row.suggested}" for row in report.changes)


@require_POST
def calibration_apply(request):
    """First POST: show what would change. Second POST (confirm=yes): apply it.

    The confirmation carries the weights it showed; if the suggestions have moved since
    (a review saved meanwhile), nothing is applied and the new ones are shown instead.
    """
    report = _get_calibration_for_user(request)
    if not report.can_apply:
        # Shared catalogues change only in the admin, never from one consultant's outcomes.
        messages.info(
            request, _("Make your own catalogue (My flags) to apply the suggested weights to it.")
        )
        return redirect("calibration")
    if not report.changes:
        messages.info(request, _("Every weight already matches its suggestion: nothing to apply."))
        return redirect("calibration")
    proposal = _proposal(report)
    confirm = {
        "proposal": proposal,
        "rescored": catalogue_clients(report.catalogue).count(),
    }
    if request.POST.get("confirm") != "yes":
        return render(request, TEMPLATE, _context(report, confirm=confirm))
    confirmed = sorted(request.POST.getlist("weight"))
    if confirmed != proposal or request.POST.get("catalogue") != str(report.catalogue.pk):
        messages.warning(
            request,
            _(
                "The suggestions changed since you looked at them; nothing was applied. "
                "Check them again."
            ),
        )
        return render(request, TEMPLATE, _context(report, confirm=confirm), status=409)
    count = apply_weights(
        catalogue=report.catalogue,
        weights={row.flag.pk: row.suggested for row in report.changes},
    )
    messages.success(
        request,
        ngettext(
            "Suggested weights applied to %(catalogue)s; %(count)d score changed.",
            "Suggested weights applied to %(catalogue)s; %(count)d scores changed.",
            count,
        )
        % {"catalogue": report.catalogue.name, "count": count},
    )
    return redirect("calibration")
