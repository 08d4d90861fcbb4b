"""Moving, re-rooming or cancelling a session is recorded: who, when, old and new, the note."""

import datetime as dt

import pytest
from django.urls import reverse

from courses.models import SessionChange
from courses.services.scheduling import session_cancel, session_update
from tests import factories

pytestmark = pytest.mark.django_db
UTC = dt.UTC
START = dt.datetime(2027, 3, 2, 1, tzinfo=UTC)


def _session(**kwargs):
    return factories.SessionFactory(
        starts_at=START, ends_at=START + dt.timedelta(hours=2), **kwargs
    )


def test_moving_a_session_records_who_when_and_the_old_and_new_times(hr_user) -> None:
    session = _session()
    later = START + dt.timedelta(days=1)

    session_update(
        session=session, starts_at=later, ends_at=later + dt.timedelta(hours=2), by=hr_user
    )

    (change,) = SessionChange.objects.filter(session=session)
    assert change.by == hr_user
    assert change.at is not None
    assert change.changes["starts_at"] == [START.isoformat(), later.isoformat()]
    assert set(change.changes) == {"starts_at", "ends_at"}


def test_re_rooming_with_an_allowed_conflict_records_the_note(hr_user, trainer_user) -> None:
    old_room, new_room = factories.RoomFactory(name="Lotus"), factories.RoomFactory(name="Rose")
    session = _session(room=old_room)
    _session(room=new_room)  # another cohort holds the new room then

    session_update(
        session=session,
        room=new_room,
        allow_conflict=True,
        conflict_note="Rose is split in two halves",
        by=hr_user,
    )

    (change,) = SessionChange.objects.filter(session=session)
    assert change.changes == {"room": [str(old_room), str(new_room)]}
    assert change.note == "Rose is split in two halves"


def test_cancelling_a_session_records_the_status_change(hr_user) -> None:
    session = _session()

    session_cancel(session=session, by=hr_user)

    (change,) = SessionChange.objects.filter(session=session)
    assert change.changes == {"status": ["scheduled", "cancelled"]}
    assert change.by == hr_user


def test_a_title_change_is_not_a_session_change(hr_user) -> None:
    session = _session()

    session_update(session=session, title="Renamed", by=hr_user)

    assert not SessionChange.objects.filter(session=session).exists()


def test_hr_sees_the_changes_on_the_schedule_and_a_participant_does_not(hr_user, client) -> None:
    session = _session(title="Role S")
    session_cancel(session=session, by=hr_user)
    url = reverse("courses:cohort-schedule", kwargs={"pk": session.cohort_id})

    client.force_login(hr_user)
    page = client.get(url).content.decode()

    assert "1 change" in page
    assert str(hr_user) in page
    assert "scheduled → cancelled" in page

    participant = factories.ParticipantFactory(with_user=True)
    factories.EnrollmentFactory(participant=participant, cohort=session.cohort, status="confirmed")
    client.force_login(participant.user)
    assert "1 change" not in client.get(url).content.decode()
