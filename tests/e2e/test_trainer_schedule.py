"""The trainer's main path in a real browser: log in, open the schedule, switch to Chinese."""

import datetime as dt
import re
import zoneinfo

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import Page, expect

from participants.models import TRAINERS_GROUP, User
from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
PASSWORD = "pass-word-123"  # the factories' password


def test_trainer_opens_the_schedule_and_switches_to_chinese(page: Page) -> None:
    # given: a trainer of a cohort with a session
    trainer = factories.UserFactory(
        email="changxing@example.com", full_name="常兴", time_zone="Europe/London"
    )
    trainer.groups.add(Group.objects.get_or_create(name=TRAINERS_GROUP)[0])
    cohort = factories.CohortFactory(name="KAM 2027-01", time_zone="Asia/Shanghai")
    cohort.trainers.add(trainer)
    start = dt.datetime(2027, 3, 2, 9, tzinfo=SHANGHAI)
    factories.SessionFactory(
        cohort=cohort,
        title="战略执行",
        title_en="Executing the strategy",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
    )

    # when: they log in and land on the schedule they asked for
    page.goto(f"/accounts/login/?next={cohort.get_absolute_url()}")
    page.get_by_label("Email address").fill(trainer.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    # then: the schedule, in the cohort's time zone, then in theirs
    expect(page.get_by_role("heading", level=1)).to_have_text("KAM 2027-01")
    expect(page.get_by_text("Executing the strategy")).to_be_visible()
    expect(page.locator(".session-time").first).to_contain_text("09:00")
    page.get_by_role("link", name=re.compile("My time")).click()
    expect(page).to_have_url(re.compile(r"\?tz=mine$"))
    expect(page.locator(".session-time").first).to_contain_text("01:00")  # London, UTC+0

    # when: they switch the language to 中文
    page.get_by_role("button", name="中文").click()

    # then: the same page in Chinese, remembered on their account
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(
        page.get_by_role("navigation", name="主导航").get_by_role("link", name="课程", exact=True)
    ).to_be_visible()
    expect(page.get_by_text("战略执行")).to_be_visible()
    expect(page).to_have_url(re.compile(r"\?tz=mine$"))
    assert User.objects.get(pk=trainer.pk).language == "zh-hans"
