"""Concurrent enrolments and cancellations on PostgreSQL: real threads, one connection each.

SQLite serialises every writer anyway, and its test database is in memory (invisible to other
connections), so these run on PostgreSQL only; CI runs the suite there.
"""

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from participants.models import Enrollment
from participants.selectors.enrollment import places_for_cohort, waitlist_for_cohort
from participants.services.enrollment import enrollment_cancel, enrollment_create
from tests import factories

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
Status = Enrollment.Status


def _run_at_once(calls: list[Callable[[], object]]) -> list[BaseException]:
    """Run each call in its own thread (own DB connection), all released together."""
    barrier = threading.Barrier(len(calls))
    errors: list[BaseException] = []

    def worker(call: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=30)
            call()
        except BaseException as error:  # reported by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a thread is stuck"
    return errors


def test_40_simultaneous_enrolments_into_10_places(hr_user):
    # given
    cohort = factories.CohortFactory(capacity=10)
    participants = [factories.ParticipantFactory() for _ in range(40)]

    # when
    errors = _run_at_once(
        [
            (lambda p=p: enrollment_create(participant=p, cohort=cohort, by=hr_user))
            for p in participants
        ]
    )

    # then exactly 10 places, 30 waiting, and the queue keeps the order of arrival
    assert errors == []
    places = places_for_cohort(cohort=cohort)
    assert (places.confirmed, places.waitlisted) == (10, 30)
    arrival = list(Enrollment.objects.filter(cohort=cohort).order_by("created_at", "pk"))
    assert [e.status for e in arrival] == [Status.CONFIRMED] * 10 + [Status.WAITLISTED] * 30
    assert list(waitlist_for_cohort(cohort=cohort)) == arrival[10:]
    assert [e.pk for e in arrival] == sorted(e.pk for e in arrival)


def test_10_simultaneous_cancellations_promote_exactly_10(hr_user):
    # given a full cohort of 10 with 15 waiting
    cohort = factories.CohortFactory(capacity=10)
    enrolled = [
        enrollment_create(participant=factories.ParticipantFactory(), cohort=cohort, by=hr_user)
        for _ in range(25)
    ]
    confirmed, waiting = enrolled[:10], enrolled[10:]

    # when all ten places are cancelled at once
    errors = _run_at_once(
        [(lambda e=e: enrollment_cancel(enrollment=e, by=hr_user)) for e in confirmed]
    )

    # then the first ten of the waitlist have them, in order, and five still wait
    assert errors == []
    statuses = dict(Enrollment.objects.filter(cohort=cohort).values_list("pk", "status"))
    assert [statuses[e.pk] for e in confirmed] == [Status.CANCELLED] * 10
    assert [statuses[e.pk] for e in waiting] == [Status.CONFIRMED] * 10 + [Status.WAITLISTED] * 5
    promotions = [
        e.history.filter(from_status=Status.WAITLISTED, to_status=Status.CONFIRMED).count()
        for e in waiting
    ]
    assert promotions == [1] * 10 + [0] * 5
