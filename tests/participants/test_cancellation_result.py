"""A cancellation says what it changed: the cancelled place and who it went to."""

import pytest

from participants.models import Enrollment
from participants.services.enrollment import enrollment_cancel, enrollment_create
from tests import factories

pytestmark = pytest.mark.django_db


def test_enrollment_cancel_returns_who_was_promoted(hr_user) -> None:
    cohort = factories.CohortFactory(capacity=1)
    holder = enrollment_create(
        participant=factories.ParticipantFactory(), cohort=cohort, by=hr_user
    )
    head = enrollment_create(participant=factories.ParticipantFactory(), cohort=cohort, by=hr_user)

    cancellation = enrollment_cancel(enrollment=holder, by=hr_user)

    assert cancellation.enrollment.status == Enrollment.Status.CANCELLED
    assert [e.pk for e in cancellation.promoted] == [head.pk]


def test_the_cancel_page_names_the_promoted_person(hr_user, client) -> None:
    cohort = factories.CohortFactory(capacity=1)
    holder = enrollment_create(
        participant=factories.ParticipantFactory(), cohort=cohort, by=hr_user
    )
    head = enrollment_create(
        participant=factories.ParticipantFactory(name_en="Next In Line"), cohort=cohort, by=hr_user
    )
    client.force_login(hr_user)

    response = client.post(f"/hr/enrollments/{holder.pk}/cancel/", follow=True)

    assert response.status_code == 200
    assert f"{head.participant} moves up from the waitlist" in response.content.decode()
