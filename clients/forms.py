import unicodedata
from dataclasses import dataclass
from datetime import datetime, time

from django import forms
from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from .actions import ObservationInput, QuestionOutcome
from .decisions import DECISION_STATUS, KINDS_OFFERED, Stage
from .models import (
    CHECKPOINT_KINDS,
    EARLIEST_YEAR,
    YEARS_AHEAD,
    Boundary,
    Client,
    ConsultantProfile,
    DecisionKind,
    Flag,
    FlagCatalogue,
    Interaction,
    Phase,
    PhaseReview,
    Project,
    Question,
    Strength,
    known_time_zones,
    plausible_year,
    validate_phone,
)
from .text import has_visible_text, validate_visible_text

NOTE_MAX = 2000
TEXT_MAX = 20000


class VisibleTextMixin:
    """Every required text field of the form needs at least one visible character."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if field.required and isinstance(field, forms.CharField):
                field.validators.append(validate_visible_text)


def require_visible(form, field: str, message) -> None:
    """Add `message` to a conditionally required text field that has nothing visible."""
    if field not in form.errors and not has_visible_text(form.cleaned_data.get(field, "")):
        form.add_error(field, message)


class VersionedForm(VisibleTextMixin, forms.ModelForm):
    """A form that remembers which version of the record it was opened on."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


# Reached only by recording a decision, which keeps the score and the reflection period.
DECIDED_STATUSES = frozenset(DECISION_STATUS.values()) - {Client.Status.DECIDING}


def name_key(text: str) -> str:
    """Return a name as duplicates are found: case, accents and spaces ignored.

    "Nova Dental", "nova  dental" and "Növa Dental" have the same key, "novadental".
    """
    decomposed = unicodedata.normalize("NFKD", text)
    kept = (
        char
        for char in decomposed
        if not unicodedata.combining(char)
        and not char.isspace()
        and unicodedata.category(char) != "Cf"  # zero-width and other invisible characters
    )
    return "".join(kept).casefold()


@dataclass(frozen=True)
class Duplicate:
    """One of the consultant's clients that a new or renamed client may be the same as.

    `called` is the existing client's name when the names match, else None: the match is
    then its organisation.
    """

    client: Client
    called: str | None


DUPLICATE_ERRORS = {
    "name": _("You already have a client with this name: see below."),
    "organisation": _("You already have a client at this organisation: see below."),
}


# The contact details you can tap: a mailto:, a tel: and a link on the client's pages.
CONTACT_ERRORS = {
    "email": {"invalid": _("This is not an email address: write it like name@example.com.")},
    "website": {"invalid": _("This is not a web address: write it like example.com.")},
}
CONTACT_WIDGETS = {
    "email": forms.EmailInput(attrs={"autocomplete": "off"}),
    "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
}


def clean_phone(phone: str) -> str:
    """Return a phone number with its spaces tidied, or refuse one a phone could not dial."""
    phone = " ".join(phone.split())
    validate_phone(phone)
    return phone


class BreedSelect(forms.RadioSelect):
    """The Sales Dogs breeds as radio buttons, each with its one-line meaning beside it."""

    option_template_name = "clients/breed_option.html"


