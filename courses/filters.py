"""Query filters of the catalogue and schedule API (django-filter)."""

import datetime as dt
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from courses.models import Cohort, Session
from kamtraining.api import parse_aware_datetime


class AwareDateTimeFormField(forms.DateTimeField):
    """ISO 8601 with its offset; a naive time is refused rather than guessed."""

    default_error_messages = {
        "invalid": _("Enter an ISO 8601 date-time, e.g. 2027-03-01T09:00:00+08:00."),
        "naive": _("Give the time with its offset, e.g. 2027-03-01T09:00:00+08:00."),
    }

    def to_python(self, value: Any) -> dt.datetime | None:
        if value in self.empty_values:
            return None
        if not isinstance(value, str):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            parsed = parse_aware_datetime(value)
        except ValueError:
            raise ValidationError(self.error_messages["naive"], code="naive") from None
        if parsed is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed


@extend_schema_field(OpenApiTypes.DATETIME)
class AwareDateTimeFilter(django_filters.Filter):
    field_class = AwareDateTimeFormField


class IdFormField(forms.IntegerField):
    # Bounded like a database id, so a huge number is a 400, not an overflow in the query.
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_value=1, max_value=2**63 - 1, **kwargs)


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.Filter):
    """An id; one that matches nothing gives an empty list, not an error."""

    field_class = IdFormField


class CohortFilter(django_filters.FilterSet):
    course = IdFilter(field_name="course_id", help_text=_("Only cohorts of this course (id)."))
    status = django_filters.ChoiceFilter(choices=Cohort.Status.choices)

    class Meta:
        model = Cohort
        fields = ("course", "status")


class SessionFilter(django_filters.FilterSet):
    cohort = IdFilter(field_name="cohort_id", help_text=_("Only sessions of this cohort (id)."))
    status = django_filters.ChoiceFilter(choices=Session.Status.choices)
    starts_after = AwareDateTimeFilter(
        field_name="starts_at",
        lookup_expr="gte",
        help_text=_("Sessions starting at or after this time (ISO 8601 with offset)."),
    )
    starts_before = AwareDateTimeFilter(
        field_name="starts_at",
        lookup_expr="lt",
        help_text=_("Sessions starting before this time (ISO 8601 with offset)."),
    )

    class Meta:
        model = Session
        fields = ("cohort", "status", "starts_after", "starts_before")
