"""The forms of planned contacts and of the morning note and calendar feed in Settings."""

from django import forms
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from ..forms import _plausible_date
from ..models import Client, ConsultantProfile, ContactKind
from .planned import PlanChange, PlannedContact

NOTE_MAX = Client._meta.get_field("next_contact_note").max_length


class PlannedContactForm(forms.Form):
    """The next contact with a client: when, how, and a note. Prefixed "next" wherever it is.

    On the log form it is optional (blank: the planned contact stays as it is) and asks
    whether the interaction was the contact already planned, which it then clears.
    """

    prefix = "next"

    at = forms.DateTimeField(
        label=_("Date and time of the next contact"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("In your time zone (Settings)."),
    )
    kind = forms.ChoiceField(
        label=_("Kind of contact"), choices=ContactKind.choices, initial=ContactKind.CALL
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.TextInput(attrs={"maxlength": NOTE_MAX}),
    )
    done = forms.BooleanField(required=False)

    def __init__(self, *args, client: Client, optional: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.current = PlannedContact.of(client)
        # On the log form nothing of it need be sent: posting no date keeps the plan.
        self.fields["at"].required = self.fields["kind"].required = not optional
        if not (optional and self.current):
            del self.fields["done"]
            return
        when = date_format(localtime(self.current.at), "DATETIME_FORMAT")
        self.fields["done"].label = _(
            "This was the %(kind)s planned for %(when)s: take it off the plan"
        ) % {"kind": self.current.kind_label, "when": when}
        # Asked whatever the form's date: ticked when the planned moment has come.
        self.fields["done"].initial = self.current.at <= localtime()

    def clean_at(self):
        return _plausible_date(self.cleaned_data["at"])

    def planned(self) -> PlannedContact | None:
        """Return the contact this form plans, or None when it plans none."""
        at = self.cleaned_data.get("at")
        if at is None:
            return None
        kind = self.cleaned_data["kind"] or ContactKind.CALL
        return PlannedContact(at, kind, self.cleaned_data["note"].strip())

    def change(self) -> PlanChange | None:
        """Return how logging the interaction changes the plan: None when it does not."""
        new = self.planned()
        if new is not None or self.cleaned_data.get("done"):
            return PlanChange(new)
        return None


class DigestForm(forms.ModelForm):
    """The morning note in Settings: whether to send it, and at what hour."""

    prefix = "digest"

    digest_hour = forms.TypedChoiceField(
        label=_("At"),
        coerce=int,
        choices=[(hour, f"{hour:02d}:00") for hour in range(24)],
        help_text=_("In your time zone."),
    )

    class Meta:
        model = ConsultantProfile
        fields = ["digest_enabled", "digest_hour"]
        help_texts = {
            "digest_enabled": _(
                "One email on the mornings there is something to say: today's contacts, "
                "decisions ready, reviews and checkpoints due, overdue contacts."
            )
        }
