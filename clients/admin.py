import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxLengthValidator
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .catalogues.forms import CatalogueImportForm
from .exchange import catalogue_io
from .forms import VisibleTextMixin
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
from .score.scores import refresh_scores

admin.site.site_header = _("fitcheck administration")
admin.site.site_title = _("fitcheck administration")
admin.site.index_title = _("fitcheck administration")

# Changing any of these changes the scores of the catalogue's clients.
SCORING_CATALOGUE_FIELDS = {"half_life_days", "good_fit_min", "poor_fit_below"}
SCORING_FLAG_FIELDS = {"weight", "polarity", "category"}


class CatalogueAdminForm(VisibleTextMixin, forms.ModelForm):
    """Keeps a description within what the catalogue file accepts: exports always import."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("description")
        if field is None:  # read-only: a consultant's own catalogue
            return
        field.max_length = catalogue_io.DESCRIPTION_MAX
        field.validators.append(MaxLengthValidator(catalogue_io.DESCRIPTION_MAX))
        field.widget.attrs["maxlength"] = str(catalogue_io.DESCRIPTION_MAX)


class CatalogueForm(CatalogueAdminForm):
    class Meta:
        model = FlagCatalogue
        fields = [
            "name",
            "description",
            "language",
            "is_default",
            "half_life_days",
            "good_fit_min",
            "poor_fit_below",
        ]


class FlagForm(CatalogueAdminForm):
    """A flag's fields; an observed flag keeps its catalogue and key (evidence names them)."""

    class Meta:
        model = Flag
        fields = ["catalogue", *catalogue_io.FLAG_FIELDS, *catalogue_io.PROBING_FIELDS, "position"]
        # One line: the catalogue page shows every column of its flags side by side.
        widgets = {"description": forms.TextInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "catalogue" in self.fields:  # consultants' own catalogues change only in the app
            self.fields["catalogue"].queryset = FlagCatalogue.objects.shared()

    def clean(self):
        cleaned = super().clean()
        moved = {"catalogue", "key"} & set(self.changed_data)
        if moved and self.instance.pk and self.instance.observations.exists():
            for field in moved:
                self.add_error(
                    field,
                    _(
                        "This flag has been observed: its catalogue and key cannot change. "
                        "Retire it (untick active) and add a new flag instead."
                    ),
                )
        return cleaned


class UniqueRaceAdmin(admin.ModelAdmin):
    """Answer a clear message, not an error page, when a concurrent save took a unique value.

    The form's unique checks run before the save: two saves at the same moment both pass
    them, and the database refuses the second.
    """

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except IntegrityError:
            return self._refused(request)

    def _refused(self, request):
        self.message_user(
            request,
            _(
                "Someone saved the same name, key or default catalogue at the same moment: "
                "nothing of yours was saved. Check the current values and try again."
            ),
            messages.ERROR,
        )
        return HttpResponseRedirect(request.get_full_path())


class FlagFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            if form.instance.pk and form.instance.observations.exists():
                raise ValidationError(
                    _("%(flag)s has been observed: retire it (untick active) instead.")
                    % {"flag": form.instance.label}
                )


class OwnCatalogueReadOnly:
    """A consultant's own catalogue ("My flags") is theirs: staff may read it, never add to,
    change or delete it (the app's pages re-score its clients)."""

    def has_change_permission(self, request, obj=None):
        return not _is_own(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _is_own(obj) and super().has_delete_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        if isinstance(self, admin.TabularInline):
            return not _is_own(obj) and super().has_add_permission(request, obj)
        return super().has_add_permission(request)


def _is_own(obj) -> bool:
    return isinstance(obj, FlagCatalogue) and obj.is_own


class FlagInline(OwnCatalogueReadOnly, admin.TabularInline):
    model = Flag
    extra = 0
    fields = catalogue_io.FLAG_FIELDS
    show_change_link = True
    form = FlagForm
    formset = FlagFormSet


@admin.register(FlagCatalogue)
class FlagCatalogueAdmin(OwnCatalogueReadOnly, UniqueRaceAdmin):
    list_display = ("name", "owner", "language", "is_default", "half_life_days", "flag_count")
    list_select_related = ("owner",)
    search_fields = ("name", "description")
    form = CatalogueForm
    inlines = [FlagInline]
    actions = ["export_as_json"]
    change_list_template = "admin/clients/flagcatalogue/change_list.html"

    class Media:
        css = {"all": ["css/admin-catalogue.css"]}

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
class FlagAdmin(UniqueRaceAdmin):
    list_display = ("label", "catalogue", "polarity", "category", "weight", "active")
    list_filter = ("catalogue", "polarity", "category", "active")
    list_editable = ("weight", "active")
    search_fields = ("label", "key", "description")
    list_select_related = ("catalogue",)
    form = FlagForm

    def get_queryset(self, request):
        # Flags of consultants' own catalogues are read on their catalogue's page, read-only.
        return super().get_queryset(request).filter(catalogue__owner__isnull=True)

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if change and set(form.changed_data) & SCORING_FLAG_FIELDS:
                refresh_scores(Client.objects.filter(catalogue=obj.catalogue_id))


class ReadOnly:
    """Staff may read consultants' records to help them, never add, change or delete them,
    whatever their permissions: the app's own views keep each client's score in step."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnly, admin.ModelAdmin):
    pass


@admin.register(Client)
class ClientAdmin(ReadOnlyAdmin):
    list_display = ("name", "organisation", "owner", "status", "score", "band", "archived")
    list_filter = ("status", "band", "archived", "breed")
    search_fields = ("name", "organisation", "owner__username")
    list_select_related = ("owner",)


class ObservationInline(ReadOnly, admin.TabularInline):
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
