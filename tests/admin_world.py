"""Two cohorts, their trainers, HR and a superuser, and one row of every admin model in cohort A.

Shared by the admin matrix and the focused admin access tests: cohort A's people, raters and
marks carry names that must never reach cohort B's trainer.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import Group
from django.db.models import Model
from django.utils import timezone
from rest_framework.authtoken.models import Token, TokenProxy

from assessments.models import Campaign, Invitation, ReminderLog
from certificates.models import Certificate, CompletionDecision, CompletionRule
from courses.models import Cohort
from participants.models import HR_GROUP, TRAINERS_GROUP, Attendance, Enrollment, User
from practice.models import Assignment, Practice, TriangleRole
from tests import factories

# Strings of cohort A that only those who may see cohort A's rows may read.
SECRET_COHORT_NAME = "Cohort Alpha Secret"
SECRET_PARTICIPANT_NAME = "Alpha Participant Secret"
SECRET_PARTICIPANT_EMAIL = "alpha.participant@secret.example.com"
SECRET_RATER_NAME = "Alpha Rater Secret"
SECRET_RATER_EMAIL = "alpha.rater@secret.example.com"
SECRETS = (
    SECRET_COHORT_NAME,
    SECRET_PARTICIPANT_NAME,
    SECRET_PARTICIPANT_EMAIL,
    SECRET_RATER_NAME,
    SECRET_RATER_EMAIL,
)


@dataclass
class World:
    cohort_a: Cohort
    cohort_b: Cohort
    users: dict[str, User | None]
    rows: dict[type[Model], Model] = field(default_factory=dict)
    enrollment_a: Enrollment | None = None
    enrollment_b: Enrollment | None = None
    attendance_a: Attendance | None = None
    campaign_a: Campaign | None = None
    invitation_a: Invitation | None = None
    invitation_b: Invitation | None = None


def _staff(name: str, *groups: str, **extra: Any) -> User:
    user = factories.UserFactory(full_name=name, is_staff=True, **extra)
    for group in groups:
        user.groups.add(Group.objects.get(name=group))
    return user


def build_world() -> World:
    """Cohort A (its trainer, a participant, a session, a mark, an open campaign) and cohort B."""
    now = timezone.now()
    trainer_a = _staff("Trainer A", TRAINERS_GROUP)
    trainer_b = _staff("Trainer B", TRAINERS_GROUP)
    hr = _staff("HR Officer", HR_GROUP)
    superuser = _staff("Root", is_superuser=True)
    staff_participant = _staff("Staff flag only")

    framework = factories.FrameworkFactory()
    dimension = factories.DimensionFactory(framework=framework)
    factories.ItemFactory(dimension=dimension)
    # Unpublished: only HR and the trainers of its cohorts see it, as in the API.
    course = factories.CourseFactory(is_published=False)
    module = factories.ModuleFactory(course=course, dimension=dimension)
    factories.ActivityFactory(module=module)
    venue = factories.VenueFactory()
    factories.RoomFactory(venue=venue)

    cohort_a = factories.CohortFactory(course=course, name=SECRET_COHORT_NAME)
    cohort_a.trainers.add(trainer_a)
    cohort_b = factories.CohortFactory(name="Cohort Beta")
    cohort_b.trainers.add(trainer_b)
    session_a = factories.SessionFactory(cohort=cohort_a)
    session_b = factories.SessionFactory(cohort=cohort_b)

    participant_a = factories.ParticipantFactory(
        name=SECRET_PARTICIPANT_NAME,
        name_en=SECRET_PARTICIPANT_NAME,
        email=SECRET_PARTICIPANT_EMAIL,
        with_user=True,
    )
    participant_b = factories.ParticipantFactory(with_user=True)
    enrollment_a = factories.EnrollmentFactory(participant=participant_a, cohort=cohort_a)
    enrollment_b = factories.EnrollmentFactory(participant=participant_b, cohort=cohort_b)
    attendance_a = factories.AttendanceFactory(enrollment=enrollment_a, session=session_a)
    factories.AttendanceFactory(enrollment=enrollment_b, session=session_b)

    campaign_a = factories.CampaignFactory(
        cohort=cohort_a,
        framework=framework,
        status=Campaign.Status.OPEN,
        opens_at=now - dt.timedelta(days=7),
        closes_at=now + dt.timedelta(days=2),
    )
    campaign_b = factories.CampaignFactory(cohort=cohort_b, status=Campaign.Status.OPEN)
    invitation_a = factories.InvitationFactory(
        campaign=campaign_a,
        subject=participant_a,
        rater_name=SECRET_RATER_NAME,
        rater_email=SECRET_RATER_EMAIL,
        sent_at=now - dt.timedelta(days=6),
    )
    invitation_b = factories.InvitationFactory(
        campaign=campaign_b, subject=participant_b, sent_at=now - dt.timedelta(days=6)
    )
    reminder = ReminderLog.objects.create(invitation=invitation_a, days_before_close=3)
    Token.objects.create(user=superuser)
    assignment_a = Assignment.objects.create(
        cohort=cohort_a,
        title="Practice",
        brief="Brief",
        due_on=dt.date(2027, 5, 1),
        created_by=trainer_a,
    )
    practice_a = Practice.objects.create(assignment=assignment_a, participant=participant_a)
    rule_a = CompletionRule.objects.create(cohort=cohort_a)
    decision_a = CompletionDecision.objects.create(
        enrollment=enrollment_a, outcome="refused", note="Not yet", by=hr
    )
    certificate_a = Certificate.objects.create(enrollment=enrollment_a)

    users: dict[str, User | None] = {
        "anonymous": None,
        "participant": participant_a.user,
        "staff_participant": staff_participant,
        "trainer_a": trainer_a,
        "trainer_b": trainer_b,
        "hr": hr,
        "superuser": superuser,
    }
    rows: dict[type[Model], Model] = {
        factories.FrameworkFactory._meta.model: framework,
        factories.DimensionFactory._meta.model: dimension,
        factories.CourseFactory._meta.model: course,
        factories.ModuleFactory._meta.model: module,
        factories.VenueFactory._meta.model: venue,
        Cohort: cohort_a,
        factories.SessionFactory._meta.model: session_a,
        Group: Group.objects.get(name=HR_GROUP),
        User: trainer_a,
        factories.ParticipantFactory._meta.model: participant_a,
        Enrollment: enrollment_a,
        Attendance: attendance_a,
        Campaign: campaign_a,
        Invitation: invitation_a,
        ReminderLog: reminder,
        TokenProxy: TokenProxy.objects.get(user=superuser),
        Assignment: assignment_a,
        Practice: practice_a,
        TriangleRole: TriangleRole.objects.order_by("pk").first(),
        CompletionRule: rule_a,
        CompletionDecision: decision_a,
        Certificate: certificate_a,
    }
    return World(
        cohort_a=cohort_a,
        cohort_b=cohort_b,
        users=users,
        rows=rows,
        enrollment_a=enrollment_a,
        enrollment_b=enrollment_b,
        attendance_a=attendance_a,
        campaign_a=campaign_a,
        invitation_a=invitation_a,
        invitation_b=invitation_b,
    )
