"""fitcheck's domain, in the brief's words: clients, interactions, flags, reviews, decisions.

Every rule a user could break is also a database constraint, so no code path (admin, import,
shell, a future API) can store a value outside the rules.
"""

import functools
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .text import has_visible_text


class Polarity(models.TextChoices):
    GREEN = "green", _("green")
    RED = "red", _("red")


class Category(models.TextChoices):
    COMMUNICATION = "communication", _("Communication")
    COLLABORATION = "collaboration", _("Collaboration")
    MOTIVATION = "motivation", _("Motivation")
    BOUNDARIES = "boundaries", _("Respect & boundaries")
    FEEDBACK = "feedback", _("Feedback")
    RAPPORT = "rapport", _("Rapport")


class Strength(models.IntegerChoices):
    HINT = 1, _("hint")
    CLEAR = 2, _("clear")
    STRONG = 3, _("strong")


class Breed(models.TextChoices):
    """Blair Singer's five Sales Dogs breeds, applied to clients."""

    PIT_BULL = "pit_bull", _("Pit Bull")
    GOLDEN_RETRIEVER = "golden_retriever", _("Golden Retriever")
    CHIHUAHUA = "chihuahua", _("Chihuahua")
    POODLE = "poodle", _("Poodle")
    BASSET_HOUND = "basset_hound", _("Basset Hound")


BREED_DESCRIPTIONS = {
    Breed.PIT_BULL: _("Driven and tenacious: pushes hard for results and does not let go."),
    Breed.GOLDEN_RETRIEVER: _("Warm and loyal: cares about the relationship and service."),
    Breed.CHIHUAHUA: _("Sharp and expert: full of ideas, data and high-strung energy."),
    Breed.POODLE: _("Polished and image-conscious: networks well, values status."),
    Breed.BASSET_HOUND: _("Patient and steady: slow to commit, loyal for the long haul."),
}


class Band(models.TextChoices):
    GOOD = "good", _("good fit")
    UNCLEAR = "unclear", _("unclear")
    POOR = "poor", _("poor fit")


class Confidence(models.TextChoices):
    LOW = "low", pgettext_lazy("confidence", "low")
    MEDIUM = "medium", pgettext_lazy("confidence", "medium")
    HIGH = "high", pgettext_lazy("confidence", "high")


class FlagCatalogueQuerySet(models.QuerySet):
    def default(self) -> "FlagCatalogue | None":
        """Return the default catalogue, if one is marked."""
        return self.filter(is_default=True).first()

    def shared(self) -> "FlagCatalogueQuerySet":
        """Return the catalogues everyone may use (edited by staff in the admin)."""
        return self.filter(owner__isnull=True)

    def usable_by(self, user) -> "FlagCatalogueQuerySet":
        """Return the shared catalogues and the consultant's own: never another's own."""
        return self.filter(Q(owner__isnull=True) | Q(owner=user))


