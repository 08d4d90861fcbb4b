"""Shared fixtures: users by role, API clients, and the browser for end-to-end tests."""

import os
import shutil
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.utils import translation
from hypothesis import is_hypothesis_test
from rest_framework.test import APIClient

from kamtraining import throttling
from kamtraining.pdf import PdfUnavailable, html_to_pdf
from participants.models import HR_GROUP, TRAINERS_GROUP, User
from tests import factories

CHROMIUM = "/usr/bin/chromium"
IN_CI = os.environ.get("CI", "").lower() == "true"
ON_POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark browser tests `e2e` and generated-input tests `fuzz`; skip PostgreSQL-only tests.

    The marks keep the fast lane (`-m "not e2e and not fuzz"`) honest where a module forgets
    them; tryfirst, so they are set before `-m` deselects. CI runs the suite on both databases,
    so the PostgreSQL tests run there.
    """
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL); CI runs it")
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.e2e)
        if is_hypothesis_test(getattr(item, "obj", None)):
            item.add_marker(pytest.mark.fuzz)
        if not ON_POSTGRES and "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _english_by_default() -> Iterator[None]:
    """Start every test in English.

    A page request activates the viewer's language for the rest of the thread; without this a
    test that asserts a service's English message fails after a test that viewed a page in
    Chinese in the same worker. A request inside the test still switches as it would.
    """
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _throttle_clock_held(monkeypatch: pytest.MonkeyPatch) -> None:
    """Count every test's attempts in one rate-limit window.

    The windows are fixed: a test that crossed a window's end (a busy machine makes that
    likely) would see its counts start again and fail by chance. One second into a window of
    every length the project uses (1, 15 and 60 minutes all divide the instant).
    """
    monkeypatch.setattr(throttling, "clock", lambda: 1_800_000_001.0)


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Start every test with an empty cache: rate-limit counters live there.

    Without it the wrong passwords that some tests type add up in a worker until a later test's
    login is refused.
    """
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def hr_user(db: None) -> User:
    user = factories.UserFactory(full_name="HR Officer")
    user.groups.add(Group.objects.get(name=HR_GROUP))
    return user


@pytest.fixture
def trainer_user(db: None) -> User:
    user = factories.UserFactory(full_name="常兴")
    user.groups.add(Group.objects.get(name=TRAINERS_GROUP))
    return user


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def api_as(api_client: APIClient):  # type: ignore[no-untyped-def]
    """Log the API client in as the given user: `api_as(user).get(...)`."""

    def login(user: User | None) -> APIClient:
        api_client.force_authenticate(user=user)
        return api_client

    return login


@pytest.fixture
def needs_weasyprint() -> None:
    """Skip where WeasyPrint or Pango cannot run (never in CI); a rendering bug still fails."""
    try:
        html_to_pdf("<p>probe</p>")
    except PdfUnavailable as error:
        if IN_CI:
            pytest.fail(f"CI=true but WeasyPrint cannot run: {error}")
        pytest.skip(f"WeasyPrint cannot run here: {error}")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's chromium driven by Playwright; skipped where it is not installed (never in CI)."""
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        if IN_CI:
            pytest.fail(f"CI=true but {CHROMIUM} is missing: .ci/run installs Debian's chromium")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    # Playwright's sync API runs its own event loop; Django must allow sync DB calls beside it.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):  # type: ignore[no-untyped-def]
    """A fresh browser page; `page.base_url` is the live server."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def pytest_unconfigure(config: pytest.Config) -> None:
    """Remove the process's upload directory (tests/settings.py made it)."""
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)
