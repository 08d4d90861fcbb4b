"""A cohort whose last session has ended: attendees, a no-show, trainers, HR, a stranger cohort."""

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.utils import timezone

from courses.access import HR_GROUP, TRAINERS_GROUP
from courses.models import Cohort, Module
from evaluations.models import Evaluation
from participants.models import Attendance, Participant, User
from tests import factories


@dataclass
class World:
    cohort: Cohort
    other_cohort: Cohort
    evaluation: Evaluation
    modules: list[Module]
    trainer: User
    other_trainer: User
    hr: User
    attendee: User
    no_show: User
    attendees: list[Participant]


def _user(group: str) -> User:
    user = factories.UserFactory()
    user.groups.add(Group.objects.get(name=group))
    return user


def attend(cohort: Cohort, status: str = Attendance.Status.PRESENT) -> Participant:
    """A participant with an account, enrolled and marked on the cohort's first session."""
    participant = factories.ParticipantFactory(with_user=True, language="en")
    enrollment = factories.EnrollmentFactory(participant=participant, cohort=cohort)
    session = cohort.sessions.order_by("starts_at").first()
    factories.AttendanceFactory(enrollment=enrollment, session=session, status=status)
    return participant


def build_world(*, attendees: int = 4, ended_ago: dt.timedelta = dt.timedelta(hours=1)) -> World:
    course = factories.CourseFactory()
    modules = [factories.ModuleFactory(course=course, number=n) for n in (1, 2)]
    cohort = factories.CohortFactory(course=course)
    other_cohort = factories.CohortFactory(course=course)
    end = timezone.now() - ended_ago
    for c in (cohort, other_cohort):
        factories.SessionFactory(
            cohort=c,
            starts_at=end - dt.timedelta(days=1),
            ends_at=end - dt.timedelta(days=1, hours=-3),
        )
        factories.SessionFactory(cohort=c, starts_at=end - dt.timedelta(hours=3), ends_at=end)
    trainer, other_trainer, hr = _user(TRAINERS_GROUP), _user(TRAINERS_GROUP), _user(HR_GROUP)
    cohort.trainers.add(trainer)
    other_cohort.trainers.add(other_trainer)
    people = [attend(cohort) for _ in range(attendees)]
    no_show = attend(cohort, Attendance.Status.ABSENT)
    attend(other_cohort)
    evaluation = factories.EvaluationFactory(cohort=cohort)
    assert people[0].user is not None
    assert no_show.user is not None
    return World(
        cohort=cohort,
        other_cohort=other_cohort,
        evaluation=evaluation,
        modules=modules,
        trainer=trainer,
        other_trainer=other_trainer,
        hr=hr,
        attendee=people[0].user,
        no_show=no_show.user,
        attendees=people,
    )


def answer_form(world: World, **overrides: object) -> dict[str, object]:
    """A complete questionnaire as the page posts it."""
    data: dict[str, object] = {
        "q-overall": "5",
        "q-relevance": "4",
        "q-engagement": "4",
        "q-confidence": "3",
        "q-commitment": "5",
        "recommend": "9",
        f"module-{world.modules[0].pk}": "5",
        f"module-{world.modules[1].pk}": "",
        f"trainer-{world.trainer.pk}": "4",
        "comment": "More cases from our own region, please.",
    }
    data.update(overrides)
    return data
