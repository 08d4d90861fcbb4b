"""Who may read which 360 report, debrief and action plan (DESIGN.md §4 end, §6).

Each function returns what the viewer may see, or None: the views answer 404 for None, so a
report that exists and a report that does not look the same to someone who may not read it.
"""

from typing import Any, Literal

from assessments.models import Campaign, Invitation
from participants.models import Participant

# The cohort's trainers debrief once answers are in; participants read theirs once released.
TRAINER_STATUSES = (Campaign.Status.CLOSED, Campaign.Status.RELEASED)

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


def _is_subject(*, campaign: Campaign, participant: Participant) -> bool:
    return Invitation.objects.filter(campaign=campaign, subject=participant).exists()


def _trains(*, user: Any, campaign: Campaign) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return campaign.cohort.trainers.filter(pk=user.pk).exists()


def own_report(*, user: Any, campaign_pk: int) -> tuple[Campaign, Participant] | None:
    """The campaign and participant of the viewer's own report, once it is released."""
    participant = participant_of(user)
    if participant is None:
        return None
    campaign = _campaign(campaign_pk)
    if campaign is None or campaign.status != Campaign.Status.RELEASED:
        return None
    if not _is_subject(campaign=campaign, participant=participant):
        return None
    return campaign, participant


def trainer_report(
    *, user: Any, campaign_pk: int, participant_pk: int
) -> tuple[Campaign, Participant] | None:
    """A participant's report for a trainer of the cohort, once the campaign is closed."""
    campaign = _campaign(campaign_pk)
    if campaign is None or campaign.status not in TRAINER_STATUSES:
        return None
    if not _trains(user=user, campaign=campaign):
        return None
    participant = Participant.objects.filter(pk=participant_pk).first()
    if participant is None or not _is_subject(campaign=campaign, participant=participant):
        return None
    return campaign, participant


def debrief_access(*, user: Any, campaign_pk: int) -> tuple[Campaign, Role] | None:
    """The cohort page of a campaign: per participant for its trainers, aggregates for HR."""
    campaign = _campaign(campaign_pk)
    if campaign is None:
        return None
    if _trains(user=user, campaign=campaign):
        return campaign, "trainer"
    if getattr(user, "is_authenticated", False) and user.is_hr:
        return campaign, "hr"
    return None


def released_reports_for(*, participant: Participant) -> list[Campaign]:
    """The released campaigns the participant was assessed in, newest first."""
    return list(
        Campaign.objects.filter(status=Campaign.Status.RELEASED, invitations__subject=participant)
        .select_related("cohort")
        .distinct()
        .order_by("-released_at", "-pk")
    )
