import pytest
from django.core.exceptions import ValidationError

from participants.models import Enrollment, EnrollmentStatusChange
from participants.services.enrollment import (
    enrollment_cancel,
    enrollment_complete,
    enrollment_confirm,
    enrollment_create,
    enrollment_mark_no_show,
)
from tests import factories

pytestmark = pytest.mark.django_db
Status = Enrollment.Status


def test_enrollment_create_confirms_while_places_are_free(hr_user):
    # given
    cohort = factories.CohortFactory(capacity=2)
    participant = factories.ParticipantFactory()
    # when
    enrollment = enrollment_create(participant=participant, cohort=cohort, by=hr_user)
    # then
    assert enrollment.status == Status.CONFIRMED
    assert enrollment.waitlisted_at is None
    change = enrollment.history.get()
    assert (change.from_status, change.to_status, change.by) == ("", "confirmed", hr_user)


def test_enrollment_create_waitlists_when_full(hr_user):
    cohort = factories.CohortFactory(capacity=1)
    enrollment_create(participant=factories.ParticipantFactory(), cohort=cohort, by=hr_user)

    late = enrollment_create(
        participant=factories.ParticipantFactory(), cohort=cohort, by=hr_user, reason="HR call"
    )

    assert late.status == Status.WAITLISTED
    assert late.waitlisted_at is not None
    assert late.history.get().reason == "HR call"


def test_enrollment_create_refuses_a_second_enrolment(hr_user):
    enrollment = factories.EnrollmentFactory()

    with pytest.raises(ValidationError, match="already enrolled"):
        enrollment_create(participant=enrollment.participant, cohort=enrollment.cohort, by=hr_user)


def test_enrollment_create_again_after_cancellation_reuses_the_row(hr_user):
    cohort = factories.CohortFactory(capacity=3)
    participant = factories.ParticipantFactory()
    first = enrollment_create(participant=participant, cohort=cohort, by=hr_user)
    enrollment_cancel(enrollment=first, by=hr_user)

    again = enrollment_create(participant=participant, cohort=cohort, by=hr_user)

    assert again.pk == first.pk
    assert again.status == Status.CONFIRMED
    assert list(again.history.values_list("to_status", flat=True)) == [
        "confirmed",
        "cancelled",
        "confirmed",
    ]


def test_enrollment_create_refuses_closed_cohorts(hr_user):
    cohort = factories.CohortFactory(status="cancelled")

    with pytest.raises(ValidationError, match="cancelled"):
        enrollment_create(participant=factories.ParticipantFactory(), cohort=cohort, by=hr_user)


def test_enrollment_create_refuses_a_schedule_clash_naming_it(hr_user):
    # given a participant confirmed in a cohort whose session overlaps the new cohort's
    first = factories.SessionFactory(title="Opening")
    clashing = factories.SessionFactory(
        starts_at=first.starts_at, ends_at=first.ends_at, title="Other opening"
    )
    participant = factories.ParticipantFactory()
    factories.EnrollmentFactory(participant=participant, cohort=first.cohort)

    with pytest.raises(ValidationError, match="Opening"):
        enrollment_create(participant=participant, cohort=clashing.cohort, by=hr_user)
    assert not Enrollment.objects.filter(cohort=clashing.cohort).exists()


def test_enrollment_confirm_takes_a_free_place(hr_user):
    enrollment = factories.EnrollmentFactory(status=Status.INVITED)

    enrollment_confirm(enrollment=enrollment, by=hr_user, reason="Manager agreed")

    enrollment.refresh_from_db()
    assert enrollment.status == Status.CONFIRMED
    assert enrollment.history.get().reason == "Manager agreed"


def test_enrollment_confirm_refuses_when_full(hr_user):
    cohort = factories.CohortFactory(capacity=1)
    factories.EnrollmentFactory(cohort=cohort)
    invited = factories.EnrollmentFactory(cohort=cohort, status=Status.INVITED)

    with pytest.raises(ValidationError, match="full"):
        enrollment_confirm(enrollment=invited, by=hr_user)


def test_enrollment_cancel_records_who_and_why(hr_user):
    enrollment = factories.EnrollmentFactory()

    enrollment_cancel(enrollment=enrollment, by=hr_user, reason="Sick leave")

    change = EnrollmentStatusChange.objects.get(enrollment=enrollment)
    assert (change.from_status, change.to_status, change.reason) == (
        "confirmed",
        "cancelled",
        "Sick leave",
    )
    assert change.by == hr_user


def test_enrollment_cancel_twice_is_refused(hr_user):
    enrollment = factories.EnrollmentFactory()
    enrollment_cancel(enrollment=enrollment, by=hr_user)

    with pytest.raises(ValidationError, match="cannot be cancelled"):
        enrollment_cancel(enrollment=enrollment, by=hr_user)


def test_enrollment_mark_no_show_only_from_confirmed(hr_user):
    enrollment = factories.EnrollmentFactory()
    enrollment_mark_no_show(enrollment=enrollment, by=hr_user)
    enrollment.refresh_from_db()
    assert enrollment.status == Status.NO_SHOW

    waitlisted = factories.EnrollmentFactory(status=Status.INVITED)
    with pytest.raises(ValidationError):
        enrollment_mark_no_show(enrollment=waitlisted, by=hr_user)


def test_enrollment_complete_needs_the_threshold_or_a_reason(hr_user):
    # given one past session that the participant missed
    session = factories.SessionFactory(starts_at="2020-01-01T09:00Z", ends_at="2020-01-01T12:00Z")
    enrollment = factories.EnrollmentFactory(cohort=session.cohort)
    factories.AttendanceFactory(enrollment=enrollment, session=session, status="absent")

    with pytest.raises(ValidationError, match="below the cohort's completion threshold"):
        enrollment_complete(enrollment=enrollment, by=hr_user)

    enrollment_complete(enrollment=enrollment, by=hr_user, reason="Made up later", override=True)
    enrollment.refresh_from_db()
    assert enrollment.status == Status.COMPLETED


def test_enrollment_complete_when_attendance_reaches_the_threshold(hr_user):
    session = factories.SessionFactory(starts_at="2020-01-01T09:00Z", ends_at="2020-01-01T12:00Z")
    enrollment = factories.EnrollmentFactory(cohort=session.cohort)
    factories.AttendanceFactory(enrollment=enrollment, session=session, status="late")

    enrollment_complete(enrollment=enrollment, by=hr_user)

    enrollment.refresh_from_db()
    assert enrollment.status == Status.COMPLETED
