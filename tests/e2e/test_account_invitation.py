"""HR imports a participant, invites them; they set a password from the email and log in."""

import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core import mail

from participants.models import HR_GROUP, Participant
from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "pass-word-123"  # the factories' password
NEW_PASSWORD = "Dubai-sunrise-2026"


def _log_in(page: Any, email: str, password: str) -> None:
    page.fill("#id_username", email)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("main form button[type=submit]")


def test_hr_imports_invites_and_the_participant_sets_a_password(page: Any, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    # given an HR officer and a CSV with one new participant
    hr = factories.UserFactory(email="hr.officer@example.com", is_staff=True)
    hr.groups.add(Group.objects.get(name=HR_GROUP))
    sheet = tmp_path / "people.csv"
    sheet.write_text(
        "employee_number,name,name_en,email,position,time_zone,language\n"
        "KT91001,阿米拉,Amira Haddad,amira@example.com,kam,Asia/Dubai,en\n",
        encoding="utf-8",
    )

    # when HR imports it from the programme office
    page.goto("/accounts/login/")
    _log_in(page, hr.email, PASSWORD)
    with page.expect_navigation():
        page.click("text=Import participants (CSV or Excel)")
    page.set_input_files("#import-upload input[type=file]", str(sheet))
    with page.expect_navigation():
        page.click("#import-upload [type=submit]")
    with page.expect_navigation():
        page.click("input[name=confirm]")
    assert Participant.objects.get().user is not None

    # and invites her from the people page, where she has never logged in
    page.goto("/hr/")
    with page.expect_navigation():
        page.click("text=People and accounts")
    row = page.get_by_role("row", name=re.compile("Amira Haddad"))
    expect(row).to_contain_text("Never logged in")
    row.get_by_role("checkbox").check()
    page.get_by_role("button", name="Send invitations to the chosen people").click()
    expect(page.locator("#invite-sent")).to_have_text("1 invitation sent.")
    page.get_by_role("button", name="Log out").click()

    # then the invitation in the outbox holds a link that sets her password
    (message,) = [m for m in mail.outbox if m.to == ["amira@example.com"]]
    link = re.search(r"https?://\S+(/accounts/activate/\S+)", message.body)
    assert link is not None
    page.goto(link.group(1))
    expect(page.get_by_role("heading", level=1)).to_have_text("Set your password")
    page.fill("#id_new_password1", NEW_PASSWORD)
    page.fill("#id_new_password2", NEW_PASSWORD)
    with page.expect_navigation():
        page.click("#password-form button[type=submit]")

    # and with it she logs in and sees My Zone
    expect(page.locator("#id_username")).to_have_value("amira@example.com")
    _log_in(page, "amira@example.com", NEW_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("My Zone")

    # and the link, used, says so
    page.goto(link.group(1))
    expect(page.locator("#link-refused")).to_contain_text("already been used")
