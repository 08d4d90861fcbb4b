"""Completion of a cohort: its rule, HR's decision per person, and the certificate issued."""

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models import Cohort
from kamtraining.validators import validate_aware_datetime
from participants.models import Enrollment


class CompletionRule(models.Model):
    """Which parts of the completion rule a cohort asks for; created with defaults when missing."""

    cohort = models.OneToOneField(
        Cohort, on_delete=models.CASCADE, related_name="completion_rule", verbose_name=_("cohort")
    )
    requires_attendance = models.BooleanField(_("attendance at the threshold"), default=True)
    requires_self_assessment = models.BooleanField(_("self-assessment submitted"), default=True)
    requires_practice = models.BooleanField(_("practice accepted"), default=True)
    updated_at = models.DateTimeField(
        _("updated at"), default=timezone.now, validators=[validate_aware_datetime]
    )

    class Meta:
        verbose_name = _("completion rule")
        verbose_name_plural = _("completion rules")

    def __str__(self) -> str:
        return str(self.cohort)


class CompletionDecision(models.Model):
    """HR's decision on one person: completed (by the rule or as an exception) or refused."""

    class Outcome(models.TextChoices):
        COMPLETED = "completed", _("Completed")
        EXCEPTION = "exception", _("Completed as an exception")
        REFUSED = "refused", _("Refused")

    enrollment = models.ForeignKey(
        Enrollment,
        on_delete=models.PROTECT,
        related_name="completion_decisions",
        verbose_name=_("enrolment"),
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    # PROTECT, like every actor of a history row: deactivate the writer, never delete them.
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
    )
    at = models.DateTimeField(
        _("decided at"), default=timezone.now, validators=[validate_aware_datetime]
    )

    class Meta:
        ordering = ("-at", "-pk")
        verbose_name = _("completion decision")
        verbose_name_plural = _("completion decisions")
        constraints: ClassVar = [
            # An exception and a refusal always say why.
            models.CheckConstraint(
                condition=Q(outcome="completed") | ~Q(note=""),
                name="completion_decision_note_when_not_by_rule",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment}: {self.outcome}"


class Certificate(models.Model):
    """The certificate of a completed enrolment; its uuid is the public verification link."""

    uuid = models.UUIDField(_("uuid"), default=uuid.uuid4, unique=True, editable=False)
    enrollment = models.OneToOneField(
        Enrollment,
        on_delete=models.PROTECT,
        related_name="certificate",
        verbose_name=_("enrolment"),
    )
    issued_at = models.DateTimeField(
        _("issued at"), default=timezone.now, validators=[validate_aware_datetime]
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    revoked_at = models.DateTimeField(
        _("revoked at"), null=True, blank=True, validators=[validate_aware_datetime]
    )
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    revoked_reason = models.TextField(_("reason for revoking"), max_length=2000, blank=True)

    class Meta:
        ordering = ("-issued_at", "-pk")
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=(
                    Q(revoked_at__isnull=True, revoked_by__isnull=True, revoked_reason="")
                    | (Q(revoked_at__isnull=False) & ~Q(revoked_reason=""))
                ),
                name="certificate_revoked_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return str(self.uuid)

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
