"""Bilingual content: pick the English twin of a field when the active language is English."""

import zoneinfo
from functools import cache

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def localized(obj: object, field: str) -> str:
    """Return `field_en` in English when it is filled, else `field` (the Chinese original)."""
    value: str = getattr(obj, field)
    if (get_language() or "en").startswith("en"):
        english = getattr(obj, f"{field}_en", "")
        return english or value
    return value


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
