"""Token login for API clients: ask for a token with a password, give it back when done."""

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.authentication import BaseAuthentication
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kamtraining.authentication import (
    ExpiringTokenAuthentication,
    api_token_issue,
    api_token_revoke,
)
from kamtraining.throttling import RateLimited, login_attempt, login_key


class TooManyAttempts(exceptions.Throttled):
    """A 429 that says when to try again in words, and in `Retry-After`."""

    def __init__(self, limited: RateLimited) -> None:
        exceptions.APIException.__init__(self, limited.message(), "throttled")
        self.wait = limited.retry_after


class TokenObtainSerializer(AuthTokenSerializer):
    def validate_username(self, value: str) -> str:
        # Emails are stored in lower case; people type them any way.
        return login_key(value)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # Counted before the password is checked, and refused while the account or the address
        # has spent its budget: then even the right password gets no token.
        request = self.context["request"]
        counted = login_attempt(request, attrs.get("username", ""))
        if counted.limited is not None:
            raise TooManyAttempts(counted.limited)
        validated = super().validate(attrs)
        counted.refund()
        return validated


def _detail(name: str) -> Any:
    return inline_serializer(name, {"detail": serializers.CharField()})


class TokenObtainApi(APIView):
    """Exchange a username (email) and password for an API token; revoke it with DELETE.

    Send it as `Authorization: Token <key>` on every request. Wrong credentials get a 400; too
    many wrong ones for the account or from the address get a 429 with `Retry-After`, even for
    the right password. A token expires after `API_TOKEN_TTL_HOURS`; ask again for a new one.
    """

    def get_authenticators(self) -> list[BaseAuthentication]:
        # Asking for a token takes the password alone (an old, expired token sent along must
        # not stand in the way); giving one back takes that token.
        request = getattr(self, "request", None)
        if request is not None and request.method == "DELETE":
            return [ExpiringTokenAuthentication()]
        return []

    def get_permissions(self) -> list[BasePermission]:
        if self.request.method == "DELETE":
            return [IsAuthenticated()]
        return [AllowAny()]

    @extend_schema(
        request=TokenObtainSerializer,
        responses={
            200: inline_serializer("TokenOut", {"token": serializers.CharField()}),
            400: OpenApiResponse(description="Wrong or missing credentials."),
            429: OpenApiResponse(_detail("TooManyAttempts"), description="Too many attempts."),
        },
        auth=[],
    )
    def post(self, request: Request) -> Response:
        serializer = TokenObtainSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        token = api_token_issue(user=serializer.validated_data["user"])
        return Response({"token": token.key}, status=status.HTTP_200_OK)

    @extend_schema(
        request=None,
        responses={
            204: None,
            401: OpenApiResponse(_detail("TokenRefused"), description="No live token sent."),
        },
    )
    def delete(self, request: Request) -> Response:
        """Revoke the token this request is sent with; it stops working at once."""
        api_token_revoke(token=request.auth)
        return Response(status=status.HTTP_204_NO_CONTENT)
