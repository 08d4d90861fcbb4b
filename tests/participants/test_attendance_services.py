import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from participants.models import Attendance
from participants.selectors.attendance import (
    attendance_rates_for_cohort,
    cohort_attendance_rate,
    enrollment_attendance_rate,
    enrollment_completes,
)
from participants.services.attendance import attendance_mark, attendance_mark_many
from tests import factories

pytestmark = pytest.mark.django_db
PAST = dt.datetime(2020, 1, 6, 1, 0, tzinfo=dt.UTC)


def _past_sessions(cohort, n):
    return [
        factories.SessionFactory(
            cohort=cohort,
            starts_at=PAST + dt.timedelta(days=i),
            ends_at=PAST + dt.timedelta(days=i, hours=3),
        )
        for i in range(n)
    ]


def test_attendance_mark_creates_then_changes_one_mark(trainer_user):
    session = factories.SessionFactory()
    session.cohort.trainers.add(trainer_user)  # marks are theirs to make
    enrollment = factories.EnrollmentFactory(cohort=session.cohort)

    first = attendance_mark(enrollment=enrollment, session=session, status="late", by=trainer_user)
    again = attendance_mark(
        enrollment=enrollment, session=session, status="present", by=trainer_user
    )

    assert first.pk == again.pk
    assert Attendance.objects.get().status == "present"
    assert again.marked_by == trainer_user


def test_attendance_mark_refuses_another_cohorts_enrolment(trainer_user):
    session = factories.SessionFactory()
    session.cohort.trainers.add(trainer_user)  # marks are theirs to make
    stranger = factories.EnrollmentFactory()

    with pytest.raises(ValidationError, match="not enrolled"):
        attendance_mark(enrollment=stranger, session=session, status="present", by=trainer_user)


def test_attendance_mark_refuses_bad_status_waitlist_and_cancelled_sessions(trainer_user):
    session = factories.SessionFactory()
    session.cohort.trainers.add(trainer_user)  # marks are theirs to make
    enrollment = factories.EnrollmentFactory(cohort=session.cohort)
    with pytest.raises(ValidationError, match="not an attendance status"):
        attendance_mark(enrollment=enrollment, session=session, status="asleep", by=trainer_user)

    waiting = factories.EnrollmentFactory(
        cohort=session.cohort, status="waitlisted", waitlisted_at=PAST
    )
    with pytest.raises(ValidationError, match="not confirmed"):
        attendance_mark(enrollment=waiting, session=session, status="present", by=trainer_user)

    cancelled = factories.SessionFactory(cohort=session.cohort, status="cancelled")
    with pytest.raises(ValidationError, match="cancelled"):
        attendance_mark(enrollment=enrollment, session=cancelled, status="present", by=trainer_user)


def test_attendance_mark_many_marks_the_roster_in_constant_queries(
    trainer_user, django_assert_num_queries
):
    session = factories.SessionFactory()
    session.cohort.trainers.add(trainer_user)  # marks are theirs to make

    def roster(n):
        return [factories.EnrollmentFactory(cohort=session.cohort) for _ in range(n)]

    small = roster(2)
    # One of them writes the history rows (AttendanceChange), whatever the roster's size; two
    # ask whether the user may mark this cohort's attendance.
    with django_assert_num_queries(9):
        attendance_mark_many(
            session=session, statuses={e.pk: "present" for e in small}, by=trainer_user
        )
    big = small + roster(20)
    with django_assert_num_queries(9):
        attendance_mark_many(
            session=session, statuses={e.pk: "absent" for e in big}, by=trainer_user
        )
    assert Attendance.objects.filter(status="absent").count() == 22


def test_attendance_mark_many_is_all_or_nothing(trainer_user):
    session = factories.SessionFactory()
    session.cohort.trainers.add(trainer_user)  # marks are theirs to make
    mine = factories.EnrollmentFactory(cohort=session.cohort)
    stranger = factories.EnrollmentFactory()

    with pytest.raises(ValidationError):
        attendance_mark_many(
            session=session, statuses={mine.pk: "present", stranger.pk: "present"}, by=trainer_user
        )
    assert not Attendance.objects.exists()


def test_rates_follow_the_rule():
    # given four past sessions and one future one
    cohort = factories.CohortFactory()
    past = _past_sessions(cohort, 4)
    factories.SessionFactory(cohort=cohort)  # in 2027: not counted yet
    cancelled = factories.SessionFactory(
        cohort=cohort, starts_at=PAST - dt.timedelta(days=9), ends_at=PAST - dt.timedelta(days=8)
    )
    cancelled.status = "cancelled"
    cancelled.save()
    keen = factories.EnrollmentFactory(cohort=cohort)
    excused = factories.EnrollmentFactory(cohort=cohort)
    silent = factories.EnrollmentFactory(cohort=cohort)
    waiting = factories.EnrollmentFactory(cohort=cohort, status="waitlisted", waitlisted_at=PAST)
    # keen: present, late, absent, unmarked → 2 attended / 4
    for session, status in zip(past, ["present", "late", "absent"], strict=False):
        factories.AttendanceFactory(enrollment=keen, session=session, status=status)
    # excused: present, excused, excused, present → 2 / (4 − 2)
    for session, status in zip(past, ["present", "excused", "excused", "present"], strict=True):
        factories.AttendanceFactory(enrollment=excused, session=session, status=status)

    rates = attendance_rates_for_cohort(cohort=cohort)

    assert rates == {keen.pk: 0.5, excused.pk: 1.0, silent.pk: 0.0, waiting.pk: None}
    # pooled: (2 + 2 + 0) / (4 + 2 + 4)
    assert cohort_attendance_rate(cohort=cohort) == pytest.approx(0.4)
    assert enrollment_attendance_rate(enrollment=keen) == 0.5
    assert enrollment_completes(enrollment=excused)
    assert not enrollment_completes(enrollment=keen)


def test_rate_is_none_before_any_session_has_ended():
    cohort = factories.CohortFactory()
    factories.SessionFactory(cohort=cohort)
    enrollment = factories.EnrollmentFactory(cohort=cohort)

    assert attendance_rates_for_cohort(cohort=cohort) == {enrollment.pk: None}
    assert cohort_attendance_rate(cohort=cohort) is None
    assert not enrollment_completes(enrollment=enrollment)


def test_completion_threshold_is_the_cohorts():
    cohort = factories.CohortFactory(completion_threshold=50)
    past = _past_sessions(cohort, 2)
    enrollment = factories.EnrollmentFactory(cohort=cohort)
    factories.AttendanceFactory(enrollment=enrollment, session=past[0], status="present")

    assert enrollment_completes(enrollment=enrollment)


def test_rates_query_count_is_constant(django_assert_num_queries):
    cohort = factories.CohortFactory()
    past = _past_sessions(cohort, 3)

    def add(n):
        for _ in range(n):
            enrollment = factories.EnrollmentFactory(cohort=cohort)
            for session in past:
                factories.AttendanceFactory(enrollment=enrollment, session=session)

    add(2)
    with django_assert_num_queries(3):
        attendance_rates_for_cohort(cohort=cohort)
    add(15)
    with django_assert_num_queries(3):
        assert len(attendance_rates_for_cohort(cohort=cohort)) == 17
