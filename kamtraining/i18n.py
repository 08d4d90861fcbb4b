"""Bilingual content: pick the English twin of a field when the active language is English."""

import zoneinfo
from collections.abc import Mapping
from functools import cache

from django.core.exceptions import ValidationError
from django.db.models import F, OrderBy, Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def localized(obj: object, field: str) -> str:
    """Return `field_en` in English when it is filled, else `field` (the Chinese original)."""
    value: str = getattr(obj, field)
    if (get_language() or "en").startswith("en"):
        english = getattr(obj, f"{field}_en", "")
        return english or value
    return value


def _name_parts(person: object) -> tuple[str, str]:
    """A person's Chinese name and English name, from a model or a selector's plain row."""
    if isinstance(person, Mapping):
        return person.get("name") or "", person.get("name_en") or ""
    return getattr(person, "name", "") or "", getattr(person, "name_en", "") or ""


def person_names(person: object) -> tuple[str, str]:
    """The name to show first in the active language, and the other script's ('' if none).

    English viewers read `name_en` first (the Chinese name when there is none); Chinese viewers
    the Chinese name, then the English one.
    """
    name, name_en = _name_parts(person)
    if (get_language() or "en").startswith("en"):
        first = name_en or name
        return first, name if name and name != first else ""
    return name or name_en, name_en if name_en and name_en != name else ""


def person_sort_key(person: object) -> tuple[str, str]:
    """Sort people by the name the viewer reads first: Chinese viewers by the Chinese name,
    English viewers by `name_en` (falling back to the Chinese name), case-insensitively."""
    first, other = person_names(person)
    return first.casefold(), other.casefold()


def person_ordering(prefix: str = "") -> list[OrderBy]:
    """`order_by` terms for `person_sort_key`'s order, done by the database (for a queryset)."""
    name = F(f"{prefix}name")
    english = Lower(Coalesce(NullIf(F(f"{prefix}name_en"), Value("")), name))
    if (get_language() or "en").startswith("en"):
        return [english.asc(), Lower(name).asc()]
    return [Lower(name).asc(), english.asc()]


@cache
def time_zone_names() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def validate_time_zone(value: str) -> None:
    if value not in time_zone_names():
        raise ValidationError(
            _("“%(value)s” is not a known time zone (use an IANA name such as Asia/Shanghai)."),
            params={"value": value},
            code="invalid_time_zone",
        )