class ClientForm(VersionedForm):
    """A client's details; a name or organisation the consultant already has asks first.

    Posted with `save_anyway` naming every duplicate shown (the second button does), the
    client is saved all the same; a different duplicate found by then is asked about again.
    """

    class Meta:
        model = Client
        fields = [
            "name",
            "organisation",
            "email",
            "phone",
            "website",
            "contact",
            "source",
            "status",
            "breed",
        ]
        labels = {"breed": _("Sales Dogs breed (optional)")}
        error_messages = CONTACT_ERRORS
        help_texts = {
            "breed": _(
                "Blair Singer's five kinds of seller, tried on clients: the calibration page "
                "shows, once you have reviewed a few, whether a breed tells good clients from "
                "bad ones."
            )
        }
        widgets = {"breed": BreedSelect, **CONTACT_WIDGETS}

    def __init__(self, *args, owner=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.duplicates: list[Duplicate] = []
        # What the client is called before this form: keeping it is no renaming.
        self.saved_keys = {
            field: name_key(getattr(self.instance, field)) for field in ("name", "organisation")
        }
        # A decided status shows while it is the client's own; choosing it takes a decision,
        # and a decided client's status changes only by deciding again (its stage follows it).
        current = self.instance.status if self.instance.pk else None
        decided = current in DECIDED_STATUSES
        self.fields["status"].choices = [
            (value, label)
            for value, label in self.fields["status"].choices
            if value == current or not (decided or value in DECIDED_STATUSES)
        ]
        self.fields["status"].help_text = (
            _("Decided on the client's page: reconsider there to change it.")
            if decided
            else _("Record a decision on the client's page to make them active or declined.")
        )

    def clean(self):
        cleaned = super().clean()
        self.duplicates = self._find_duplicates(cleaned)
        confirmed = _ids(self.data.get("save_anyway", ""))
        if any(duplicate.client.pk not in confirmed for duplicate in self.duplicates):
            for field in self._fields_matching(cleaned):
                self.add_error(
                    field, forms.ValidationError(DUPLICATE_ERRORS[field], code="duplicate")
                )
        return cleaned

    def _new_keys(self, cleaned) -> dict[str, str]:
        """Return the keys of the name and organisation this form gives or changes."""
        keys = {}
        for field in ("name", "organisation"):
            key = name_key(cleaned.get(field) or "")
            if key and key != self.saved_keys[field]:
                keys[field] = key
        return keys

    def _find_duplicates(self, cleaned) -> list[Duplicate]:
        """Return the owner's other clients whose name or organisation this form repeats."""
        wanted = set(self._new_keys(cleaned).values())
        if self.owner is None or not wanted:
            return []
        # Accents and case are compared in Python: SQLite has no unaccent, and one
        # consultant's clients are few enough to read their names.
        others = Client.objects.filter(owner=self.owner)
        others = others.only("pk", "name", "organisation", "archived")
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        found = []
        for other in others.order_by("name", "pk"):
            if name_key(other.name) in wanted:
                found.append(Duplicate(other, called=other.name))
            elif other.organisation and name_key(other.organisation) in wanted:
                found.append(Duplicate(other, called=None))
        return found

    def _fields_matching(self, cleaned) -> list[str]:
        """Return the fields of this form that repeat a duplicate's name or organisation."""
        theirs = set()
        for duplicate in self.duplicates:
            theirs |= {name_key(duplicate.client.name), name_key(duplicate.client.organisation)}
        return [field for field, key in self._new_keys(cleaned).items() if key in theirs]

    def duplicates_confirmation(self) -> str:
        """Return the value of the "save another anyway" button: the duplicates shown."""
        return ",".join(str(duplicate.client.pk) for duplicate in self.duplicates)

    def clean_phone(self):
        return clean_phone(self.cleaned_data["phone"])


def _ids(text: str) -> set[int]:
    """Return the ids in a comma-separated list, ignoring whatever is not one."""
    parts = (part.strip() for part in str(text).split(",")[:100])
    return {int(part) for part in parts if part.isascii() and part.isdigit() and len(part) <= 18}


class InteractionForm(VersionedForm):
    occurred_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        initial=lambda: timezone.localtime().replace(second=0, microsecond=0),
    )
    gut = forms.TypedChoiceField(
        label=_("Gut feeling"),
        choices=[
            ("", _("— not noted —")),
            (2, _("+2 great feeling")),
            (1, _("+1 good feeling")),
            (0, _("0 neutral")),
            (-1, _("−1 uneasy")),
            (-2, _("−2 bad feeling")),
        ],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_(
            "Your first gut feeling about a client sets the starting point of its score; "
            "the later ones are drawn beside the score on its trend."
        ),
    )

    class Meta:
        model = Interaction
        fields = ["occurred_at", "kind", "notes", "gut", "questions"]
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 6, "maxlength": TEXT_MAX}),
            "questions": forms.Textarea(attrs={"rows": 3, "maxlength": TEXT_MAX}),
        }

    def clean_occurred_at(self):
        return _plausible_date(self.cleaned_data["occurred_at"])

    def clean_notes(self):
        return _limit(self.cleaned_data["notes"], TEXT_MAX)

    def clean_questions(self):
        return _limit(self.cleaned_data["questions"], TEXT_MAX)

    def validate_constraints(self):
        # Django checks each CheckConstraint with a query; the gut and kind fields only offer
        # values the constraints allow, and the database enforces them on save anyway.
        pass


