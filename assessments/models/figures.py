"""A campaign's report figures, computed once and stored (see assessments/services/report_store)."""

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.models.campaigns import Campaign
from kamtraining.validators import validate_aware_datetime
from participants.models import Participant


class StoredFigures(models.Model):
    """One subject's report, or (subject NULL) the campaign's cohort summary, in one language.

    `figures` holds the JSON the live computation returned, whole: `report_for` for a subject,
    `cohort_summary` with participants for the campaign. Rows are written only by
    `assessments.services.report_store.figures_store`.
    """

    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.CASCADE,
        related_name="stored_figures",
        verbose_name=_("campaign"),
    )
    subject = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("subject"),
    )
    language = models.CharField(_("language"), max_length=16)
    figures = models.JSONField(_("figures"))
    computed_at = models.DateTimeField(
        _("computed at"), default=timezone.now, validators=[validate_aware_datetime]
    )

    class Meta:
        verbose_name = _("stored figures")
        verbose_name_plural = _("stored figures")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=("campaign", "subject", "language"),
                condition=Q(subject__isnull=False),
                name="stored_figures_one_per_subject",
            ),
            models.UniqueConstraint(
                fields=("campaign", "language"),
                condition=Q(subject__isnull=True),
                name="stored_figures_one_summary",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}/{self.subject_id or '—'}/{self.language}"
