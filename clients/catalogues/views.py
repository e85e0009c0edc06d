"""The "My flags" pages: a consultant's own catalogue, its flags, and moving clients onto it.

Every object is fetched for this consultant (`_get_own_flag_for_user`): another consultant's
catalogue or flag is a 404, and nothing here reads or names it.
"""

import json

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import actions as client_actions
from ..exchange import catalogue_io
from ..models import Category, Flag, FlagCatalogue
from ..views.responses import conflict
from . import actions
from .forms import CatalogueCopyForm, CatalogueImportForm, MoveForm, NewFlagForm, OwnFlagForm

NAV = "my_flags"


def _get_own_catalogue_for_user(request) -> FlagCatalogue:
    catalogue = actions.own_catalogue(request.user)
    if catalogue is None:
        raise Http404
    return catalogue


def _get_own_flag_for_user(request, pk) -> Flag:
    return get_object_or_404(
        Flag.objects.select_related("catalogue"), pk=pk, catalogue__owner=request.user
    )


def _rescored_message(request, count: int) -> None:
    messages.success(
        request,
        ngettext("Saved; %(count)d score changed.", "Saved; %(count)d scores changed.", count)
        % {"count": count},
    )


@require_GET
def my_flags(request):
    catalogue = actions.own_catalogue(request.user)
    if catalogue is None:
        form = CatalogueCopyForm(initial_source=client_actions.catalogue_for(request.user))
        return render(request, "clients/my_flags.html", {"nav": NAV, "copy_form": form})
    flags = catalogue.flags.annotate(seen=Count("observations")).order_by("position", "pk")
    labels = dict(Category.choices)
    groups = {label: [] for label in labels.values()}
    for flag in flags:
        groups[labels[flag.category]].append(flag)
    others = request.user.clients.exclude(catalogue=catalogue).count()
    context = {
        "nav": NAV,
        "catalogue": catalogue,
        "groups": [(label, rows) for label, rows in groups.items() if rows],
        "clients": actions.catalogue_clients(catalogue).count(),
        "other_clients": others,
        "new_form": NewFlagForm(catalogue=catalogue),
    }
    return render(request, "clients/my_flags.html", context)


@require_POST
def my_flags_create(request):
    form = CatalogueCopyForm(request.POST)
    if not form.is_valid():
        return render(request, "clients/my_flags.html", {"nav": NAV, "copy_form": form}, status=400)
    try:
        catalogue = actions.copy_catalogue(
            user=request.user, source=form.cleaned_data["source"], name=form.cleaned_data["name"]
        )
    except actions.CatalogueTaken:
        messages.info(request, _("You already have a catalogue of your own: here it is."))
        return redirect("my_flags")
    if form.cleaned_data["use_for_new"]:
        profile = client_actions.profile_for(request.user)
        profile.preferred_catalogue = catalogue
        profile.save(update_fields=["preferred_catalogue"])
    messages.success(
        request,
        _("Your catalogue “%(name)s” is ready: a copy of “%(source)s”.")
        % {"name": catalogue.name, "source": form.cleaned_data["source"].name},
    )
    return redirect("my_flags")


@require_http_methods(["GET", "POST"])
def my_flag_new(request):
    catalogue = _get_own_catalogue_for_user(request)
    form = NewFlagForm(request.POST or None, catalogue=catalogue)
    if form.is_valid():
        flag = actions.add_flag(catalogue=catalogue, fields=form.fields_to_save())
        messages.success(
            request,
            _("Flag “%(label)s” added: you can note it in your calls now.") % {"label": flag.label},
        )
        return redirect("my_flags")
    context = {"nav": NAV, "form": form, "catalogue": catalogue}
    return render(request, "clients/my_flag_form.html", context)


@require_http_methods(["GET", "POST"])
def my_flag_edit(request, pk):
    flag = _get_own_flag_for_user(request, pk)
    form = OwnFlagForm(request.POST or None, instance=flag, observed=flag.observations.exists())
    context = {"nav": NAV, "form": form, "flag": flag, "catalogue": flag.catalogue}
    if form.is_valid():
        try:
            count = actions.edit_flag(
                flag=flag,
                expected_version=form.cleaned_data["version"] or 0,
                fields=form.changes(),
            )
        except client_actions.EditConflict:
            return conflict(request, "clients/my_flag_form.html", context, flag)
        _rescored_message(request, count)
        return redirect("my_flags")
    return render(request, "clients/my_flag_form.html", context)


@require_POST
def my_flag_active(request, pk):
    """Retire a flag (history keeps counting it) or bring it back."""
    flag = _get_own_flag_for_user(request, pk)
    active = request.POST.get("active") == "yes"
    count = actions.set_flag_active(flag=flag, active=active)
    _rescored_message(request, count)
    return redirect("my_flags")


@require_http_methods(["GET", "POST"])
def my_flags_move(request):
    """GET: which clients. POST: the preview. POST with confirm=yes: the move itself."""
    catalogue = _get_own_catalogue_for_user(request)
    form = MoveForm(request.POST or None)
    context = {"nav": NAV, "catalogue": catalogue, "form": form}
    if not form.is_valid():
        return render(request, "clients/my_flags_move.html", context)
    # Confirmed only for the clients the preview showed: another choice is previewed first.
    source = form.cleaned_data["source"]
    previewed = request.POST.get("previewed") == (str(source.pk) if source else "")
    confirmed = request.POST.get("confirm") == "yes" and previewed
    try:
        summary = actions.move_clients(
            user=request.user,
            catalogue=catalogue,
            source=source,
            dry_run=not confirmed,
        )
    except actions.MoveRefused as refused:
        context["refused"] = refused.labels
        return render(request, "clients/my_flags_move.html", context, status=409)
    context.update(summary=summary, done=confirmed)
    return render(request, "clients/my_flags_move.html", context)


@require_GET
def my_flags_export(request):
    catalogue = _get_own_catalogue_for_user(request)
    response = HttpResponse(
        json.dumps(catalogue_io.export_catalogue(catalogue), indent=2, ensure_ascii=False),
        content_type="application/json",
    )
    response["Content-Disposition"] = 'attachment; filename="my-flags.json"'
    return response


@require_http_methods(["GET", "POST"])
def my_flags_import(request):
    """Make or update one's own catalogue from a catalogue file; all of it or nothing."""
    form = CatalogueImportForm(request.POST or None, request.FILES or None, owner=request.user)
    if form.is_valid():
        catalogue, created = catalogue_io.import_catalogue(
            form.cleaned_data["data"], owner=request.user
        )
        message = (
            _("Your catalogue “%(name)s” is made from the file.")
            if created
            else _("Your catalogue “%(name)s” is updated from the file; its clients are re-scored.")
        )
        messages.success(request, message % {"name": catalogue.name})
        return redirect("my_flags")
    context = {"nav": NAV, "form": form, "catalogue": actions.own_catalogue(request.user)}
    return render(request, "clients/my_flags_import.html", context)
