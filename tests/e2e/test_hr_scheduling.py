"""HR schedules a cohort in the product: creates it, adds two sessions, sees its schedule."""

import datetime as dt
import zoneinfo

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import Page, expect

from courses.models import Cohort
from participants.models import HR_GROUP
from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "pass-word-123"  # the factories' password
LONDON = zoneinfo.ZoneInfo("Europe/London")


def test_hr_creates_a_cohort_with_two_sessions_and_sees_its_schedule(page: Page) -> None:
    # given: an HR officer and a course
    hr = factories.UserFactory(email="hr.scheduler@example.com", full_name="HR Officer")
    hr.groups.add(Group.objects.get(name=HR_GROUP))
    factories.CourseFactory(code="kam", title="集团客户管理", title_en="Key Account Management")

    # when: HR logs in and follows the links from the programme office
    page.goto("/accounts/login/")
    page.fill("input[name=username]", hr.email)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    # (the page's main actions are links styled as buttons, role="button")
    page.get_by_role("button", name="Cohorts and sessions", exact=True).click()
    page.get_by_role("button", name="New cohort", exact=True).click()

    # and creates a London cohort
    page.get_by_label("Code", exact=True).fill("kam-london-2027")
    page.get_by_label("Name", exact=True).fill("KAM London 2027")
    page.get_by_label("First day").fill("2027-06-01")
    page.get_by_label("Last day").fill("2027-06-02")
    page.get_by_label("Time zone").fill("Europe/London")
    page.get_by_label("Capacity").fill("20")
    page.get_by_role("button", name="Save the cohort").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("KAM London 2027")

    # and adds two sessions, typed in London time
    for title, start, end in (
        ("Role S", "2027-06-01T09:00", "2027-06-01T12:00"),
        ("Role T", "2027-06-02T14:00", "2027-06-02T17:00"),
    ):
        page.get_by_role("button", name="New session").click()
        page.get_by_label("Title", exact=True).fill(title)
        page.get_by_label("Starts (Europe/London)").fill(start)
        page.get_by_label("Ends (Europe/London)").fill(end)
        page.get_by_role("button", name="Save the session").click()
        expect(page.get_by_text(f"Session “{title}” saved.")).to_be_visible()

    # then: both are on the cohort's list, labelled with the zone
    rows = page.locator("#sessions tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("2027-06-01 09:00–12:00 Europe/London")
    expect(rows.nth(1)).to_contain_text("2027-06-02 14:00–17:00 Europe/London")

    # and on the cohort's schedule page, at the times typed
    page.get_by_role("link", name="Schedule", exact=True).click()
    expect(page.get_by_text("Role S")).to_be_visible()
    expect(page.get_by_text("Role T")).to_be_visible()
    expect(page.locator(".session-time").first).to_contain_text("09:00")
    cohort = Cohort.objects.get(code="kam-london-2027")
    first = cohort.sessions.order_by("starts_at").first()
    assert first is not None
    assert first.starts_at == dt.datetime(2027, 6, 1, 9, tzinfo=LONDON)
