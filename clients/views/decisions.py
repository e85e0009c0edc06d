"""Deciding on a client: the first decision, reconsidering it, and the checkpoint after a
reviewed phase. A refused decision shows again on the client page, with its errors."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import actions, decisions
from ..forms import CheckpointForm, DecisionForm
from ..pages import client_page
from .access import get_client_for_user, get_phase_for_user
from .client import render_client_page


@require_POST
def decision_new(request, pk):
    client = get_client_for_user(request, pk)
    stage = decisions.stage_of(client)
    if not decisions.KINDS_OFFERED[stage]:
        messages.error(request, _("You work with this client: decide after each phase instead."))
        return redirect("client_detail", client.pk)
    reflecting_until = decisions.reflection_ends_at(client)
    form = DecisionForm(request.POST, stage=stage, reflecting_until=reflecting_until)
    if not form.is_valid():  # the whole page again, only then
        page = client_page.load(request.user, pk)
        return render_client_page(request, page, decision_form=form)
    actions.record_decision(client=client, **form.cleaned_data)
    messages.success(request, _("Decision recorded with today's score."))
    return redirect("client_detail", client.pk)


@require_POST
def checkpoint_new(request, pk):
    phase = get_phase_for_user(request, pk)
    page = client_page.load(request.user, phase.project.client_id)
    due = page.decision_panel().checkpoint
    if due is None or due.phase_id != phase.pk:
        messages.error(request, _("There is no decision to take after this phase now."))
        return redirect("client_detail", page.client.pk)
    form = CheckpointForm(request.POST)
    if not form.is_valid():
        return render_client_page(request, page, checkpoint_form=form)
    try:
        actions.record_decision(client=page.client, phase=phase, **form.cleaned_data)
    except actions.EditConflict:
        messages.error(request, _("This phase already has its decision (another tab?)."))
        return redirect("client_detail", page.client.pk)
    messages.success(request, _("Decision after %(phase)s recorded.") % {"phase": phase.name})
    return redirect("client_detail", page.client.pk)
