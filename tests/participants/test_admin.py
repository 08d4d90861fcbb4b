import pytest
from django.urls import reverse

from participants.models import Attendance, Enrollment
from tests import factories

pytestmark = pytest.mark.django_db
IMPORT_URL = "/hr/participants/import/"  # HR's page; the admin only leads there


def test_participant_changelist_links_to_import(hr_client, django_assert_num_queries):
    factories.ParticipantFactory.create_batch(3)
    with django_assert_num_queries(10):
        response = hr_client.get(reverse("admin:participants_participant_changelist"))
    assert IMPORT_URL in response.content.decode()
    factories.ParticipantFactory.create_batch(20, with_user=True)
    with django_assert_num_queries(10):
        hr_client.get(reverse("admin:participants_participant_changelist"))


def test_the_admins_import_addresses_lead_to_hrs_import_pages(hr_client):
    # Old links and bookmarks (and the admin's URL names) still work: they lead to the pages.
    run = 12345
    for name, args, target in (
        ("admin:participants_participant_import", [], IMPORT_URL),
        ("admin:participants_participant_import_run", [run], f"{IMPORT_URL}{run}/"),
        ("admin:participants_participant_import_run_status", [run], f"{IMPORT_URL}{run}/status/"),
    ):
        response = hr_client.get(reverse(name, args=args))
        assert response.status_code == 302
        assert response["Location"] == target
    assert hr_client.post(reverse("admin:participants_participant_import"))["Location"] == (
        IMPORT_URL
    )


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
