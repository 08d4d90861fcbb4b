"""Factories for every model; one place so tests build data the same way."""

import datetime as dt
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from assessments.models import (
    ActionPlan,
    ActionPlanComment,
    Campaign,
    CampaignEvent,
    Comment,
    CommentRevision,
    FocusItem,
    Goal,
    Invitation,
    InvitationStatusChange,
    NominationSubmission,
    Rating,
    RatingRevision,
    ReminderLog,
    ReportBatch,
    ReportPdf,
    Review,
    ReviewCadence,
    ReviewReminder,
    StoredFigures,
)
from certificates.models import Certificate, CompletionDecision, CompletionRule
from courses.models import (
    Activity,
    Cohort,
    CohortTrainerChange,
    Course,
    Dimension,
    Framework,
    Item,
    Module,
    Room,
    Session,
    SessionChange,
    Venue,
)
from evaluations.models import (
    Answer,
    Evaluation,
    EvaluationReminder,
    FollowUp,
    FollowUpReminder,
    ModuleRating,
    TrainerRating,
    Voter,
)
from participants.models import (
    Attendance,
    AttendanceChange,
    Enrollment,
    EnrollmentStatusChange,
    ImportRun,
    Participant,
    User,
)
from practice.models import (
    Assignment,
    Attachment,
    Observer,
    ObserverRating,
    Phase,
    PhaseEntry,
    Practice,
    PracticeEvent,
    TriangleRole,
)
from practice.models import ReminderLog as PracticeReminderLog


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    full_name = factory.Sequence(lambda n: f"User {n}")
    password = factory.django.Password("pass-word-123")
    time_zone = "UTC"


class FrameworkFactory(DjangoModelFactory[Framework]):
    class Meta:
        model = Framework

    code = factory.Sequence(lambda n: f"fw{n}")
    name = factory.Sequence(lambda n: f"框架 {n}")
    name_en = factory.Sequence(lambda n: f"Framework {n}")


class DimensionFactory(DjangoModelFactory[Dimension]):
    class Meta:
        model = Dimension

    framework = factory.SubFactory(FrameworkFactory)
    code = factory.Sequence(lambda n: f"D{n}")
    name = factory.Sequence(lambda n: f"维度 {n}")
    name_en = factory.Sequence(lambda n: f"Dimension {n}")
    order = factory.Sequence(lambda n: n)


class ItemFactory(DjangoModelFactory[Item]):
    class Meta:
        model = Item

    dimension = factory.SubFactory(DimensionFactory)
    text = factory.Sequence(lambda n: f"关键活动 {n}")
    text_en = factory.Sequence(lambda n: f"Key activity {n}")
    order = factory.Sequence(lambda n: n)


class CourseFactory(DjangoModelFactory[Course]):
    class Meta:
        model = Course

    code = factory.Sequence(lambda n: f"course-{n}")
    title = factory.Sequence(lambda n: f"课程 {n}")
    title_en = factory.Sequence(lambda n: f"Course {n}")
    is_published = True


class ModuleFactory(DjangoModelFactory[Module]):
    class Meta:
        model = Module

    course = factory.SubFactory(CourseFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"模块 {n}")
    title_en = factory.Sequence(lambda n: f"Module {n}")


class ActivityFactory(DjangoModelFactory[Activity]):
    class Meta:
        model = Activity

    module = factory.SubFactory(ModuleFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"活动 {n}")


class VenueFactory(DjangoModelFactory[Venue]):
    class Meta:
        model = Venue

    name = factory.Sequence(lambda n: f"Venue {n}")
    time_zone = ""  # its sessions keep their cohort's zone unless a test gives it one


class RoomFactory(DjangoModelFactory[Room]):
    class Meta:
        model = Room

    venue = factory.SubFactory(VenueFactory)
    name = factory.Sequence(lambda n: f"Room {n}")


