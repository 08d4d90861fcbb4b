"""A participant's action plan after the report: goals, comments, reviews."""

from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.models.campaigns import Campaign
from courses.models import Dimension
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


class Goal(models.Model):
    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="goals", verbose_name=_("action plan")
    )
    dimension = models.ForeignKey(
        Dimension, on_delete=models.PROTECT, related_name="goals", verbose_name=_("dimension")
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
    """A regular review of the action plan (定期Review): progress and a note; never edited."""

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("action plan")
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
