"""What the campaign services share: the allowed moves, the row lock, the event log."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from assessments.models import Campaign, CampaignEvent, Invitation
from participants.models import User

Status = Campaign.Status


# from → to: the only moves a campaign can make.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.DRAFT: (Status.NOMINATING,),
    Status.NOMINATING: (Status.OPEN,),
    Status.OPEN: (Status.CLOSED,),
    Status.CLOSED: (Status.RELEASED,),
    Status.RELEASED: (),
}


# Invitations that count towards a group's minimum when the campaign opens.
COUNTED_STATUSES = (
    Invitation.Status.APPROVED,
    Invitation.Status.SENT,
    Invitation.Status.STARTED,
    Invitation.Status.SUBMITTED,
)


NOT_SENT_YET = (Invitation.Status.NOMINATED, Invitation.Status.APPROVED)


def _lock(campaign: Campaign) -> Campaign:
    # One transition at a time: a second HR click (or the beat job) waits and then sees the
    # new status, so it is refused instead of recording the same step twice.
    locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
    campaign.status = locked.status
    return campaign


def _check_move(campaign: Campaign, to: str) -> None:
    if to not in TRANSITIONS[campaign.status]:
        raise ValidationError(
            _("The campaign is “%(status)s”; it cannot move to “%(to)s”.")
            % {"status": campaign.get_status_display(), "to": Status(to).label},
            code="invalid_transition",
        )


def _record(
    campaign: Campaign,
    *,
    to: str,
    by: User | None,
    note: str = "",
    is_override: bool = False,
    update_fields: tuple[str, ...] = (),
) -> CampaignEvent:
    from_status = campaign.status
    campaign.status = to
    campaign.save(update_fields=["status", *update_fields])
    return CampaignEvent.objects.create(
        campaign=campaign,
        from_status=from_status,
        to_status=to,
        by=by,
        note=note,
        is_override=is_override,
    )
