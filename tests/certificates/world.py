"""A cohort with past sessions, a campaign, a practice assignment, its trainer, HR and people."""

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import Group

from assessments.models import Invitation
from courses.access import HR_GROUP, TRAINERS_GROUP
from courses.models import Cohort, Session
from participants.models import Attendance, Enrollment, Participant, User
from practice.models import Assignment, Practice
from tests import factories

PAST = dt.datetime(2025, 3, 1, 1, 0, tzinfo=dt.UTC)


@dataclass
class World:
    cohort: Cohort
    other_cohort: Cohort
    trainer: User
    other_trainer: User
    hr: User
    people: list[Participant]
    enrollments: list[Enrollment]
    sessions: list[Session]
    assignment: Assignment

    @property
    def owner(self) -> User:
        user = self.people[0].user
        assert user is not None
        return user

    @property
    def peer(self) -> User:
        user = self.people[1].user
        assert user is not None
        return user


def staff(group: str) -> User:
    user = factories.UserFactory()
    user.groups.add(Group.objects.get(name=group))
    return user


def add_person(world: "World", *, ready: bool = True) -> Enrollment:
    """A confirmed participant; `ready` meets every part of the rule."""
    participant = factories.ParticipantFactory(with_user=True)
    enrollment = factories.EnrollmentFactory(
        participant=participant, cohort=world.cohort, status=Enrollment.Status.CONFIRMED
    )
    for session in world.sessions:
        factories.AttendanceFactory(
            enrollment=enrollment,
            session=session,
            status=Attendance.Status.PRESENT if ready else Attendance.Status.ABSENT,
        )
    campaign = world.cohort.campaigns.order_by("-created_at", "-pk").first()
    factories.InvitationFactory(
        campaign=campaign,
        subject=participant,
        group=Invitation.Group.SELF,
        status=Invitation.Status.SUBMITTED if ready else Invitation.Status.SENT,
        submitted_at=PAST if ready else None,
    )
    Practice.objects.create(
        assignment=world.assignment,
        participant=participant,
        status=Practice.Status.ACCEPTED if ready else Practice.Status.IN_PROGRESS,
        accepted_at=PAST if ready else None,
    )
    world.people.append(participant)
    world.enrollments.append(enrollment)
    return enrollment


def build_world(*, ready: int = 1, not_ready: int = 1) -> World:
    framework = factories.FrameworkFactory(name="STROBE")
    dimensions = [factories.DimensionFactory(framework=framework) for _ in range(2)]
    course = factories.CourseFactory(framework=framework, title="大客户经理", title_en="KAM course")
    factories.ModuleFactory(course=course, dimension=dimensions[0])
    cohort = factories.CohortFactory(course=course, completion_threshold=80)
    other_cohort = factories.CohortFactory(course=course)
    trainer, other_trainer, hr = staff(TRAINERS_GROUP), staff(TRAINERS_GROUP), staff(HR_GROUP)
    cohort.trainers.add(trainer)
    other_cohort.trainers.add(other_trainer)
    sessions = [
        factories.SessionFactory(
            cohort=cohort,
            starts_at=PAST + dt.timedelta(days=n),
            ends_at=PAST + dt.timedelta(days=n, hours=3),
        )
        for n in range(2)
    ]
    factories.CampaignFactory(cohort=cohort, framework=framework)
    assignment = Assignment.objects.create(
        cohort=cohort,
        title="Win the Q3 renewal",
        brief="Plan the renewal.",
        due_on=dt.date(2025, 5, 1),
        created_by=trainer,
    )
    world = World(
        cohort=cohort,
        other_cohort=other_cohort,
        trainer=trainer,
        other_trainer=other_trainer,
        hr=hr,
        people=[],
        enrollments=[],
        sessions=sessions,
        assignment=assignment,
    )
    for _ in range(ready):
        add_person(world, ready=True)
    for _ in range(not_ready):
        add_person(world, ready=False)
    return world
