"""A flag catalogue as a JSON document: export it, and import it only when all of it is valid."""

import re
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Category, Client, Flag, FlagCatalogue, Polarity
from ..score.scores import refresh_scores
from ..text import has_visible_text

FORMAT = "fitcheck-catalogue"
VERSION = 1
KEY_PATTERN = re.compile(r"[-a-zA-Z0-9_]{1,60}")
FLAG_FIELDS = ("key", "label", "description", "polarity", "category", "weight", "active")
DESCRIPTION_MAX = 10_000
# Optional in a file: what to ask to find a flag out, and the key of its opposite flag.
PROBING_FIELDS = ("probing_question", "opposite")


class CatalogueFileError(ValueError):
    """The document is not a valid catalogue; the message names the entry and the field."""


def export_catalogue(catalogue: FlagCatalogue, flags: list[Flag] | None = None) -> dict[str, Any]:
    """Return a catalogue and its flags (read here unless given, in order) as a JSON-ready dict."""
    if flags is None:
        flags = catalogue.flags.order_by("position", "pk")
    return {
        "format": FORMAT,
        "version": VERSION,
        "name": catalogue.name,
        "description": catalogue.description,
        "language": catalogue.language,
        "half_life_days": catalogue.half_life_days,
        "good_fit_min": catalogue.good_fit_min,
        "poor_fit_below": catalogue.poor_fit_below,
        "flags": [
            {field: getattr(flag, field) for field in (*FLAG_FIELDS, *PROBING_FIELDS)}
            for flag in flags
        ],
    }


def _require(condition: bool, where: str, message: str) -> None:
    if not condition:
        raise CatalogueFileError(f"{where}: {message}")


def _is_int(value: Any, low: int, high: int) -> bool:
    return type(value) is int and low <= value <= high


def _storable(text: str) -> bool:
    """Return False for text a database refuses: a NUL, or half of a surrogate pair."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _text(data: dict, field: str, where: str, *, max_length: int, required: bool) -> None:
    value = data.get(field, "")
    _require(isinstance(value, str), where, _("“%s” must be text.") % field)
    _require(_storable(value), where, _("“%s” holds characters that cannot be stored.") % field)
    _require(not required or has_visible_text(value), where, _("“%s” is required.") % field)
    _require(len(value) <= max_length, where, _("“%s” is too long.") % field)


def validate_catalogue(data: Any) -> None:
    """Raise CatalogueFileError naming the first wrong entry and field, if any."""
    _require(isinstance(data, dict), _("document"), _("must be a JSON object."))
    _require(data.get("format") == FORMAT, "format", _("must be “%s”.") % FORMAT)
    _require(_is_int(data.get("version"), VERSION, VERSION), "version", _("must be %d.") % VERSION)
    _text(data, "name", _("catalogue"), max_length=100, required=True)
    _text(data, "description", _("catalogue"), max_length=DESCRIPTION_MAX, required=False)
    _text(data, "language", _("catalogue"), max_length=10, required=False)
    _require(
        _is_int(data.get("half_life_days"), 1, 3650),
        "half_life_days",
        _("must be a whole number of days from 1 to 3650."),
    )
    good, poor = data.get("good_fit_min"), data.get("poor_fit_below")
    _require(
        _is_int(good, 1, 100) and _is_int(poor, 0, 99) and poor < good,
        "good_fit_min / poor_fit_below",
        _("must be whole numbers with 0 ≤ poor_fit_below < good_fit_min ≤ 100."),
    )
    flags = data.get("flags")
    _require(isinstance(flags, list) and flags, "flags", _("must be a non-empty list."))
    seen = set()
    for index, flag in enumerate(flags):
        where = f"flags[{index}]"
        _require(isinstance(flag, dict), where, _("must be an object."))
        key = flag.get("key")
        _require(
            isinstance(key, str) and KEY_PATTERN.fullmatch(key) is not None,
            where,
            _("“key” must be 1 to 60 letters, digits, - or _."),
        )
        where = f"flags[{index}] ({key})"
        _require(key not in seen, where, _("the key appears twice."))
        seen.add(key)
        _text(flag, "label", where, max_length=120, required=True)
        _text(flag, "description", where, max_length=DESCRIPTION_MAX, required=False)
        _require(
            flag.get("polarity") in Polarity.values, where, _("“polarity” must be green or red.")
        )
        _require(
            flag.get("category") in Category.values,
            where,
            _("“category” must be one of %s.") % ", ".join(Category.values),
        )
        _require(_is_int(flag.get("weight"), 1, 5), where, _("“weight” must be 1 to 5."))
        _require(
            isinstance(flag.get("active", True), bool), where, _("“active” must be true or false.")
        )
        _text(flag, "probing_question", where, max_length=300, required=False)
    _check_opposites(flags)


def _check_opposites(flags: list[dict]) -> None:
    """Refuse an `opposite` that is not another flag of the file, of the other colour."""
    polarity = {flag["key"]: flag.get("polarity") for flag in flags}
    for index, flag in enumerate(flags):
        opposite = flag.get("opposite", "")
        _require(
            opposite == ""
            or (
                isinstance(opposite, str)
                and opposite in polarity
                and polarity[opposite] != flag["polarity"]
            ),
            f"flags[{index}] ({flag['key']})",
            _("“opposite” must be the key of a flag of the other colour in this file, or empty."),
        )


def validate_import(data: Any, *, owner=None) -> None:
    """Raise CatalogueFileError if the document is wrong or would drop an observed flag.

    With `owner`, the document updates (or makes) that consultant's own catalogue, whose
    observed flags also keep their colour and category.
    """
    validate_catalogue(data)
    target = _target(data, owner)
    _keep_observed_flags(data, target)
    if owner is not None:
        _keep_observed_colours(data, target)


def _target(data: dict, owner) -> Any:
    """Return the catalogue a document updates: the owner's own, else the shared one named."""
    if owner is not None:
        return FlagCatalogue.objects.filter(owner=owner)
    return FlagCatalogue.objects.shared().filter(name=data["name"])


