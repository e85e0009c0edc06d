"""A client: add, edit, archive, its page, its call sheet, a question to ask."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import actions
from ..forms import ClientForm, QuestionForm
from ..models import Category
from ..pages import charts, client_page, next_call
from ..score import scoring
from ..templatetags.fitcheck import signed
from .access import get_client_for_user
from .responses import conflict, simple_form


@require_http_methods(["GET", "POST"])
def client_new(request):
    form = ClientForm(request.POST or None, owner=request.user)
    if form.is_valid():
        client = form.save(commit=False)
        client.owner = request.user
        client.catalogue = actions.catalogue_for(request.user)
        client.save()
        messages.success(request, _("Client added. Log your first conversation with them."))
        return redirect("interaction_new", client.pk)
    return render(request, "clients/client_form.html", _client_form_context(form))


@require_http_methods(["GET", "POST"])
def client_edit(request, pk):
    client = get_client_for_user(request, pk)
    form = ClientForm(request.POST or None, instance=client, owner=request.user)
    if form.is_valid():
        fields = {name: form.cleaned_data[name] for name in ClientForm.Meta.fields}
        try:
            actions.update_client(
                client=client, expected_version=form.cleaned_data["version"] or 0, fields=fields
            )
        except actions.EditConflict:
            context = _client_form_context(form, client)
            return conflict(request, "clients/client_form.html", context, client)
        messages.success(request, _("Client saved."))
        return redirect("client_detail", client.pk)
    return render(request, "clients/client_form.html", _client_form_context(form, client))


def _client_form_context(form, client=None):
    return {"form": form, "client": client, "nav": "dashboard"}


@require_POST
def client_archive(request, pk):
    client = get_client_for_user(request, pk)
    client.archived = not client.archived
    client.save(update_fields=["archived", "updated_at"])
    if client.archived:
        messages.success(
            request,
            _("%(name)s archived: hidden from your list, nothing deleted.") % {"name": client.name},
        )
    else:
        messages.success(request, _("%(name)s is back in your list.") % {"name": client.name})
    return redirect("client_detail", client.pk)


# A long history shows its most recent entries first; the rest is one click away.
TIMELINE_ENTRIES = 20


@require_GET
def client_detail(request, pk):
    return render_client_page(request, client_page.load(request.user, pk))


def render_client_page(request, page, *, decision_form=None, checkpoint_form=None):
    """Render the client page; a refused decision comes back on it with its errors."""
    evidence = page.evidence()
    fit = evidence.fit()
    next_call = page.next_call(evidence, fit)
    show_all = request.GET.get("timeline") == "all"
    ends_at = page.reflection_ends_at()
    chart = charts.trend_chart(
        evidence.trend(),
        page.chart_phases(),
        decisions=page.chart_decisions(),
        feelings=page.chart_feelings(),
        today=timezone.localdate(),
    )
    context = {
        "nav": "dashboard",
        "client": page.client,
        "fit": fit,
        "explanations": _explanations(fit),
        "categories": _category_rows(fit),
        "chart": chart,
        "trend": charts.trend_rows(chart),
        "timeline": page.timeline(None if show_all else TIMELINE_ENTRIES),
        "timeline_total": len(evidence.moments),
        "whole_timeline": show_all,  # asked for by a link: shown unfolded, on a phone too
        "projects": page.projects,
        "decisions": page.decisions,
        "panel": page.decision_panel(),
        "decision_form": decision_form,
        "checkpoint_form": checkpoint_form,
        "reflecting_until": ends_at if ends_at and ends_at > timezone.now() else None,
        "next_call": next_call,
        # The decision panel reminds of them while the consultant reflects.
        "open_questions": next_call.open_questions,
        "today": timezone.localdate(),
    }
    return render(request, "clients/client_detail.html", context)


@require_GET
def client_prepare(request, pk):
    """The call sheet: what to know before the next call, on one printable page."""
    page = client_page.load(request.user, pk)
    evidence = page.evidence()
    fit = evidence.fit()
    context = {
        "nav": "dashboard",
        "client": page.client,
        "fit": fit,
        "sheet": next_call.call_sheet(page.next_call(evidence, fit)),
        "prepared_on": timezone.localdate(),
    }
    return render(request, "clients/call_sheet.html", context)


@require_http_methods(["GET", "POST"])
def question_new(request, pk):
    client = get_client_for_user(request, pk)
    form = QuestionForm(request.POST or None)
    if form.is_valid():
        actions.add_question(client=client, text=form.cleaned_data["text"])
        messages.success(request, _("Question added: it stays open until you answer or drop it."))
        return redirect("client_detail", client.pk)
    return simple_form(
        request,
        form,
        title=_("A question for %(client)s") % {"client": client.name},
        submit=_("Add the question"),
        nav="dashboard",
        client=client,
    )


def _explanations(fit: scoring.FitScore):
    """Return each flag's and review's (polarity, sentence), the largest share first."""
    return [(item.polarity, item.sentence()) for item in fit.items]


def _category_rows(fit: scoring.FitScore):
    """Return each category, and the phase reviews' outcomes, with their share of the score."""
    labels = {**dict(Category.choices), scoring.OUTCOMES: _("Phase review outcomes")}
    largest = max((abs(c.points) for c in fit.categories), default=0) or 1
    return [
        {
            "label": labels.get(c.category, c.category),
            "points": signed(c.points),
            "colour": "red" if c.points < 0 else "green",
            "percent": round(abs(c.points) / largest * 100),
        }
        for c in fit.categories
    ]
