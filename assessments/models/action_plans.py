"""A participant's action plan after the report: goals, comments, reviews."""

from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.models.campaigns import Campaign
from courses.models import Cohort, Dimension, Item
from kamtraining.validators import validate_aware_datetime
from participants.models import Participant


class ActionPlan(models.Model):
    """What a participant will do after reading their report, reviewed over the months."""

    participant = models.ForeignKey(
        Participant,
        on_delete=models.PROTECT,
        related_name="action_plans",
        verbose_name=_("participant"),
    )
    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="action_plans", verbose_name=_("campaign")
    )
    created_at = models.DateTimeField(
        _("created at"), auto_now_add=True, validators=[validate_aware_datetime]
    )
    updated_at = models.DateTimeField(
        _("updated at"), auto_now=True, validators=[validate_aware_datetime]
    )
    # The trainer's cadence for this one plan; empty: the cohort's (ReviewCadence), else 4 weeks.
    review_every_weeks = models.PositiveSmallIntegerField(
        _("review every (weeks)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
    )

    class Meta:
        ordering = ("-created_at", "pk")
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=("participant", "campaign"), name="action_plan_one_per_campaign"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} · {self.campaign}"


class FocusItem(models.Model):
    """A key business activity of the report the participant chose to work on ("focus on this")."""

    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="focus_items",
        verbose_name=_("participant"),
    )
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="focus_items", verbose_name=_("campaign")
    )
    item = models.ForeignKey(
        Item, on_delete=models.CASCADE, related_name="focus_marks", verbose_name=_("item")
    )
    created_at = models.DateTimeField(
        _("created at"), default=timezone.now, validators=[validate_aware_datetime]
    )

    class Meta:
        ordering = ("item__dimension__order", "item__order", "pk")
        verbose_name = _("focus item")
        verbose_name_plural = _("focus items")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=("participant", "campaign", "item"), name="focus_item_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} · {self.item}"


class Goal(models.Model):
    """One goal of a plan: 1–3 key business activities of the report, all of one dimension."""

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="goals", verbose_name=_("action plan")
    )
    dimension = models.ForeignKey(
        Dimension, on_delete=models.PROTECT, related_name="goals", verbose_name=_("dimension")
    )
    # Goals written before items were chosen have none; every goal saved since has 1 to 3.
    items = models.ManyToManyField(
        Item, blank=True, related_name="goals", verbose_name=_("key business activities")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.CharField(_("goal"), max_length=300)
    actions = models.TextField(_("actions"))
    measure = models.TextField(_("measure of success"))
    due_on = models.DateField(_("due date"))

    class Meta:
        ordering = ("plan", "order", "pk")
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.title


class ActionPlanComment(models.Model):
    """A trainer's (or the participant's) note on an action plan; written once, never edited."""

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="comments", verbose_name=_("action plan")
    )
    # PROTECT: the author of a comment cannot be deleted, only deactivated (see CampaignEvent.by).
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(
        _("created at"), default=timezone.now, validators=[validate_aware_datetime]
    )

    class Meta:
        ordering = ("created_at", "pk")
        verbose_name = _("action plan comment")
        verbose_name_plural = _("action plan comments")

    def __str__(self) -> str:
        return self.text[:60]


class Review(models.Model):
    """A regular review of one goal (定期Review): progress and a note; never edited.

    Reviews written before goals were reviewed one by one have no goal: they review the plan.
    """

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("action plan")
    )
    # PROTECT: a reviewed goal is history; the plan's service refuses to remove it.
    goal = models.ForeignKey(
        Goal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviews",
        verbose_name=_("goal"),
    )
    reviewed_on = models.DateField(_("date"))
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), validators=[MaxValueValidator(100)]
    )
    note = models.TextField(_("note"), blank=True)
    # PROTECT, like every actor of a history row: deactivate the writer, never delete them.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(
        _("created at"), default=timezone.now, validators=[validate_aware_datetime]
    )

    class Meta:
        ordering = ("reviewed_on", "pk")
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints: ClassVar = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="review_progress_percent"),
        ]

    def __str__(self) -> str:
        return f"{self.reviewed_on}: {self.progress}%"


class ReviewCadence(models.Model):
    """How often a cohort's participants review their plans, as the trainer set it."""

    cohort = models.OneToOneField(
        Cohort, on_delete=models.CASCADE, related_name="review_cadence", verbose_name=_("cohort")
    )
    every_weeks = models.PositiveSmallIntegerField(
        _("review every (weeks)"), validators=[MinValueValidator(1), MaxValueValidator(52)]
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    set_at = models.DateTimeField(
        _("at"), default=timezone.now, validators=[validate_aware_datetime]
    )

    class Meta:
        verbose_name = _("review cadence")
        verbose_name_plural = _("review cadences")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(every_weeks__gte=1) & Q(every_weeks__lte=52),
                name="review_cadence_weeks_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cohort} · {self.every_weeks}"


class ReviewReminder(models.Model):
    """One reminder per plan and due date: a review is never asked for twice."""

    plan = models.ForeignKey(
        ActionPlan,
        on_delete=models.CASCADE,
        related_name="review_reminders",
        verbose_name=_("action plan"),
    )
    due_on = models.DateField(_("due date"))
    sent_at = models.DateTimeField(
        _("sent at"), default=timezone.now, validators=[validate_aware_datetime]
    )

    class Meta:
        ordering = ("sent_at", "pk")
        verbose_name = _("review reminder")
        verbose_name_plural = _("review reminders")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("plan", "due_on"), name="review_reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} · {self.due_on}"
