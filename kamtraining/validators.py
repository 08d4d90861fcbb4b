"""The one rule for a stored time: aware, and in a year the programme can mean."""

import datetime as dt
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

FIRST_YEAR = 2000
LAST_YEAR = 2099


def validate_aware_datetime(value: dt.datetime | None) -> None:
    """Refuse a naive time, and one outside 2000–2099 (a typo such as year 169 or 20266)."""
    if value is None:
        return
    if not isinstance(value, dt.datetime):
        raise ValidationError(_("Give a date and time."), code="invalid")
    if timezone.is_naive(value):
        raise ValidationError(
            _("Give the time with its offset, for example 2027-03-01T09:00:00+08:00."),
            code="naive",
        )
    # The year in UTC, as stored: 2000-01-01T07:00+08:00 is still 1999 there.
    try:
        year = value.astimezone(dt.UTC).year
    except OverflowError:
        year = value.year
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            _("Give a time between %(first)s and %(last)s, not in the year %(year)s."),
            code="year",
            params={"first": FIRST_YEAR, "last": LAST_YEAR, "year": value.year},
        )


def times_check(values: Mapping[str, object]) -> None:
    """Apply the rule to each time given by field name; refuse them all at once, per field.

    For services, which take times as arguments before any model's full_clean sees them: a
    value that is not a datetime (absent, or a sentinel) is left to the caller.
    """
    errors: dict[str, list[ValidationError]] = {}
    for name, value in values.items():
        if not isinstance(value, dt.datetime):
            continue
        try:
            validate_aware_datetime(value)
        except ValidationError as error:
            errors[name] = [error]
    if errors:
        raise ValidationError(errors)
