"""API tokens that expire and can be revoked.

Kept free of view imports: DRF imports this module (a default authentication class) while it
builds its views.
"""

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token


def api_token_expires_at(token: Token) -> dt.datetime | None:
    """When the token stops working; None when tokens never expire (API_TOKEN_TTL_HOURS=0)."""
    hours = settings.API_TOKEN_TTL_HOURS
    return token.created + dt.timedelta(hours=hours) if hours > 0 else None


def api_token_is_expired(token: Token, *, now: dt.datetime | None = None) -> bool:
    expires_at = api_token_expires_at(token)
    return expires_at is not None and expires_at <= (now or timezone.now())


class ExpiringTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`, refused with a 401 once the token is older than its TTL."""

    def authenticate_credentials(self, key: str) -> tuple[Any, Token]:
        user, token = super().authenticate_credentials(key)
        if api_token_is_expired(token):
            raise exceptions.AuthenticationFailed(
                _("This token has expired. Ask for a new one: POST /api/v1/auth/token/.")
            )
        return user, token


@transaction.atomic
def api_token_issue(*, user: Any) -> Token:
    """The user's live token: the one they hold, or a new one if they hold none or it expired."""
    token = Token.objects.select_for_update().filter(user=user).first()
    if token is not None and api_token_is_expired(token):
        token.delete()
        token = None
    if token is None:
        token, _created = Token.objects.get_or_create(user=user)
    return token


@transaction.atomic
def api_token_revoke(*, token: Token) -> None:
    """Make the token stop working at once; the next login issues a new one."""
    Token.objects.filter(pk=token.pk).delete()
