"""On a phone the programme office's home and its import page are no wider than the screen,
in both languages."""

from typing import Any

import pytest
from django.contrib.auth.models import Group

from participants.models import HR_GROUP
from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "pass-word-123"  # the factories' password
PHONE = {"width": 375, "height": 740}
CSV = {
    "name": "people-with-a-rather-long-file-name-from-the-hr-system-export.csv",
    "mimeType": "text/csv",
    "buffer": (
        "employee_number,name,name_en,email,time_zone\n"
        "KT90001,阿米拉,Amira Haddad-Al-Mansouri,amira.haddad.al.mansouri@example.com,Asia/Dubai\n"
        "KT90002,卡洛斯,Carlos Ruiz,carlos@example.com,Mars/Olympus_Mons_Very_Long_Zone\n"
    ).encode(),
}


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
        for path in ("/hr/", "/hr/participants/import/"):
            page.goto(path)
            # then nothing makes the page wider than the phone (wide tables scroll in their box)
            width = page.evaluate("() => document.documentElement.scrollWidth")
            assert width <= PHONE["width"], (path, width)
        # and so is the preview of a file, its problems by row and column and its rows
        page.set_input_files("#import-upload input[type=file]", files=[CSV])
        with page.expect_navigation():
            page.click("#import-upload [type=submit]")
        assert page.locator("#import-errors tbody tr").count() == 1
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= PHONE["width"], ("preview", width)
    finally:
        context.close()
