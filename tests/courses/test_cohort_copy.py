"""Copying a cohort: same local times across DST, trainers and rooms kept, enrolments not."""

import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from courses.models import Cohort, Session
from courses.services.copying import cohort_copy
from participants.models import Enrollment, User
from tests import factories

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


def local(session: Session, zone: zoneinfo.ZoneInfo) -> tuple[dt.date, dt.time, dt.time]:
    return (
        session.starts_at.astimezone(zone).date(),
        session.starts_at.astimezone(zone).time(),
        session.ends_at.astimezone(zone).time(),
    )


@pytest.mark.parametrize(
    ("zone", "old_first_day", "new_first_day", "offset_changes"),
    [
        # London: summer time (BST) in October before the 25th, winter (GMT) in December,
        # and summer again from the last Sunday of March.
        (LONDON, dt.date(2026, 10, 20), dt.date(2027, 4, 13), False),
        (LONDON, dt.date(2026, 10, 20), dt.date(2026, 12, 1), True),
        # New York: daylight time until 1 November 2026, standard time after.
        (NEW_YORK, dt.date(2026, 10, 27), dt.date(2026, 11, 3), True),
        (NEW_YORK, dt.date(2026, 12, 1), dt.date(2027, 3, 16), True),
    ],
)
def test_cohort_copy_keeps_the_local_wall_clock_time_across_dst(
    hr_user: User, trainer_user: User, zone, old_first_day, new_first_day, offset_changes
) -> None:
    # given: a cohort meeting at 09:00–12:00 on its first day and 14:00–17:00 the day after
    cohort = factories.CohortFactory(
        time_zone=zone.key,
        starts_on=old_first_day,
        ends_on=old_first_day + dt.timedelta(days=1),
    )
    room = factories.RoomFactory()
    cohort.trainers.add(trainer_user)
    first = dt.datetime.combine(old_first_day, dt.time(9), tzinfo=zone)
    second = dt.datetime.combine(old_first_day + dt.timedelta(days=1), dt.time(14), tzinfo=zone)
    for start in (first, second):
        session = factories.SessionFactory(
            cohort=cohort, starts_at=start, ends_at=start + dt.timedelta(hours=3), room=room
        )
        session.trainers.add(trainer_user)

    # when
    copy = cohort_copy(cohort=cohort, code="next-intake", starts_on=new_first_day, by=hr_user)

    # then: the same wall-clock times on the new days, whatever the offset is then
    sessions = list(copy.sessions.order_by("starts_at"))
    assert [local(s, zone) for s in sessions] == [
        (new_first_day, dt.time(9), dt.time(12)),
        (new_first_day + dt.timedelta(days=1), dt.time(14), dt.time(17)),
    ]
    old_offset = first.utcoffset()
    new_offset = sessions[0].starts_at.astimezone(zone).utcoffset()
    assert (old_offset != new_offset) is offset_changes
    assert copy.ends_on == new_first_day + dt.timedelta(days=1)
    assert copy.status == Cohort.Status.DRAFT
    assert copy.time_zone == zone.key


def test_cohort_copy_london_october_to_april_stays_nine_london(hr_user: User) -> None:
    # given: 09:00 BST on 20 October 2026 is 08:00 UTC
    cohort = factories.CohortFactory(
        time_zone="Europe/London", starts_on=dt.date(2026, 10, 20), ends_on=dt.date(2026, 10, 20)
    )
    start = dt.datetime(2026, 10, 26, 9, tzinfo=LONDON)  # the Monday after the clocks went back
    factories.SessionFactory(cohort=cohort, starts_at=start, ends_at=start + dt.timedelta(hours=2))

    # when: copied 175 days later, into summer time again
    copy = cohort_copy(
        cohort=cohort, code="kam-2027-04", starts_on=dt.date(2027, 4, 13), by=hr_user
    )

    # then: 09:00 London is 09:00 UTC in late October and 08:00 UTC in April
    session = copy.sessions.get()
    assert start.astimezone(dt.UTC).hour == 9
    assert session.starts_at.astimezone(dt.UTC) == dt.datetime(2027, 4, 19, 8, tzinfo=dt.UTC)
    assert session.starts_at.astimezone(LONDON).hour == 9


