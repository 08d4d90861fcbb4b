"""What the participants API views share: permissions and filters by id."""

from typing import Any, cast

from django import forms
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    extend_schema_field,
)
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from participants.access import is_hr
from participants.models import User


class IsHR(BasePermission):
    message = "Only HR may do this."

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.is_authenticated and is_hr(request.user))


class ReadOrHR(BasePermission):
    """Read what the scoped queryset shows; write only as HR (403 on a visible object)."""

    message = "Only HR may change this."

    def has_permission(self, request: Request, view: Any) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        if request.method in SAFE_METHODS or getattr(view, "detail", False):
            return True
        return bool(is_hr(request.user))

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        return request.method in SAFE_METHODS or bool(is_hr(request.user))


class IdFormField(forms.IntegerField):
    # Bounded like a database id: a huge number is a 400, not an overflow in the query.
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_value=1, max_value=2**63 - 1, **kwargs)


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(filters.Filter):
    """An id; one that matches nothing gives an empty list."""

    field_class = IdFormField


def raise_not_found() -> None:
    from rest_framework.exceptions import NotFound

    raise NotFound()


def api_user(request: Request) -> User:
    """The signed-in user of an API request (every view requires one: the default permission)."""
    return cast(User, request.user)