class CohortFactory(DjangoModelFactory[Cohort]):
    class Meta:
        model = Cohort

    course = factory.SubFactory(CourseFactory)
    code = factory.Sequence(lambda n: f"cohort-{n}")
    name = factory.Sequence(lambda n: f"Cohort {n}")
    starts_on = dt.date(2027, 3, 1)
    ends_on = dt.date(2027, 3, 4)
    time_zone = "Asia/Shanghai"
    capacity = 30
    status = Cohort.Status.SCHEDULED


class SessionFactory(DjangoModelFactory[Session]):
    class Meta:
        model = Session

    cohort = factory.SubFactory(CohortFactory)
    title = factory.Sequence(lambda n: f"Session {n}")
    starts_at = factory.Sequence(
        lambda n: dt.datetime(2027, 3, 1, 1, 0, tzinfo=dt.UTC) + dt.timedelta(days=n)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=3))


class CohortTrainerChangeFactory(DjangoModelFactory[CohortTrainerChange]):
    """A change that added one trainer, by the system, now (the model's defaults)."""

    class Meta:
        model = CohortTrainerChange

    cohort = factory.SubFactory(CohortFactory)
    added = factory.LazyFunction(lambda: [UserFactory().pk])
    removed = factory.LazyFunction(list)
    after = factory.LazyAttribute(lambda o: sorted(o.added))


class SessionChangeFactory(DjangoModelFactory[SessionChange]):
    """A session moved by an hour, by the system, now (the model's defaults)."""

    class Meta:
        model = SessionChange

    session = factory.SubFactory(SessionFactory)
    changes = factory.LazyAttribute(
        lambda o: {
            "starts_at": [
                o.session.starts_at.isoformat(),
                (o.session.starts_at + dt.timedelta(hours=1)).isoformat(),
            ]
        }
    )


class ParticipantFactory(DjangoModelFactory[Participant]):
    class Meta:
        model = Participant
        skip_postgeneration_save = True  # the hook saves what it changes

    employee_number = factory.Sequence(lambda n: f"E{n:06d}")
    name = factory.Sequence(lambda n: f"学员{n}")
    name_en = factory.Sequence(lambda n: f"Participant {n}")
    email = factory.Sequence(lambda n: f"participant{n}@example.com")
    position = Participant.Position.KAM
    time_zone = "Europe/London"

    @factory.post_generation
    def with_user(obj: Participant, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            obj.user = UserFactory(email=obj.email, full_name=obj.name, time_zone=obj.time_zone)
            obj.save(update_fields=["user"])


class EnrollmentFactory(DjangoModelFactory[Enrollment]):
    class Meta:
        model = Enrollment

    participant = factory.SubFactory(ParticipantFactory)
    cohort = factory.SubFactory(CohortFactory)
    status = Enrollment.Status.CONFIRMED


class EnrollmentStatusChangeFactory(DjangoModelFactory[EnrollmentStatusChange]):
    """The first entry of an enrolment's history; actor and time are the model's defaults."""

    class Meta:
        model = EnrollmentStatusChange

    enrollment = factory.SubFactory(EnrollmentFactory)
    to_status = factory.SelfAttribute("enrollment.status")


class AttendanceFactory(DjangoModelFactory[Attendance]):
    class Meta:
        model = Attendance

    enrollment = factory.SubFactory(EnrollmentFactory)
    session = factory.SubFactory(SessionFactory)
    status = Attendance.Status.PRESENT


class AttendanceChangeFactory(DjangoModelFactory[AttendanceChange]):
    """A first mark (from nothing) of a session of the enrolment's own cohort."""

    class Meta:
        model = AttendanceChange

    enrollment = factory.SubFactory(EnrollmentFactory)
    session = factory.SubFactory(
        SessionFactory, cohort=factory.SelfAttribute("..enrollment.cohort")
    )
    to_status = Attendance.Status.PRESENT


class CampaignFactory(DjangoModelFactory[Campaign]):
    class Meta:
        model = Campaign

    cohort = factory.SubFactory(CohortFactory)
    framework = factory.SubFactory(FrameworkFactory)
    name = factory.Sequence(lambda n: f"360 campaign {n}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=7))
    closes_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=14))


