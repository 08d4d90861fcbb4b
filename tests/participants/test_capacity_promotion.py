"""Raising a cohort's capacity hands the freed places to the waitlist at once."""

import datetime as dt

import pytest
from django.core import mail

from courses.models import Cohort
from courses.services.catalogue import cohort_update
from participants.models import Enrollment
from participants.services.enrollment import enrollment_create
from tests import factories

pytestmark = pytest.mark.django_db
UTC = dt.UTC


def _full_cohort_with_waitlist(hr_user, waiting: int) -> tuple[Cohort, list[Enrollment]]:
    cohort = factories.CohortFactory(capacity=1)
    enrollment_create(participant=factories.ParticipantFactory(), cohort=cohort, by=hr_user)
    queue = [
        enrollment_create(participant=factories.ParticipantFactory(), cohort=cohort, by=hr_user)
        for _ in range(waiting)
    ]
    assert {e.status for e in queue} == {Enrollment.Status.WAITLISTED}
    return cohort, queue


def _statuses(enrollments: list[Enrollment]) -> list[str]:
    return [Enrollment.objects.get(pk=e.pk).status for e in enrollments]


def test_capacity_raised_through_the_api_promotes_the_head_of_the_waitlist(
    hr_user, api_as, django_capture_on_commit_callbacks
):
    cohort, queue = _full_cohort_with_waitlist(hr_user, waiting=3)

    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(hr_user).patch(
            f"/api/v1/cohorts/{cohort.pk}/", {"capacity": 3}, format="json"
        )

    assert response.status_code == 200
    assert _statuses(queue) == ["confirmed", "confirmed", "waitlisted"]
    promoted = queue[0]
    change = promoted.history.order_by("-pk").first()
    assert change.to_status == "confirmed"
    assert change.by == hr_user
    assert any(promoted.participant.email in m.to for m in mail.outbox)


def test_capacity_raised_through_the_service_skips_and_logs_a_clash(hr_user):
    cohort, queue = _full_cohort_with_waitlist(hr_user, waiting=2)
    start = dt.datetime(2031, 3, 3, 9, tzinfo=UTC)
    factories.SessionFactory(cohort=cohort, starts_at=start, ends_at=start + dt.timedelta(hours=2))
    busy = factories.SessionFactory(starts_at=start, ends_at=start + dt.timedelta(hours=1))
    factories.EnrollmentFactory(
        participant=queue[0].participant, cohort=busy.cohort, status=Enrollment.Status.CONFIRMED
    )

    cohort_update(cohort=cohort, capacity=2, by=hr_user)

    assert _statuses(queue) == ["waitlisted", "confirmed"]
    skipped = queue[0].history.order_by("-pk").first()
    assert skipped.reason.startswith("Skipped for a free place")


def test_a_change_that_keeps_the_capacity_promotes_nobody(hr_user):
    cohort, queue = _full_cohort_with_waitlist(hr_user, waiting=1)

    cohort_update(cohort=cohort, name="Renamed", by=hr_user)

    assert _statuses(queue) == ["waitlisted"]
