"""The flag chips and open questions of the log and review forms."""

from django.db.models import Q

from ..forms import BOUNDARY_FLAG_KEYS, FlagChipsForm, OpenQuestionsForm
from ..models import Boundary, Category, Flag, FlagCatalogue, Question

CATEGORY_ORDER = {category: index for index, category in enumerate(Category.values)}


def chips_form(request, client, existing=(), *, filled_only=False):
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
        # A form opened before the client moved onto the consultant's own catalogue names the
        # old one's flags: kept, and saved as the flags of the same keys (clients.actions).
        usable = FlagCatalogue.objects.usable_by(request.user)
        flags = flags | Flag.objects.filter(pk__in=filled_flags, catalogue__in=usable)
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


def grouped_chips(chips_form):
    labels = dict(Category.choices)
    groups = {}
    for row in chips_form.flag_rows():
        groups.setdefault(labels[row[0].category], []).append(row)
    return list(groups.items())


def questions_form(request, client, *, filled_only=False):
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
