"""Projects, their phases, and the review after each phase."""

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from .. import actions, decisions
from ..forms import PhaseForm, PhaseReviewForm, ProjectForm
from ..models import DecisionKind, PhaseReview
from .access import get_client_for_user, get_phase_for_user, get_project_for_user
from .chips import chips_form, grouped_chips
from .responses import FLAGS_CHANGED, conflict, simple_form


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


@require_http_methods(["GET", "POST"])
def project_edit(request, pk):
    project = get_project_for_user(request, pk)
    title = _("Edit the project %(project)s") % {"project": project.name}  # before the form
    form = ProjectForm(request.POST or None, instance=project)
    if form.is_valid():
        # A project's name and description are no evidence: the stored score stays as it is.
        form.save()
        messages.success(request, _("Project saved."))
        return redirect("client_detail", project.client_id)
    return simple_form(
        request,
        form,
        title=title,
        submit=_("Save the project"),
        nav="dashboard",
        client=project.client,
    )


@require_http_methods(["GET", "POST"])
def project_delete(request, pk):
    project = get_project_for_user(request, pk)
    client = project.client
    if request.method == "POST":
        actions.delete_project(project)
        messages.success(
            request,
            _("Project %(project)s deleted; the score and trend are up to date.")
            % {"project": project.name},
        )
        return redirect("client_detail", client.pk)
    counts = project.phases.aggregate(
        phases=Count("pk"),
        reviews=Count("review"),
        checkpoints=Count("checkpoint"),
        ended=Count("checkpoint", filter=Q(checkpoint__kind=DecisionKind.END)),
    )
    phases, reviews = counts["phases"], counts["reviews"]
    if not phases:
        goes = [_("It has no phases: nothing else goes with it, and the score stays the same.")]
        submit = _("Delete the project")
    else:
        goes = [
            ngettext(
                "Its %(count)s phase goes with it.", "Its %(count)s phases go with it.", phases
            )
            % {"count": phases}
        ]
        if reviews:
            goes.append(
                ngettext(
                    "So does %(count)s phase review, with its ratings, lessons and flags: the "
                    "score and the trend are recomputed without it.",
                    "So do %(count)s phase reviews, with their ratings, lessons and flags: the "
                    "score and the trend are recomputed without them.",
                    reviews,
                )
                % {"count": reviews}
            )
            submit = ngettext(
                "Delete the project and its %(count)s review",
                "Delete the project and its %(count)s reviews",
                reviews,
            ) % {"count": reviews}
        else:
            goes.append(_("None of them has a review: the score stays the same."))
            submit = ngettext(
                "Delete the project and its %(count)s phase",
                "Delete the project and its %(count)s phases",
                phases,
            ) % {"count": phases}
    if counts["checkpoints"]:
        goes.append(
            ngettext(
                "So does the decision you took after %(count)s of its phases (go on or end).",
                "So do the decisions you took after %(count)s of its phases (go on or end).",
                counts["checkpoints"],
            )
            % {"count": counts["checkpoints"]}
        )
    goes += _reopens(ended=counts["ended"] > 0)
    return _confirm_delete(
        request,
        client,
        title=_("Delete the project %(project)s?") % {"project": project.name},
        goes=goes,
        submit=submit,
    )


@require_http_methods(["GET", "POST"])
def phase_edit(request, pk):
    phase = get_phase_for_user(request, pk)
    client = phase.project.client
    title = _("Edit the phase %(phase)s") % {"phase": phase.name}  # before the form
    form = PhaseForm(request.POST or None, instance=phase)
    if form.is_valid():
        actions.edit_phase(form.save(commit=False))
        messages.success(
            request, _("Phase saved; the score and the review due date are up to date.")
        )
        return redirect("client_detail", client.pk)
    return simple_form(
        request, form, title=title, submit=_("Save the phase"), nav="dashboard", client=client
    )


@require_POST
def phase_end(request, pk):
    phase = get_phase_for_user(request, pk)
    today = timezone.localdate()  # the consultant's today
    try:
        actions.end_phase(phase=phase, on=today)
    except actions.PhaseNotRunning:
        messages.error(request, _why_not_ending(phase, today))
    else:
        messages.success(
            request,
            _("%(phase)s now ends today. Review it once you have looked back on it.")
            % {"phase": phase.name},
        )
    return redirect("client_detail", phase.project.client_id)


def _why_not_ending(phase, today) -> str:
    """Return why the phase cannot end today, in words (its dates are the saved ones)."""
    values = {"phase": phase.name}
    if phase.starts_on > today:
        values["day"] = formats.date_format(phase.starts_on, "SHORT_DATE_FORMAT")
        return (
            _(
                "%(phase)s starts on %(day)s: it cannot end today, before it starts. "
                "Edit its dates instead."
            )
            % values
        )
    if phase.ends_on == today:
        return _("%(phase)s already ends today: nothing changed.") % values
    values["day"] = formats.date_format(phase.ends_on, "SHORT_DATE_FORMAT")
    return (
        _("%(phase)s already ended on %(day)s: nothing changed. Edit its dates to move its end.")
        % values
    )


@require_http_methods(["GET", "POST"])
def phase_delete(request, pk):
    phase = get_phase_for_user(request, pk)
    client = phase.project.client
    review = getattr(phase, "review", None)
    if request.method == "POST":
        actions.delete_phase(phase)
        messages.success(
            request,
            _("Phase %(phase)s deleted; the score and trend are up to date.")
            % {"phase": phase.name},
        )
        return redirect("client_detail", client.pk)
    if review is None:
        goes = [_("It has no review: the score stays the same.")]
        submit = _("Delete the phase")
    else:
        goes = [
            _(
                "Its review goes with it (satisfaction %(rating)s/5), with its ratings, lessons "
                "and flags: the score and the trend are recomputed without it."
            )
            % {"rating": review.satisfaction}
        ]
        submit = _("Delete the phase and its review")
    checkpoint = getattr(phase, "checkpoint", None)
    if checkpoint is not None:
        goes.append(_("So does the decision you took after it (go on or end)."))
        goes += _reopens(ended=checkpoint.kind == DecisionKind.END)
    return _confirm_delete(
        request,
        client,
        title=_("Delete the phase %(phase)s of %(project)s?")
        % {"phase": phase.name, "project": phase.project.name},
        goes=goes,
        submit=submit,
    )


def _reopens(*, ended: bool) -> list[str]:
    """Return what a deletion says when it takes the decision that ended the work."""
    return [_("That decision ended the work: the client will be active again.")] if ended else []


def _confirm_delete(request, client, *, title: str, goes: list[str], submit: str):
    """Render the page that says what a deletion takes with it, and asks to confirm it."""
    context = {"nav": "dashboard", "client": client, "title": title, "goes": goes}
    return render(request, "clients/confirm_delete.html", context | {"submit": submit})


@require_http_methods(["GET", "POST"])
def phase_review(request, pk):
    phase = get_phase_for_user(request, pk)
    client = phase.project.client
    review = getattr(phase, "review", None)
    existing = list(review.observations.select_related("flag")) if review else []
    form = PhaseReviewForm(
        request.POST or None,
        instance=review,
        phase=phase,
        learning_required=decisions.is_stretch(client),
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
            # The review, or one saved meanwhile.
            saved = review or PhaseReview.objects.filter(phase=phase).first()
            if saved is None:  # a flag pressed left the client's catalogue
                messages.error(request, FLAGS_CHANGED)
                return render(request, "clients/review_form.html", context, status=409)
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