class CampaignEventFactory(DjangoModelFactory[CampaignEvent]):
    """A status change recorded for the campaign's current status, by the system."""

    class Meta:
        model = CampaignEvent

    campaign = factory.SubFactory(CampaignFactory)
    to_status = factory.SelfAttribute("campaign.status")


class InvitationFactory(DjangoModelFactory[Invitation]):
    class Meta:
        model = Invitation

    campaign = factory.SubFactory(CampaignFactory)
    subject = factory.SubFactory(ParticipantFactory)
    rater_name = factory.Sequence(lambda n: f"Rater {n}")
    rater_email = factory.Sequence(lambda n: f"rater{n}@example.com")
    group = Invitation.Group.PEER
    status = Invitation.Status.SENT


class InvitationStatusChangeFactory(DjangoModelFactory[InvitationStatusChange]):
    """The first step of an invitation's history: created with its current status."""

    class Meta:
        model = InvitationStatusChange

    invitation = factory.SubFactory(InvitationFactory)
    to_status = factory.SelfAttribute("invitation.status")


class ReportPdfFactory(DjangoModelFactory[ReportPdf]):
    class Meta:
        model = ReportPdf

    campaign = factory.SubFactory(CampaignFactory)
    participant = factory.SubFactory(ParticipantFactory)
    language = "en"
    digest = factory.Sequence(lambda n: f"{n:064x}")
    file = factory.django.FileField(filename="report.pdf", data=b"%PDF-1.4\n%%EOF\n")
    size = 15


class ImportRunFactory(DjangoModelFactory[ImportRun]):
    class Meta:
        model = ImportRun

    started_by = factory.SubFactory(UserFactory)
    file_name = "people.xlsx"
    language = "en"


class ReportBatchFactory(DjangoModelFactory[ReportBatch]):
    class Meta:
        model = ReportBatch

    campaign = factory.SubFactory(CampaignFactory)
    requested_by = factory.SubFactory(UserFactory)
    language = "en"


class NominationSubmissionFactory(DjangoModelFactory[NominationSubmission]):
    class Meta:
        model = NominationSubmission

    campaign = factory.SubFactory(CampaignFactory)
    subject = factory.SubFactory(ParticipantFactory)


class ReminderLogFactory(DjangoModelFactory[ReminderLog]):
    class Meta:
        model = ReminderLog

    invitation = factory.SubFactory(InvitationFactory)
    days_before_close = factory.Sequence(lambda n: n + 1)


class RatingFactory(DjangoModelFactory[Rating]):
    class Meta:
        model = Rating

    invitation = factory.SubFactory(InvitationFactory)
    campaign = factory.LazyAttribute(lambda rating: rating.invitation.campaign)
    item = factory.SubFactory(ItemFactory)
    score = 3


class CommentFactory(DjangoModelFactory[Comment]):
    class Meta:
        model = Comment

    invitation = factory.SubFactory(InvitationFactory)
    text = factory.Sequence(lambda n: f"Comment {n}")


class RatingRevisionFactory(DjangoModelFactory[RatingRevision]):
    class Meta:
        model = RatingRevision

    rating = factory.SubFactory(RatingFactory)
    old_score = None
    new_score = factory.SelfAttribute("rating.score")


class CommentRevisionFactory(DjangoModelFactory[CommentRevision]):
    class Meta:
        model = CommentRevision

    invitation = factory.SubFactory(InvitationFactory)
    old_text = ""
    new_text = factory.Sequence(lambda n: f"Comment {n}")


class ActionPlanFactory(DjangoModelFactory[ActionPlan]):
    """A new participant's plan for a campaign."""

    class Meta:
        model = ActionPlan

    campaign = factory.SubFactory(CampaignFactory)
    participant = factory.SubFactory(ParticipantFactory)


