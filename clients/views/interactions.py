"""Logging, editing and deleting an interaction, and the score preview of its form."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .. import actions, decisions
from ..contacts.forms import PlannedContactForm
from ..forms import InteractionForm
from ..score import scoring
from ..score.scores import evidence_for
from .access import get_client_for_user, get_interaction_for_user
from .chips import chips_form, grouped_chips, questions_form
from .responses import FLAGS_CHANGED, conflict


def _stored_score(client) -> scoring.Verdict:
    """Return the client's stored score: the current one, as every write keeps it."""
    return scoring.Verdict(
        client.score,
        client.score_low,
        client.score_high,
        client.confidence,
        client.band,
        client.phase_reviewed,
    )


def _interaction_context(
    request, client, form, chips, interaction=None, questions=None, next_form=None
):
    preview = _preview(client, form, chips, interaction) if request.method == "POST" else None
    return {
        "next_form": next_form,
        "nav": "dashboard",
        "client": client,
        "form": form,
        "questions": questions,
        "chips": chips,
        "groups": grouped_chips(chips),
        "interaction": interaction,
        "current_fit": None if preview else _stored_score(client),
        "preview": preview,
    }


@require_http_methods(["GET", "POST"])
def interaction_new(request, pk):
    client = get_client_for_user(request, pk)
    if request.method == "POST":
        form = InteractionForm(request.POST)
    else:  # a discovery call only before the first decision
        form = InteractionForm(initial={"kind": decisions.default_interaction_kind(client)})
    next_form = PlannedContactForm(request.POST or None, client=client, optional=True)
    if form.is_bound:
        chips = chips_form(request, client, filled_only=True)
        questions = questions_form(request, client, filled_only=True)
        # Every form is validated, so all their errors show at once.
        if all([form.is_valid(), chips.is_valid(), questions.is_valid(), next_form.is_valid()]):
            fields = {name: form.cleaned_data[name] for name in InteractionForm.Meta.fields}
            try:
                actions.log_interaction(
                    client=client,
                    fields=fields,
                    observations=chips.observations(),
                    outcomes=questions.outcomes(),
                    plan=next_form.change(),
                )
            except actions.EditConflict:  # a flag pressed left the client's catalogue
                messages.error(request, FLAGS_CHANGED)
            else:
                messages.success(request, _("Interaction saved; the score is up to date."))
                return redirect("client_detail", client.pk)
    # The whole form, with the errors of a POST.
    chips = chips_form(request, client)
    questions = questions_form(request, client)
    context = _interaction_context(
        request, client, form, chips, questions=questions, next_form=next_form
    )
    return render(request, "clients/interaction_form.html", context)


@require_http_methods(["GET", "POST"])
def interaction_edit(request, pk):
    interaction = get_interaction_for_user(request, pk)
    client = interaction.client
    existing = list(interaction.observations.select_related("flag"))
    form = InteractionForm(request.POST or None, instance=interaction)
    if request.method == "POST":
        chips = chips_form(request, client, existing, filled_only=True)
        if form.is_valid() and chips.is_valid():
            fields = {name: form.cleaned_data[name] for name in InteractionForm.Meta.fields}
            try:
                actions.edit_interaction(
                    interaction=interaction,
                    expected_version=form.cleaned_data["version"] or 0,
                    fields=fields,
                    observations=chips.observations(),
                )
            except actions.EditConflict:
                chips = chips_form(request, client, existing)
                context = _interaction_context(request, client, form, chips, interaction)
                return conflict(request, "clients/interaction_form.html", context, interaction)
            messages.success(request, _("Interaction saved; the score is up to date."))
            return redirect("client_detail", client.pk)
    # The whole form, with the errors of a POST.
    chips = chips_form(request, client, existing)
    return render(
        request,
        "clients/interaction_form.html",
        _interaction_context(request, client, form, chips, interaction),
    )


@require_POST
def interaction_delete(request, pk):
    interaction = get_interaction_for_user(request, pk)
    client = interaction.client
    actions.delete_interaction(interaction)
    messages.success(request, _("Interaction deleted; the score is up to date."))
    return redirect("client_detail", client.pk)


def _preview(client, form, chips, interaction=None) -> dict | None:
    """Return the score as it would be with this form's flags, without saving anything."""
    if not chips.is_valid():
        return None
    occurred_at = (
        form.cleaned_data.get("occurred_at") if form.is_valid() else None
    ) or timezone.now()
    # The edited interaction's old flags are left out: the form replaces them.
    evidence = evidence_for(client, excluding_interaction=interaction)
    evidence.evidence += [
        scoring.Evidence(
            flag_key=item.flag.key,
            label=item.flag.label,
            polarity=item.flag.polarity,
            category=item.flag.category,
            weight=item.flag.weight,
            strength=item.strength,
            source="interaction",
            at=occurred_at,
            retired=not item.flag.active,
        )
        for item in chips.observations()
    ]
    evidence.moments.append((occurred_at, "interaction"))
    gut = form.cleaned_data.get("gut") if form.is_valid() else None
    if gut is not None:
        evidence.guts.append((occurred_at, gut))
    # The card shows no explanation; the stored score is the one before.
    after = evidence.score()
    return {"fit": after, "change": after.score - client.score, "before": client.score}


@require_POST
def score_preview(request, pk):
    client = get_client_for_user(request, pk)
    interaction = None
    if request.POST.get("interaction"):
        try:
            interaction = get_interaction_for_user(request, int(request.POST["interaction"]))
        except (ValueError, OverflowError):
            raise Http404 from None
        if interaction.client_id != client.pk:
            raise Http404
    form = InteractionForm(request.POST, instance=interaction)
    existing = list(interaction.observations.select_related("flag")) if interaction else []
    chips = chips_form(request, client, existing, filled_only=True)
    preview = _preview(client, form, chips, interaction)
    context = {
        "client": client,
        "preview": preview,
        "current_fit": None if preview else _stored_score(client),
    }
    return render(request, "clients/interaction_form.html#score-preview", context)