def test_cohort_copy_copies_trainers_rooms_and_not_enrolments(
    hr_user: User, trainer_user: User
) -> None:
    cohort = factories.CohortFactory(name="KAM 2027-01", capacity=12)
    cohort.trainers.add(trainer_user)
    room = factories.RoomFactory()
    module = factories.ModuleFactory(course=cohort.course)
    session = factories.SessionFactory(
        cohort=cohort,
        room=room,
        module=module,
        title="战略",
        title_en="Strategy",
        starts_at=dt.datetime(2027, 3, 1, 1, tzinfo=dt.UTC),
        ends_at=dt.datetime(2027, 3, 1, 4, tzinfo=dt.UTC),
    )
    session.trainers.add(trainer_user)
    factories.SessionFactory(cohort=cohort, status=Session.Status.CANCELLED)
    factories.EnrollmentFactory(cohort=cohort)

    copy = cohort_copy(
        cohort=cohort,
        code="kam-2027-02",
        name="KAM 2027-02",
        starts_on=dt.date(2027, 6, 7),
        by=hr_user,
    )

    assert copy.name == "KAM 2027-02"
    assert copy.course_id == cohort.course_id
    assert copy.capacity == 12
    assert list(copy.trainers.all()) == [trainer_user]
    copied = copy.sessions.get()  # the cancelled one stays behind
    assert (copied.title, copied.title_en, copied.room, copied.module) == (
        "战略",
        "Strategy",
        room,
        module,
    )
    assert list(copied.trainers.all()) == [trainer_user]
    assert copied.starts_at == dt.datetime(2027, 6, 7, 1, tzinfo=dt.UTC)  # Shanghai has no DST
    assert not Enrollment.objects.filter(cohort=copy).exists()


def test_cohort_copy_reports_every_clash_and_saves_nothing(
    hr_user: User, trainer_user: User
) -> None:
    # given: a cohort whose trainer is already booked at the copy's first session
    cohort = factories.CohortFactory(starts_on=dt.date(2027, 3, 1), ends_on=dt.date(2027, 3, 1))
    start = dt.datetime(2027, 3, 1, 1, tzinfo=dt.UTC)
    session = factories.SessionFactory(
        cohort=cohort, title="Role S", starts_at=start, ends_at=start + dt.timedelta(hours=3)
    )
    session.trainers.add(trainer_user)
    busy = factories.SessionFactory(
        title="Elsewhere",
        starts_at=start + dt.timedelta(days=7),
        ends_at=start + dt.timedelta(days=7, hours=2),
    )
    busy.trainers.add(trainer_user)

    # when
    with pytest.raises(ValidationError) as error:
        cohort_copy(cohort=cohort, code="clashing", starts_on=dt.date(2027, 3, 8), by=hr_user)

    # then: the clash is named, and neither the cohort nor a session was kept
    text = " ".join(error.value.messages)
    assert "Role S" in text
    assert "Elsewhere" in text
    assert not Cohort.objects.filter(code="clashing").exists()


def test_cohort_copy_refuses_a_local_time_the_clocks_skip(hr_user: User) -> None:
    # 01:30 on 28 March 2027 does not exist in London (clocks go from 01:00 to 02:00)
    cohort = factories.CohortFactory(
        time_zone="Europe/London", starts_on=dt.date(2027, 3, 21), ends_on=dt.date(2027, 3, 21)
    )
    start = dt.datetime(2027, 3, 21, 1, 30, tzinfo=LONDON)
    factories.SessionFactory(cohort=cohort, starts_at=start, ends_at=start + dt.timedelta(hours=2))

    with pytest.raises(ValidationError) as error:
        cohort_copy(cohort=cohort, code="skipped", starts_on=dt.date(2027, 3, 28), by=hr_user)

    assert "does not exist in Europe/London" in " ".join(error.value.messages)
    assert not Cohort.objects.filter(code="skipped").exists()


def test_cohort_copy_is_for_hr_only(trainer_user: User) -> None:
    cohort = factories.CohortFactory()

    with pytest.raises(PermissionDenied):
        cohort_copy(cohort=cohort, code="x", starts_on=dt.date(2027, 5, 1), by=trainer_user)
