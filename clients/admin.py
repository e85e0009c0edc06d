import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import catalogue_io
from .models import (
    Client,
    Decision,
    Flag,
    FlagCatalogue,
    Interaction,
    Observation,
    Phase,
    PhaseReview,
    Project,
)
from .scores import refresh_scores

# Changing any of these changes the scores of the catalogue's clients.
SCORING_CATALOGUE_FIELDS = {"half_life_days", "good_fit_min", "poor_fit_below"}
SCORING_FLAG_FIELDS = {"weight", "polarity", "category"}


class CatalogueImportForm(forms.Form):
    file = forms.FileField(
        label=_("Catalogue file (JSON)"),
        help_text=_("A file made by “Export the selected catalogue as JSON”."),
    )
    MAX_BYTES = 2 * 1024 * 1024

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is None:
            return cleaned
        if upload.size > self.MAX_BYTES:
            raise ValidationError(_("This file is too large for a catalogue (2 MB at most)."))
        try:
            cleaned["data"] = json.loads(upload.read().decode("utf-8"))
            catalogue_io.validate_catalogue(cleaned["data"])
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            raise ValidationError(_("This file is not valid JSON.")) from None
        except catalogue_io.CatalogueFileError as error:
            raise ValidationError(
                _("Nothing was imported. %(problem)s"), params={"problem": error}
            ) from None
        return cleaned


class FlagFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            if form.instance.pk and form.instance.observations.exists():
                raise ValidationError(
                    _("%(flag)s has been observed: retire it (untick active) instead.")
                    % {"flag": form.instance.label}
                )


class FlagInline(admin.TabularInline):
    model = Flag
    extra = 0
    fields = ("key", "label", "description", "polarity", "category", "weight", "active")
    show_change_link = True
    formset = FlagFormSet


@admin.register(FlagCatalogue)
class FlagCatalogueAdmin(admin.ModelAdmin):
    list_display = ("name", "language", "is_default", "half_life_days", "flag_count")
    search_fields = ("name", "description")
    inlines = [FlagInline]
    actions = ["export_as_json"]
    change_list_template = "admin/clients/flagcatalogue/change_list.html"

    def get_urls(self):
        import_url = path(
            "import/",
            self.admin_site.admin_view(self.import_view),
            name="clients_flagcatalogue_import",
        )
        return [import_url, *super().get_urls()]

    def import_view(self, request):
        """Create or update a catalogue from a JSON file; write nothing if any entry is wrong."""
        if not self.has_change_permission(request) or not self.has_add_permission(request):
            raise PermissionDenied
        form = CatalogueImportForm(request.POST or None, request.FILES or None)
        if form.is_valid():
            catalogue, created = catalogue_io.import_catalogue(form.cleaned_data["data"])
            message = (
                _("Catalogue “%(name)s” created.")
                if created
                else _("Catalogue “%(name)s” updated; its clients are re-scored.")
            )
            self.message_user(request, message % {"name": catalogue.name}, messages.SUCCESS)
            return redirect("admin:clients_flagcatalogue_change", catalogue.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import a flag catalogue"),
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/clients/flagcatalogue/import.html", context)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(flag_count=Count("flags"))

    @admin.display(description=_("flags"), ordering="flag_count")
    def flag_count(self, catalogue):
        return catalogue.flag_count

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        changed = set(form.changed_data) & SCORING_CATALOGUE_FIELDS
        for formset in formsets:
            for flag_form in formset.forms:
                if flag_form.has_changed() and (
                    set(flag_form.changed_data) & SCORING_FLAG_FIELDS
                    or flag_form in formset.deleted_forms
                ):
                    changed.add("flags")
        if change and changed:
            self._rescore(request, form.instance)

    def _rescore(self, request, catalogue):
        count = refresh_scores(Client.objects.filter(catalogue=catalogue))
        self.message_user(
            request,
            ngettext("%(count)d client re-scored.", "%(count)d clients re-scored.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Export the selected catalogue as JSON"))
    def export_as_json(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Select exactly one catalogue."), messages.WARNING)
            return None
        catalogue = queryset.get()
        response = HttpResponse(
            json.dumps(catalogue_io.export_catalogue(catalogue), indent=2, ensure_ascii=False),
            content_type="application/json",
        )
        response["Content-Disposition"] = f'attachment; filename="catalogue-{catalogue.pk}.json"'
        return response


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin):
    list_display = ("label", "catalogue", "polarity", "category", "weight", "active")
    list_filter = ("catalogue", "polarity", "category", "active")
    list_editable = ("weight", "active")
    search_fields = ("label", "key", "description")
    list_select_related = ("catalogue",)

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if change and set(form.changed_data) & SCORING_FLAG_FIELDS:
                refresh_scores(Client.objects.filter(catalogue=obj.catalogue_id))


class ReadOnlyAdmin(admin.ModelAdmin):
    """Staff may read consultants' records to help them, not change them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Client)
class ClientAdmin(ReadOnlyAdmin):
    list_display = ("name", "organisation", "owner", "status", "score", "band", "archived")
    list_filter = ("status", "band", "archived", "breed")
    search_fields = ("name", "organisation", "owner__username")
    list_select_related = ("owner",)


class ObservationInline(admin.TabularInline):
    model = Observation
    fields = ("flag", "strength", "note")
    extra = 0


@admin.register(Interaction)
class InteractionAdmin(ReadOnlyAdmin):
    list_display = ("client", "owner", "kind", "occurred_at", "gut")
    list_filter = ("kind",)
    search_fields = ("client__name", "notes")
    list_select_related = ("client__owner",)
    inlines = [ObservationInline]

    @admin.display(description=_("owner"), ordering="client__owner")
    def owner(self, interaction):
        return interaction.client.owner


admin.site.register([Project, Phase, PhaseReview, Decision], ReadOnlyAdmin)