def _plausible_date(value):
    """Refuse dates no consultant means (year 1 or 9999 break date arithmetic downstream)."""
    if value is not None and not plausible_year(value.year):
        raise forms.ValidationError(
            _("Enter a date between %(first)d and %(last)d."),
            params={"first": EARLIEST_YEAR, "last": timezone.localdate().year + YEARS_AHEAD},
        )
    return value


def _limit(text: str, maximum: int) -> str:
    if len(text) > maximum:
        raise forms.ValidationError(
            _("Keep this under %(max)d characters."), params={"max": maximum}
        )
    return text


def filled_ids(data, prefix: str, *, blank=("",)) -> set[int]:
    """Return the ids of the fields named `prefix`<id> that `data` fills with something.

    A field left blank (or at a value of `blank`) cannot fail and saves nothing, so a write
    needs only the flags, boundaries and questions whose fields a POST fills in.
    """
    ids = set()
    for name, value in data.items():
        suffix = name.removeprefix(prefix)
        # 18 digits at most: a bigger id is none of ours and would overflow the column.
        is_id = suffix != name and suffix.isascii() and suffix.isdigit() and len(suffix) <= 18
        if is_id and str(value).strip() not in blank:
            ids.add(int(suffix))
    return ids


STRENGTH_CHOICES = [(0, _("not seen")), *Strength.choices]
BOUNDARY_CHOICES = [
    ("", _("not discussed")),
    ("respected", _("respected")),
    ("crossed", _("crossed")),
]
BOUNDARY_FLAG_KEYS = {"respected": "respects-boundaries", "crossed": "crosses-boundaries"}


