"""Every page carries the security headers; templates hold no inline script or style."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings

from assessments import charts
from kamtraining.settings import BASE_DIR

PAGES = ["/accounts/login/", "/courses/", "/healthz", "/admin/login/", "/api/docs/", "/nowhere/"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_every_page_sends_the_security_headers(client: Client, path: str) -> None:
    response = client.get(path)
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    if path != "/healthz":  # answered before the clickjacking middleware, and never framed
        assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True)
def test_hsts_is_sent_over_https_when_configured(client: Client) -> None:
    response = client.get("/accounts/login/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000; includeSubDomains")
    assert "Strict-Transport-Security" not in client.get("/accounts/login/")  # plain HTTP


@pytest.mark.django_db
@override_settings(SECURE_HSTS_SECONDS=0)
def test_no_hsts_when_not_configured(client: Client) -> None:
    assert "Strict-Transport-Security" not in client.get("/accounts/login/", secure=True)


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_httponly_and_samesite(client: Client) -> None:
    from tests import factories

    user = factories.UserFactory()
    response = client.post(
        "/accounts/login/", {"username": user.email, "password": "pass-word-123"}
    )
    session = response.cookies["sessionid"]
    assert session["httponly"]
    assert session["samesite"] == "Lax"
    csrf = client.get("/accounts/login/").cookies["csrftoken"]
    assert csrf["samesite"] == "Lax"


def test_production_settings_make_cookies_secure_and_turn_hsts_on() -> None:
    names = (
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SESSION_COOKIE_SAMESITE",
        "CSRF_COOKIE_SAMESITE",
        "SECURE_HSTS_SECONDS",
        "SECURE_SSL_REDIRECT",
        "X_FRAME_OPTIONS",
        "CONTENT_SECURITY_POLICY",
    )
    program = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}))"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REDIS_"))}
    env.update(DJANGO_SETTINGS_MODULE="kamtraining.settings", DJANGO_SECRET_KEY="x" * 50)
    done = subprocess.run(
        [sys.executable, "-c", program],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    got = json.loads(done.stdout.strip().splitlines()[-1])
    assert got["SESSION_COOKIE_SECURE"]
    assert got["CSRF_COOKIE_SECURE"]
    assert got["SESSION_COOKIE_HTTPONLY"]
    assert got["SESSION_COOKIE_SAMESITE"] == got["CSRF_COOKIE_SAMESITE"] == "Lax"
    assert got["SECURE_HSTS_SECONDS"] == 31536000
    assert got["SECURE_SSL_REDIRECT"]
    assert got["X_FRAME_OPTIONS"] == "DENY"
    assert "script-src 'self'" in got["CONTENT_SECURITY_POLICY"]


# What a policy without 'unsafe-inline' refuses, written in a template.
INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=|javascript:", re.IGNORECASE
)
# Rendered by WeasyPrint into a PDF, never shown by a browser.
PDF_ONLY = {"certificates/templates/certificates/certificate_pdf.html"}


def test_no_template_holds_inline_script_or_style() -> None:
    found = []
    for template in sorted(BASE_DIR.glob("**/templates/**/*.html")):
        relative = template.relative_to(BASE_DIR).as_posix()
        if relative.startswith((".venv/", "staticfiles/")) or relative in PDF_ONLY:
            continue
        for number, line in enumerate(template.read_text().splitlines(), 1):
            if INLINE.search(line):
                found.append(f"{relative}:{number}: {line.strip()}")
    assert found == []


def test_the_heatmap_shades_in_report_css_are_the_ones_heat_css_writes() -> None:
    css = (Path(BASE_DIR) / "static/css/report.css").read_text()
    assert charts.heat_css() in css
    assert charts.heat_class(None, 1, 5) == ""
    assert charts.heat_class(1, 1, 5) == "heat-0"
    assert charts.heat_class(5, 1, 5) == f"heat-{charts.svg.HEAT_STEPS - 1}"
