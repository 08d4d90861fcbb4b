"""Scheduling services: double bookings refused at the edges, overrides recorded, sequence."""

import datetime as dt
import zoneinfo
from collections.abc import Iterator

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from courses.access import system_actor
from courses.models import Session
from courses.services.scheduling import session_cancel, session_create, session_update
from participants.models import User
from tests import factories

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
LONDON = zoneinfo.ZoneInfo("Europe/London")


def at(hour: int, minute: int = 0, *, day: int = 2, zone: zoneinfo.ZoneInfo = SHANGHAI):
    return dt.datetime(2027, 3, day, hour, minute, tzinfo=zone)


@pytest.fixture(autouse=True)
def _the_system_schedules() -> Iterator[None]:
    # These are the schedule's rules; who may schedule is tested with the other permissions.
    with system_actor():
        yield


def book(*, trainer: User | None = None, start, end, room=None, cohort=None, **kwargs) -> Session:
    kwargs.setdefault("by", None)
    return session_create(
        cohort=cohort or factories.CohortFactory(),
        title=kwargs.pop("title", "Role S"),
        starts_at=start,
        ends_at=end,
        room=room,
        trainers=[trainer] if trainer else [],
        **kwargs,
    )


def test_session_create_saves_an_aware_session(trainer_user: User) -> None:
    session = book(trainer=trainer_user, start=at(9), end=at(12))

    assert session.pk is not None
    assert list(session.trainers.all()) == [trainer_user]
    assert session.starts_at == at(1, zone=dt.UTC)
    assert session.sequence == 0


def test_session_create_refuses_naive_datetimes(trainer_user: User) -> None:
    with pytest.raises(ValidationError) as error:
        book(trainer=trainer_user, start=dt.datetime(2027, 3, 2, 9), end=at(12))

    assert "starts_at" in error.value.message_dict
    assert Session.objects.count() == 0


def test_session_create_refuses_an_end_before_the_start(trainer_user: User) -> None:
    with pytest.raises(ValidationError):
        book(trainer=trainer_user, start=at(12), end=at(9))


def test_session_create_allows_touching_ranges(trainer_user: User) -> None:
    book(trainer=trainer_user, start=at(9), end=at(12))

    # when: the next session starts the minute the first ends
    second = book(trainer=trainer_user, start=at(12), end=at(13))

    assert second.pk is not None


def test_session_create_refuses_an_overlap_of_one_minute(trainer_user: User) -> None:
    first = book(trainer=trainer_user, start=at(9), end=at(12), title="战略执行")

    with pytest.raises(ValidationError) as error:
        book(trainer=trainer_user, start=at(11, 59), end=at(13))

    message = " ".join(error.value.message_dict["starts_at"])
    assert "战略执行" in message
    assert first.cohort.name in message
    assert "常兴" in message
    assert Session.objects.count() == 1


def test_session_create_sees_a_clash_in_another_cohorts_time_zone(trainer_user: User) -> None:
    # given: 09:00–12:00 in London (UTC+0 in March) = 17:00–20:00 in Shanghai
    london = factories.CohortFactory(time_zone="Europe/London", name="London cohort")
    book(trainer=trainer_user, start=at(9, zone=LONDON), end=at(12, zone=LONDON), cohort=london)

    with pytest.raises(ValidationError) as error:
        book(trainer=trainer_user, start=at(19), end=at(21))  # Shanghai time

    message = error.value.message_dict["starts_at"][0]
    # The clash is named in the other cohort's own time zone.
    assert "London cohort" in message
    assert "09:00–12:00 Europe/London" in message


def test_session_create_same_clock_time_in_other_zones_is_no_clash(trainer_user: User) -> None:
    london = factories.CohortFactory(time_zone="Europe/London")
    book(trainer=trainer_user, start=at(9, zone=LONDON), end=at(12, zone=LONDON), cohort=london)

    session = book(trainer=trainer_user, start=at(9), end=at(12))

    assert session.pk is not None


def test_session_crossing_midnight_clashes_with_the_next_morning(trainer_user: User) -> None:
    book(trainer=trainer_user, start=at(22), end=at(1, day=3))

    with pytest.raises(ValidationError):
        book(trainer=trainer_user, start=at(0, 30, day=3), end=at(2, day=3))
    after = book(trainer=trainer_user, start=at(1, day=3), end=at(3, day=3))

    assert after.pk is not None


def test_session_create_refuses_a_double_booked_room(trainer_user: User) -> None:
    room = factories.RoomFactory(name="博学厅")
    book(start=at(9), end=at(12), room=room)

    with pytest.raises(ValidationError) as error:
        book(trainer=trainer_user, start=at(10), end=at(11), room=room)

    assert "博学厅" in error.value.message_dict["starts_at"][0]


def test_session_create_other_room_other_trainer_is_fine(trainer_user: User) -> None:
    book(trainer=trainer_user, start=at(9), end=at(12), room=factories.RoomFactory())

    session = book(trainer=factories.UserFactory(), start=at(9), end=at(12))

    assert session.pk is not None


def test_cancelled_sessions_never_clash(trainer_user: User, hr_user: User) -> None:
    room = factories.RoomFactory()
    first = book(trainer=trainer_user, start=at(9), end=at(12), room=room)
    session_cancel(session=first, by=hr_user)

    second = book(trainer=trainer_user, start=at(9), end=at(12), room=room)

    assert second.pk is not None