class FlagChipsForm(forms.Form):
    """The flags seen and the boundaries respected or crossed, as one form.

    One strength field and one evidence field per flag; one field per boundary, which maps
    to the catalogue's "respects my boundaries" / "crosses my boundaries" flag. A boundary
    marked is that flag's evidence, once per boundary, in the boundary's words: the flag's
    own chip, pressed as well, adds nothing more (one crossed boundary, one piece of evidence).
    """

    def __init__(self, *args, flags: list[Flag], boundaries: list[Boundary], **kwargs):
        super().__init__(*args, **kwargs)
        self.flags = flags
        self.boundaries = boundaries
        for flag in flags:
            self.fields[f"strength-{flag.pk}"] = forms.TypedChoiceField(
                label=_("Strength"),
                choices=STRENGTH_CHOICES,
                coerce=int,
                initial=0,
                required=False,
                empty_value=0,
            )
            self.fields[f"note-{flag.pk}"] = forms.CharField(
                label=_("Evidence, in their words"), max_length=NOTE_MAX, required=False
            )
        for boundary in boundaries:
            self.fields[f"boundary-{boundary.pk}"] = forms.ChoiceField(
                label=boundary.text, choices=BOUNDARY_CHOICES, required=False
            )

    def flag_rows(self):
        """Return (flag, strength field, note field, boundaries) for the template, in order.

        `boundaries` are the words of the boundaries marked as this flag: its chip shows
        pressed by them, in their words, and has nothing of its own to add.
        """
        marked = self.marked_boundaries()
        return [
            (flag, self[f"strength-{flag.pk}"], self[f"note-{flag.pk}"], marked.get(flag.key, []))
            for flag in self.flags
        ]

    def marked_boundaries(self) -> dict[str, list[str]]:
        """Return the words of the boundaries marked respected or crossed, by their flag's key.

        From what was posted, or from the initial values of an unbound form.
        """
        marked = {}
        for boundary in self.boundaries:
            key = BOUNDARY_FLAG_KEYS.get(self[f"boundary-{boundary.pk}"].value() or "")
            if key:
                marked.setdefault(key, []).append(boundary.text)
        return marked

    def boundary_fields(self):
        return [self[f"boundary-{boundary.pk}"] for boundary in self.boundaries]

    def clean(self):
        cleaned = super().clean()
        by_key = {flag.key: flag for flag in self.flags}
        for boundary in self.boundaries:
            verdict = cleaned.get(f"boundary-{boundary.pk}")
            if verdict and BOUNDARY_FLAG_KEYS[verdict] not in by_key:
                self.add_error(
                    f"boundary-{boundary.pk}",
                    _("This client's catalogue has no flag for boundaries."),
                )
        return cleaned

    def observations(self) -> list[ObservationInput]:
        """Return what the valid form says was observed."""
        by_key = {flag.key: flag for flag in self.flags}
        verdicts = {
            boundary: self.cleaned_data.get(f"boundary-{boundary.pk}")
            for boundary in self.boundaries
        }
        # A flag that a marked boundary stands for is seen already, once per boundary.
        by_boundary = {BOUNDARY_FLAG_KEYS[verdict] for verdict in verdicts.values() if verdict}
        found = [
            ObservationInput(
                flag=flag,
                strength=self.cleaned_data[f"strength-{flag.pk}"],
                note=self.cleaned_data[f"note-{flag.pk}"].strip(),
            )
            for flag in self.flags
            if self.cleaned_data.get(f"strength-{flag.pk}") and flag.key not in by_boundary
        ]
        for boundary, verdict in verdicts.items():
            if verdict:
                found.append(
                    ObservationInput(
                        flag=by_key[BOUNDARY_FLAG_KEYS[verdict]],
                        strength=Strength.CLEAR,
                        note=boundary.text,
                        boundary=boundary,
                    )
                )
        return found

    @staticmethod
    def filled(data, prefix: str) -> tuple[set[int], set[int]]:
        """Return the ids of the flags and of the boundaries `data` fills in."""
        flags = filled_ids(data, f"{prefix}-strength-", blank=("", "0"))
        flags |= filled_ids(data, f"{prefix}-note-")
        return flags, filled_ids(data, f"{prefix}-boundary-")

    @classmethod
    def initial_for(cls, observations) -> dict:
        """Return the initial values that show existing observations."""
        initial = {}
        for observation in observations:
            if observation.boundary_id:
                verdict = {v: k for k, v in BOUNDARY_FLAG_KEYS.items()}.get(observation.flag.key)
                initial[f"boundary-{observation.boundary_id}"] = verdict
            else:
                initial[f"strength-{observation.flag_id}"] = observation.strength
                initial[f"note-{observation.flag_id}"] = observation.note
        return initial


QUESTION_CHOICES = [
    (Question.Status.OPEN, _("still open")),
    (Question.Status.ANSWERED, _("answered")),
    (Question.Status.DROPPED, _("drop it")),
]


