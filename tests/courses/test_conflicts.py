"""Clash detection: who or what is double-booked, named in the other cohort's time zone."""

import datetime as dt
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.models import Session
from courses.selectors.conflicts import clashes_for_slot, conflicts_for_cohort
from participants.models import User
from tests import factories

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(hour: int, minute: int = 0, day: int = 2) -> dt.datetime:
    return dt.datetime(2027, 3, day, hour, minute, tzinfo=SHANGHAI)


def session(*, start: dt.datetime, end: dt.datetime, trainers=(), room=None, **kwargs) -> Session:
    created = factories.SessionFactory(starts_at=start, ends_at=end, room=room, **kwargs)
    created.trainers.set(trainers)
    return created


def test_clashes_for_slot_names_the_trainer_and_the_room(trainer_user: User) -> None:
    room = factories.RoomFactory(name="明德室")
    other = session(start=at(9), end=at(12), trainers=[trainer_user], room=room, title="角色T")

    clashes = clashes_for_slot(
        starts_at=at(11), ends_at=at(13), trainer_ids=[trainer_user.pk], room_id=room.pk
    )

    assert [(c.kind, c.session, c.what) for c in clashes] == [
        ("trainer", other, "常兴"),
        ("room", other, str(room)),
    ]
    assert "角色T" in clashes[0].message
    assert "明德室" in clashes[1].message


def test_clashes_for_slot_ignores_touching_and_cancelled_sessions(trainer_user: User) -> None:
    session(start=at(9), end=at(12), trainers=[trainer_user])
    session(start=at(12), end=at(14), trainers=[trainer_user], status=Session.Status.CANCELLED)

    clashes = clashes_for_slot(
        starts_at=at(12), ends_at=at(13), trainer_ids=[trainer_user.pk], room_id=None
    )

    assert clashes == []


def test_clash_message_uses_the_other_cohorts_time_zone(trainer_user: User) -> None:
    cohort = factories.CohortFactory(time_zone="America/Mexico_City", name="Mexico cohort")
    # 01:00–04:00 UTC on 2 March = 19:00–22:00 on 1 March in Mexico City
    session(
        start=dt.datetime(2027, 3, 2, 1, tzinfo=dt.UTC),
        end=dt.datetime(2027, 3, 2, 4, tzinfo=dt.UTC),
        trainers=[trainer_user],
        cohort=cohort,
    )

    (clash,) = clashes_for_slot(
        starts_at=at(10), ends_at=at(11), trainer_ids=[trainer_user.pk], room_id=None
    )

    assert "2027-03-01 19:00–22:00 America/Mexico_City" in clash.message
    assert "Mexico cohort" in clash.message


def test_conflicts_for_cohort_lists_clashes_with_other_cohorts(trainer_user: User) -> None:
    cohort = factories.CohortFactory()
    mine = session(start=at(9), end=at(12), trainers=[trainer_user], cohort=cohort)
    elsewhere = session(start=at(11), end=at(13), trainers=[trainer_user])
    session(start=at(14), end=at(15), trainers=[trainer_user], cohort=cohort)  # free

    conflicts = conflicts_for_cohort(cohort=cohort)

    assert [(c.session, c.clash.session, c.clash.kind) for c in conflicts] == [
        (mine, elsewhere, "trainer")
    ]


def _cohort_with_clashes(size: int):
    trainer = factories.UserFactory()
    cohort = factories.CohortFactory()
    room = factories.RoomFactory()
    # Each of the cohort's sessions clashes with one session of another cohort.
    for day in range(1, size + 1):
        session(start=at(9, day=day), end=at(12, day=day), trainers=[trainer], cohort=cohort)
        session(start=at(10, day=day), end=at(11, day=day), trainers=[trainer], room=room)
    return cohort


def test_conflicts_for_cohort_query_count_is_constant() -> None:
    small, large = _cohort_with_clashes(2), _cohort_with_clashes(8)

    counts = []
    for cohort, size in ((small, 2), (large, 8)):
        with CaptureQueriesContext(connection) as queries:
            conflicts = conflicts_for_cohort(cohort=cohort)
            messages = [c.clash.message for c in conflicts]
        assert len(messages) == size
        counts.append(len(queries))

    assert counts[0] == counts[1]
