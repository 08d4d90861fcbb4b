"""Conventions every API endpoint follows: auth, error shapes, never a 500."""

import importlib
import importlib.util
import pkgutil
import sys
from types import ModuleType
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from django.urls import URLResolver, get_resolver
from rest_framework.authtoken.models import Token
from rest_framework.serializers import BaseSerializer
from rest_framework.test import APIClient
from rest_framework.validators import UniqueValidator
from rest_framework.views import APIView
from rest_framework.viewsets import ViewSetMixin

from courses.models import Course
from kamtraining.api import exception_handler
from participants.models import User
from tests import factories

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"
PASSWORD = "pass-word-123"  # tests.factories.UserFactory's


# Authentication


def test_token_login_returns_a_token_that_authenticates(
    api_client: APIClient, hr_user: User
) -> None:
    response = api_client.post(
        TOKEN_URL, {"username": hr_user.email.upper(), "password": PASSWORD}, format="json"
    )

    assert response.status_code == 200
    token = response.json()["token"]
    assert set(response.json()) == {"token"}
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api_client.get("/api/v1/cohorts/").status_code == 200


@pytest.mark.parametrize(
    "payload",
    [
        {"username": "hr@example.com", "password": "wrong"},
        {"username": "nobody@example.com", "password": PASSWORD},
        {"username": "hr@example.com"},
        {},
        {"username": ["a"], "password": {"b": 1}},
        ["username", "password"],
    ],
)
def test_token_login_bad_credentials_are_400(
    api_client: APIClient, payload: Any, hr_user: User
) -> None:
    hr_user.email = "hr@example.com"
    hr_user.save()

    response = api_client.post(TOKEN_URL, payload, format="json")

    assert response.status_code == 400
    assert "token" not in response.json()


def test_token_login_inactive_user_is_400(api_client: APIClient, hr_user: User) -> None:
    hr_user.is_active = False
    hr_user.save()

    response = api_client.post(
        TOKEN_URL, {"username": hr_user.email, "password": PASSWORD}, format="json"
    )

    assert response.status_code == 400


def test_token_unknown_is_401(api_client: APIClient) -> None:
    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    response = api_client.get("/api/v1/courses/")

    assert response.status_code == 401
    assert "detail" in response.json()


def test_no_credentials_is_401_with_token_challenge(api_client: APIClient) -> None:
    response = api_client.get("/api/v1/sessions/")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_session_login_authenticates_and_writes_need_csrf(hr_user: User) -> None:
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(hr_user)

    read = client.get("/api/v1/cohorts/")
    write = client.post("/api/v1/courses/", {"code": "x", "title": "x"}, format="json")

    assert read.status_code == 200
    assert write.status_code == 403
    assert "CSRF" in write.json()["detail"]
    assert not Course.objects.filter(code="x").exists()


def test_token_writes_need_no_csrf(hr_user: User) -> None:
    client = APIClient(enforce_csrf_checks=True)
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=hr_user).key}")

    response = client.post("/api/v1/courses/", {"code": "x", "title": "x"}, format="json")

    assert response.status_code == 201


# Errors


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/v1/courses/999999/", 404),
        ("/api/v1/courses/abc/", 404),
        ("/api/v1/courses/-1/", 404),
        ("/api/v1/courses/99999999999999999999999/", 404),
        ("/api/v1/cohorts/1e3/sessions/", 404),
        ("/api/v1/sessions/?cohort=99999999", 200),
        ("/api/v1/sessions/?cohort=99999999999999999999999", 400),
        ("/api/v1/sessions/?cohort=1.5", 400),
        ("/api/v1/courses/?page=abc", 404),
    ],
)
def test_unknown_and_malformed_ids(api_as: Any, hr_user: User, path: str, status: int) -> None:
    response = api_as(hr_user).get(path)

    assert response.status_code == status
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        ("{not json", "application/json", 400),
        ('["a list"]', "application/json", 400),
        ("null", "application/json", 400),
        ("code=x&title=x", "application/x-www-form-urlencoded", 415),
    ],
)
def test_malformed_bodies(
    api_as: Any, hr_user: User, body: str, content_type: str, status: int
) -> None:
    response = api_as(hr_user).generic("POST", "/api/v1/courses/", body, content_type=content_type)

    assert response.status_code == status
    assert "detail" in response.json() or "non_field_errors" in response.json()


def test_malformed_related_id_in_body_is_400(api_as: Any, hr_user: User) -> None:
    response = api_as(hr_user).post(
        "/api/v1/cohorts/",
        {"course": "abc", "code": "c", "name": "c", "starts_on": "x", "ends_on": "2027-01-01"},
        format="json",
    )

    assert response.status_code == 400
    assert {"course", "starts_on"} <= set(response.json())


