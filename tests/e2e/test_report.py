"""The participant reads the 360 report, downloads the PDF, writes an action plan; the trainer
finds it from the cohort heatmap and comments."""

import re
from typing import Any

import pytest

from assessments.models import ActionPlan, ActionPlanComment
from tests.assessments.report_ui_world import released_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "pass-word-123"  # tests.factories.UserFactory


def log_in(page: Any, email: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_participant_reads_the_report_and_writes_a_plan_the_trainer_comments(
    browser: Any, live_server: Any
) -> None:
    from playwright.sync_api import expect

    world = released_world(participants=3)
    campaign = world.campaign
    context = browser.new_context(base_url=live_server.url, locale="en-GB", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(20_000)

    # The participant opens the report: sections, charts drawn as images, the numbers beside.
    log_in(page, world.subject.user.email)
    page.goto(f"/me/reports/{campaign.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("吴迪")
    expect(page.get_by_role("img").first).to_be_visible()
    expect(page.locator("#response-rates table")).to_contain_text("Peers")
    assert page.get_by_role("img").count() == 4

    # One click gives the PDF.
    with page.expect_download() as download:
        page.get_by_role("button", name="Download PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")

    # Two activities of the first dimension marked "focus on this", each a plain form post.
    for _ in range(2):
        page.locator("#activities").get_by_role("button", name="Focus on").first.click()
    expect(page.locator("#activities").get_by_role("button", name="Stop focusing")).to_have_count(2)

    # From the report to the action plan: it opens with them as one goal, saved.
    page.get_by_role("button", name="Write my action plan").click()
    row = page.locator("fieldset.goal-row").first
    expect(row.locator("input[type=checkbox][name$='-items']:checked")).to_have_count(2)
    row.get_by_label(re.compile(r"^Goal:?$")).fill("每季度与客户高层对齐战略")
    row.get_by_label("Actions").fill("每月一次高层拜访")
    row.get_by_label("Measure of success").fill("客户战略地图获得双方认可")
    row.get_by_label("Due date").fill("2025-12-31")
    page.get_by_role("button", name="Save my action plan").click()
    expect(page.locator(".messages")).to_contain_text("saved")
    plan = ActionPlan.objects.get(participant=world.subject, campaign=campaign)
    assert plan.goals.get().items.count() == 2

    # The trainer finds it from the cohort heatmap and comments.
    context.clear_cookies()
    log_in(page, world.trainer.email)
    page.goto(f"/trainer/campaigns/{campaign.pk}/")
    heat_row = page.locator("table.heatmap tr", has_text="吴迪")
    expect(heat_row.locator("td.heat").first).to_have_text(re.compile(r"^\d\.\d\d$"))
    heat_row.get_by_role("link", name="Action plan").click()
    expect(page.locator(".plan-goal")).to_contain_text("每季度与客户高层对齐战略")
    page.get_by_role("textbox", name="Comment").fill("目标清晰,请把衡量标准量化。")
    page.get_by_role("button", name="Add the comment").click()
    expect(page.locator("#history")).to_contain_text("目标清晰")
    assert ActionPlanComment.objects.filter(author=world.trainer).count() == 1
    context.close()
