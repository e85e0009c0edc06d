"""The forms of "My flags": make the catalogue, edit or add a flag, choose the clients to move."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..exchange import catalogue_io
from ..exchange.data_validation import DataFileError, parse_document
from ..forms import VersionedForm, VisibleTextMixin
from ..models import Flag, FlagCatalogue, Polarity


class CatalogueCopyForm(VisibleTextMixin, forms.Form):
    source = forms.ModelChoiceField(
        label=_("Start from"),
        queryset=FlagCatalogue.objects.none(),
        empty_label=None,
        help_text=_("Your catalogue starts as a copy of it: every flag, weight and setting."),
    )
    name = forms.CharField(label=_("Name of your catalogue"), max_length=100)
    use_for_new = forms.BooleanField(
        label=_("Score my new clients with it"), required=False, initial=True
    )

    def __init__(self, *args, initial_source: FlagCatalogue | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = FlagCatalogue.objects.shared()
        self.fields["source"].initial = initial_source
        self.fields["name"].initial = _("My flags")


class OpposingFlagMixin:
    """The opposite is another flag of the catalogue, of the other colour, named by its label."""

    def set_opposite_choices(self, catalogue: FlagCatalogue, flag: Flag | None = None) -> None:
        others = catalogue.flags.exclude(pk=flag.pk) if flag else catalogue.flags.all()
        self.fields["opposite"] = forms.ChoiceField(
            label=_("Opposite flag"),
            required=False,
            choices=[("", _("none"))]
            + [(f.key, f"{f.label} ({f.get_polarity_display()})") for f in others],
            help_text=_("The flag of the other colour that covers the same ground."),
        )
        self.polarity_by_key = {f.key: f.polarity for f in others}

    def clean_opposite_colour(self, polarity: str) -> None:
        opposite = self.cleaned_data.get("opposite")
        if opposite and polarity and self.polarity_by_key.get(opposite) == polarity:
            self.add_error("opposite", _("The opposite flag must be of the other colour."))


FLAG_TEXT_FIELDS = ["label", "description", "weight", "probing_question", "opposite"]


class OwnFlagForm(OpposingFlagMixin, VersionedForm):
    """Edit a flag of one's own catalogue; an observed flag keeps its colour and category."""

    class Meta:
        model = Flag
        fields = [*FLAG_TEXT_FIELDS, "polarity", "category"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, observed: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.observed = observed
        self.fields["weight"] = forms.TypedChoiceField(
            label=_("Weight"),
            choices=[(w, str(w)) for w in range(1, 6)],
            coerce=int,
            help_text=_("1 (counts little) to 5 (counts most)."),
        )
        self.set_opposite_choices(self.instance.catalogue, self.instance)
        if observed:
            for name in ("polarity", "category"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _(
                    "This flag has been observed: its colour and category stay as they are."
                )

    def clean(self):
        cleaned = super().clean()
        self.clean_opposite_colour(cleaned.get("polarity"))
        return cleaned

    def changes(self) -> dict:
        """Return the fields to save (an observed flag's colour and category never change)."""
        names = FLAG_TEXT_FIELDS if self.observed else self.Meta.fields
        return {name: self.cleaned_data[name] for name in names}


class NewFlagForm(OpposingFlagMixin, VisibleTextMixin, forms.ModelForm):
    """A flag of the consultant's own; its key is made from the label."""

    class Meta:
        model = Flag
        fields = ["label", "polarity", "category", "weight", "description", "probing_question"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, catalogue: FlagCatalogue, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["polarity"].initial = Polarity.RED
        self.fields["weight"] = forms.TypedChoiceField(
            label=_("Weight"),
            choices=[(w, str(w)) for w in range(1, 6)],
            coerce=int,
            initial=3,
            help_text=_("1 (counts little) to 5 (counts most)."),
        )
        self.set_opposite_choices(catalogue)

    def clean(self):
        cleaned = super().clean()
        self.clean_opposite_colour(cleaned.get("polarity"))
        return cleaned

    def fields_to_save(self) -> dict:
        return {name: self.cleaned_data[name] for name in [*self.Meta.fields, "opposite"]}


class MoveForm(forms.Form):
    source = forms.ModelChoiceField(
        label=_("Which clients"),
        queryset=FlagCatalogue.objects.none(),
        required=False,
        empty_label=_("All my clients"),
        help_text=_("Or only those scored with one shared catalogue."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = FlagCatalogue.objects.shared()


class CatalogueImportForm(forms.Form):
    file = forms.FileField(
        label=_("Catalogue file (JSON)"),
        help_text=_("A file made by “Export the selected catalogue as JSON”."),
    )
    MAX_BYTES = 2 * 1024 * 1024

    def __init__(self, *args, owner=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner  # a consultant's own catalogue ("My flags"), else a shared one

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is None:
            return cleaned
        if upload.size > self.MAX_BYTES:
            raise ValidationError(_("This file is too large for a catalogue (2 MB at most)."))
        try:
            cleaned["data"] = parse_document(upload.read())
            catalogue_io.validate_import(cleaned["data"], owner=self.owner)
        except DataFileError as error:
            raise ValidationError(str(error)) from None
        except catalogue_io.CatalogueFileError as error:
            raise ValidationError(
                _("Nothing was imported. %(problem)s"), params={"problem": error}
            ) from None
        return cleaned
