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
    data = request.POST if request.method == "POST" else None
    flags = _flags(client, existing, data, filled_only=filled_only)
    if data is not None and FlagChipsForm.filled(data, prefix="obs")[0] - {f.pk for f in flags}:
        # Chips of another catalogue (rare: the form predates a move): read them again.
        data = _on_current_catalogue(request, client)
        flags = _flags(client, existing, data, filled_only=filled_only)
    boundary_ids = [o.boundary_id for o in existing if o.boundary_id]
    boundaries = Boundary.objects.filter(owner=request.user).filter(
        Q(active=True) | Q(pk__in=boundary_ids)
    )
    if filled_only:
        boundaries = boundaries.filter(pk__in=FlagChipsForm.filled(data, prefix="obs")[1])
    return FlagChipsForm(
        data,
        flags=flags,
        boundaries=list(boundaries),
        initial=FlagChipsForm.initial_for(existing),
        prefix="obs",
    )


def _flags(client, existing, data, *, filled_only: bool) -> list[Flag]:
    """Return the flags the form shows (or, `filled_only`, those `data` fills in), in order."""
    flag_ids = [o.flag_id for o in existing]
    flags = Flag.objects.filter(Q(catalogue=client.catalogue, active=True) | Q(pk__in=flag_ids))
    if filled_only:
        filled_flags, filled_boundaries = FlagChipsForm.filled(data, prefix="obs")
        seen = Q(pk__in=filled_flags)
        if filled_boundaries:  # a verdict is saved as one of these two flags
            seen |= Q(key__in=BOUNDARY_FLAG_KEYS.values())
        # Filtered on no id at all, a queryset is empty without asking the database.
        flags = flags.filter(seen)
    return sorted(flags, key=lambda flag: (CATEGORY_ORDER[flag.category], flag.position))


def _on_current_catalogue(request, client):
    """Return the POST with each chip of another catalogue renamed to the client's flag of
    the same key: a form opened before the client moved onto the consultant's own catalogue
    (My flags) names the old one's flags, and loses none of them."""
    filled, _boundaries = FlagChipsForm.filled(request.POST, prefix="obs")
    if not filled:
        return request.POST
    stale = dict(
        Flag.objects.filter(
            pk__in=filled, catalogue__in=FlagCatalogue.objects.usable_by(request.user)
        )
        .exclude(catalogue=client.catalogue_id)
        .values_list("pk", "key")
    )
    if not stale:
        return request.POST
    current = dict(
        Flag.objects.filter(catalogue=client.catalogue_id, key__in=stale.values()).values_list(
            "key", "pk"
        )
    )
    data = request.POST.copy()
    for old, key in stale.items():
        if key in current:
            for field in ("strength", "note"):
                value = data.pop(f"obs-{field}-{old}", None)
                if value is not None:
                    data.setlist(f"obs-{field}-{current[key]}", value)
    return data


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
