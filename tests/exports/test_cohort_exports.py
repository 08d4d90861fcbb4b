"""Roster, attendance and sign-in sheet exports: what they contain, read back from the files."""

import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from participants.models import Attendance, Enrollment
from tests import factories
from tests.exports.files import body_of, rows_of
from tests.participants.zone_data import cohort_world, waitlisted

pytestmark = pytest.mark.django_db


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_roster_export_lists_status_and_waitlist_position(fmt: str) -> None:
    # given: two with a place, two on the waitlist (the earlier first), one cancelled
    world = cohort_world(people=2, past=0, upcoming=1, mark=None)
    cohort = world.cohort
    now = timezone.now()
    second = waitlisted(
        cohort, participant=factories.ParticipantFactory(name="王芳", name_en=""), waitlisted_at=now
    )
    first = waitlisted(
        cohort,
        participant=factories.ParticipantFactory(name="=cmd", name_en="Evil"),
        waitlisted_at=now - dt.timedelta(hours=1),
    )
    factories.EnrollmentFactory(cohort=cohort, status=Enrollment.Status.CANCELLED)
    url = reverse("participants:cohort-roster-export", args=[cohort.pk, fmt])
    # when
    rows = rows_of(_client(world.trainer).get(url), fmt)
    # then
    header, body = rows[0], rows[1:]
    assert header[0] == "Name / 姓名"
    assert "Waitlist position / 候补名次" in header
    position = header.index("Waitlist position / 候补名次")
    status = header.index("Enrolment status / 报名状态")
    assert len(body) == 4  # the cancelled one is not on the roster
    by_email = {row[3]: row for row in body}
    assert by_email[first.participant.email][0] == "'=cmd"
    assert str(by_email[first.participant.email][position]) == "1"
    assert str(by_email[second.participant.email][position]) == "2"
    assert by_email[second.participant.email][status].startswith("Waitlisted / ")
    for enrollment in world.enrollments:
        row = by_email[enrollment.participant.email]
        assert row[position] in ("", None)
        assert row[status].startswith("Confirmed / ")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_attendance_export_is_participant_by_session_with_rate(fmt: str) -> None:
    # given: two past sessions; one person present twice, the other present then absent
    world = cohort_world(people=2, past=2, upcoming=1, mark=None)
    keen, patchy = world.enrollments
    for session in world.past:
        factories.AttendanceFactory(enrollment=keen, session=session)
    factories.AttendanceFactory(enrollment=patchy, session=world.past[0])
    factories.AttendanceFactory(
        enrollment=patchy, session=world.past[1], status=Attendance.Status.ABSENT
    )
    url = reverse("participants:cohort-attendance-export", args=[world.cohort.pk, fmt])
    # when
    rows = rows_of(_client(world.trainer).get(url), fmt)
    # then
    header = rows[0]
    assert header[-2:] == ["Attendance rate % / 出勤率 %", "Completes / 是否结业"]
    assert len(header) == 4 + 1 + 3 + 2  # person, status, three sessions, rate, completes
    by_email = {row[3]: row for row in rows[1:]}
    keen_row = by_email[keen.participant.email]
    patchy_row = by_email[patchy.participant.email]
    assert keen_row[5].startswith("Present / ")
    assert patchy_row[6].startswith("Absent / ")
    assert keen_row[7] in ("", None)  # the session ahead is not marked
    assert float(keen_row[-2]) == 100.0
    assert float(patchy_row[-2]) == 50.0
    assert keen_row[-1] == "Yes / 是"
    assert patchy_row[-1] == "No / 否"


def test_sign_in_sheet_print_view_lists_everyone_with_a_place() -> None:
    world = cohort_world(people=2, past=0, upcoming=1, mark=None)
    waitlisted(world.cohort, participant=factories.ParticipantFactory(name="候补甲"))
    session = world.upcoming[0]
    response = _client(world.trainer).get(
        reverse("participants:session-sign-in", args=[session.pk])
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "css/sign_in.css" in html  # its print rules, as a file the CSP allows
    for participant in world.participants:
        assert participant.name in html
    assert "候补甲" not in html
    assert reverse("participants:session-sign-in-pdf", args=[session.pk]) in html


def test_sign_in_sheet_pdf_reads_back_with_chinese_names() -> None:
    # given
    world = cohort_world(people=1, past=0, upcoming=1, mark=None)
    chinese = factories.ParticipantFactory(name="张伟", name_en="Zhang Wei")
    factories.EnrollmentFactory(cohort=world.cohort, participant=chinese)
    session = world.upcoming[0]
    # when
    response = _client(world.trainer).get(
        reverse("participants:session-sign-in-pdf", args=[session.pk])
    )
    # then
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(body_of(response))).pages)
    assert "张伟" in text
    assert "Zhang Wei" in text
    assert world.participants[0].name in text


def test_roster_page_offers_its_exports() -> None:
    world = cohort_world(people=1, past=1, upcoming=0)
    html = (
        _client(world.trainer)
        .get(reverse("participants:cohort-roster", args=[world.cohort.pk]))
        .content.decode()
    )
    for name in ("cohort-roster-export", "cohort-attendance-export"):
        for fmt in ("csv", "xlsx"):
            assert reverse(f"participants:{name}", args=[world.cohort.pk, fmt]) in html
    sheet = (
        _client(world.trainer)
        .get(reverse("participants:attendance-sheet", args=[world.past[0].pk]))
        .content.decode()
    )
    assert reverse("participants:session-sign-in", args=[world.past[0].pk]) in sheet
