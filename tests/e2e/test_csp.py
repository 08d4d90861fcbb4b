"""The main pages run under the Content-Security-Policy with nothing refused."""

from typing import Any

import pytest
from django.urls import reverse

from tests import factories
from tests.assessments.report_ui_world import released_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "pass-word-123"  # tests.factories.UserFactory

# Counted by the page itself as well as read from the console: either is a violation.
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def _visit_as(browser: Any, live_server: Any, user: Any, paths: list[str]) -> list[str]:
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.add_init_script(LISTEN)
    page = context.new_page()
    page.set_default_timeout(15_000)
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    try:
        page.goto("/accounts/login/")
        page.get_by_label("Email address").fill(user.email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_load_state("networkidle")
        for path in paths:
            response = page.goto(path)
            assert response is not None, path
            assert response.status == 200, path
            assert "Content-Security-Policy" in response.headers or (
                "content-security-policy" in response.headers
            ), path
            page.wait_for_load_state("networkidle")
            refused += [f"{path}: {v}" for v in page.evaluate("window.__cspViolations || []")]
    finally:
        context.close()
    return refused


def test_main_pages_run_with_no_csp_violation(browser: Any, live_server: Any) -> None:
    world = released_world()
    campaign = world.campaign
    session = factories.SessionFactory(cohort=campaign.cohort)
    participant = _visit_as(
        browser,
        live_server,
        world.subject.user,
        [
            "/",
            "/me/",
            "/me/campaigns/",
            reverse("assessments:me-report", args=[campaign.pk]),
            "/courses/",
            "/practice/",
            "/certificates/me/",
        ],
    )
    trainer = _visit_as(
        browser,
        live_server,
        world.trainer,
        [
            "/trainer/",
            reverse("assessments:cohort-debrief", args=[campaign.pk]),
            reverse("participants:attendance-sheet", kwargs={"pk": session.pk}),
            reverse("participants:session-sign-in", args=[session.pk]),
        ],
    )
    hr_user = world.users["hr"]
    hr_user.is_staff = True
    hr_user.save()
    hr = _visit_as(
        browser,
        live_server,
        hr_user,
        [
            "/hr/",
            f"/hr/cohorts/{campaign.cohort.pk}/",
            reverse("participants:participant-import"),
            "/campaigns/",
            "/admin/",
            "/admin/participants/participant/",
            "/api/docs/",
        ],
    )
    assert participant + trainer + hr == []
