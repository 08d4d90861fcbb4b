import datetime as dt

import pytest

from participants.models import Enrollment
from participants.selectors.enrollment import places_for_cohort, waitlist_for_cohort
from participants.services.enrollment import (
    enrollment_cancel,
    enrollment_create,
    waitlist_promote,
)
from tests import factories

pytestmark = pytest.mark.django_db
Status = Enrollment.Status


def _enrol(cohort, n, by):
    return [
        enrollment_create(participant=factories.ParticipantFactory(), cohort=cohort, by=by)
        for _ in range(n)
    ]


def test_waitlist_is_first_come_first_served(hr_user):
    cohort = factories.CohortFactory(capacity=2)
    enrolled = _enrol(cohort, 5, hr_user)

    assert [e.status for e in enrolled] == ["confirmed"] * 2 + ["waitlisted"] * 3
    assert list(waitlist_for_cohort(cohort=cohort)) == enrolled[2:]
    places = places_for_cohort(cohort=cohort)
    assert (places.capacity, places.confirmed, places.waitlisted, places.free) == (2, 2, 3, 0)


def test_cancel_promotes_the_head_of_the_waitlist(hr_user):
    cohort = factories.CohortFactory(capacity=2)
    first, _second, head, after = _enrol(cohort, 4, hr_user)

    enrollment_cancel(enrollment=first, by=hr_user, reason="Changed role")

    head.refresh_from_db()
    after.refresh_from_db()
    assert head.status == Status.CONFIRMED
    assert after.status == Status.WAITLISTED
    promotion = head.history.order_by("pk").last()
    assert promotion.from_status == "waitlisted"
    assert promotion.to_status == "confirmed"
    # the promoted participant reads this reason: it names nobody
    assert promotion.reason == "Promoted from the waitlist: a place became free."
    assert str(first.participant) not in promotion.reason


def test_cancelling_a_waitlisted_place_promotes_nobody(hr_user):
    cohort = factories.CohortFactory(capacity=1)
    _holder, waiting, behind = _enrol(cohort, 3, hr_user)

    enrollment_cancel(enrollment=waiting, by=hr_user)

    behind.refresh_from_db()
    assert behind.status == Status.WAITLISTED


def test_promotion_skips_and_logs_a_participant_it_would_put_in_a_clash(hr_user):
    # given a cohort of one place with a session, and a waitlist whose head is confirmed
    # in another cohort with an overlapping session
    start = dt.datetime(2027, 5, 3, 1, 0, tzinfo=dt.UTC)
    session = factories.SessionFactory(starts_at=start, ends_at=start + dt.timedelta(hours=3))
    cohort = session.cohort
    cohort.capacity = 1
    cohort.save()
    holder = enrollment_create(
        participant=factories.ParticipantFactory(), cohort=cohort, by=hr_user
    )
    busy = factories.ParticipantFactory()
    head = enrollment_create(participant=busy, cohort=cohort, by=hr_user)
    nxt = enrollment_create(participant=factories.ParticipantFactory(), cohort=cohort, by=hr_user)
    other = factories.SessionFactory(
        title="Negotiation lab",
        starts_at=start + dt.timedelta(hours=2),
        ends_at=start + dt.timedelta(hours=4),
    )
    factories.EnrollmentFactory(participant=busy, cohort=other.cohort)

    # when
    enrollment_cancel(enrollment=holder, by=hr_user)

    # then the next one gets the place and the head keeps theirs in the queue, with the reason
    head.refresh_from_db()
    nxt.refresh_from_db()
    assert nxt.status == Status.CONFIRMED
    assert head.status == Status.WAITLISTED
    skipped = head.history.order_by("pk").last()
    assert skipped.from_status == skipped.to_status == "waitlisted"
    assert "Negotiation lab" in skipped.reason


def test_sessions_that_only_touch_do_not_clash(hr_user):
    start = dt.datetime(2027, 5, 3, 1, 0, tzinfo=dt.UTC)
    session = factories.SessionFactory(starts_at=start, ends_at=start + dt.timedelta(hours=3))
    cohort = session.cohort
    cohort.capacity = 1
    cohort.save()
    holder = enrollment_create(
        participant=factories.ParticipantFactory(), cohort=cohort, by=hr_user
    )
    participant = factories.ParticipantFactory()
    head = enrollment_create(participant=participant, cohort=cohort, by=hr_user)
    other = factories.SessionFactory(
        starts_at=start + dt.timedelta(hours=3), ends_at=start + dt.timedelta(hours=5)
    )
    factories.EnrollmentFactory(participant=participant, cohort=other.cohort)

    enrollment_cancel(enrollment=holder, by=hr_user)

    head.refresh_from_db()
    assert head.status == Status.CONFIRMED


def test_cancelled_sessions_do_not_clash(hr_user):
    start = dt.datetime(2027, 5, 3, 1, 0, tzinfo=dt.UTC)
    session = factories.SessionFactory(starts_at=start, ends_at=start + dt.timedelta(hours=3))
    participant = factories.ParticipantFactory()
    other = factories.SessionFactory(
        starts_at=start, ends_at=start + dt.timedelta(hours=3), status="cancelled"
    )
    factories.EnrollmentFactory(participant=participant, cohort=other.cohort)

    enrollment = enrollment_create(participant=participant, cohort=session.cohort, by=hr_user)

    assert enrollment.status == Status.CONFIRMED


def test_waitlist_promote_fills_every_free_place_after_a_capacity_rise(hr_user):
    cohort = factories.CohortFactory(capacity=1)
    enrolled = _enrol(cohort, 4, hr_user)
    cohort.capacity = 3
    cohort.save()

    promoted = waitlist_promote(cohort=cohort, by=hr_user)

    assert promoted == enrolled[1:3]
    assert places_for_cohort(cohort=cohort).waitlisted == 1
