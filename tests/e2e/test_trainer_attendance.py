"""The trainer takes attendance by single clicks in a real browser: saved, kept on reload."""

import datetime as dt
import re
import zoneinfo

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Dialog, Page, expect

from courses.models import Session
from participants.models import TRAINERS_GROUP, Attendance, Enrollment, User
from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
PASSWORD = "pass-word-123"  # the factories' password


def _world(*, starts_in: dt.timedelta) -> tuple[User, Session, Enrollment]:
    trainer = factories.UserFactory(email="changxing@example.com", full_name="常兴")
    trainer.groups.add(Group.objects.get_or_create(name=TRAINERS_GROUP)[0])
    cohort = factories.CohortFactory(name="KAM 2027-01", time_zone="Asia/Shanghai")
    cohort.trainers.add(trainer)
    start = (timezone.now() + starts_in).astimezone(SHANGHAI).replace(microsecond=0)
    session = factories.SessionFactory(
        cohort=cohort, starts_at=start, ends_at=start + dt.timedelta(hours=3)
    )
    participant = factories.ParticipantFactory(name="王芳", name_en="Wang Fang")
    enrollment = factories.EnrollmentFactory(participant=participant, cohort=cohort)
    return trainer, session, enrollment


def _open_sheet(page: Page, trainer: User, session: Session) -> None:
    sheet = reverse("participants:attendance-sheet", kwargs={"pk": session.pk})
    page.goto(f"/accounts/login/?next={sheet}")
    page.get_by_label("Email address").fill(trainer.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Attendance")


def _row(page: Page):  # type: ignore[no-untyped-def]
    return page.get_by_role("group", name=re.compile("Wang Fang"))


def test_one_click_saves_and_the_mark_is_kept_on_reload(page: Page) -> None:
    # given a session that started an hour ago
    trainer, session, enrollment = _world(starts_in=-dt.timedelta(hours=1))
    _open_sheet(page, trainer, session)
    # when the trainer clicks one radio
    _row(page).get_by_label("Late").check()
    # then the row says saved, and it is
    expect(_row(page).get_by_role("status")).to_have_text("Saved")
    assert Attendance.objects.get(enrollment=enrollment, session=session).status == "late"
    # and after a reload the mark is still there
    page.reload()
    expect(_row(page).get_by_label("Late")).to_be_checked()


def test_a_click_on_a_future_session_asks_first(page: Page) -> None:
    # given a session that starts tomorrow
    trainer, session, enrollment = _world(starts_in=dt.timedelta(days=1))
    _open_sheet(page, trainer, session)
    questions: list[str] = []

    def dismiss(dialog: Dialog) -> None:
        questions.append(dialog.message)
        dialog.dismiss()

    # when the trainer clicks and then says no
    page.once("dialog", dismiss)
    _row(page).get_by_label("Present").click()  # the script puts the click back
    # then nothing is saved and the row says so
    expect(_row(page).get_by_role("status")).to_have_text("Not saved")
    expect(_row(page).get_by_label("Present")).not_to_be_checked()
    assert len(questions) == 1
    assert "has not started" in questions[0]
    assert not Attendance.objects.exists()

    # when they click again and say yes
    page.once("dialog", lambda dialog: dialog.accept())
    _row(page).get_by_label("Present").check()
    # then the mark is saved and kept
    expect(_row(page).get_by_role("status")).to_have_text("Saved")
    assert Attendance.objects.get(enrollment=enrollment, session=session).status == "present"
    page.reload()
    expect(_row(page).get_by_label("Present")).to_be_checked()