class OpenQuestionsForm(forms.Form):
    """What became of each of the client's open questions in this interaction.

    Writing an answer is answering: the question need not be marked as well.
    """

    def __init__(self, *args, questions: list[Question], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[f"status-{question.pk}"] = forms.ChoiceField(
                label=question.text,
                choices=QUESTION_CHOICES,
                initial=Question.Status.OPEN,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"answer-{question.pk}"] = forms.CharField(
                label=_("Their answer, in their words"),
                max_length=TEXT_MAX,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2, "maxlength": TEXT_MAX}),
            )

    @staticmethod
    def filled(data, prefix: str) -> set[int]:
        """Return the ids of the questions `data` answers or drops (or tries to)."""
        settled = filled_ids(data, f"{prefix}-status-", blank=("", Question.Status.OPEN))
        return settled | filled_ids(data, f"{prefix}-answer-")

    def rows(self):
        """Return (question, status field, answer field) for the template."""
        return [
            (question, self[f"status-{question.pk}"], self[f"answer-{question.pk}"])
            for question in self.questions
        ]

    def clean(self):
        cleaned = super().clean()
        for question in self.questions:
            status_field, answer_field = f"status-{question.pk}", f"answer-{question.pk}"
            answer = cleaned.get(answer_field, "").strip()
            status = cleaned.get(status_field) or Question.Status.OPEN
            if answer and status == Question.Status.OPEN:
                status = Question.Status.ANSWERED
            if status == Question.Status.ANSWERED and not answer:
                self.add_error(answer_field, _("Write their answer, or keep the question open."))
            if status == Question.Status.DROPPED and answer:
                self.add_error(
                    answer_field,
                    _("You wrote an answer: mark the question answered, or clear the answer."),
                )
            cleaned[status_field], cleaned[answer_field] = status, answer
        return cleaned

    def outcomes(self) -> list[QuestionOutcome]:
        """Return the questions this valid form answers or drops."""
        return [
            QuestionOutcome(
                question,
                self.cleaned_data[f"status-{question.pk}"],
                self.cleaned_data[f"answer-{question.pk}"],
            )
            for question in self.questions
            if self.cleaned_data[f"status-{question.pk}"] != Question.Status.OPEN
        ]


class QuestionForm(VisibleTextMixin, forms.ModelForm):
    class Meta:
        model = Question
        fields = ["text"]
        labels = {"text": _("A question to ask them")}
        widgets = {"text": forms.Textarea(attrs={"rows": 2, "maxlength": NOTE_MAX})}

    def clean_text(self):
        text = _limit(self.cleaned_data["text"].strip(), NOTE_MAX)
        if not has_visible_text(text):
            raise forms.ValidationError(_("Write the question."))
        return text