class GoalFactory(DjangoModelFactory[Goal]):
    class Meta:
        model = Goal

    plan = factory.SubFactory(ActionPlanFactory)
    dimension = factory.SubFactory(
        DimensionFactory, framework=factory.SelfAttribute("..plan.campaign.framework")
    )
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Goal {n}")
    actions = "Meet the key account monthly."
    measure = "Two joint plans signed."
    due_on = dt.date(2027, 12, 31)


class ActionPlanCommentFactory(DjangoModelFactory[ActionPlanComment]):
    class Meta:
        model = ActionPlanComment

    plan = factory.SubFactory(ActionPlanFactory)
    author = factory.SubFactory(UserFactory)
    text = factory.Sequence(lambda n: f"Plan comment {n}")


class ReviewFactory(DjangoModelFactory[Review]):
    class Meta:
        model = Review

    plan = factory.SubFactory(ActionPlanFactory)
    reviewed_on = dt.date(2027, 9, 1)
    progress = 50
    note = factory.Sequence(lambda n: f"Review {n}")
    created_by = factory.SubFactory(UserFactory)


class FocusItemFactory(DjangoModelFactory[FocusItem]):
    class Meta:
        model = FocusItem

    campaign = factory.SubFactory(CampaignFactory)
    participant = factory.SubFactory(ParticipantFactory)
    item = factory.SubFactory(
        ItemFactory, dimension__framework=factory.SelfAttribute("...campaign.framework")
    )


class ReviewCadenceFactory(DjangoModelFactory[ReviewCadence]):
    class Meta:
        model = ReviewCadence

    cohort = factory.SubFactory(CohortFactory)
    every_weeks = 4
    set_by = factory.SubFactory(UserFactory)


class ReviewReminderFactory(DjangoModelFactory[ReviewReminder]):
    class Meta:
        model = ReviewReminder

    plan = factory.SubFactory(ActionPlanFactory)
    due_on = factory.Sequence(lambda n: dt.date(2027, 1, 1) + dt.timedelta(weeks=n))


# Practice (PARR) -----------------------------------------------------------------------------


class TriangleRoleFactory(DjangoModelFactory[TriangleRole]):
    """One of the iron-triangle roles (the migration seeds the three real ones)."""

    class Meta:
        model = TriangleRole
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"role-{n}")
    name = factory.Sequence(lambda n: f"角色{n}")
    name_en = factory.Sequence(lambda n: f"Role {n}")


class AssignmentFactory(DjangoModelFactory[Assignment]):
    class Meta:
        model = Assignment

    cohort = factory.SubFactory(CohortFactory)
    title = factory.Sequence(lambda n: f"Practice {n}")
    brief = "Prepare, act, reflect and review one account conversation."
    due_on = dt.date(2027, 4, 30)
    created_by = factory.SubFactory(UserFactory)


class PracticeFactory(DjangoModelFactory[Practice]):
    class Meta:
        model = Practice

    assignment = factory.SubFactory(AssignmentFactory)
    participant = factory.SubFactory(ParticipantFactory)


class PhaseEntryFactory(DjangoModelFactory[PhaseEntry]):
    class Meta:
        model = PhaseEntry

    practice = factory.SubFactory(PracticeFactory)
    phase = Phase.PREPARE
    text = "What I will do, with whom, and why."


class AttachmentFactory(DjangoModelFactory[Attachment]):
    class Meta:
        model = Attachment

    entry = factory.SubFactory(PhaseEntryFactory)
    file = factory.django.FileField(filename="notes.pdf", data=b"%PDF-1.4\n%%EOF\n")
    name = "notes.pdf"
    content_type = "application/pdf"
    size = 15
    uploaded_by = factory.SubFactory(UserFactory)


class ObserverFactory(DjangoModelFactory[Observer]):
    class Meta:
        model = Observer

    practice = factory.SubFactory(PracticeFactory)
    role = factory.SubFactory(TriangleRoleFactory)
    name = factory.Sequence(lambda n: f"Observer {n}")
    email = factory.Sequence(lambda n: f"observer{n}@example.com")
    token_hash = factory.Sequence(lambda n: f"{n:064x}")


