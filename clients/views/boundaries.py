"""My boundaries: the consultant's own list, asked about in every call and review."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ..forms import BoundaryForm
from ..models import Boundary
from .responses import simple_form


@require_http_methods(["GET", "POST"])
def boundaries(request):
    form = BoundaryForm(request.POST or None)
    if form.is_valid():
        boundary = form.save(commit=False)
        boundary.owner = request.user
        boundary.save()
        messages.success(request, _("Boundary added."))
        return redirect("boundaries")
    context = {
        "nav": "boundaries",
        "form": form,
        "boundaries": Boundary.objects.filter(owner=request.user),
    }
    return render(request, "clients/boundaries.html", context)


@require_http_methods(["GET", "POST"])
def boundary_edit(request, pk):
    boundary = get_object_or_404(Boundary, pk=pk, owner=request.user)
    form = BoundaryForm(request.POST or None, instance=boundary)
    if form.is_valid():
        form.save()
        messages.success(request, _("Boundary saved."))
        return redirect("boundaries")
    return simple_form(
        request, form, title=_("Edit a boundary"), submit=_("Save"), nav="boundaries"
    )


@require_POST
def boundary_toggle(request, pk):
    boundary = get_object_or_404(Boundary, pk=pk, owner=request.user)
    boundary.active = not boundary.active
    boundary.save(update_fields=["active"])
    return redirect("boundaries")
