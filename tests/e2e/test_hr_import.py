"""HR imports participants from Excel: one bad row is reported by number, the fix goes in;
all on HR's own pages, never the admin's."""

import io
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from openpyxl import Workbook

from participants.models import HR_GROUP, Participant
from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "pass-word-123"  # the factories' password
HEADER = ["employee_number", "name", "name_en", "email", "position", "time_zone"]


def _xlsx(path: Path, rows: list[list[str]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in [HEADER, *rows]:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def test_hr_fixes_a_bad_row_and_imports(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # given an HR officer and a file whose second person has a time zone nobody knows
    # (without admin access: HR never needs it)
    hr = factories.UserFactory(email="hr.officer@example.com", is_staff=False)
    hr.groups.add(Group.objects.get(name=HR_GROUP))
    good = ["KT90001", "阿米拉", "Amira Haddad", "amira@example.com", "kam", "Asia/Dubai"]
    bad = ["KT90002", "卡洛斯", "Carlos Ruiz", "carlos@example.com", "cgm", "Mars/Olympus_Mons"]
    fixed = [*bad[:5], "America/Mexico_City"]
    broken_file = _xlsx(tmp_path / "people.xlsx", [good, bad])
    fixed_file = _xlsx(tmp_path / "people-fixed.xlsx", [good, fixed])

    visited: list[str] = []
    page.on("request", lambda request: visited.append(request.url))

    # when HR logs in and follows the programme office's import link
    page.goto("/accounts/login/")
    page.fill("input[name=username]", hr.email)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.url.endswith("/hr/")
    with page.expect_navigation():
        page.click("text=Import participants (CSV or Excel)")
    assert page.url.endswith("/hr/participants/import/")
    assert page.locator("h1").inner_text() == "Import participants"

    # and uploads the file with the bad row
    page.set_input_files("#import-upload input[type=file]", str(broken_file))
    with page.expect_navigation():
        page.click("#import-upload [type=submit]")

    # then the error names row 3 (the header is row 1) and its column, and nothing is written
    errors = page.locator("#import-errors tbody tr")
    assert errors.count() == 1
    cells = errors.first.locator("td").all_inner_texts()
    assert cells[0] == "3"
    assert cells[1] == "time_zone"
    assert "Mars/Olympus_Mons" in cells[2]
    assert not Participant.objects.exists()

    # when HR uploads the corrected file, previews it and confirms
    page.set_input_files("#import-upload input[type=file]", str(fixed_file))
    with page.expect_navigation():
        page.click("#import-upload [type=submit]")
    assert page.locator("#import-preview tbody tr").count() == 2
    with page.expect_navigation():
        page.click("input[name=confirm]")

    # then the import has run (inline: no broker) and its page shows the result
    assert "/hr/participants/import/" in page.url
    assert page.locator("[data-progress-state]").inner_text() == "Done"
    assert "2 created" in page.locator("#import-summary").inner_text()
    people = Participant.objects.order_by("employee_number")
    assert [(p.name_en, p.time_zone) for p in people] == [
        ("Amira Haddad", "Asia/Dubai"),
        ("Carlos Ruiz", "America/Mexico_City"),
    ]
    # and no page, script or request of the whole flow was the admin's
    assert visited
    assert [url for url in visited if "/admin/" in url] == []
