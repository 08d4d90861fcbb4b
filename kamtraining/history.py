"""History lists on the records HR keeps: one entry per audit row, worded for the reader.

Each app reads its own audit rows (SessionChange, EnrollmentStatusChange, CampaignEvent, …)
in a constant number of queries and turns them into entries here, in the language and time
zone active for the request (the reader's own, set by UserPreferencesMiddleware).
"""

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class HistoryEntry:
    at: dt.datetime
    by: str  # a person's name, or "the system"
    what: str
    note: str = ""


def actor_name(user: Any) -> str:
    """Who did it: the person's name, or the system for a null actor."""
    return str(user) if user is not None else _("the system")


def _shown_value(field: Any, value: Any) -> str:
    if value in ("", None):
        return "—"
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
        if timezone.is_aware(moment):
            return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")
    if field is not None and field.choices:
        labels = {str(key): label for key, label in field.flatchoices}
        return str(labels.get(str(value), value))
    return str(value)


def describe_changes(model: type[models.Model], changes: Mapping[str, Sequence[Any]]) -> str:
    """`{"field": [before, after]}` as "Label: before → after; …" in the reader's terms."""
    parts = []
    for name, values in changes.items():
        field: Any
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:  # a field since removed keeps its raw name
            field = None
        label = str(getattr(field, "verbose_name", name)).capitalize()
        before, after = (list(values) + ["", ""])[:2]
        parts.append(
            _("%(field)s: %(before)s → %(after)s")
            % {
                "field": label,
                "before": _shown_value(field, before),
                "after": _shown_value(field, after),
            }
        )
    return _("; ").join(parts)
