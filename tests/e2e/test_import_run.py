"""HR follows a confirmed import: the bar moves without the page reloading and the result
summary appears at the end, with no script refused by the CSP; without JavaScript the page
refreshes itself until the summary is there."""

import io
from typing import Any

import pytest
from django.contrib.auth.models import Group
from openpyxl import Workbook

from participants.models import HR_GROUP, ImportRun, Participant, User
from participants.services.import_runs import import_run_create, import_run_execute
from participants.services.importing import participants_import
from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "pass-word-123"  # tests.factories.UserFactory
HEADER = ["employee_number", "name", "name_en", "email", "time_zone"]
ROWS = [
    ["KT90001", "阿米拉", "Amira Haddad", "amira@example.com", "Asia/Dubai"],
    ["KT90002", "卡洛斯", "Carlos Ruiz", "carlos@example.com", "America/Mexico_City"],
]
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def _hr() -> User:
    user = factories.UserFactory(email="hr.officer@example.com", is_staff=False)  # no admin
    user.groups.add(Group.objects.get(name=HR_GROUP))
    return user


def _run(by: User) -> ImportRun:
    """A confirmed import of two people that no worker has taken yet."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in [HEADER, *ROWS]:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    preview = participants_import(data=buffer.getvalue(), by=by, dry_run=True)
    assert preview.ok
    assert preview.table is not None
    return import_run_create(table=preview.table, file_name="people.xlsx", by=by)


def _log_in(page: Any, email: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state("networkidle")


def test_the_bar_moves_and_the_summary_appears(browser: Any, live_server: Any) -> None:
    from playwright.sync_api import expect

    hr = _hr()
    run = _run(hr)
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.add_init_script(LISTEN)
    page = context.new_page()
    visited: list[str] = []
    page.on("request", lambda request: visited.append(request.url))
    page.set_default_timeout(30_000)
    _log_in(page, hr.email)
    page.goto(f"/hr/participants/import/{run.pk}/")
    expect(page.locator("[data-progress-state]")).to_have_text("Waiting to start")
    expect(page.locator("#import-count")).to_contain_text("0 / 2")
    page.evaluate("window.stillThisPage = true")

    # The task has checked the first row: the bar and the count move, the page is not reloaded.
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.RUNNING, done=1)
    expect(page.locator("#import-count")).to_contain_text("1 / 2")
    expect(page.locator("#import-progress")).to_have_attribute("value", "50")
    expect(page.locator("[data-progress-state]")).to_have_text("Running")
    assert page.evaluate("window.stillThisPage") is True

    # The task runs for real (from the start): the page ends with the summary.
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.PENDING, done=0)
    import_run_execute(run_id=run.pk)
    expect(page.locator("#import-summary")).to_contain_text(
        "Imported 2 rows from people.xlsx: 2 created, 0 updated, 0 unchanged"
    )
    expect(page.locator("#import-progress")).to_have_attribute("value", "100")
    expect(page.locator("[data-progress-state]")).to_have_text("Done")
    assert Participant.objects.count() == 2
    assert page.evaluate("window.__cspViolations") == []
    # the page, its polling and the reload at the end are all HR's, never the admin's
    assert any("/status/" in url for url in visited)
    assert [url for url in visited if "/admin/" in url] == []
    assert "/admin/" not in page.url
    context.close()


def test_without_javascript_the_run_page_refreshes_itself(browser: Any, live_server: Any) -> None:
    from playwright.sync_api import expect

    hr = _hr()
    run = _run(hr)
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", java_script_enabled=False
    )
    page = context.new_page()
    visited: list[str] = []
    page.on("request", lambda request: visited.append(request.url))
    page.set_default_timeout(30_000)
    _log_in(page, hr.email)
    page.goto(f"/hr/participants/import/{run.pk}/")
    expect(page.locator("[data-progress-state]")).to_have_text("Waiting to start")

    import_run_execute(run_id=run.pk)

    expect(page.locator("#import-summary")).to_contain_text("2 created")
    expect(page.locator("#import-count")).to_contain_text("2 / 2")
    assert [url for url in visited if "/admin/" in url] == []
    context.close()
