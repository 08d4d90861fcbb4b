"""API conventions shared by every app: pagination, permissions, aware times, one error handler.

Kept free of view imports: DRF imports this module while it builds its generic views.
"""

import datetime as dt
import re
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, RequestDataTooBig
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from courses.access import is_hr
from kamtraining.exceptions import RequestTooLarge
from kamtraining.validators import validate_aware_datetime


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class HRWritesOthersRead(BasePermission):
    """Reads for whoever the view's scoped queryset lets see the object; writes for HR only.

    Anonymous users read only where the view sets `anonymous_read = True`. A write by someone
    who is not HR is refused with 403 on an object they can see and 404 on one they cannot:
    detail writes pass here and are decided in `has_object_permission`, after the scoped lookup.
    """

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if request.method in SAFE_METHODS:
            return bool(user.is_authenticated or getattr(view, "anonymous_read", False))
        if not user.is_authenticated:
            return False
        return is_hr(user) or bool(getattr(view, "detail", False))

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        return request.method in SAFE_METHODS or is_hr(request.user)


# "+08:00" in a query string decodes to " 08:00" when a client forgets to escape the plus.
_UNESCAPED_OFFSET = re.compile(r" (\d{2}(?::?\d{2})?)$")


def parse_aware_datetime(value: str) -> dt.datetime | None:
    """Parse ISO 8601 with its offset; None when it is not a date-time at all.

    Raises ValueError when the time has no offset: a naive time is ambiguous across zones.
    """
    value = _UNESCAPED_OFFSET.sub(r"+\1", value.strip())
    try:
        parsed = parse_datetime(value)
    except ValueError:
        return None
    if parsed is None:
        return None
    if timezone.is_naive(parsed):
        raise ValueError("naive")
    # In UTC: PostgreSQL refuses offsets past ±15:59 that ISO 8601 (and Python) allow.
    try:
        return parsed.astimezone(dt.UTC)
    except OverflowError:
        return None


class AwareDateTimeField(serializers.DateTimeField):
    """An ISO 8601 date-time that must carry its offset; a naive one is refused."""

    default_error_messages = {
        "naive": _(
            "Give the time with its offset, for example 2027-03-01T09:00:00+08:00 or "
            "2027-03-01T01:00:00Z."
        ),
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if validate_aware_datetime not in self.validators:
            self.validators.append(validate_aware_datetime)

    def to_internal_value(self, value: Any) -> dt.datetime:
        if isinstance(value, dt.datetime) and timezone.is_naive(value):
            self.fail("naive")
        if isinstance(value, str):
            try:
                parse_aware_datetime(value)
            except ValueError:
                self.fail("naive")
        return super().to_internal_value(value)


class IdRelatedField(serializers.PrimaryKeyRelatedField):
    """An object named by its id: a whole number in the database's range, nothing else.

    The stock field hands whatever the client sent to the query: 1.5 finds object 1, and a
    number past 64 bits overflows inside the database driver.
    """

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("incorrect_type", data_type=type(data).__name__)
        if isinstance(data, str):
            text = data.strip()
            if not text.isascii() or not text.isdigit() or len(text) > 19:
                self.fail("incorrect_type", data_type="str")
            data = int(text)
        if not 1 <= data <= 2**63 - 1:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)


_UNIQUE_COLUMN = (
    re.compile(r"UNIQUE constraint failed: \w+\.(\w+)"),  # SQLite
    re.compile(r"Key \((\w+)\)=\("),  # PostgreSQL
)


def _integrity_error_detail(exc: IntegrityError) -> dict[str, Any]:
    # Two requests racing past the unique check both reach the database; the loser gets the
    # same 400 as if the check had caught it.
    text = str(exc)
    for pattern in _UNIQUE_COLUMN:
        match = pattern.search(text)
        if match:
            field = match.group(1).removesuffix("_id")
            return {field: [_("A record with this value already exists.")]}
    return {"detail": _("This change conflicts with the data already stored; nothing was saved.")}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Turn Django's errors into DRF's: a 400 with field messages, a 404 or a 403, never a 500."""
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            detail: Any = exc.message_dict
            if list(detail) == ["__all__"]:
                detail = {"detail": " ".join(detail["__all__"])}
            elif "__all__" in detail:
                detail["non_field_errors"] = detail.pop("__all__")
        else:
            detail = {"detail": " ".join(exc.messages)}
        exc = exceptions.ValidationError(detail=detail)
    elif isinstance(exc, IntegrityError):
        exc = exceptions.ValidationError(detail=_integrity_error_detail(exc))
    elif isinstance(exc, Http404 | ObjectDoesNotExist):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge()
    elif isinstance(exc, OverflowError):
        # An id in the path past the database's integer range (SQLite refuses to bind it, where
        # PostgreSQL answers "no row"): it names nothing.
        exc = exceptions.NotFound()
    return drf_exception_handler(exc, context)
