"""Who may read which 360 report, debrief and action plan (DESIGN.md §4 end, §6).

Each function returns what the viewer may see, or None: the views answer 404 for None, so a
report that exists and a report that does not look the same to someone who may not read it.
"""

from typing import Any, Literal

from assessments.access import (
    AFTER_CLOSE,
    is_hr,
    is_subject,
    released_reports_for,
    trains_campaign_cohort,
)
from assessments.models import Campaign
from participants.models import Participant

# The cohort's trainers debrief once answers are in; participants read theirs once released.
TRAINER_STATUSES = AFTER_CLOSE

Role = Literal["trainer", "hr"]


def participant_of(user: Any) -> Participant | None:
    """The participant profile of a logged-in user, if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.participant
    except Participant.DoesNotExist:
        return None


def _campaign(campaign_pk: int) -> Campaign | None:
    return (
        Campaign.objects.select_related("cohort", "framework", "cohort__course")
        .filter(pk=campaign_pk)
        .first()
    )


def own_report(*, user: Any, campaign_pk: int) -> tuple[Campaign, Participant] | None:
    """The campaign and participant of the viewer's own report, once it is released."""
    participant = participant_of(user)
    if participant is None:
        return None
    campaign = _campaign(campaign_pk)
    if campaign is None or campaign.status != Campaign.Status.RELEASED:
        return None
    if not is_subject(campaign=campaign, participant=participant):
        return None
    return campaign, participant


def trainer_report(
    *, user: Any, campaign_pk: int, participant_pk: int
) -> tuple[Campaign, Participant] | None:
    """A participant's report for a trainer of the cohort, once the campaign is closed."""
    campaign = _campaign(campaign_pk)
    if campaign is None or campaign.status not in TRAINER_STATUSES:
        return None
    if not trains_campaign_cohort(user, campaign):
        return None
    participant = Participant.objects.filter(pk=participant_pk).first()
    if participant is None or not is_subject(campaign=campaign, participant=participant):
        return None
    return campaign, participant


def debrief_access(*, user: Any, campaign_pk: int) -> tuple[Campaign, Role] | None:
    """The cohort page of a campaign: per participant for its trainers, aggregates for HR.

    Unlike the summary API, the page exists before the campaign closes (it says when the
    results will appear), but only for those who will see them.
    """
    campaign = _campaign(campaign_pk)
    if campaign is None:
        return None
    if trains_campaign_cohort(user, campaign):
        return campaign, "trainer"
    if is_hr(user):
        return campaign, "hr"
    return None


__all__ = [
    "TRAINER_STATUSES",
    "debrief_access",
    "own_report",
    "participant_of",
    "released_reports_for",
    "trainer_report",
]
