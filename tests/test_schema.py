"""The OpenAPI schema validates without warnings, and Swagger UI works without the internet."""

import io
import os
import re

import pytest
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db


def test_schema_validates_without_warnings() -> None:
    # The same check as `manage.py spectacular --validate --fail-on-warn`.
    stderr = io.StringIO()

    call_command("spectacular", validate=True, fail_on_warn=True, file=os.devnull, stderr=stderr)

    assert "Warning" not in stderr.getvalue()
    assert "Error" not in stderr.getvalue()


def test_schema_served_as_openapi_3(client: Client) -> None:
    response = client.get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    assert {"/api/v1/auth/token/", "/api/v1/courses/", "/api/v1/cohorts/{id}/conflicts/"} <= paths
    assert all(path.startswith("/api/v1/") for path in paths)
    assert {"tokenAuth", "cookieAuth"} <= set(schema["components"]["securitySchemes"])


def test_swagger_ui_is_served_from_local_static_files(client: Client) -> None:
    response = client.get("/api/docs/")

    assert response.status_code == 200
    page = response.content.decode()
    assert not re.findall(r"https?://", page), "the docs page must not load anything off-site"
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    assert any(a.endswith("swagger-ui.css") for a in assets)
    for asset in assets:
        served = client.get(asset)
        assert served.status_code == 200, asset
        assert b"".join(served.streaming_content if served.streaming else [served.content])
