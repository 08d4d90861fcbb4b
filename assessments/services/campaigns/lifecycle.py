"""A campaign's life: nomination, opening (with self-assessments), closing, release."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments import emails
from assessments.access import may_manage_campaign
from assessments.models import Campaign, Invitation
from assessments.services.campaigns.common import (
    COUNTED_STATUSES,
    Status,
    _check_move,
    _lock,
    _record,
)
from assessments.services.invitation_history import invitation_statuses_record
from assessments.services.report_pdfs import report_pdfs_render_on_commit
from assessments.services.report_store import figures_store
from courses.access import is_hr, require, system_actor
from courses.models import Cohort
from participants.models import Enrollment, Participant, User


def _confirmed_participants(cohort: Cohort) -> list[Participant]:
    return list(
        Participant.objects.filter(
            enrollments__cohort=cohort, enrollments__status=Enrollment.Status.CONFIRMED
        )
        .select_related("user")
        .order_by("pk")
    )


def self_invitations_ensure(*, campaign: Campaign, participants: list[Participant]) -> int:
    """Give each participant their own self-assessment invitation (once); return how many new."""
    have = set(
        Invitation.objects.filter(
            campaign=campaign, group=Invitation.Group.SELF, subject__in=participants
        ).values_list("subject_id", flat=True)
    )
    now = timezone.now()
    new = [
        Invitation(
            campaign=campaign,
            subject=participant,
            rater_name=participant.name,
            rater_email=participant.email.lower(),
            rater_language=participant.language,
            group=Invitation.Group.SELF,
            # The participant answers while logged in: nothing for anyone to approve.
            status=Invitation.Status.APPROVED,
            nominated_at=now,
            approved_at=now,
        )
        for participant in participants
        if participant.pk not in have
    ]
    Invitation.objects.bulk_create(new)
    invitation_statuses_record(
        changes=[(invitation.pk, "", invitation.status) for invitation in new], by=None, at=now
    )
    return len(new)


@transaction.atomic
def campaign_start_nomination(*, campaign: Campaign, by: User | None) -> Campaign:
    """Let participants nominate their raters; each confirmed participant gets a self invitation."""
    require(by, may_manage_campaign, campaign)
    _lock(campaign)
    _check_move(campaign, Status.NOMINATING)
    participants = _confirmed_participants(campaign.cohort)
    if not participants:
        raise ValidationError(
            _("The cohort has no confirmed participant: there is nobody to give feedback about."),
            code="no_participants",
        )
    self_invitations_ensure(campaign=campaign, participants=participants)
    _record(campaign, to=Status.NOMINATING, by=by)
    emails.messages_send_on_commit(
        emails.nomination_request_messages(campaign=campaign, participants=participants)
    )
    return campaign


def rater_shortfalls(*, campaign: Campaign) -> list[str]:
    """Say, per participant, which groups are under their minimum of approved raters."""
    limits = campaign.rater_limits()
    counts = (
        Invitation.objects.filter(campaign=campaign)
        .values("subject_id")
        .annotate(
            **{
                group: Count("pk", filter=Q(group=group, status__in=COUNTED_STATUSES))
                for group in limits
            }
        )
    )
    subjects = {
        participant.pk: participant
        for participant in Participant.objects.filter(
            feedback_invitations__campaign=campaign,
            feedback_invitations__group=Invitation.Group.SELF,
        )
    }
    shortfalls = []
    for row in counts:
        participant = subjects.get(row["subject_id"])
        if participant is None:
            continue
        missing = [
            _("%(group)s %(have)d of at least %(min)d")
            % {"group": Invitation.Group(group).label, "have": row[group], "min": minimum}
            for group, (minimum, _maximum) in limits.items()
            if row[group] < minimum
        ]
        if missing:
            shortfalls.append(f"{participant}: {', '.join(missing)}")
    return sorted(shortfalls)


@transaction.atomic
def campaign_open(
    *, campaign: Campaign, by: User | None, override: bool = False, note: str = ""
) -> Campaign:
    """Open the questionnaires and send the approved invitations.

    Refused while a participant has fewer approved raters in a group than its minimum, unless
    HR overrides with a note; the override and the shortfalls are recorded.
    """
    require(by, may_manage_campaign, campaign)
    # Imported here: nominations imports this module for self invitations.
    from assessments.services.nominations import invitations_send

    _lock(campaign)
    _check_move(campaign, Status.OPEN)
    now = timezone.now()
    if campaign.closes_at is None or campaign.closes_at <= now:
        raise ValidationError(
            {"closes_at": _("Set a closing time in the future before opening.")},
            code="no_close_time",
        )
    # Participants confirmed since nomination started join now (and show in the shortfalls).
    self_invitations_ensure(
        campaign=campaign, participants=_confirmed_participants(campaign.cohort)
    )
    shortfalls = rater_shortfalls(campaign=campaign)
    is_override = False
    if shortfalls:
        if not override:
            raise ValidationError(
                _("Some participants do not have enough approved raters yet: %s.")
                % "; ".join(shortfalls),
                code="too_few_raters",
            )
        if by is None or not is_hr(by):
            raise ValidationError(
                _("Only HR can open a campaign with too few raters."), code="override_not_allowed"
            )
        if not note.strip():
            raise ValidationError(
                {"note": _("Say why the campaign opens with too few raters; it is recorded.")},
                code="override_needs_note",
            )
        is_override = True
        note = f"{note.strip()}\n{_('Too few raters:')} {'; '.join(shortfalls)}"
    if campaign.opens_at is None or campaign.opens_at > now:
        campaign.opens_at = now
    _record(
        campaign,
        to=Status.OPEN,
        by=by,
        note=note.strip(),
        is_override=is_override,
        update_fields=("opens_at",),
    )
    invitations_send(campaign=campaign, by=by)
    return campaign


@transaction.atomic
def campaign_close(*, campaign: Campaign, by: User | None = None, note: str = "") -> Campaign:
    """Stop taking answers; `by=None` is the automatic close at the close time."""
    require(by, may_manage_campaign, campaign)
    _lock(campaign)
    _check_move(campaign, Status.CLOSED)
    campaign.closed_at = timezone.now()
    _record(campaign, to=Status.CLOSED, by=by, note=note, update_fields=("closed_at",))
    figures_store(campaign=campaign)  # what the cohort's trainers now see
    campaign.figures_status = Status.CLOSED
    return campaign


@transaction.atomic
def campaign_release(*, campaign: Campaign, by: User | None) -> Campaign:
    """Let participants read their reports."""
    require(by, may_manage_campaign, campaign)
    _lock(campaign)
    _check_move(campaign, Status.RELEASED)
    campaign.released_at = timezone.now()
    _record(campaign, to=Status.RELEASED, by=by, update_fields=("released_at",))
    figures_store(campaign=campaign)  # what the participants now see
    campaign.figures_status = Status.RELEASED
    subjects = list(
        Participant.objects.filter(
            feedback_invitations__campaign=campaign,
            feedback_invitations__group=Invitation.Group.SELF,
        )
        .select_related("user")
        .order_by("pk")
    )
    emails.messages_send_on_commit(
        emails.report_ready_messages(campaign=campaign, participants=subjects)
    )
    report_pdfs_render_on_commit(campaign=campaign)  # ready before anyone clicks "Download PDF"
    return campaign


def campaigns_close_due(*, now: dt.datetime | None = None) -> int:
    """Close every open campaign past its close time; return how many closed."""
    now = now or timezone.now()
    closed = 0
    for campaign in Campaign.objects.filter(status=Status.OPEN, closes_at__lte=now):
        try:
            with system_actor():  # the scheduled close
                campaign_close(campaign=campaign, by=None)
        except ValidationError:
            continue  # closed meanwhile by someone else
        closed += 1
    return closed