class FlagCatalogue(models.Model):
    # Unique among the shared catalogues, and each consultant has at most one of their own.
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(
        _("language"), max_length=10, blank=True, help_text=_("Offered first to users of it.")
    )
    is_default = models.BooleanField(_("default"), default=False)
    half_life_days = models.PositiveIntegerField(
        _("half-life (days)"),
        default=180,
        help_text=_("An observation this much older than the latest counts half."),
    )
    good_fit_min = models.PositiveSmallIntegerField(_("good fit from score"), default=65)
    poor_fit_below = models.PositiveSmallIntegerField(_("poor fit below score"), default=40)
    # Blank for a shared catalogue; a consultant's own catalogue ("My flags") otherwise.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="own_catalogues",
        verbose_name=_("owner"),
        help_text=_("Blank for a shared catalogue."),
    )

    objects = FlagCatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = _("flag catalogue")
        verbose_name_plural = _("flag catalogues")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=Q(is_default=True),
                name="one_default_catalogue",
                violation_error_message=_("Only one catalogue can be the default."),
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(owner__isnull=True),
                name="unique_shared_catalogue_name",
                violation_error_message=_("A shared catalogue with this name already exists."),
            ),
            models.UniqueConstraint(
                fields=["owner"],
                condition=Q(owner__isnull=False),
                name="one_own_catalogue",
                violation_error_message=_("You already have a catalogue of your own."),
            ),
            models.CheckConstraint(
                condition=Q(owner__isnull=True) | Q(is_default=False),
                name="own_catalogue_not_default",
                violation_error_message=_("A consultant's own catalogue is never the default."),
            ),
            models.CheckConstraint(
                condition=Q(half_life_days__gte=1, half_life_days__lte=3650),
                name="catalogue_half_life_range",
                violation_error_message=_("The half-life must be between 1 and 3650 days."),
            ),
            models.CheckConstraint(
                condition=Q(poor_fit_below__lt=F("good_fit_min"), good_fit_min__lte=100),
                name="catalogue_band_thresholds",
                violation_error_message=_(
                    "The poor-fit threshold must be below the good-fit one, at most 100."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_own(self) -> bool:
        """Return True for a consultant's own catalogue."""
        return self.owner_id is not None


class Flag(models.Model):
    catalogue = models.ForeignKey(
        FlagCatalogue, models.CASCADE, related_name="flags", verbose_name=_("catalogue")
    )
    key = models.SlugField(_("key"), max_length=60)
    label = models.CharField(_("label"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    polarity = models.CharField(_("polarity"), max_length=5, choices=Polarity.choices)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    weight = models.PositiveSmallIntegerField(_("weight"), default=3)
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Retire a flag instead of deleting it.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    probing_question = models.CharField(
        _("probing question"),
        max_length=300,
        blank=True,
        help_text=_("What to ask to find out whether this flag is there."),
    )
    opposite = models.SlugField(
        _("opposite flag"),
        max_length=60,
        blank=True,
        help_text=_("Key of the flag of the other colour that covers the same ground."),
    )
    # Bumped by every edit in the app ("My flags"): two tabs cannot overwrite each other.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        ordering = ["catalogue", "category", "position", "label"]
        constraints = [
            models.UniqueConstraint(fields=["catalogue", "key"], name="unique_flag_key"),
            models.CheckConstraint(
                condition=Q(weight__gte=1, weight__lte=5),
                name="flag_weight_range",
                violation_error_message=_("The weight must be between 1 and 5."),
            ),
            models.CheckConstraint(
                condition=Q(polarity__in=Polarity.values), name="flag_polarity_valid"
            ),
            models.CheckConstraint(
                condition=Q(category__in=Category.values), name="flag_category_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.label


# A consultant without a profile yet reflects this long after a discovery call.
DEFAULT_REFLECTION_HOURS = 24
# The morning note comes at this hour of the consultant's day, unless they choose another.
DEFAULT_DIGEST_HOUR = 7


@functools.cache
def known_time_zones() -> frozenset[str]:
    """Return the names of the time zones this server knows (the IANA database)."""
    return frozenset(zoneinfo.available_timezones())


def validate_time_zone(name: str) -> None:
    """Refuse a time zone name the server does not know; blank (the server's zone) is fine."""
    if name and name not in known_time_zones():
        raise ValidationError(
            _("“%(zone)s” is not a time zone we know: pick one from the list."),
            code="unknown_time_zone",
            params={"zone": name},
        )


PHONE_CHARACTERS = frozenset("0123456789+-(). /")


def validate_phone(phone: str) -> None:
    """Refuse a phone number that a phone could not dial (a tel: link of the client's page)."""
    digits = sum(c.isascii() and c.isdigit() for c in phone)
    if phone and (not set(phone) <= PHONE_CHARACTERS or not 5 <= digits <= 20 or "+" in phone[1:]):
        raise ValidationError(
            _(
                "This is not a phone number: digits, with spaces, dashes, dots or brackets if "
                "you like, and a + only in front (+33 1 23 45 67 89)."
            ),
            code="invalid_phone",
        )


class ConsultantProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="profile", verbose_name=_("user")
    )
    reflection_hours = models.PositiveSmallIntegerField(
        _("reflection period (hours)"),
        default=DEFAULT_REFLECTION_HOURS,
        help_text=_("How long to wait after a discovery call before accepting or declining."),
    )
    preferred_catalogue = models.ForeignKey(
        FlagCatalogue,
        models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("preferred catalogue"),
        help_text=_("New clients are scored with it."),
    )
    # Blank: the language of the consultant's browser (or the one they switched to).
    language = models.CharField(
        _("language"),
        max_length=10,
        blank=True,
        choices=settings.LANGUAGES,
        help_text=_("The language of the pages and of the emails fitcheck sends you."),
    )
    # Not a list of choices: the IANA database changes with the server's, not with migrations.
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        validators=[validate_time_zone],
        help_text=_("Every date, time and “today” is shown and read in it."),
    )
    # The morning note (clients.contacts.digest): off until the consultant asks for it.
    digest_enabled = models.BooleanField(_("send me a morning note"), default=False)
    digest_hour = models.PositiveSmallIntegerField(
        _("hour of the morning note"), default=DEFAULT_DIGEST_HOUR
    )
    digest_sent_at = models.DateTimeField(
        _("morning note last sent"), null=True, blank=True, editable=False
    )
    # The key of the private calendar feed; blank: no feed (clients.contacts.calendar).
    calendar_token = models.CharField(
        _("calendar feed key"), max_length=80, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("consultant profile")
        verbose_name_plural = _("consultant profiles")
        constraints = [
            models.CheckConstraint(
                condition=Q(digest_hour__lte=23),
                name="profile_digest_hour_range",
                violation_error_message=_("The hour of the morning note is from 0 to 23."),
            ),
            models.CheckConstraint(
                condition=Q(reflection_hours__lte=720),
                name="profile_reflection_range",
                violation_error_message=_("The reflection period is at most 720 hours (30 days)."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)

    def zone_name(self) -> str:
        """Return the consultant's time zone, or the server's when they chose none."""
        return self.time_zone or settings.TIME_ZONE

    def digest_language(self) -> str:
        """Return the language of the consultant's emails: theirs, or the site's."""
        return self.language or settings.LANGUAGE_CODE


class Boundary(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="boundaries", verbose_name=_("owner")
    )
    text = models.CharField(_("boundary"), max_length=200)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("boundary")
        verbose_name_plural = _("boundaries")
        ordering = ["-active", "text"]

    def __str__(self) -> str:
        return self.text


class ClientStatus(models.TextChoices):
    LEAD = "lead", _("lead")
    DISCOVERY = "discovery", _("in discovery")
    DECIDING = "deciding", _("deciding")
    ACTIVE = "active", _("active")
    COMPLETED = "completed", _("completed")
    DECLINED = "declined", _("declined")


class ContactKind(models.TextChoices):
    CALL = "call", _("call")
    MEETING = "meeting", _("meeting")
    EMAIL = "email", _("email")


class Client(models.Model):
    Status = ClientStatus

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="clients", verbose_name=_("owner")
    )
    catalogue = models.ForeignKey(
        # RESTRICT, not PROTECT: a catalogue with clients cannot be deleted, except a
        # consultant's own with their account (and its clients) in the same deletion.
        FlagCatalogue,
        models.RESTRICT,
        related_name="clients",
        verbose_name=_("flag catalogue"),
    )
    name = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    email = models.EmailField(_("email"), max_length=254, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True, validators=[validate_phone])
    website = models.URLField(_("website"), max_length=300, blank=True)
    # The free text of before email, phone and website: kept as it was written.
    contact = models.CharField(_("other contact details"), max_length=200, blank=True)
    source = models.CharField(
        _("source"), max_length=200, blank=True, help_text=_("How they found you.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.LEAD
    )
    breed = models.CharField(_("breed"), max_length=20, choices=Breed.choices, blank=True)
    archived = models.BooleanField(_("archived"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    # The current fit score, kept up to date in the transaction of every write that changes
    # it (see clients.score.scores), so the dashboard sorts and filters without loading evidence.
    score = models.PositiveSmallIntegerField(_("fit score"), default=50)
    score_low = models.PositiveSmallIntegerField(_("score interval low"), default=26)
    score_high = models.PositiveSmallIntegerField(_("score interval high"), default=74)
    confidence = models.CharField(
        _("confidence"), max_length=6, choices=Confidence.choices, default=Confidence.LOW
    )
    band = models.CharField(_("band"), max_length=7, choices=Band.choices, default=Band.UNCLEAR)
    # Until a phase was reviewed, the score is first impressions only (confidence medium at most).
    phase_reviewed = models.BooleanField(_("a phase was reviewed"), default=False, editable=False)
    score_trend = models.JSONField(_("score trend"), default=list, blank=True, editable=False)
    last_contact_at = models.DateTimeField(_("last contact"), null=True, blank=True)
    open_questions = models.PositiveSmallIntegerField(_("open questions"), default=0)
    # What the dashboard's "Today" strip asks of each client, stored with the score so the
    # strip is one pass over the client rows (clients.score.scores keeps them up to date).
    last_discovery_at = models.DateTimeField(
        _("last discovery call"), null=True, blank=True, editable=False
    )
    last_decision_at = models.DateTimeField(
        _("last decision"), null=True, blank=True, editable=False
    )
    # The earliest end of a phase without a review: a review is due once that day has passed.
    review_due_on = models.DateField(
        _("phase review due since"), null=True, blank=True, editable=False
    )
    # When the latest phase review was written, while no checkpoint answers it.
    checkpoint_due_since = models.DateTimeField(
        _("checkpoint due since"), null=True, blank=True, editable=False
    )
    # The planned contact: the next call, meeting or email (clients.contacts). Its moment is
    # a column of its own, so "Today" counts calls today and overdue ones in the same pass.
    next_contact_at = models.DateTimeField(_("next contact"), null=True, blank=True, editable=False)
    next_contact_kind = models.CharField(
        _("kind of the next contact"),
        max_length=10,
        choices=ContactKind.choices,
        blank=True,
        editable=False,
    )
    next_contact_note = models.CharField(
        _("note on the next contact"), max_length=500, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        ordering = ["name"]
        # One index per dashboard order, with its tie-breakers, so a page is an index scan.
        indexes = [
            models.Index(
                fields=["owner", "archived", "-score", "name", "id"], name="client_by_score"
            ),
            models.Index(
                fields=["owner", "archived", "score", "name", "id"], name="client_by_low_score"
            ),
            models.Index(
                fields=["owner", "archived", "band", "-score", "name", "id"],
                name="client_band_by_score",
            ),
            models.Index(fields=["owner", "archived", "name", "id"], name="client_by_name"),
            # PostgreSQL's matching index (NULLS LAST, which SQLite cannot index) is in 0005.
            models.Index(
                fields=["owner", "archived", "-last_contact_at", "name", "id"],
                name="client_by_contact",
            ),
            models.Index(
                fields=["owner", "archived", "next_contact_at", "name", "id"],
                name="client_by_next_contact",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__lte=100, score_low__lte=F("score"), score_high__gte=F("score"))
                & Q(score_high__lte=100),
                name="client_score_range",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ClientStatus.values), name="client_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(breed__in=[*Breed.values, ""]), name="client_breed_valid"
            ),
            models.CheckConstraint(condition=Q(band__in=Band.values), name="client_band_valid"),
            models.CheckConstraint(
                condition=Q(confidence__in=Confidence.values), name="client_confidence_valid"
            ),
            # A planned contact has its moment and its kind, or neither.
            models.CheckConstraint(
                condition=Q(
                    next_contact_at__isnull=True, next_contact_kind="", next_contact_note=""
                )
                | Q(next_contact_at__isnull=False, next_contact_kind__in=ContactKind.values),
                name="client_next_contact_whole",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def breed_description(self) -> str:
        """Return the one-line description of the client's breed, or ''."""
        return BREED_DESCRIPTIONS.get(self.breed, "")


class InteractionKind(models.TextChoices):
    DISCOVERY = "discovery", _("discovery call")
    MEETING = "meeting", _("meeting")
    CALL = "call", _("call")
    EMAIL = "email", _("email or message")


class Interaction(models.Model):
    Kind = InteractionKind

    client = models.ForeignKey(
        Client, models.CASCADE, related_name="interactions", verbose_name=_("client")
    )
    occurred_at = models.DateTimeField(_("date and time"), default=timezone.now)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DISCOVERY)
    notes = models.TextField(_("notes"), blank=True)
    gut = models.SmallIntegerField(
        _("gut feeling"),
        null=True,
        blank=True,
        help_text=_("From −2 (bad feeling) to +2 (great feeling)."),
    )
    questions = models.TextField(
        _("questions to ask"), blank=True, help_text=_("One question per line.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["client", "occurred_at"], name="interaction_client_time")]
        constraints = [
            models.CheckConstraint(
                condition=Q(gut__gte=-2, gut__lte=2) | Q(gut__isnull=True),
                name="interaction_gut_range",
                violation_error_message=_("The gut feeling goes from −2 to +2."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=InteractionKind.values), name="interaction_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.client}"

    def question_list(self) -> list[str]:
        """Return the questions still to ask."""
        return split_questions(self.questions)


EARLIEST_YEAR = 1900
YEARS_AHEAD = 5
MAX_QUESTIONS = 1000


def plausible_year(year: int) -> bool:
    """Return True for a year a consultant can mean (year 1 or 9999 break date arithmetic)."""
    return EARLIEST_YEAR <= year <= timezone.localdate().year + YEARS_AHEAD


def split_questions(text: str) -> list[str]:
    """Return the questions of a text, one per line with something visible on it."""
    return [line.strip() for line in text.splitlines() if has_visible_text(line)]


class QuestionStatus(models.TextChoices):
    OPEN = "open", _("open")
    ANSWERED = "answered", _("answered")
    DROPPED = "dropped", _("dropped")


class Question(models.Model):
    """A question to ask a client, open until it is answered or dropped."""

    Status = QuestionStatus

    client = models.ForeignKey(
        Client, models.CASCADE, related_name="questions", verbose_name=_("client")
    )
    text = models.TextField(_("question"))
    # Deleting the interaction a question was written in removes the question with it.
    asked_in = models.ForeignKey(
        Interaction,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="questions_asked",
        verbose_name=_("written in"),
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    answer = models.TextField(_("answer"), blank=True, help_text=_("In the client's words."))
    answered_in = models.ForeignKey(
        Interaction,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions_closed",
        verbose_name=_("answered or dropped in"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    closed_at = models.DateTimeField(_("answered or dropped at"), null=True, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["client", "status"], name="question_client_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=QuestionStatus.values), name="question_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status=QuestionStatus.OPEN, closed_at__isnull=True)
                | (~Q(status=QuestionStatus.OPEN) & Q(closed_at__isnull=False)),
                name="question_closed_when_not_open",
                violation_error_message=_("An answered or dropped question has a closing date."),
            ),
            models.CheckConstraint(
                condition=Q(status=QuestionStatus.ANSWERED) | Q(answer=""),
                name="question_answer_only_when_answered",
                violation_error_message=_("Only an answered question has an answer."),
            ),
        ]

    def __str__(self) -> str:
        return self.text


class Project(models.Model):
    client = models.ForeignKey(
        Client, models.CASCADE, related_name="projects", verbose_name=_("client")
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.name


class Phase(models.Model):
    project = models.ForeignKey(
        Project, models.CASCADE, related_name="phases", verbose_name=_("project")
    )
    name = models.CharField(_("name"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["starts_on", "id"]
        indexes = [models.Index(fields=["ends_on"], name="phase_ends_on")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="phase_ends_after_start",
                violation_error_message=_("A phase cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def awaits_review(self) -> bool:
        """Return True when the phase has ended and has no review yet."""
        return self.ends_on < timezone.localdate() and not hasattr(self, "review")


RATING_FIELDS = ("communication", "expectations", "collaboration", "boundaries", "satisfaction")


def _rating(verbose_name):
    return models.PositiveSmallIntegerField(verbose_name, help_text=_("1 (poor) to 5 (excellent)"))


class PhaseReview(models.Model):
    RATING_FIELDS = RATING_FIELDS

    phase = models.OneToOneField(
        Phase, models.CASCADE, related_name="review", verbose_name=_("phase")
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), default=timezone.now)
    communication = _rating(_("communication"))
    expectations = _rating(_("consistency of expectations"))
    collaboration = _rating(_("collaboration"))
    boundaries = _rating(_("respect of my boundaries"))
    satisfaction = _rating(_("overall satisfaction"))
    would_work_again = models.BooleanField(_("I would work with them again"))
    learned = models.TextField(_("what I learned"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("phase review")
        verbose_name_plural = _("phase reviews")
        ordering = ["reviewed_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(**{f"{name}__gte": 1 for name in RATING_FIELDS})
                & Q(**{f"{name}__lte": 5 for name in RATING_FIELDS}),
                name="review_ratings_range",
                violation_error_message=_("Ratings go from 1 to 5."),
            ),
        ]

    def __str__(self) -> str:
        return str(_("Review of %(phase)s") % {"phase": self.phase})


class Observation(models.Model):
    """One flag seen in one interaction or one phase review."""

    flag = models.ForeignKey(
        # RESTRICT: an observed flag stays, unless its observations go in the same deletion.
        Flag,
        models.RESTRICT,
        related_name="observations",
        verbose_name=_("flag"),
    )
    strength = models.PositiveSmallIntegerField(
        _("strength"), choices=Strength.choices, default=Strength.CLEAR
    )
    note = models.TextField(_("evidence"), blank=True, help_text=_("In the client's words."))
    interaction = models.ForeignKey(
        Interaction, models.CASCADE, null=True, blank=True, related_name="observations"
    )
    review = models.ForeignKey(
        PhaseReview, models.CASCADE, null=True, blank=True, related_name="observations"
    )
    boundary = models.ForeignKey(
        Boundary,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="observations",
        verbose_name=_("boundary"),
    )

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(strength__gte=1, strength__lte=3),
                name="observation_strength_range",
                violation_error_message=_("Strength goes from 1 (hint) to 3 (strong)."),
            ),
            models.CheckConstraint(
                condition=Q(interaction__isnull=False, review__isnull=True)
                | Q(interaction__isnull=True, review__isnull=False),
                name="observation_one_source",
                violation_error_message=_("An observation belongs to an interaction or a review."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.flag} ({self.get_strength_display()})"


class DecisionKind(models.TextChoices):
    ACCEPT = "accept", _("accept")
    DECLINE = "decline", _("decline")
    STRETCH = "stretch", _("accept as stretch")
    NEED_INFO = "need_info", _("need more info")
    # Checkpoints: the decision after a reviewed phase.
    CONTINUE = "continue", _("continue")
    CHANGE = "change", _("continue with changes")
    END = "end", _("end after this phase")


CHECKPOINT_KINDS = (DecisionKind.CONTINUE, DecisionKind.CHANGE, DecisionKind.END)


class Decision(models.Model):
    Kind = DecisionKind

    client = models.ForeignKey(
        Client, models.CASCADE, related_name="decisions", verbose_name=_("client")
    )
    kind = models.CharField(_("decision"), max_length=10, choices=Kind.choices)
    reason = models.TextField(_("reason"), blank=True)
    learning_goal = models.TextField(_("what I want to learn"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)
    decided_early = models.BooleanField(_("decided during the reflection period"), default=False)
    # The score of the moment, kept as it was: calibration compares it with outcomes.
    score = models.PositiveSmallIntegerField(_("score at decision"))
    score_low = models.PositiveSmallIntegerField(_("interval low at decision"))
    score_high = models.PositiveSmallIntegerField(_("interval high at decision"))
    band = models.CharField(_("band at decision"), max_length=7, choices=Band.choices)
    confidence = models.CharField(
        _("confidence at decision"), max_length=6, choices=Confidence.choices
    )
    # A checkpoint answers the review of one phase, and goes with it.
    phase = models.OneToOneField(
        "Phase",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="checkpoint",
        verbose_name=_("phase"),
    )

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-decided_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=DecisionKind.values), name="decision_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(score__lte=100, score_low__lte=F("score"), score_high__gte=F("score"))
                & Q(score_high__lte=100),
                name="decision_score_range",
            ),
            models.CheckConstraint(
                condition=~Q(kind="stretch") | ~Q(learning_goal=""),
                name="decision_stretch_has_goal",
                violation_error_message=_("A stretch client needs a learning goal."),
            ),
            models.CheckConstraint(
                condition=Q(decided_early=False) | ~Q(reason=""),
                name="decision_early_has_reason",
                violation_error_message=_("Deciding before the reflection period needs a reason."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=CHECKPOINT_KINDS, phase__isnull=False)
                | (~Q(kind__in=CHECKPOINT_KINDS) & Q(phase__isnull=True)),
                name="decision_checkpoint_has_phase",
                violation_error_message=_("A checkpoint follows a phase; other decisions do not."),
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=[DecisionKind.CHANGE, DecisionKind.END]) | ~Q(reason=""),
                name="decision_checkpoint_has_reason",
                violation_error_message=_(
                    "Say what changes, or why the work ends after this phase."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.client}"

    def is_checkpoint(self) -> bool:
        """Return True for the decision taken after a reviewed phase."""
        return self.kind in CHECKPOINT_KINDS
