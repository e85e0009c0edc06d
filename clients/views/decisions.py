"""Deciding on a client."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import actions, decisions
from ..forms import DecisionForm
from .access import get_client_for_user


@require_POST
def decision_new(request, pk):
    client = get_client_for_user(request, pk)
    ends_at = decisions.reflection_ends_at(client)
    form = DecisionForm(request.POST, reflecting_until=ends_at)
    if form.is_valid():
        actions.record_decision(client=client, **form.cleaned_data)
        messages.success(request, _("Decision recorded with today's score."))
        return redirect("client_detail", client.pk)
    for _field, errors in form.errors.items():
        for error in errors:
            messages.error(request, error)
    return redirect("client_detail", client.pk)