def test_override_requires_a_note(trainer_user: User, hr_user: User) -> None:
    book(trainer=trainer_user, start=at(9), end=at(12))

    with pytest.raises(ValidationError) as error:
        book(trainer=trainer_user, start=at(10), end=at(11), allow_conflict=True, by=hr_user)

    assert "conflict_note" in error.value.message_dict
    assert Session.objects.count() == 1


def test_override_with_a_note_is_recorded(trainer_user: User, hr_user: User) -> None:
    book(trainer=trainer_user, start=at(9), end=at(12))
    before = timezone.now()

    session = book(
        trainer=trainer_user,
        start=at(10),
        end=at(11),
        allow_conflict=True,
        conflict_note="Co-teaching the first hour",
        by=hr_user,
    )

    session.refresh_from_db()
    assert session.conflict_allowed_by == hr_user
    assert session.conflict_allowed_at is not None
    assert session.conflict_allowed_at >= before


def test_override_without_a_clash_records_nothing(trainer_user: User, hr_user: User) -> None:
    session = book(trainer=trainer_user, start=at(9), end=at(12), allow_conflict=True, by=hr_user)

    assert session.conflict_allowed_by is None


def test_session_update_bumps_sequence_on_a_time_change(trainer_user: User) -> None:
    session = book(trainer=trainer_user, start=at(9), end=at(12))

    session = session_update(by=None, session=session, starts_at=at(9, 30))

    assert session.sequence == 1
    session.refresh_from_db()
    assert session.starts_at == at(9, 30)


def test_session_update_bumps_sequence_on_a_room_change(trainer_user: User) -> None:
    session = book(trainer=trainer_user, start=at(9), end=at(12), room=factories.RoomFactory())

    session = session_update(by=None, session=session, room=factories.RoomFactory())

    assert session.sequence == 1


def test_session_update_keeps_sequence_when_time_and_room_stay(trainer_user: User) -> None:
    room = factories.RoomFactory()
    session = book(trainer=trainer_user, start=at(9), end=at(12), room=room)

    # when: the same time and room are sent back with a new title
    session = session_update(
        session=session, title="新标题", starts_at=at(9), ends_at=at(12), room=room, by=None
    )

    assert session.sequence == 0
    session.refresh_from_db()
    assert session.title == "新标题"


def test_session_update_refuses_naive_datetimes(trainer_user: User) -> None:
    session = book(trainer=trainer_user, start=at(9), end=at(12))

    with pytest.raises(ValidationError) as error:
        session_update(by=None, session=session, ends_at=dt.datetime(2027, 3, 2, 13))

    assert "ends_at" in error.value.message_dict
    session.refresh_from_db()
    assert session.ends_at == at(12)


def test_session_update_refuses_moving_into_a_clash(trainer_user: User) -> None:
    book(trainer=trainer_user, start=at(9), end=at(12))
    later = book(trainer=trainer_user, start=at(13), end=at(15))

    with pytest.raises(ValidationError):
        session_update(by=None, session=later, starts_at=at(11), ends_at=at(13))

    later.refresh_from_db()
    assert (later.starts_at, later.sequence) == (at(13), 0)


def test_session_update_does_not_clash_with_itself(trainer_user: User) -> None:
    session = book(trainer=trainer_user, start=at(9), end=at(12))

    session = session_update(by=None, session=session, ends_at=at(12, 30))

    assert session.ends_at == at(12, 30)


def test_session_update_checks_new_trainers(trainer_user: User) -> None:
    book(trainer=trainer_user, start=at(9), end=at(12))
    other = book(trainer=factories.UserFactory(), start=at(9), end=at(12))

    with pytest.raises(ValidationError):
        session_update(by=None, session=other, trainers=[trainer_user])

    assert list(other.trainers.all()) != [trainer_user]


def test_session_cancel_bumps_sequence_once(hr_user: User) -> None:
    session = book(start=at(9), end=at(12))

    session = session_cancel(session=session, by=hr_user)

    assert (session.status, session.sequence) == (Session.Status.CANCELLED, 1)
    with pytest.raises(ValidationError):
        session_cancel(session=session, by=hr_user)


def test_session_update_reinstating_a_cancelled_session_checks_clashes(
    trainer_user: User, hr_user: User
) -> None:
    first = session_cancel(session=book(trainer=trainer_user, start=at(9), end=at(12)), by=hr_user)
    book(trainer=trainer_user, start=at(9), end=at(12))

    with pytest.raises(ValidationError):
        session_update(by=None, session=first, status=Session.Status.SCHEDULED)

    first.refresh_from_db()
    assert first.status == Session.Status.CANCELLED


def test_session_create_refuses_a_year_out_of_range(db: None) -> None:
    # given
    cohort = factories.CohortFactory()
    start = dt.datetime(1850, 3, 1, 9, tzinfo=dt.UTC)

    # when
    with pytest.raises(ValidationError) as error:
        session_create(
            cohort=cohort,
            title="Too early",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=2),
            by=None,
        )

    # then
    assert "starts_at" in error.value.message_dict
    assert not Session.objects.filter(cohort=cohort).exists()
