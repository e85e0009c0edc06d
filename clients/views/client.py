"""The consultant's pages. Every query goes through a `_get_…_for_user` helper or filters on
`owner=request.user`, so no view can show or change another consultant's data."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from . import actions, charts, client_page, dashboard_rows, scoring, today
from .dashboard import DashboardQuery
from .forms import (
    BOUNDARY_FLAG_KEYS,
    BoundaryForm,
    ClientForm,
    DecisionForm,
    FlagChipsForm,
    InteractionForm,
    OpenQuestionsForm,
    PhaseForm,
    PhaseReviewForm,
    ProfileForm,
    ProjectForm,
    QuestionForm,
)
from .models import (
    BREED_DESCRIPTIONS,
    Boundary,
    Breed,
    Category,
    Client,
    DecisionKind,
    Flag,
    Interaction,
    Phase,
    PhaseReview,
    Project,
    Question,
)
from .scores import evidence_for
from .templatetags.fitcheck import signed

PAGE_SIZE = 25
CATEGORY_ORDER = {category: index for index, category in enumerate(Category.values)}


def _get_client_for_user(request, pk) -> Client:
    return get_object_or_404(Client.objects.select_related("catalogue"), pk=pk, owner=request.user)


def _get_interaction_for_user(request, pk) -> Interaction:
    return get_object_or_404(
        Interaction.objects.select_related("client__catalogue"), pk=pk, client__owner=request.user
    )


def _get_phase_for_user(request, pk) -> Phase:
    return get_object_or_404(
        Phase.objects.select_related("project__client__catalogue", "review"),
        pk=pk,
        project__client__owner=request.user,
    )


def _get_project_for_user(request, pk) -> Project:
    return get_object_or_404(
        Project.objects.select_related("client"), pk=pk, client__owner=request.user
    )


# Dashboard ------------------------------------------------------------------------------


@require_GET
@vary_on_headers("HX-Request")
def dashboard(request):
    query = DashboardQuery.from_params(request.GET)
    now = timezone.now()
    strip = today.Today.of(request.user, now)
    mine = Client.objects.filter(owner=request.user)
    listed = query.condition(strip)
    # One pass over the consultant's clients counts the list, the strip and all of them.
    counts = mine.aggregate(
        listed=Count("pk", filter=listed or None),
        every=Count("pk"),
        **{
            key: Count("pk", filter=Q(archived=False) & condition)
            for key, condition in strip.conditions.items()
        },
    )
    clients = mine.filter(listed).order_by(*query.ordering())
    page = CountedPaginator(clients, PAGE_SIZE, count=counts["listed"]).get_page(
        request.GET.get("page")
    )
    has_any_client = counts["every"] > 0
    context = {
        "nav": "dashboard",
        "query": query,
        "page": page,
        "rows": dashboard_rows.rows(page.object_list, timezone.localdate(now)),
        "has_any_client": has_any_client,
        "today_strip": _today_strip(query, counts) if has_any_client else [],
    }
    # Back/forward asks for the whole page (history restore), filters for the list only.
    fragment = request.htmx and not request.htmx.history_restore_request
    template = "clients/dashboard.html" + ("#client-list" if fragment else "")
    return render(request, template, context)


class CountedPaginator(Paginator):
    """A paginator given the count of its list, so it does not ask the database for it."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self._count = count

    @property
    def count(self) -> int:
        return self._count


def _today_strip(query, counts):
    """Return (key, label, count, link) for each part of the "Today" strip.

    A part's link filters the list by it; the active part's link takes the filter off.
    """
    return [
        (
            key,
            words(counts[key]),
            counts[key],
            query.as_params(today="" if key == query.today else key),
        )
        for key, words in today.LABELS.items()
    ]


# Clients --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def client_new(request):
    form = ClientForm(request.POST or None)
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
    client = _get_client_for_user(request, pk)
    form = ClientForm(request.POST or None, instance=client)
    if form.is_valid():
        fields = {name: form.cleaned_data[name] for name in ClientForm.Meta.fields}
        try:
            actions.update_client(
                client=client, expected_version=form.cleaned_data["version"] or 0, fields=fields
            )
        except actions.EditConflict:
            context = _client_form_context(form, client)
            return _conflict(request, "clients/client_form.html", context, client)
        messages.success(request, _("Client saved."))
        return redirect("client_detail", client.pk)
    return render(request, "clients/client_form.html", _client_form_context(form, client))


def _client_form_context(form, client=None):
    breeds = [(value, label, BREED_DESCRIPTIONS[value]) for value, label in Breed.choices]
    return {"form": form, "client": client, "nav": "dashboard", "breeds": breeds}


def _simple_form(
    request, form, *, title, submit, nav, client=None, template="clients/simple_form.html"
):
    """Render a one-form page (project, phase, boundary, settings)."""
    context = {"form": form, "title": title, "submit": submit, "nav": nav, "client": client}
    return render(request, template, context)


