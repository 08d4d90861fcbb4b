"""The trainer follows a ZIP of the cohort's reports being built: the bar moves without the page
reloading, the link appears at the end; without JavaScript the page refreshes itself."""

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest

from assessments.models import ReportBatch
from assessments.services.report_pdfs import report_batch_build
from tests.assessments.report_ui_world import released_world

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("needs_weasyprint"),
]

PASSWORD = "pass-word-123"  # tests.factories.UserFactory


def log_in(page: Any, email: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_the_progress_bar_updates_and_ends_in_a_download(browser: Any, live_server: Any) -> None:
    from playwright.sync_api import expect

    world = released_world(participants=2)
    batch = ReportBatch.objects.create(
        campaign=world.campaign, requested_by=world.trainer, language="en", total=2
    )
    context = browser.new_context(base_url=live_server.url, locale="en-GB", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    log_in(page, world.trainer.email)
    page.goto(f"/trainer/campaigns/{world.campaign.pk}/reports/{batch.pk}/")
    expect(page.get_by_role("heading", level=2)).to_have_text("Waiting to start")
    page.evaluate("window.stillThisPage = true")

    # The task takes the first report: the bar and the count move, the page is not reloaded.
    ReportBatch.objects.filter(pk=batch.pk).update(status=ReportBatch.Status.RUNNING, done=1)
    expect(page.locator("#batch-count")).to_contain_text("1 / 2")
    expect(page.locator("#batch-progress")).to_have_attribute("value", "50")
    expect(page.get_by_role("heading", level=2)).to_have_text("Running")
    assert page.evaluate("window.stillThisPage") is True

    # The task runs for real (from the start): the page ends with the link to the ZIP.
    ReportBatch.objects.filter(pk=batch.pk).update(status=ReportBatch.Status.PENDING, done=0)
    report_batch_build(batch_id=batch.pk)
    link = page.get_by_role("link", name="Download the ZIP")
    expect(link).to_be_visible()
    expect(page.locator("#batch-progress")).to_have_attribute("value", "100")
    with page.expect_download() as download:
        link.click()
    archive = zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert len(archive.namelist()) == 2
    assert any("吴迪" in name for name in archive.namelist())
    context.close()


def test_without_javascript_the_progress_page_refreshes_itself(
    browser: Any, live_server: Any
) -> None:
    from playwright.sync_api import expect

    world = released_world(participants=2)
    batch = ReportBatch.objects.create(
        campaign=world.campaign, requested_by=world.trainer, language="en", total=2
    )
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    log_in(page, world.trainer.email)
    page.goto(f"/trainer/campaigns/{world.campaign.pk}/reports/{batch.pk}/")
    expect(page.get_by_role("heading", level=2)).to_have_text("Waiting to start")

    report_batch_build(batch_id=batch.pk)

    expect(page.get_by_role("link", name="Download the ZIP")).to_be_visible()
    expect(page.locator("#batch-count")).to_contain_text("2 / 2")
    context.close()
