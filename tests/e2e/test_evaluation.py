"""On a phone an attendee evaluates the course from My Zone; a no-show is refused; HR reviews."""

import re
from typing import Any

import pytest

from evaluations.models import Answer
from tests.evaluations.world import build_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "pass-word-123"  # tests.factories.UserFactory
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def _log_in(browser: Any, live_server: Any, email: str, **context: Any) -> Any:
    page = browser.new_context(base_url=live_server.url, locale="en-GB", **context).new_page()
    page.set_default_timeout(15_000)
    page.goto("/accounts/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    return page


def _choose(page: Any, fieldset: str, value: str) -> None:
    page.locator(f"#{fieldset} label.q-option:has(input[value='{value}'])").click()


def test_attendee_evaluates_on_a_phone_a_no_show_is_refused_hr_reviews(
    browser: Any, live_server: Any
) -> None:
    from playwright.sync_api import expect

    world = build_world(attendees=3)

    # The attendee finds the evaluation in My Zone and answers it on a phone.
    page = _log_in(browser, live_server, world.attendee.email, **PHONE)
    expect(page.get_by_role("heading", level=1)).to_have_text("My Zone")
    page.get_by_role("button", name=re.compile("Evaluate")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Course evaluation")
    for code, value in (
        ("overall", "5"),
        ("relevance", "4"),
        ("engagement", "4"),
        ("confidence", "3"),
        ("commitment", "5"),
    ):
        _choose(page, f"q-{code}", value)
    _choose(page, "q-recommend", "9")
    _choose(page, f"module-{world.modules[0].pk}", "4")
    page.fill("#comment", "Bring in more regional cases.")
    page.get_by_role("button", name="Send my evaluation").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("your evaluation is recorded")
    answer = Answer.objects.get()
    assert (answer.overall, answer.recommend) == (5, 9)

    # Someone who did not attend opens the same link and is told why not.
    refused = _log_in(browser, live_server, world.no_show.email, **PHONE)
    response = refused.goto(f"/evaluations/cohorts/{world.cohort.pk}/answer/")
    assert response.status == 403
    expect(refused.get_by_role("heading", level=1)).to_have_text(
        "Only attendees can evaluate this course"
    )

    # HR reviews the comment for the trainers.
    hr = _log_in(browser, live_server, world.hr.email)
    hr.goto(f"/evaluations/cohorts/{world.cohort.pk}/comments/")
    expect(hr.get_by_text("Bring in more regional cases.")).to_be_visible()
    hr.get_by_role("button", name="Trainers only").click()
    expect(hr.get_by_role("status")).to_contain_text("saved")
    answer.refresh_from_db()
    assert answer.comment_status == "trainer_only"
