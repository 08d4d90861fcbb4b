"""Read a campaign's stored figures (assessments/services/report_store), one query each.

Stored figures are read when they were computed for the campaign's current status; otherwise
(a campaign never closed through the lifecycle, or whose status moved since) the live
computation answers, which is also the reference the stored figures are tested against.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation

from assessments.models import Campaign, StoredFigures
from assessments.selectors.report import report_for
from assessments.selectors.summary import cohort_summary
from participants.models import Participant


def _stored(campaign: Campaign, subject_id: int | None) -> Any | None:
    if not campaign.figures_status or campaign.figures_status != campaign.status:
        return None
    return (
        StoredFigures.objects.filter(
            campaign_id=campaign.pk,
            subject_id=subject_id,
            language=translation.get_language() or "",
        )
        .values_list("figures", flat=True)
        .first()
    )


def report_of(*, campaign: Campaign, participant: Participant) -> dict[str, Any]:
    """The participant's report as stored (one query), or computed live when none is stored."""
    stored = _stored(campaign, participant.pk)
    if stored is not None:
        return dict(stored)
    return report_for(campaign=campaign, participant=participant)


def summary_of(*, campaign: Campaign, include_participants: bool = True) -> dict[str, Any]:
    """The cohort summary as stored (one query), or computed live; HR's has no participants."""
    stored = _stored(campaign, None)
    if stored is None:
        return cohort_summary(campaign=campaign, include_participants=include_participants)
    summary = dict(stored)
    if not include_participants:
        summary["participants"] = None
    return summary
