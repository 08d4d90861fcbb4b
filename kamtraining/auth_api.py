"""Token login for API clients."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView


class LoginThrottle(AnonRateThrottle):
    rate = "30/min"


class TokenObtainSerializer(AuthTokenSerializer):
    def validate_username(self, value: str) -> str:
        # Emails are stored in lower case; people type them any way.
        return value.strip().lower()


class TokenObtainApi(APIView):
    """Exchange a username (email) and password for an API token.

    Send it as `Authorization: Token <key>` on every request. Wrong credentials get a 400.
    """

    permission_classes = (AllowAny,)
    authentication_classes = ()
    throttle_classes = (LoginThrottle,)

    @extend_schema(
        request=TokenObtainSerializer,
        responses={200: inline_serializer("TokenOut", {"token": serializers.CharField()})},
        auth=[],
    )
    def post(self, request: Request) -> Response:
        serializer = TokenObtainSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        token, _created = Token.objects.get_or_create(user=serializer.validated_data["user"])
        return Response({"token": token.key}, status=status.HTTP_200_OK)
