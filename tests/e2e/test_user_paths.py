"""By clicking only: the participant goes from My Zone to their released 360 report."""

import re
from typing import Any

import pytest

from tests.assessments.report_ui_world import released_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "pass-word-123"  # tests.factories.UserFactory


def test_participant_clicks_from_my_zone_to_the_released_report(page: Any) -> None:
    from playwright.sync_api import expect

    world = released_world()

    page.goto("/")
    page.fill("#id_username", world.subject.user.email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()

    # `/` sends the participant to My Zone, whose 360° section lists the released campaign.
    expect(page.get_by_role("heading", level=1)).to_have_text("My Zone")
    feedback = page.locator("#feedback")
    expect(feedback.get_by_role("row", name=world.campaign.name)).to_contain_text("Released")
    feedback.get_by_role("button", name="Read the report").click()

    expect(page).to_have_url(re.compile(rf"/me/reports/{world.campaign.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("吴迪")
    expect(page.get_by_role("img").first).to_be_visible()

    # The menu's 360° entry leads back to the campaigns, and from there to the action plan.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="360°").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My 360° campaigns")
    page.get_by_role("button", name="My action plan").click()
    expect(page).to_have_url(re.compile(rf"/me/action-plans/{world.campaign.pk}/$"))