class DecisionForm(forms.Form):
    """Accept, decline, accept as stretch or ask for more: the kinds the client's stage offers.

    After a decline or a completed engagement, deciding again is reconsidering: it says why.
    """

    kind = forms.ChoiceField(label=_("Decision"), choices=DecisionKind.choices)
    reason = forms.CharField(
        label=_("Why"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=TEXT_MAX,
    )
    learning_goal = forms.CharField(
        label=_("What I want to learn (stretch clients)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=TEXT_MAX,
    )

    def __init__(self, *args, stage: Stage, reflecting_until=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.stage = stage
        self.reflecting_until = reflecting_until
        offered = set(KINDS_OFFERED[stage])
        self.fields["kind"].choices = [c for c in DecisionKind.choices if c[0] in offered]

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == DecisionKind.STRETCH:
            require_visible(
                self, "learning_goal", _("Say what you want to learn from this client.")
            )
        if kind and self.stage in (Stage.DECLINED, Stage.COMPLETED):
            require_visible(self, "reason", _("Say why you reconsider: what has changed?"))
        early = (
            self.reflecting_until is not None
            and kind in (DecisionKind.ACCEPT, DecisionKind.DECLINE, DecisionKind.STRETCH)
            and timezone.now() < self.reflecting_until
        )
        if early:
            require_visible(
                self,
                "reason",
                _("You are still in your reflection period: write why you decide now."),
            )
        return cleaned


class CheckpointForm(forms.Form):
    """After a reviewed phase: continue, continue with changes (what changes), or end (why)."""

    kind = forms.ChoiceField(
        label=_("After this phase"), choices=[(k.value, k.label) for k in CHECKPOINT_KINDS]
    )
    reason = forms.CharField(
        label=_("What changes, or why it ends"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=TEXT_MAX,
    )

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == DecisionKind.CHANGE:
            require_visible(self, "reason", _("Say what changes for the next phase."))
        elif kind == DecisionKind.END:
            require_visible(self, "reason", _("Say why the work ends after this phase."))
        return cleaned


class ProjectForm(VisibleTextMixin, forms.ModelForm):
    class Meta:
        model = Project
        fields = ["name", "description"]

    def clean_description(self):
        return _limit(self.cleaned_data["description"], TEXT_MAX)


class PhaseForm(VisibleTextMixin, forms.ModelForm):
    class Meta:
        model = Phase
        fields = ["name", "starts_on", "ends_on"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean_starts_on(self):
        starts = _plausible_date(self.cleaned_data["starts_on"])
        review = getattr(self.instance, "review", None) if self.instance.pk else None
        if starts and review is not None:
            reviewed_on = timezone.localdate(review.reviewed_at)
            if starts > reviewed_on:
                raise forms.ValidationError(
                    _(
                        "This phase was reviewed on %(reviewed)s: it cannot start after its "
                        "review. Choose a start on or before that day, or change the review's "
                        "date first."
                    ),
                    params={"reviewed": formats.date_format(reviewed_on, "SHORT_DATE_FORMAT")},
                )
        return starts

    def clean_ends_on(self):
        return _plausible_date(self.cleaned_data["ends_on"])

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            # On the end date, where the mistake is; the model's constraint, which says the
            # same, is then skipped (Django leaves out constraints on fields with errors).
            self.add_error(
                "ends_on",
                forms.ValidationError(
                    _(
                        "A phase cannot end before it starts. Choose an end date on or after "
                        "the start, %(starts)s."
                    ),
                    params={"starts": formats.date_format(starts, "SHORT_DATE_FORMAT")},
                ),
            )
        return cleaned


RATING_CHOICES = [(i, str(i)) for i in range(1, 6)]


class PhaseReviewForm(VersionedForm):
    # The review's own date, in the consultant's time zone. Left empty (a form posted without
    # it), a new review is dated now and an edited one keeps its date.
    reviewed_at = forms.DateField(
        label=_("Date of the review"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=timezone.localdate,
        help_text=_("The day you looked back on this phase: from its start to today."),
    )

    def __init__(
        self, *args, phase: Phase | None = None, learning_required: bool = False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.phase = phase
        if self.instance.pk:
            # The stored moment is in UTC: show its day where the consultant is.
            self.initial["reviewed_at"] = timezone.localdate(self.instance.reviewed_at)
        for name in PhaseReview.RATING_FIELDS:
            self.fields[name] = forms.TypedChoiceField(
                label=self.fields[name].label,
                choices=RATING_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                help_text=_("1 (poor) to 5 (excellent)"),
            )
        self.fields["would_work_again"] = forms.TypedChoiceField(
            label=_("Would I work with them again?"),
            choices=[("yes", _("yes")), ("no", _("no"))],
            coerce=lambda value: value == "yes",
            widget=forms.RadioSelect,
        )
        if self.instance.pk:
            self.initial["would_work_again"] = "yes" if self.instance.would_work_again else "no"
        self.learning_required = learning_required

    class Meta:
        model = PhaseReview
        fields = [
            "reviewed_at",
            *PhaseReview.RATING_FIELDS,
            "would_work_again",
            "learned",
            "notes",
        ]
        widgets = {
            "learned": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_reviewed_at(self):
        """Return the review's moment: the date chosen, stored as a moment of that day.

        An unchanged date keeps the stored moment (its time of day included); today's date
        is now; an earlier day is noon of that day in the consultant's time zone, a moment
        that exists on every day, whatever the daylight-saving changes.
        """
        day = _plausible_date(self.cleaned_data["reviewed_at"])
        stored = self.instance.reviewed_at if self.instance.pk else None
        if day is None and stored is not None:
            return stored
        today = timezone.localdate()
        day = day or today
        if day > today:
            raise forms.ValidationError(
                _("A review cannot be dated in the future: choose today or an earlier day.")
            )
        if self.phase is not None and day < self.phase.starts_on:
            raise forms.ValidationError(
                _(
                    "A phase cannot be reviewed before it starts: choose a day from "
                    "%(starts)s to today."
                ),
                params={"starts": formats.date_format(self.phase.starts_on, "SHORT_DATE_FORMAT")},
            )
        if stored is not None and day == timezone.localdate(stored):
            return stored
        if day == today:
            return timezone.now()
        return timezone.make_aware(datetime.combine(day, time(12)))

    def clean_notes(self):
        return _limit(self.cleaned_data["notes"], TEXT_MAX)

    def clean_learned(self):
        learned = _limit(self.cleaned_data["learned"], TEXT_MAX)
        if self.learning_required and not has_visible_text(learned):
            raise forms.ValidationError(_("This was a stretch client: write what you learned."))
        return learned


class BoundaryForm(VisibleTextMixin, forms.ModelForm):
    class Meta:
        model = Boundary
        fields = ["text"]


# The zones offered: the world's regions, as people name where they live (the database also
# holds aliases such as "US/Eastern" and "Etc/GMT+5", still accepted but not offered).
OFFERED_REGIONS = (
    "Africa/",
    "America/",
    "Antarctica/",
    "Arctic/",
    "Asia/",
    "Atlantic/",
    "Australia/",
    "Europe/",
    "Indian/",
    "Pacific/",
)


def time_zone_choices(current: str = "") -> list[tuple[str, str]]:
    """Return the time zones to choose from: the server's first (blank), then by name."""
    names = {name for name in known_time_zones() if name.startswith(OFFERED_REGIONS)}
    names |= {"UTC"} | ({current} if current in known_time_zones() else set())
    server = _("Server's time zone: %(zone)s") % {"zone": settings.TIME_ZONE.replace("_", " ")}
    return [("", server), *((name, name.replace("_", " ")) for name in sorted(names))]


class LanguageSelect(forms.Select):
    """A select of languages, each named in itself and marked as such (read out right)."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if value:
            option["attrs"]["lang"] = value
        return option


def _catalogue_with_language(catalogue: FlagCatalogue) -> str:
    if not catalogue.language:
        return catalogue.name
    return f"{catalogue.name} ({get_language_info(catalogue.language)['name_local']})"


class ProfileForm(forms.ModelForm):
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        required=False,
        help_text=_(
            "Every date and time, the reflection period and “today” are shown in it, and the "
            "times you type are read in it."
        ),
    )

    class Meta:
        model = ConsultantProfile
        fields = ["reflection_hours", "preferred_catalogue", "language", "time_zone"]
        widgets = {"language": LanguageSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reflection_hours"].max_value = 720
        self.fields["reflection_hours"].widget.attrs["max"] = 720
        catalogue = self.fields["preferred_catalogue"]
        # The shared catalogues and the consultant's own ("My flags"), never another's.
        catalogue.queryset = FlagCatalogue.objects.usable_by(self.instance.user)
        # A catalogue's name ("Default", "Par défaut") does not say its language: each says
        # it in its own, as the language switch does.
        catalogue.label_from_instance = _catalogue_with_language
        catalogue.empty_label = _("The one in the language of the pages")
        # Each language in its own name, so whoever cannot read this page still finds theirs.
        self.fields["language"].choices = [
            ("", _("Language of your browser")),
            *(
                (code, get_language_info(code)["name_local"].capitalize())
                for code, _name in settings.LANGUAGES
            ),
        ]
        zone = self.fields["time_zone"]
        zone.choices = time_zone_choices(self.instance.time_zone)
        zone.error_messages["invalid_choice"] = _(
            "“%(value)s” is not a time zone we know: pick one from the list."
        )
        if not self.instance.time_zone and not self.is_bound:
            # fitcheck.js preselects the browser's zone for a consultant who chose none yet.
            zone.widget.attrs["data-offer-browser-zone"] = ""

    def clean_reflection_hours(self):
        hours = self.cleaned_data["reflection_hours"]
        if hours > 720:
            raise forms.ValidationError(_("The reflection period is at most 720 hours (30 days)."))
        return hours
