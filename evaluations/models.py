"""Course evaluation (reaction), its reminders, and the follow-up on the job.

Who answered and what was answered live apart, as in EvaP: `Voter` says that a participant has
answered a cohort's evaluation; `Answer` (and its module and trainer ratings) holds what was
answered with no reference to a person. Answers carry no timestamp and a random UUID key, so
neither a time nor an insertion order can join them back to a voter.
"""

import uuid
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from assessments.models import Goal
from courses.models import Cohort, Module
from kamtraining.validators import validate_aware_datetime
from participants.models import Language, Participant

SCALE_MIN = 1
SCALE_MAX = 5
RECOMMEND_MAX = 10
DEFAULT_OPEN_DAYS = 14
DEFAULT_FOLLOW_UP_DAYS = 60


def _on_scale() -> list:
    return [MinValueValidator(SCALE_MIN), MaxValueValidator(SCALE_MAX)]


def _scale_check(field: str, name: str, *, nullable: bool = False) -> models.CheckConstraint:
    condition = Q(**{f"{field}__gte": SCALE_MIN}) & Q(**{f"{field}__lte": SCALE_MAX})
    if nullable:
        condition |= Q(**{f"{field}__isnull": True})
    return models.CheckConstraint(condition=condition, name=name)


class Evaluation(models.Model):
    """A cohort's evaluation settings; it opens when the cohort's last session ends."""

    cohort = models.OneToOneField(
        Cohort, on_delete=models.PROTECT, related_name="evaluation", verbose_name=_("cohort")
    )
    open_days = models.PositiveSmallIntegerField(
        _("days open"),
        default=DEFAULT_OPEN_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_("How long the evaluation stays open after the last session ends."),
    )
    follow_up_days = models.PositiveSmallIntegerField(
        _("follow-up after (days)"),
        default=DEFAULT_FOLLOW_UP_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("Days after the cohort ends when participants and managers get the follow-up."),
    )

    class Meta:
        ordering = ("cohort",)
        verbose_name = _("course evaluation")
        verbose_name_plural = _("course evaluations")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(open_days__gte=1) & Q(open_days__lte=90),
                name="evaluation_open_days_range",
            ),
            models.CheckConstraint(
                condition=Q(follow_up_days__gte=1) & Q(follow_up_days__lte=365),
                name="evaluation_follow_up_days_range",
            ),
        ]

    def __str__(self) -> str:
        return str(self.cohort)


class Voter(models.Model):
    """That a participant answered: never what. No timestamp, so no time to join on."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="voters", verbose_name=_("evaluation")
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="+", verbose_name=_("participant")
    )

    class Meta:
        ordering = ("evaluation", "participant")
        verbose_name = _("voter")
        verbose_name_plural = _("voters")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=("evaluation", "participant"), name="evaluation_one_answer_per_attendee"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.evaluation} · {self.participant_id}"


class Answer(models.Model):
    """What one attendee answered, with no reference to who they are."""

    class CommentStatus(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        PUBLISHED = "published", _("Published")
        TRAINER_ONLY = "trainer_only", _("Trainers only")
        HIDDEN = "hidden", _("Hidden")

    # Random: an id says nothing about when an answer came in.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="answers", verbose_name=_("evaluation")
    )
    overall = models.PositiveSmallIntegerField(_("overall rating"), validators=_on_scale())
    relevance = models.PositiveSmallIntegerField(_("relevance to my job"), validators=_on_scale())
    engagement = models.PositiveSmallIntegerField(_("engagement"), validators=_on_scale())
    confidence = models.PositiveSmallIntegerField(_("confidence to apply"), validators=_on_scale())
    commitment = models.PositiveSmallIntegerField(_("commitment to apply"), validators=_on_scale())
    recommend = models.PositiveSmallIntegerField(
        _("would recommend (0–10)"), validators=[MaxValueValidator(RECOMMEND_MAX)]
    )
    comment = models.TextField(_("comment"), max_length=5000, blank=True)
    comment_status = models.CharField(
        _("comment review"),
        max_length=20,
        choices=CommentStatus,
        default=CommentStatus.PENDING,
        db_index=True,
    )

    class Meta:
        # By key: random, so no listing follows the order answers came in.
        ordering = ("evaluation", "id")
        verbose_name = _("evaluation answer")
        verbose_name_plural = _("evaluation answers")
        constraints: ClassVar = [
            _scale_check("overall", "answer_overall_on_scale"),
            _scale_check("relevance", "answer_relevance_on_scale"),
            _scale_check("engagement", "answer_engagement_on_scale"),
            _scale_check("confidence", "answer_confidence_on_scale"),
            _scale_check("commitment", "answer_commitment_on_scale"),
            models.CheckConstraint(
                condition=Q(recommend__lte=RECOMMEND_MAX), name="answer_recommend_0_10"
            ),
        ]

    def __str__(self) -> str:
        return str(self.pk)


class ModuleRating(models.Model):
    """How useful one module was, in one answer; NULL: the attendee did not rate it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    answer = models.ForeignKey(
        Answer, on_delete=models.CASCADE, related_name="modules", verbose_name=_("answer")
    )
    module = models.ForeignKey(
        Module, on_delete=models.PROTECT, related_name="+", verbose_name=_("module")
    )
    score = models.PositiveSmallIntegerField(
        _("usefulness"), null=True, blank=True, validators=_on_scale()
    )

    class Meta:
        ordering = ("answer", "module")
        verbose_name = _("module rating")
        verbose_name_plural = _("module ratings")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("answer", "module"), name="module_rating_once"),
            _scale_check("score", "module_rating_on_scale", nullable=True),
        ]

    def __str__(self) -> str:
        return f"{self.module_id}: {self.score}"


