"""Projects, their phases, and the review after each phase."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .. import actions
from ..forms import PhaseForm, PhaseReviewForm, ProjectForm
from ..models import DecisionKind, PhaseReview
from .access import get_client_for_user, get_phase_for_user, get_project_for_user
from .chips import chips_form, grouped_chips
from .responses import conflict, simple_form


@require_http_methods(["GET", "POST"])
def project_new(request, pk):
    client = get_client_for_user(request, pk)
    form = ProjectForm(request.POST or None)
    if form.is_valid():
        project = form.save(commit=False)
        project.client = client
        project.save()
        messages.success(request, _("Project added. Cut it into phases to review each one."))
        return redirect("phase_new", project.pk)
    return simple_form(
        request,
        form,
        title=_("New project for %(client)s") % {"client": client.name},
        submit=_("Add project"),
        nav="dashboard",
        client=client,
    )


@require_http_methods(["GET", "POST"])
def phase_new(request, pk):
    project = get_project_for_user(request, pk)
    form = PhaseForm(request.POST or None)
    if form.is_valid():
        phase = form.save(commit=False)
        phase.project = project
        actions.add_phase(phase)
        messages.success(request, _("Phase added. Review it once it ends."))
        return redirect("client_detail", project.client.pk)
    return simple_form(
        request,
        form,
        title=_("New phase of %(project)s") % {"project": project.name},
        submit=_("Add phase"),
        nav="dashboard",
        client=project.client,
    )


def _is_stretch(client) -> bool:
    latest = client.decisions.exclude(kind=DecisionKind.NEED_INFO).first()
    return latest is not None and latest.kind == DecisionKind.STRETCH


@require_http_methods(["GET", "POST"])
def phase_review(request, pk):
    phase = get_phase_for_user(request, pk)
    client = phase.project.client
    review = getattr(phase, "review", None)
    existing = list(review.observations.select_related("flag")) if review else []
    form = PhaseReviewForm(
        request.POST or None, instance=review, learning_required=_is_stretch(client)
    )
    chips = chips_form(request, client, existing)
    context = {
        "nav": "dashboard",
        "client": client,
        "phase": phase,
        "form": form,
        "chips": chips,
        "groups": grouped_chips(chips),
    }
    if request.method == "POST" and form.is_valid() and chips.is_valid():
        fields = {name: form.cleaned_data[name] for name in PhaseReviewForm.Meta.fields}
        try:
            actions.save_review(
                phase=phase,
                fields=fields,
                observations=chips.observations(),
                expected_version=form.cleaned_data["version"],
            )
        except actions.EditConflict:
            saved = review or PhaseReview.objects.get(phase=phase)  # or one saved meanwhile
            return conflict(request, "clients/review_form.html", context, saved)
        messages.success(request, _("Phase reviewed; the score and trend are up to date."))
        return redirect("client_detail", client.pk)
    return render(request, "clients/review_form.html", context)


@require_POST
def review_delete(request, pk):
    phase = get_phase_for_user(request, pk)
    review = getattr(phase, "review", None)
    if review is None:
        raise Http404
    actions.delete_review(review)
    messages.success(request, _("Review deleted; the score and trend are up to date."))
    return redirect("client_detail", phase.project.client_id)
