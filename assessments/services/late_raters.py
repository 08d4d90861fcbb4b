"""Late raters: HR or a cohort's trainer invites a rater after the reports are released.

DESIGN.md §4 rule 10: a late rater of a non-exempt group (peer, direct report, other) changes
nothing the subject has seen until at least 2 new raters have joined that group since the
figures were stored (CCL's rescore rule, kept by `report_store.held_back`); a late manager
counts at once, as the manager's cell is shown whatever its size. The late rater answers by
their own token link until `Invitation.answer_by`; the subject is told when late answers
change their released report, never who answered.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments import emails
from assessments.access import may_add_late_rater
from assessments.models import Campaign, CampaignEvent, Invitation
from assessments.services.invitation_history import invitation_statuses_record
from assessments.services.nominations import _clean_rater, _lock_subject
from assessments.services.report_store import figures_after_late_answer
from assessments.tokens import token_new
from courses.access import require
from participants.models import Participant, User

# How long a late rater's link takes answers (the campaign's own close time has passed).
LATE_ANSWER_DAYS = 14


@transaction.atomic
def late_rater_add(
    *,
    campaign: Campaign,
    subject: Participant,
    rater_name: str,
    rater_email: str,
    group: str,
    by: User,
    rater_language: str = "",
) -> Invitation:
    """Invite a rater to a subject's group of a released campaign and email them their link."""
    require(by, may_add_late_rater, campaign)
    campaign = Campaign.objects.select_related("cohort").get(pk=campaign.pk)
    if campaign.status != Campaign.Status.RELEASED:
        raise ValidationError(
            _(
                "Late raters can be invited only once the reports are released; "
                "before that, add raters to the participant's list."
            ),
            code="not_released",
        )
    _lock_subject(campaign=campaign, subject=subject)  # group limits hold under concurrency
    rater_name, rater_email = _clean_rater(
        campaign=campaign,
        subject=subject,
        rater_name=rater_name,
        rater_email=rater_email,
        group=group,
    )
    now = timezone.now()
    raw_token, hashed = token_new()
    invitation = Invitation(
        campaign=campaign,
        subject=subject,
        rater_name=rater_name,
        rater_email=rater_email,
        rater_language=rater_language,
        group=group,
        status=Invitation.Status.SENT,
        token_hash=hashed,
        nominated_at=now,
        approved_at=now,
        sent_at=now,
        answer_by=now + dt.timedelta(days=LATE_ANSWER_DAYS),
    )
    invitation.full_clean(validate_unique=False, validate_constraints=False)
    invitation.save()
    invitation_statuses_record(changes=[(invitation.pk, "", invitation.status)], by=by, at=now)
    CampaignEvent.objects.create(
        campaign=campaign,
        from_status=campaign.status,
        to_status=campaign.status,
        by=by,
        changes={
            "late_rater": {
                "subject": subject.pk,
                "name": subject.name,
                "name_en": subject.name_en,
                "group": group,
            }
        },
    )
    emails.messages_send_on_commit(
        [emails.invitation_message(invitation=invitation, raw_token=raw_token)]
    )
    return invitation


def late_answer_store(*, invitation: Invitation) -> None:
    """A rater submitted after the figures were stored: store them again under the rescore
    rule, and tell the subject when their released report now counts this answer."""
    figures_after_late_answer(invitation=invitation)
    counted = Invitation.objects.filter(
        pk=invitation.pk,
        in_stored_figures=True,
        campaign__figures_status=Campaign.Status.RELEASED,
        answer_by__isnull=False,
    ).exists()
    if counted:
        message = emails.report_updated_message(
            campaign=invitation.campaign, subject=invitation.subject
        )
        emails.messages_send_on_commit([message])
