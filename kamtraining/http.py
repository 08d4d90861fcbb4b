"""Request types for views behind login_required (django-stubs pattern)."""

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from participants.models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: "User"