class ObserverRatingFactory(DjangoModelFactory[ObserverRating]):
    class Meta:
        model = ObserverRating

    observer = factory.SubFactory(ObserverFactory)
    item = factory.SubFactory(ItemFactory)
    score = 4


class PracticeEventFactory(DjangoModelFactory[PracticeEvent]):
    class Meta:
        model = PracticeEvent

    practice = factory.SubFactory(PracticeFactory)
    kind = PracticeEvent.Kind.CREATED


class PracticeReminderLogFactory(DjangoModelFactory[PracticeReminderLog]):
    class Meta:
        model = PracticeReminderLog

    practice = factory.SubFactory(PracticeFactory)
    due_on = dt.date(2027, 4, 30)
    step = PracticeReminderLog.Step.BEFORE


# Completion and certificates -----------------------------------------------------------------


class CompletionRuleFactory(DjangoModelFactory[CompletionRule]):
    class Meta:
        model = CompletionRule

    cohort = factory.SubFactory(CohortFactory)


class CompletionDecisionFactory(DjangoModelFactory[CompletionDecision]):
    class Meta:
        model = CompletionDecision

    enrollment = factory.SubFactory(EnrollmentFactory)
    outcome = CompletionDecision.Outcome.COMPLETED
    by = factory.SubFactory(UserFactory)


class CertificateFactory(DjangoModelFactory[Certificate]):
    class Meta:
        model = Certificate

    enrollment = factory.SubFactory(EnrollmentFactory)


class EvaluationFactory(DjangoModelFactory[Evaluation]):
    class Meta:
        model = Evaluation

    cohort = factory.SubFactory(CohortFactory)


class VoterFactory(DjangoModelFactory[Voter]):
    class Meta:
        model = Voter

    evaluation = factory.SubFactory(EvaluationFactory)
    participant = factory.SubFactory(ParticipantFactory)


class AnswerFactory(DjangoModelFactory[Answer]):
    class Meta:
        model = Answer

    evaluation = factory.SubFactory(EvaluationFactory)
    overall = 4
    relevance = 4
    engagement = 4
    confidence = 4
    commitment = 4
    recommend = 9


class ModuleRatingFactory(DjangoModelFactory[ModuleRating]):
    class Meta:
        model = ModuleRating

    answer = factory.SubFactory(AnswerFactory)
    module = factory.SubFactory(ModuleFactory)
    score = 4


class TrainerRatingFactory(DjangoModelFactory[TrainerRating]):
    class Meta:
        model = TrainerRating

    answer = factory.SubFactory(AnswerFactory)
    trainer = factory.SubFactory(UserFactory)
    score = 5


class EvaluationReminderFactory(DjangoModelFactory[EvaluationReminder]):
    class Meta:
        model = EvaluationReminder

    evaluation = factory.SubFactory(EvaluationFactory)
    participant = factory.SubFactory(ParticipantFactory)
    step = EvaluationReminder.Step.DAY_TWO


class FollowUpFactory(DjangoModelFactory[FollowUp]):
    class Meta:
        model = FollowUp

    cohort = factory.SubFactory(CohortFactory)
    goal = factory.SubFactory(GoalFactory)
    respondent = FollowUp.Respondent.PARTICIPANT
    name = factory.Sequence(lambda n: f"Respondent {n}")
    email = factory.Sequence(lambda n: f"respondent{n}@example.com")
    token_hash = factory.Sequence(lambda n: f"{n:064x}")


class FollowUpReminderFactory(DjangoModelFactory[FollowUpReminder]):
    class Meta:
        model = FollowUpReminder

    follow_up = factory.SubFactory(FollowUpFactory)
    number = 1


class StoredFiguresFactory(DjangoModelFactory[StoredFigures]):
    """A subject's stored report (the store writes real ones; this is a row that validates)."""

    class Meta:
        model = StoredFigures

    campaign = factory.SubFactory(CampaignFactory)
    subject = factory.SubFactory(ParticipantFactory)
    language = "en"
    figures = factory.LazyFunction(lambda: {"dimensions": []})