class TrainerRating(models.Model):
    """One answer's rating of one of the cohort's trainers; NULL: not rated."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    answer = models.ForeignKey(
        Answer, on_delete=models.CASCADE, related_name="trainers", verbose_name=_("answer")
    )
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("trainer"),
    )
    score = models.PositiveSmallIntegerField(
        _("rating"), null=True, blank=True, validators=_on_scale()
    )

    class Meta:
        ordering = ("answer", "trainer")
        verbose_name = _("trainer rating")
        verbose_name_plural = _("trainer ratings")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("answer", "trainer"), name="trainer_rating_once"),
            _scale_check("score", "trainer_rating_on_scale", nullable=True),
        ]

    def __str__(self) -> str:
        return f"{self.trainer_id}: {self.score}"


class EvaluationReminder(models.Model):
    """A reminder sent to an attendee who had not answered; the key makes it once per step."""

    class Step(models.TextChoices):
        DAY_TWO = "day_two", _("Two days after opening")
        CLOSING_DAY = "closing_day", _("Closing day")

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("evaluation")
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="+", verbose_name=_("participant")
    )
    step = models.CharField(_("step"), max_length=20, choices=Step)
    sent_at = models.DateTimeField(
        _("sent at"), default=timezone.now, validators=[validate_aware_datetime]
    )

    class Meta:
        ordering = ("evaluation", "participant", "step")
        verbose_name = _("evaluation reminder")
        verbose_name_plural = _("evaluation reminders")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=("evaluation", "participant", "step"), name="evaluation_reminder_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.evaluation} · {self.participant_id} · {self.step}"


class FollowUp(models.Model):
    """The follow-up on one goal, asked of the participant or of their manager by token link."""

    class Respondent(models.TextChoices):
        PARTICIPANT = "participant", _("Participant")
        MANAGER = "manager", _("Manager")

    class Status(models.TextChoices):
        SENT = "sent", _("Sent")
        ANSWERED = "answered", _("Answered")

    cohort = models.ForeignKey(
        Cohort, on_delete=models.PROTECT, related_name="follow_ups", verbose_name=_("cohort")
    )
    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("goal")
    )
    respondent = models.CharField(_("respondent"), max_length=20, choices=Respondent)
    name = models.CharField(pgettext_lazy("person", "name"), max_length=150)
    email = models.EmailField(_("email"))
    language = models.CharField(_("language"), max_length=10, choices=Language, blank=True)
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.SENT, db_index=True
    )
    applied_percent = models.PositiveSmallIntegerField(
        _("applied (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    helped = models.TextField(_("what helped"), max_length=3000, blank=True)
    hindered = models.TextField(_("what got in the way"), max_length=3000, blank=True)
    observed = models.TextField(_("what the manager observed"), max_length=3000, blank=True)
    sent_at = models.DateTimeField(
        _("sent at"), default=timezone.now, validators=[validate_aware_datetime]
    )
    answered_at = models.DateTimeField(
        _("answered at"), null=True, blank=True, validators=[validate_aware_datetime]
    )

    class Meta:
        ordering = ("cohort", "goal", "respondent")
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("goal", "respondent"), name="follow_up_once_per_goal"),
            models.CheckConstraint(
                condition=Q(applied_percent__isnull=True) | Q(applied_percent__lte=100),
                name="follow_up_applied_percent",
            ),
            models.CheckConstraint(
                condition=~Q(status="answered") | Q(answered_at__isnull=False),
                name="follow_up_answered_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.goal} · {self.get_respondent_display()}"


MAX_FOLLOW_UP_REMINDERS = 3


class FollowUpReminder(models.Model):
    """The n-th reminder of a follow-up (at most three); the key makes each one once."""

    follow_up = models.ForeignKey(
        FollowUp, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("follow-up")
    )
    number = models.PositiveSmallIntegerField(_("reminder"))
    sent_at = models.DateTimeField(
        _("sent at"), default=timezone.now, validators=[validate_aware_datetime]
    )

    class Meta:
        ordering = ("follow_up", "number")
        verbose_name = _("follow-up reminder")
        verbose_name_plural = _("follow-up reminders")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("follow_up", "number"), name="follow_up_reminder_once"),
            models.CheckConstraint(
                condition=Q(number__gte=1) & Q(number__lte=MAX_FOLLOW_UP_REMINDERS),
                name="follow_up_reminder_at_most_three",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.follow_up_id} #{self.number}"
