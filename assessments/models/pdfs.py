"""Report PDFs kept as files: one per report and language, and a cohort's reports as one ZIP.

Both are written only by `assessments.services.report_pdfs`; the files live in the default
storage (local disk, or whatever STORAGES names), under random names that say nothing about
whose report they hold.
"""

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.models.campaigns import Campaign
from kamtraining.validators import validate_aware_datetime
from participants.models import Participant


def report_pdf_path(instance: "ReportPdf", filename: str) -> str:
    return f"report-pdfs/{instance.campaign_id}/{uuid.uuid4().hex}.pdf"


def report_batch_path(instance: "ReportBatch", filename: str) -> str:
    return f"report-batches/{instance.campaign_id}/{uuid.uuid4().hex}.zip"


class ReportPdf(models.Model):
    """One participant's report of one campaign as a PDF, in one language.

    `digest` is the digest of everything the PDF shows (the stored figures, the previous goals,
    the layout's version): a download serves the file only while it still matches.
    """

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="report_pdfs", verbose_name=_("campaign")
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="+", verbose_name=_("participant")
    )
    language = models.CharField(_("language"), max_length=16)
    digest = models.CharField(_("digest"), max_length=64)
    file = models.FileField(_("file"), upload_to=report_pdf_path, max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"))
    rendered_at = models.DateTimeField(
        _("rendered at"), default=timezone.now, validators=[validate_aware_datetime]
    )

    class Meta:
        verbose_name = _("report PDF")
        verbose_name_plural = _("report PDFs")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=("campaign", "participant", "language"), name="report_pdf_one_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}/{self.participant_id}/{self.language}"


class ReportBatch(models.Model):
    """A cohort's reports of one campaign as one ZIP of PDFs, built in the background."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to start")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.CASCADE,
        related_name="report_batches",
        verbose_name=_("campaign"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,  # who asked for which reports: kept, like every actor
        related_name="+",
        verbose_name=_("requested by"),
    )
    language = models.CharField(_("language"), max_length=16)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    file = models.FileField(_("file"), upload_to=report_batch_path, max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(
        _("created at"), default=timezone.now, validators=[validate_aware_datetime]
    )
    finished_at = models.DateTimeField(
        _("finished at"), null=True, blank=True, validators=[validate_aware_datetime]
    )

    class Meta:
        verbose_name = _("report batch")
        verbose_name_plural = _("report batches")
        ordering = ("-created_at", "-pk")

    def __str__(self) -> str:
        return f"{self.campaign_id}/{self.pk} {self.status} {self.done}/{self.total}"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
