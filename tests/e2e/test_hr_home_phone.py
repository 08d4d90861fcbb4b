"""On a phone the programme office's home is no wider than the screen, in both languages."""

from typing import Any

import pytest
from django.contrib.auth.models import Group

from participants.models import HR_GROUP
from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "pass-word-123"  # the factories' password
PHONE = {"width": 375, "height": 740}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_hr_home_fits_a_phone(browser: Any, live_server: Any, language: str) -> None:
    # given an HR officer, a cohort with a long name and a 360° campaign on it
    user = factories.UserFactory(email="hr.phone@example.com", is_staff=True)
    user.language = language
    user.save(update_fields=["language"])
    user.groups.add(Group.objects.get(name=HR_GROUP))
    cohort = factories.CohortFactory(code="KAM-2026-SPRING-DUBAI-SHANGHAI-LONG")
    factories.CampaignFactory(cohort=cohort)
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        # when they log in on a phone and open their home
        page.goto("/accounts/login/")
        page.fill("#id_username", user.email)
        page.fill("#id_password", PASSWORD)
        with page.expect_navigation():
            page.click("main form button[type=submit]")
        page.goto("/hr/")
        # then nothing makes the page wider than the phone (wide tables scroll in their box)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= PHONE["width"], width
    finally:
        context.close()
