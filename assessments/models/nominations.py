"""A participant handing their rater list to the trainer, and what became of it."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.models.campaigns import Campaign
from kamtraining.validators import validate_aware_datetime
from participants.models import Participant


class NominationSubmission(models.Model):
    """One submission of a rater list: awaiting approval until a trainer or HR decides.

    While one is awaiting, the participant's list is locked (they cannot submit twice or change
    it under the trainer's eyes); the database holds at most one awaiting row per list.
    """

    class Outcome(models.TextChoices):
        APPROVED = "approved", _("Approved")
        CHANGED = "changed", _("Changed by the trainer")

    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.CASCADE,
        related_name="nomination_submissions",
        verbose_name=_("campaign"),
    )
    subject = models.ForeignKey(
        Participant,
        on_delete=models.PROTECT,
        related_name="nomination_submissions",
        verbose_name=_("participant"),
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(
        _("submitted at"), default=timezone.now, validators=[validate_aware_datetime]
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(
        _("decided at"), null=True, blank=True, validators=[validate_aware_datetime]
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome, blank=True)

    class Meta:
        ordering = ("campaign", "subject", "at", "pk")
        verbose_name = _("nomination submission")
        verbose_name_plural = _("nomination submissions")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=("campaign", "subject"),
                condition=Q(decided_at__isnull=True),
                name="nomination_one_awaiting_per_list",
            ),
            models.CheckConstraint(
                condition=Q(decided_at__isnull=True, outcome="")
                | Q(decided_at__isnull=False) & ~Q(outcome=""),
                name="nomination_decided_has_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} · {self.campaign} · {self.at:%Y-%m-%d}"
