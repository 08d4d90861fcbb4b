"""Who may read a 360 report or a cohort summary (DESIGN.md §4, last paragraph).

- A participant: their own report, once the campaign is released.
- A trainer of the campaign's cohort: every report and the summary with per-participant
  scores, once the campaign is closed (or released).
- HR: the summary's aggregates and response rates once the campaign is closed; no individual
  report (HR who also trains the cohort reads as that cohort's trainer).
- Anyone else: nothing. Callers answer 404, so nobody learns what exists.
"""

from __future__ import annotations

import enum
from typing import Any

from django.db.models import QuerySet

from assessments.models import Campaign, Invitation
from participants.models import Participant

AFTER_CLOSE = (Campaign.Status.CLOSED, Campaign.Status.RELEASED)


class SummaryAccess(enum.Enum):
    NONE = "none"
    AGGREGATES = "aggregates"  # HR: class figures and response rates
    FULL = "full"  # the cohort's trainers: and each participant's scores


def trains_campaign_cohort(*, user: Any, campaign: Campaign) -> bool:
    if not user.is_authenticated:
        return False
    return campaign.cohort.trainers.filter(pk=user.pk).exists()


def is_subject(*, campaign: Campaign, participant: Participant) -> bool:
    return Invitation.objects.filter(campaign_id=campaign.pk, subject_id=participant.pk).exists()


def can_view_report(*, user: Any, campaign: Campaign, participant: Participant) -> bool:
    """Whether the user may read this participant's report of this campaign."""
    if not user.is_authenticated or not is_subject(campaign=campaign, participant=participant):
        return False
    if participant.user_id == user.pk and campaign.status == Campaign.Status.RELEASED:
        return True
    return campaign.status in AFTER_CLOSE and trains_campaign_cohort(user=user, campaign=campaign)


def summary_access(*, user: Any, campaign: Campaign) -> SummaryAccess:
    """How much of the campaign's cohort summary the user may read."""
    if not user.is_authenticated or campaign.status not in AFTER_CLOSE:
        return SummaryAccess.NONE
    if trains_campaign_cohort(user=user, campaign=campaign):
        return SummaryAccess.FULL
    if user.is_hr:
        return SummaryAccess.AGGREGATES
    return SummaryAccess.NONE


def released_reports_for(*, user: Any) -> QuerySet[Campaign]:
    """Campaigns released with the user's participant among their subjects, newest first."""
    if not user.is_authenticated:
        return Campaign.objects.none()
    participant_ids = Participant.objects.filter(user_id=user.pk).values("pk")
    return (
        Campaign.objects.filter(
            status=Campaign.Status.RELEASED,
            pk__in=Invitation.objects.filter(subject_id__in=participant_ids).values("campaign_id"),
        )
        .select_related("cohort")
        .order_by("-released_at", "-pk")
    )
