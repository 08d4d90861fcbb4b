"""Reminders to raters who have not answered: on a schedule before the close, or by hand.

A reminder carries a fresh link: only the token's hash is stored, so the old link cannot be
emailed again. The new token replaces the old one; the rater's draft answers are kept, being
tied to the invitation, not to the token.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments import emails
from assessments.access import may_edit_raters
from assessments.models import Campaign, Invitation, ReminderLog
from assessments.selectors.campaigns import pending_filter
from assessments.selectors.questionnaire import answer_minutes_by_framework
from assessments.tokens import token_new
from courses.access import require
from participants.models import User

DEFAULT_STEPS = (7, 2)


def _remind(invitations: Sequence[Invitation], *, steps_for: dict[int, list[int]]) -> int:
    """Email each invitation a reminder with a new link and log the steps it covers."""
    messages = []
    minutes = answer_minutes_by_framework(
        framework_ids=[invitation.campaign.framework_id for invitation in invitations]
    )
    for invitation in invitations:
        raw: str | None = None
        if invitation.group != Invitation.Group.SELF:
            raw, invitation.token_hash = token_new()
        messages.append(
            emails.reminder_message(
                invitation=invitation,
                raw_token=raw,
                minutes=minutes[invitation.campaign.framework_id],
            )
        )
    Invitation.objects.bulk_update(invitations, ["token_hash"])
    now = timezone.now()
    ReminderLog.objects.bulk_create(
        [
            ReminderLog(invitation=invitation, days_before_close=step, sent_at=now)
            for invitation in invitations
            for step in steps_for[invitation.pk]
        ],
        ignore_conflicts=True,  # a manual reminder may already hold this step
    )
    emails.messages_send_on_commit(messages)
    return len(invitations)


def _pending(campaign: Campaign) -> Iterable[Invitation]:
    return (
        Invitation.objects.select_for_update(of=("self",))
        .filter(pending_filter(), campaign=campaign)
        .select_related("subject__user", "campaign__cohort")
        .order_by("pk")
    )


def reminders_send(*, now: dt.datetime | None = None, steps: Sequence[int] = DEFAULT_STEPS) -> int:
    """Remind every pending rater whose campaign closes within a step; return emails sent.

    Idempotent: a step is logged per invitation and never sent twice. When several steps are
    due at once (the job did not run for a while), one email goes out and covers them all.
    Raters invited after a step's moment are not reminded for that step.
    """
    now = now or timezone.now()
    if not steps:
        return 0
    horizon = now + dt.timedelta(days=max(steps))
    sent = 0
    campaigns = Campaign.objects.filter(
        status=Campaign.Status.OPEN, closes_at__gt=now, closes_at__lte=horizon
    ).select_related("cohort")
    for campaign in campaigns:
        sent += _campaign_reminders_send(campaign=campaign, now=now, steps=steps)
    return sent


@transaction.atomic
def _campaign_reminders_send(*, campaign: Campaign, now: dt.datetime, steps: Sequence[int]) -> int:
    assert campaign.closes_at is not None  # filtered by the caller
    moments = {step: campaign.closes_at - dt.timedelta(days=step) for step in steps}
    due = [step for step, moment in moments.items() if moment <= now]
    if not due:
        return 0
    invitations = list(_pending(campaign))  # locked: a concurrent run waits, then sees the logs
    logged: dict[int, set[int]] = {}
    for invitation_id, step in ReminderLog.objects.filter(
        invitation__in=invitations, days_before_close__in=due
    ).values_list("invitation_id", "days_before_close"):
        logged.setdefault(invitation_id, set()).add(step)
    steps_for: dict[int, list[int]] = {}
    for invitation in invitations:
        sent_at = invitation.sent_at or now
        missing = [
            step
            for step in due
            if step not in logged.get(invitation.pk, set()) and sent_at <= moments[step]
        ]
        if missing:
            steps_for[invitation.pk] = missing
    return _remind([i for i in invitations if i.pk in steps_for], steps_for=steps_for)


@dataclass(frozen=True)
class ReminderTally:
    raters: int
    self_assessments: int


def _send_now(
    *, campaign: Campaign, by: User | None, invitation: Invitation | None
) -> list[Invitation]:
    require(by, may_edit_raters, campaign)
    if campaign.status != Campaign.Status.OPEN or campaign.closes_at is None:
        raise ValidationError(_("Reminders go out only while the campaign is open."))
    invitations = list(_pending(campaign))
    if invitation is not None:
        invitations = [i for i in invitations if i.pk == invitation.pk]
        if not invitations:
            raise ValidationError(_("This rater has already answered or was never invited."))
    days_left = max((campaign.closes_at - timezone.now()).days, 0)
    _remind(invitations, steps_for={i.pk: [days_left] for i in invitations})
    return invitations


@transaction.atomic
def reminders_send_now(
    *, campaign: Campaign, by: User | None, invitation: Invitation | None = None
) -> int:
    """Remind, now, every pending rater of the campaign (or one); logged with the days left."""
    return len(_send_now(campaign=campaign, by=by, invitation=invitation))


@transaction.atomic
def reminders_send_pending(*, campaign: Campaign, by: User | None) -> ReminderTally:
    """Remind every pending rater and self-assessment now; count each kind."""
    invitations = _send_now(campaign=campaign, by=by, invitation=None)
    selves = sum(1 for i in invitations if i.group == Invitation.Group.SELF)
    return ReminderTally(raters=len(invitations) - selves, self_assessments=selves)
