"""Builders for the My Zone, trainer and programme-office tests."""

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.utils import timezone

from courses.models import Cohort, Session
from participants.models import TRAINERS_GROUP, Attendance, Enrollment, Participant, User
from tests import factories


def day_at(days: int, hour: int, minute: int = 0) -> dt.datetime:
    """Today ± days at hour:minute UTC."""
    today = timezone.now().astimezone(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return today + dt.timedelta(days=days, hours=hour, minutes=minute)


def make_trainer(**kwargs: object) -> User:
    user = factories.UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name=TRAINERS_GROUP))
    return user


@dataclass
class CohortWorld:
    cohort: Cohort
    trainer: User
    past: list[Session] = field(default_factory=list)
    upcoming: list[Session] = field(default_factory=list)
    enrollments: list[Enrollment] = field(default_factory=list)

    @property
    def participants(self) -> list[Participant]:
        return [e.participant for e in self.enrollments]


def cohort_world(
    *,
    people: int = 3,
    past: int = 2,
    upcoming: int = 2,
    trainer: User | None = None,
    capacity: int = 30,
    time_zone: str = "Asia/Shanghai",
    with_users: bool = True,
    mark: str | None = Attendance.Status.PRESENT,
) -> CohortWorld:
    """A cohort with modules tied to a role, sessions in the past and ahead, people and marks."""
    trainer = trainer or make_trainer()
    dimension = factories.DimensionFactory(code="S", name="战略", name_en="Strategist")
    course = factories.CourseFactory()
    cohort = factories.CohortFactory(course=course, capacity=capacity, time_zone=time_zone)
    cohort.trainers.add(trainer)
    room = factories.RoomFactory()
    world = CohortWorld(cohort=cohort, trainer=trainer)
    for i in range(past + upcoming):
        module = factories.ModuleFactory(course=course, number=i + 1, dimension=dimension)
        days = -(past - i) * 2 if i < past else (i - past + 1) * 2
        session = factories.SessionFactory(
            cohort=cohort,
            module=module,
            room=room,
            starts_at=day_at(days, 1),
            ends_at=day_at(days, 4),
        )
        session.trainers.add(trainer)
        (world.past if i < past else world.upcoming).append(session)
    for _ in range(people):
        participant = factories.ParticipantFactory(with_user=with_users, time_zone="Asia/Dubai")
        world.enrollments.append(
            factories.EnrollmentFactory(participant=participant, cohort=cohort)
        )
    if mark:
        for session in world.past:
            for enrollment in world.enrollments:
                factories.AttendanceFactory(enrollment=enrollment, session=session, status=mark)
    return world


def waitlisted(cohort: Cohort, **kwargs: object) -> Enrollment:
    kwargs.setdefault("waitlisted_at", timezone.now())
    return factories.EnrollmentFactory(cohort=cohort, status=Enrollment.Status.WAITLISTED, **kwargs)


def ensure_demo_cohort() -> Cohort:
    """The courses demo's cohort; a stand-in of the same shape where that demo is not loaded."""
    from courses import demo as courses_demo
    from participants import demo

    courses_demo.load()
    cohort = Cohort.objects.filter(code=demo.DEMO_COHORT).first()
    if cohort is not None:
        return cohort
    trainer = make_trainer(email=demo.TRAINER_EMAIL, full_name="常兴")
    cohort = factories.CohortFactory(
        code=demo.DEMO_COHORT, capacity=24, status=Cohort.Status.RUNNING
    )
    cohort.trainers.add(trainer)
    for days in range(-6, 6, 2):
        factories.SessionFactory(
            cohort=cohort, starts_at=day_at(days, 1), ends_at=day_at(days, 4)
        ).trainers.add(trainer)
    return cohort