def _conflict(request, template, context, instance):
    """Re-render a form whose record changed since it was opened, beside the saved version."""
    form = context["form"]
    instance.refresh_from_db()
    form.add_error(
        None,
        _(
            "Someone changed this after you opened it (another tab?). Nothing was overwritten: "
            "the saved version is shown below your changes; save again to keep yours."
        ),
    )
    form.data = form.data.copy()
    form.data["version"] = instance.version
    return render(
        request,
        template,
        {**context, "conflict": instance},
        status=409,
    )


@require_POST
def client_archive(request, pk):
    client = _get_client_for_user(request, pk)
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
    page = client_page.load(request.user, pk)
    evidence = page.evidence()
    fit = evidence.fit()
    next_call = page.next_call(evidence, fit)
    show_all = request.GET.get("timeline") == "all"
    ends_at = page.reflection_ends_at()
    chart = charts.trend_chart(evidence.trend(), page.chart_phases())
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
        "projects": page.projects,
        "decisions": page.decisions,
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
        "next_call": page.next_call(evidence, fit),
    }
    return render(request, "clients/call_sheet.html", context)


@require_http_methods(["GET", "POST"])
def question_new(request, pk):
    client = _get_client_for_user(request, pk)
    form = QuestionForm(request.POST or None)
    if form.is_valid():
        actions.add_question(client=client, text=form.cleaned_data["text"])
        messages.success(request, _("Question added: it stays open until you answer or drop it."))
        return redirect("client_detail", client.pk)
    return _simple_form(
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


# Interactions ---------------------------------------------------------------------------


def _chips_form(request, client, existing=(), *, filled_only=False):
    """Return the flags form for a client, showing the `existing` observations.

    Active flags and boundaries, plus retired ones already observed: editing must not
    silently drop what was noted before a flag or boundary was retired. `filled_only` keeps
    those the POST fills in: enough to check and save it, not to show the form again.
    """
    flag_ids = [o.flag_id for o in existing]
    boundary_ids = [o.boundary_id for o in existing if o.boundary_id]
    flags = Flag.objects.filter(Q(catalogue=client.catalogue, active=True) | Q(pk__in=flag_ids))
    boundaries = Boundary.objects.filter(owner=request.user).filter(
        Q(active=True) | Q(pk__in=boundary_ids)
    )
    if filled_only:
        filled_flags, filled_boundaries = FlagChipsForm.filled(request.POST, prefix="obs")
        seen = Q(pk__in=filled_flags)
        if filled_boundaries:  # a verdict is saved as one of these two flags
            seen |= Q(key__in=BOUNDARY_FLAG_KEYS.values())
        # Filtered on no id at all, a queryset is empty without asking the database.
        flags = flags.filter(seen)
        boundaries = boundaries.filter(pk__in=filled_boundaries)
    flags = sorted(flags, key=lambda flag: (CATEGORY_ORDER[flag.category], flag.position))
    return FlagChipsForm(
        request.POST if request.method == "POST" else None,
        flags=flags,
        boundaries=list(boundaries),
        initial=FlagChipsForm.initial_for(existing),
        prefix="obs",
    )


def _grouped(chips_form):
    labels = dict(Category.choices)
    groups = {}
    for row in chips_form.flag_rows():
        groups.setdefault(labels[row[0].category], []).append(row)
    return list(groups.items())


def _questions_form(request, client, *, filled_only=False):
    """Return the form that answers or drops the client's open questions.

    `filled_only` keeps the questions the POST answers or drops: enough to save it.
    """
    questions = client.questions.filter(status=Question.Status.OPEN)
    if filled_only:
        questions = questions.filter(pk__in=OpenQuestionsForm.filled(request.POST, prefix="open"))
    return OpenQuestionsForm(
        request.POST if request.method == "POST" else None,
        questions=list(questions),
        prefix="open",
    )


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


def _interaction_context(request, client, form, chips, interaction=None, questions=None):
    preview = _preview(client, form, chips, interaction) if request.method == "POST" else None
    return {
        "nav": "dashboard",
        "client": client,
        "form": form,
        "questions": questions,
        "chips": chips,
        "groups": _grouped(chips),
        "interaction": interaction,
        "current_fit": None if preview else _stored_score(client),
        "preview": preview,
    }


@require_http_methods(["GET", "POST"])
def interaction_new(request, pk):
    client = _get_client_for_user(request, pk)
    form = InteractionForm(request.POST or None)
    if request.method == "POST":
        chips = _chips_form(request, client, filled_only=True)
        questions = _questions_form(request, client, filled_only=True)
        # Every form is validated, so all their errors show at once.
        if all([form.is_valid(), chips.is_valid(), questions.is_valid()]):
            fields = {name: form.cleaned_data[name] for name in InteractionForm.Meta.fields}
            actions.log_interaction(
                client=client,
                fields=fields,
                observations=chips.observations(),
                outcomes=questions.outcomes(),
            )
            messages.success(request, _("Interaction saved; the score is up to date."))
            return redirect("client_detail", client.pk)
    # The whole form, with the errors of a POST.
    chips = _chips_form(request, client)
    questions = _questions_form(request, client)
    context = _interaction_context(request, client, form, chips, questions=questions)
    return render(request, "clients/interaction_form.html", context)


@require_http_methods(["GET", "POST"])
def interaction_edit(request, pk):
    interaction = _get_interaction_for_user(request, pk)
    client = interaction.client
    existing = list(interaction.observations.select_related("flag"))
    form = InteractionForm(request.POST or None, instance=interaction)
    if request.method == "POST":
        chips = _chips_form(request, client, existing, filled_only=True)
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
                chips = _chips_form(request, client, existing)
                context = _interaction_context(request, client, form, chips, interaction)
                return _conflict(request, "clients/interaction_form.html", context, interaction)
            messages.success(request, _("Interaction saved; the score is up to date."))
            return redirect("client_detail", client.pk)
    # The whole form, with the errors of a POST.
    chips = _chips_form(request, client, existing)
    return render(
        request,
        "clients/interaction_form.html",
        _interaction_context(request, client, form, chips, interaction),
    )


@require_POST
def interaction_delete(request, pk):
    interaction = _get_interaction_for_user(request, pk)
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
    client = _get_client_for_user(request, pk)
    interaction = None
    if request.POST.get("interaction"):
        try:
            interaction = _get_interaction_for_user(request, int(request.POST["interaction"]))
        except (ValueError, OverflowError):
            raise Http404 from None
        if interaction.client_id != client.pk:
            raise Http404
    form = InteractionForm(request.POST, instance=interaction)
    existing = list(interaction.observations.select_related("flag")) if interaction else []
    chips = _chips_form(request, client, existing, filled_only=True)
    preview = _preview(client, form, chips, interaction)
    context = {
        "client": client,
        "preview": preview,
        "current_fit": None if preview else _stored_score(client),
    }
    return render(request, "clients/interaction_form.html#score-preview", context)


# Decisions ------------------------------------------------------------------------------


@require_POST
def decision_new(request, pk):
    client = _get_client_for_user(request, pk)
    ends_at = actions.reflection_ends_at(client)
    form = DecisionForm(request.POST, reflecting_until=ends_at)
    if form.is_valid():
        actions.record_decision(client=client, **form.cleaned_data)
        messages.success(request, _("Decision recorded with today's score."))
        return redirect("client_detail", client.pk)
    for _field, errors in form.errors.items():
        for error in errors:
            messages.error(request, error)
    return redirect("client_detail", client.pk)


# Projects, phases and reviews -----------------------------------------------------------


@require_http_methods(["GET", "POST"])
def project_new(request, pk):
    client = _get_client_for_user(request, pk)
    form = ProjectForm(request.POST or None)
    if form.is_valid():
        project = form.save(commit=False)
        project.client = client
        project.save()
        messages.success(request, _("Project added. Cut it into phases to review each one."))
        return redirect("phase_new", project.pk)
    return _simple_form(
        request,
        form,
        title=_("New project for %(client)s") % {"client": client.name},
        submit=_("Add project"),
        nav="dashboard",
        client=client,
    )


@require_http_methods(["GET", "POST"])
def phase_new(request, pk):
    project = _get_project_for_user(request, pk)
    form = PhaseForm(request.POST or None)
    if form.is_valid():
        phase = form.save(commit=False)
        phase.project = project
        actions.add_phase(phase)
        messages.success(request, _("Phase added. Review it once it ends."))
        return redirect("client_detail", project.client.pk)
    return _simple_form(
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
    phase = _get_phase_for_user(request, pk)
    client = phase.project.client
    review = getattr(phase, "review", None)
    existing = list(review.observations.select_related("flag")) if review else []
    form = PhaseReviewForm(
        request.POST or None, instance=review, learning_required=_is_stretch(client)
    )
    chips = _chips_form(request, client, existing)
    context = {
        "nav": "dashboard",
        "client": client,
        "phase": phase,
        "form": form,
        "chips": chips,
        "groups": _grouped(chips),
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
            return _conflict(request, "clients/review_form.html", context, saved)
        messages.success(request, _("Phase reviewed; the score and trend are up to date."))
        return redirect("client_detail", client.pk)
    return render(request, "clients/review_form.html", context)


@require_POST
def review_delete(request, pk):
    phase = _get_phase_for_user(request, pk)
    review = getattr(phase, "review", None)
    if review is None:
        raise Http404
    actions.delete_review(review)
    messages.success(request, _("Review deleted; the score and trend are up to date."))
    return redirect("client_detail", phase.project.client_id)


# Boundaries and settings ----------------------------------------------------------------


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
    return _simple_form(
        request, form, title=_("Edit a boundary"), submit=_("Save"), nav="boundaries"
    )


@require_POST
def boundary_toggle(request, pk):
    boundary = get_object_or_404(Boundary, pk=pk, owner=request.user)
    boundary.active = not boundary.active
    boundary.save(update_fields=["active"])
    return redirect("boundaries")


@require_http_methods(["GET", "POST"])
def profile_settings(request):
    profile = actions.profile_for(request.user)
    form = ProfileForm(request.POST or None, instance=profile)
    if form.is_valid():
        form.save()
        messages.success(request, _("Settings saved."))
        return redirect("settings")
    return _simple_form(
        request,
        form,
        title=_("Settings"),
        submit=_("Save settings"),
        nav="settings",
        template="clients/settings.html",
    )