def _keep_observed_flags(data: dict, target) -> None:
    """Refuse a document that leaves out an observed flag of the catalogue it updates.

    Observations name their flag by catalogue and key: a flag missing from the file would
    look renamed or moved. Retiring it ("active": false) is the way out.
    """
    observed = set(
        Flag.objects.filter(catalogue__in=target, observations__isnull=False)
        .values_list("key", flat=True)
        .distinct()
    )
    missing = sorted(observed - {flag["key"] for flag in data["flags"]})
    _require(
        not missing,
        "flags",
        _(
            "%s have been observed: keep them in the file, with “active”: false to retire them "
            "(an observed flag's key cannot change)."
        )
        % ", ".join(missing),
    )


def _keep_observed_colours(data: dict, target) -> None:
    """Refuse a document that changes the colour or category of an observed flag of one's own."""
    observed = {
        key: (polarity, category)
        for key, polarity, category in Flag.objects.filter(
            catalogue__in=target, observations__isnull=False
        )
        .values_list("key", "polarity", "category")
        .distinct()
    }
    changed = sorted(
        flag["key"]
        for flag in data["flags"]
        if flag["key"] in observed and observed[flag["key"]] != (flag["polarity"], flag["category"])
    )
    _require(
        not changed,
        "flags",
        _("%s have been observed: their colour and category cannot change.") % ", ".join(changed),
    )


@transaction.atomic
def import_catalogue(data: Any, *, owner=None) -> tuple[FlagCatalogue, bool]:
    """Create or update the catalogue a document describes; return it and whether it is new.

    Flags are matched by key. Nothing is written unless the whole document is valid, and
    the catalogue's clients are re-scored in the same transaction. With `owner`, it is that
    consultant's own catalogue (whatever its name), never a shared one.
    """
    validate_import(data, owner=owner)
    lookup = {"owner": owner} if owner is not None else {"name": data["name"], "owner": None}
    catalogue, created = FlagCatalogue.objects.update_or_create(
        **lookup,
        defaults={
            "name": data["name"],
            "description": data.get("description", ""),
            "language": data.get("language", ""),
            "half_life_days": data["half_life_days"],
            "good_fit_min": data["good_fit_min"],
            "poor_fit_below": data["poor_fit_below"],
        },
    )
    for position, flag in enumerate(data["flags"]):
        Flag.objects.update_or_create(
            catalogue=catalogue,
            key=flag["key"],
            defaults={
                "label": flag["label"],
                "description": flag.get("description", ""),
                "polarity": flag["polarity"],
                "category": flag["category"],
                "weight": flag["weight"],
                "active": flag.get("active", True),
                "position": position,
                **{field: flag.get(field, "") for field in PROBING_FIELDS},
            },
        )
    if not created:
        refresh_scores(Client.objects.filter(catalogue=catalogue))
    return catalogue, created