def test_integrity_error_on_unique_field_is_400(
    api_as: Any, hr_user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given two requests that both passed the uniqueness checks before either saved
    factories.CourseFactory(code="kam")
    monkeypatch.setattr(UniqueValidator, "__call__", lambda self, value, field: None)
    monkeypatch.setattr(Course, "validate_unique", lambda self, exclude=None: None)

    # when the second one reaches the database
    response = api_as(hr_user).post(
        "/api/v1/courses/", {"code": "kam", "title": "x"}, format="json"
    )

    # then it is a 400 naming the field, and nothing was saved
    assert response.status_code == 400
    assert "code" in response.json()
    assert Course.objects.filter(code="kam").count() == 1


@pytest.mark.parametrize(
    ("exc", "status", "body"),
    [
        (DjangoValidationError({"title": "Too long."}), 400, {"title": ["Too long."]}),
        (DjangoValidationError("Already cancelled."), 400, {"detail": "Already cancelled."}),
        (
            DjangoValidationError({"__all__": ["A."], "title": ["B."]}),
            400,
            {"non_field_errors": ["A."], "title": ["B."]},
        ),
        (
            IntegrityError("UNIQUE constraint failed: courses_course.code"),
            400,
            {"code": ["A record with this value already exists."]},
        ),
        (
            IntegrityError(
                'duplicate key value violates unique constraint "x"\n'
                "DETAIL:  Key (cohort_id)=(3) already exists."
            ),
            400,
            {"cohort": ["A record with this value already exists."]},
        ),
        (IntegrityError("CHECK constraint failed"), 400, None),
        (Http404(), 404, None),
        (Course.DoesNotExist(), 404, None),
    ],
)
def test_exception_handler_maps_django_errors(exc: Exception, status: int, body: Any) -> None:
    response = exception_handler(exc, {})

    assert response is not None
    assert response.status_code == status
    if body is not None:
        assert response.data == body


def test_exception_handler_leaves_unknown_errors_to_django() -> None:
    assert exception_handler(RuntimeError("boom"), {}) is None


# One API style (README, "One API style")

# Serializers under an app's api/ that are neither an endpoint's input nor its output: a base
# that others share. Each says what it is for in its docstring.
SHARED_SERIALIZERS = {"courses.api.serializers.ZonedSerializer"}


def _project_apps() -> list[str]:
    # The project's own apps: under its folder, and not installed packages (a virtualenv may
    # live inside the project folder too).
    root = str(settings.BASE_DIR)
    return [
        app.name
        for app in apps.get_app_configs()
        if app.path.startswith(root) and not app.path.startswith(sys.prefix)
    ]


def _api_modules() -> list[ModuleType]:
    modules = []
    for app in _project_apps():
        if importlib.util.find_spec(f"{app}.api") is None:
            continue
        package = importlib.import_module(f"{app}.api")
        modules.append(package)
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{package.__name__}."):
            modules.append(importlib.import_module(info.name))
    return modules


def _classes(base: type) -> dict[str, type]:
    return {
        f"{module.__name__}.{name}": obj
        for module in _api_modules()
        for name, obj in vars(module).items()
        if isinstance(obj, type) and issubclass(obj, base) and obj.__module__ == module.__name__
    }


def _api_views(patterns: list[Any]) -> list[Any]:
    views = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            views += _api_views(pattern.url_patterns)
        elif (view := getattr(pattern.callback, "cls", None)) is not None:
            views.append(view)
    return views


def test_api_modules_are_found() -> None:
    names = {module.__name__ for module in _api_modules()}

    assert {"courses.api.views", "participants.api.people", "assessments.api.campaigns"} <= names


def test_no_api_view_is_a_viewset() -> None:
    defined = _classes(ViewSetMixin)
    routed = [
        view for view in _api_views(get_resolver().url_patterns) if issubclass(view, ViewSetMixin)
    ]

    assert defined == {}
    assert routed == []


def test_every_routed_app_api_view_is_named_noun_verb_api() -> None:
    app_names = tuple(f"{app}.api." for app in _project_apps())
    views = [
        view
        for view in _api_views(get_resolver().url_patterns)
        if view.__module__.startswith(app_names)
    ]

    assert views
    assert [view for view in views if not view.__name__.endswith("Api")] == []
    assert [view for view in views if not issubclass(view, APIView)] == []


def test_api_serializers_are_named_in_or_out() -> None:
    serializers = _classes(BaseSerializer)

    assert len(serializers) > 50
    misnamed = [
        name
        for name in serializers
        if not name.endswith(("In", "Out")) and name not in SHARED_SERIALIZERS
    ]
    assert misnamed == []
    assert set(serializers) >= SHARED_SERIALIZERS
