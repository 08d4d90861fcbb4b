"""A session may not take a slot in which one of its confirmed participants is booked in
another cohort, unless the clash is allowed with a recorded note (as for trainers and rooms)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from courses.services.scheduling import session_create, session_update
from tests import factories

pytestmark = pytest.mark.django_db

START = dt.datetime(2027, 6, 1, 8, tzinfo=dt.UTC)


@pytest.fixture
def booked_elsewhere():
    """Ana is confirmed in two cohorts; the other cohort meets 08:00–11:00 UTC."""
    ana = factories.ParticipantFactory(name="Ana Lima", name_en="Ana Lima")
    mine, other = factories.CohortFactory(), factories.CohortFactory()
    for cohort in (mine, other):
        factories.EnrollmentFactory(participant=ana, cohort=cohort, status="confirmed")
    factories.SessionFactory(cohort=other, starts_at=START, ends_at=START + dt.timedelta(hours=3))
    return mine, other


def test_a_slot_that_clashes_for_a_confirmed_participant_is_refused(
    hr_user, booked_elsewhere
) -> None:
    mine, _other = booked_elsewhere
    with pytest.raises(ValidationError) as error:
        session_create(
            cohort=mine,
            title="Role S",
            starts_at=START + dt.timedelta(hours=1),
            ends_at=START + dt.timedelta(hours=2),
            by=hr_user,
        )
    message = " ".join(error.value.message_dict["starts_at"])
    assert "Ana Lima, a confirmed participant, is also booked on" in message
    assert not mine.sessions.exists()


def test_the_clash_may_be_allowed_with_a_note(hr_user, booked_elsewhere) -> None:
    mine, _other = booked_elsewhere
    session = session_create(
        cohort=mine,
        title="Role S",
        starts_at=START + dt.timedelta(hours=1),
        ends_at=START + dt.timedelta(hours=2),
        allow_conflict=True,
        conflict_note="Ana joins the other cohort online that morning.",
        by=hr_user,
    )
    assert session.conflict_allowed_by == hr_user


def test_touching_slots_and_moving_away_are_fine(hr_user, booked_elsewhere) -> None:
    mine, _other = booked_elsewhere
    after = START + dt.timedelta(hours=3)  # half-open: 11:00 starts as the other ends
    session = session_create(
        cohort=mine,
        title="Role S",
        starts_at=after,
        ends_at=after + dt.timedelta(hours=1),
        by=hr_user,
    )
    with pytest.raises(ValidationError):
        session_update(
            session=session,
            starts_at=START,
            ends_at=START + dt.timedelta(hours=1),
            by=hr_user,
        )


def test_a_waitlisted_or_cancelled_person_does_not_clash(hr_user, booked_elsewhere) -> None:
    mine, _other = booked_elsewhere
    mine.enrollments.update(status="cancelled")
    session_create(
        cohort=mine,
        title="Role S",
        starts_at=START,
        ends_at=START + dt.timedelta(hours=1),
        by=hr_user,
    )
