"""Dates and times as each language writes them (kamtraining/formats/), labelled with a zone.

`{{ when|zoned }}` shows an aware datetime in the viewer's zone (the active one) and names it:
"9 Dec 2026, 09:00 (Europe/London)", "2026年12月9日 09:00（Europe/London）". `{{ when|zoned:name }}`
shows it in the named zone instead (a session in its own zone). `{{ day|weekday_date }}` is a
day heading: "Wednesday 9 Dec 2026", "2026年12月9日 星期三".
"""

import datetime as dt
import zoneinfo

from django import template
from django.utils import formats, timezone
from django.utils.translation import get_language

register = template.Library()


def language_format(name: str, default: str) -> str:
    """A format the language's module in kamtraining/formats defines beyond Django's own."""
    for module in formats.get_format_modules(get_language() or "en"):
        if hasattr(module, name):
            return str(getattr(module, name))
    return default


def _zone(name: str | None) -> dt.tzinfo:
    if name:
        try:
            return zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            pass
    return timezone.get_current_timezone()


def zone_label(zone: dt.tzinfo, text: str) -> str:
    name = getattr(zone, "key", None) or str(zone)
    chinese = (get_language() or "").startswith("zh")
    return f"{text}（{name}）" if chinese else f"{text} ({name})"


def zoned_in(value: dt.datetime, zone: dt.tzinfo) -> str:
    """An instant in the zone, in the active language's one style, labelled with the zone.

    What `|zoned` shows on a page, for an email written for someone in another zone than the
    request's: "9 Dec 2026, 17:00 (Europe/London)", "2026年12月9日 17:00（Europe/London）".
    """
    local = value.astimezone(zone) if timezone.is_aware(value) else value
    return zone_label(zone, formats.date_format(local, "DATETIME_FORMAT"))


def zoned_span(starts_at: dt.datetime, ends_at: dt.datetime, zone: dt.tzinfo) -> str:
    """A session's time in the same style: "2 Mar 2027, 09:00–12:00 (Asia/Dubai)", with
    "(+1)" after the end when it falls on a later day there."""
    start, end = starts_at.astimezone(zone), ends_at.astimezone(zone)
    days_later = (end.date() - start.date()).days
    text = f"{formats.date_format(start, 'DATETIME_FORMAT')}–{formats.time_format(end, 'H:i')}"
    return zone_label(zone, text + (f" (+{days_later})" if days_later else ""))


@register.filter
def zoned(value: dt.datetime | None, zone_name: str | None = None) -> str:
    if not isinstance(value, dt.datetime):
        return ""
    return zoned_in(value, _zone(zone_name))


def _shown(value: dt.date, name: str, default: str) -> str:
    # As Django's own |date does: an aware time in the active zone, unless |timezone chose one.
    if (
        isinstance(value, dt.datetime)
        and timezone.is_aware(value)
        and getattr(value, "convert_to_local_time", True)
    ):
        value = timezone.localtime(value)
    return formats.date_format(value, language_format(name, default))


@register.filter
def weekday_date(value: dt.date | None) -> str:
    """A day heading: "Wednesday 9 Dec 2026", "2026年12月9日 星期三"."""
    if not isinstance(value, dt.date):
        return ""
    return _shown(value, "WEEKDAY_DATE_FORMAT", "l j M Y")


@register.filter
def weekday_date_time(value: dt.datetime | None) -> str:
    """ "Wednesday 9 Dec 2026, 14:00", "2026年12月9日 星期三 14:00"."""
    if not isinstance(value, dt.datetime):
        return ""
    return _shown(value, "WEEKDAY_DATETIME_FORMAT", "l j M Y, H:i")


@register.filter
def day_time(value: dt.datetime | None) -> str:
    """A time within the coming weeks: "Wed 9 Dec 14:00", "12月9日 星期三 14:00"."""
    if not isinstance(value, dt.datetime):
        return ""
    return _shown(value, "DAY_TIME_FORMAT", "D j M H:i")
