import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from participants.models import Attendance, Enrollment, Participant
from tests import factories

pytestmark = pytest.mark.django_db
IMPORT_URL = "/admin/participants/participant/import/"


def xlsx(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "people.xlsx"
    return buffer


HEADER = ["工号", "姓名", "邮箱", "时区"]


def test_participant_changelist_links_to_import(hr_client, django_assert_num_queries):
    factories.ParticipantFactory.create_batch(3)
    with django_assert_num_queries(10):
        response = hr_client.get(reverse("admin:participants_participant_changelist"))
    assert IMPORT_URL in response.content.decode()
    factories.ParticipantFactory.create_batch(20, with_user=True)
    with django_assert_num_queries(10):
        hr_client.get(reverse("admin:participants_participant_changelist"))


def test_import_shows_bad_rows_then_imports_the_fixed_file(
    hr_client, django_capture_on_commit_callbacks
):
    # given a file with one bad row
    bad = xlsx([HEADER, ["E1", "吴迪", "wudi@example.com", "Asia/Dubai"],
                ["E2", "李雷", "lilei@example.com", "Asia/Duabi"]])  # fmt: skip

    # when it is uploaded, the error names the row and column and nothing is written
    response = hr_client.post(IMPORT_URL, {"file": bad})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Asia/Duabi" in page
    assert "<td>3</td><td>时区</td>" in page
    assert 'name="confirm"' not in page
    assert not Participant.objects.exists()

    # when the fixed file is uploaded, it is previewed and kept for the confirm step
    good = xlsx([HEADER, ["E1", "吴迪", "wudi@example.com", "Asia/Dubai"],
                 ["E2", "李雷", "lilei@example.com", "Asia/Dubai"]])  # fmt: skip
    preview = hr_client.post(IMPORT_URL, {"file": good})
    assert 'name="confirm"' in preview.content.decode()
    assert not Participant.objects.exists()
    token = preview.context["token"]

    # then confirming imports it without uploading again
    with django_capture_on_commit_callbacks(execute=True):  # the run (inline, no broker)
        done = hr_client.post(IMPORT_URL, {"confirm": "1", "token": token})
    assert done.status_code == 302
    assert set(Participant.objects.values_list("employee_number", flat=True)) == {"E1", "E2"}
    followed = hr_client.get(done["Location"])
    assert "2 created" in followed.content.decode()


def test_import_confirm_with_an_unknown_or_used_token(hr_client):
    response = hr_client.post(IMPORT_URL, {"confirm": "1", "token": "forged"}, follow=True)
    assert "expired" in response.content.decode()
    assert not Participant.objects.exists()


def test_import_token_belongs_to_its_uploader(hr_client, client, db):
    good = xlsx([HEADER, ["E1", "吴迪", "wudi@example.com", "UTC"]])
    token = hr_client.post(IMPORT_URL, {"file": good}).context["token"]
    other = factories.UserFactory(is_staff=True, is_superuser=True)
    client.force_login(other)

    client.post(IMPORT_URL, {"confirm": "1", "token": token})

    assert not Participant.objects.exists()


def test_import_page_needs_permission(client):
    assert client.get(IMPORT_URL).status_code == 302  # to the admin login
    client.force_login(factories.UserFactory(is_staff=True))
    assert client.get(IMPORT_URL).status_code == 403


def test_enrollment_added_in_the_admin_goes_through_the_service(hr_client, hr_user):
    cohort = factories.CohortFactory(capacity=0)
    participant = factories.ParticipantFactory()

    response = hr_client.post(
        reverse("admin:participants_enrollment_add"),
        {"participant": participant.pk, "cohort": cohort.pk, "reason": "Nominated"},
    )

    assert response.status_code == 302
    enrollment = Enrollment.objects.get()
    assert enrollment.status == "waitlisted"
    change = enrollment.history.get()
    assert (change.by, change.reason) == (hr_user, "Nominated")


def test_enrollment_added_twice_shows_the_reason(hr_client):
    enrollment = factories.EnrollmentFactory()

    response = hr_client.post(
        reverse("admin:participants_enrollment_add"),
        {"participant": enrollment.participant_id, "cohort": enrollment.cohort_id},
        follow=True,
    )

    assert "already enrolled" in response.content.decode()
    assert Enrollment.objects.count() == 1


def test_cancel_action_promotes_and_history_is_shown(hr_client):
    cohort = factories.CohortFactory(capacity=1)
    holder = factories.EnrollmentFactory(cohort=cohort)
    waiting = factories.EnrollmentFactory(
        cohort=cohort, status="waitlisted", waitlisted_at="2027-01-01T00:00Z"
    )

    hr_client.post(
        reverse("admin:participants_enrollment_changelist"),
        {"action": "cancel_selected", "_selected_action": [holder.pk]},
    )

    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    page = hr_client.get(reverse("admin:participants_enrollment_change", args=[waiting.pk]))
    assert "Promoted from the waitlist" in page.content.decode()


def test_enrollments_cannot_be_deleted(hr_client):
    enrollment = factories.EnrollmentFactory()
    response = hr_client.get(reverse("admin:participants_enrollment_delete", args=[enrollment.pk]))
    assert response.status_code == 403


def test_enrollment_changelist_query_count(hr_client, django_assert_num_queries):
    factories.EnrollmentFactory.create_batch(2)
    url = reverse("admin:participants_enrollment_changelist")
    with django_assert_num_queries(10):
        hr_client.get(url)
    factories.EnrollmentFactory.create_batch(20)
    with django_assert_num_queries(10):
        hr_client.get(url)


def test_attendance_admin_marks_through_the_service(hr_client, hr_user):
    session = factories.SessionFactory()
    enrollment = factories.EnrollmentFactory(cohort=session.cohort)

    response = hr_client.post(
        reverse("admin:participants_attendance_add"),
        {"enrollment": enrollment.pk, "session": session.pk, "status": "late"},
    )

    assert response.status_code == 302
    assert Attendance.objects.get().marked_by == hr_user


def test_attendance_admin_refuses_another_cohort(hr_client):
    session = factories.SessionFactory()
    stranger = factories.EnrollmentFactory()

    response = hr_client.post(
        reverse("admin:participants_attendance_add"),
        {"enrollment": stranger.pk, "session": session.pk, "status": "late"},
    )

    assert response.status_code == 200
    assert "not enrolled" in response.content.decode()
    assert not Attendance.objects.exists()


def test_attendance_changelist_query_count(hr_client, django_assert_num_queries):
    url = reverse("admin:participants_attendance_changelist")
    factories.AttendanceFactory.create_batch(2)
    with django_assert_num_queries(12):
        hr_client.get(url)
    factories.AttendanceFactory.create_batch(20)
    with django_assert_num_queries(12):
        hr_client.get(url)
