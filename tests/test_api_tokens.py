"""API tokens expire after API_TOKEN_TTL_HOURS and can be revoked with DELETE."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from participants.models import User

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"
PASSWORD = "pass-word-123"  # tests.factories.UserFactory's


def _obtain(user: User) -> str:
    response = APIClient().post(
        TOKEN_URL, {"username": user.email, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    return str(response.json()["token"])


def _with(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def _age(token: str, hours: float) -> None:
    Token.objects.filter(key=token).update(created=timezone.now() - dt.timedelta(hours=hours))


def test_delete_revokes_the_token_it_is_sent_with(hr_user: User) -> None:
    # given
    token = _obtain(hr_user)
    client = _with(token)
    assert client.get("/api/v1/cohorts/").status_code == 200

    # when
    response = client.delete(TOKEN_URL)

    # then: 204, and the token opens nothing any more
    assert response.status_code == 204
    assert not Token.objects.filter(key=token).exists()
    refused = client.get("/api/v1/cohorts/")
    assert refused.status_code == 401
    assert refused["WWW-Authenticate"] == "Token"
    # and the next login issues a new token
    assert _obtain(hr_user) != token


def test_delete_without_a_token_is_401(api_client: APIClient, hr_user: User) -> None:
    assert api_client.delete(TOKEN_URL).status_code == 401

    api_client.force_login(hr_user)  # a session is not a token: there is nothing to revoke
    assert api_client.delete(TOKEN_URL).status_code == 401


def test_a_token_expires_after_its_time_to_live(settings, hr_user: User) -> None:  # type: ignore[no-untyped-def]
    # given: tokens live 24 hours and this one is a little older
    settings.API_TOKEN_TTL_HOURS = 24
    token = _obtain(hr_user)
    _age(token, 24.01)

    # when
    response = _with(token).get("/api/v1/cohorts/")

    # then: a 401 that says why, and what to do
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert "expired" in response.json()["detail"]
    assert "/api/v1/auth/token/" in response.json()["detail"]


def test_a_token_within_its_time_to_live_works_and_is_handed_out_again(
    settings,  # type: ignore[no-untyped-def]
    hr_user: User,
) -> None:
    settings.API_TOKEN_TTL_HOURS = 24
    token = _obtain(hr_user)
    _age(token, 23.9)

    assert _with(token).get("/api/v1/cohorts/").status_code == 200
    assert _obtain(hr_user) == token


def test_the_default_time_to_live_is_thirty_days(hr_user: User) -> None:
    token = _obtain(hr_user)

    _age(token, 24 * 29)
    assert _with(token).get("/api/v1/cohorts/").status_code == 200
    _age(token, 24 * 30 + 1)
    assert _with(token).get("/api/v1/cohorts/").status_code == 401


def test_asking_again_after_expiry_issues_a_new_token(settings, hr_user: User) -> None:  # type: ignore[no-untyped-def]
    settings.API_TOKEN_TTL_HOURS = 1
    old = _obtain(hr_user)
    _age(old, 2)

    # when: the client asks again, still sending its expired token along
    client = _with(old)
    credentials = {"username": hr_user.email, "password": PASSWORD}
    response = client.post(TOKEN_URL, credentials, format="json")

    # then: a new token, which works; the old one stays refused
    assert response.status_code == 200
    new = response.json()["token"]
    assert new != old
    assert _with(new).get("/api/v1/cohorts/").status_code == 200
    assert _with(old).get("/api/v1/cohorts/").status_code == 401


def test_an_expired_token_cannot_revoke_anything(settings, hr_user: User) -> None:  # type: ignore[no-untyped-def]
    settings.API_TOKEN_TTL_HOURS = 1
    token = _obtain(hr_user)
    _age(token, 2)

    assert _with(token).delete(TOKEN_URL).status_code == 401


def test_a_zero_time_to_live_means_tokens_never_expire(settings, hr_user: User) -> None:  # type: ignore[no-untyped-def]
    settings.API_TOKEN_TTL_HOURS = 0
    token = _obtain(hr_user)
    _age(token, 24 * 3650)

    assert _with(token).get("/api/v1/cohorts/").status_code == 200


def test_the_schema_documents_revocation(api_client: APIClient) -> None:
    schema = api_client.get("/api/schema/", {"format": "json"}).json()
    operations = schema["paths"]["/api/v1/auth/token/"]

    assert {"post", "delete"} <= set(operations)
    assert {"204", "401"} <= set(operations["delete"]["responses"])
    assert "429" in operations["post"]["responses"]
    assert operations["delete"]["security"] == [{"tokenAuth": []}]
