"""Raters: the participant nominates, the trainer or HR approves or edits, invitations go out.

A participant edits their own list while the campaign is nominating (and within its nomination
window, when set); the cohort's trainers and HR may edit any list until the invitation is sent.
Once the participant submits the list it is locked for them until a trainer or HR approves it
(or changes it so that nothing is left to approve); the participant is emailed either way.
"""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments import emails
from assessments.access import may_edit_raters
from assessments.models import Campaign, Invitation, NominationSubmission
from assessments.selectors.campaigns import awaiting_submission, group_counts, nomination_gaps
from assessments.selectors.questionnaire import answer_minutes_by_framework
from assessments.services.invitation_history import invitation_statuses_record
from assessments.tokens import token_new
from courses.access import require
from participants.access import is_own_participant
from participants.models import Participant, User

Group = Invitation.Group
IStatus = Invitation.Status
EDITABLE = (IStatus.NOMINATED, IStatus.APPROVED)  # not sent yet


def _role(*, by: User, campaign: Campaign, subject: Participant) -> str:
    if may_edit_raters(by, campaign):
        return "staff"
    if is_own_participant(by, subject):
        return "participant"
    raise PermissionDenied


def _check_can_edit(*, role: str, campaign: Campaign) -> None:
    if role == "staff":
        if campaign.status not in (Campaign.Status.NOMINATING, Campaign.Status.OPEN):
            raise ValidationError(
                _("Raters can be changed only while the campaign is nominating or open."),
                code="not_nominating",
            )
        return
    if campaign.status != Campaign.Status.NOMINATING:
        raise ValidationError(
            _("Nominations are closed for this campaign; ask your trainer for a change."),
            code="not_nominating",
        )
    now = timezone.now()
    if campaign.nomination_opens_at and now < campaign.nomination_opens_at:
        raise ValidationError(_("Nominations have not opened yet."), code="not_nominating")
    if campaign.nomination_closes_at and now >= campaign.nomination_closes_at:
        raise ValidationError(
            _("The nomination deadline has passed; ask your trainer for a change."),
            code="not_nominating",
        )


def _refuse_while_awaiting(*, role: str, campaign: Campaign, subject: Participant) -> None:
    if role == "participant" and awaiting_submission(campaign=campaign, subject=subject):
        raise ValidationError(
            _("Your list is with your trainer for approval; ask them for a change."),
            code="awaiting_approval",
        )


def _tell_subject_of_change(*, invitation: Invitation, by: User, change: str) -> None:
    """A trainer's or HR's change reaches the participant; a list with nothing left to approve
    stops awaiting (the trainer decided it by changing it)."""
    campaign, subject = invitation.campaign, invitation.subject
    message = emails.nominations_changed_message(
        campaign=campaign,
        subject=subject,
        change=change,
        rater_name=invitation.rater_name,
        group=invitation.group,
    )
    emails.messages_send_on_commit([message])
    if not Invitation.objects.filter(
        campaign=campaign, subject=subject, status=IStatus.NOMINATED
    ).exists():
        _decide(
            campaign=campaign, subject=subject, by=by, outcome=NominationSubmission.Outcome.CHANGED
        )


def _decide(*, campaign: Campaign, subject: Participant, by: User, outcome: str) -> int:
    return NominationSubmission.objects.filter(
        campaign=campaign, subject=subject, decided_at__isnull=True
    ).update(decided_at=timezone.now(), decided_by=by, outcome=outcome)


def _lock_subject(*, campaign: Campaign, subject: Participant) -> Invitation:
    # The self invitation stands for "this participant in this campaign": locking it makes
    # concurrent nominations for one person queue up, so group maxima and uniqueness hold.
    try:
        return Invitation.objects.select_for_update().get(
            campaign=campaign, subject=subject, group=Group.SELF
        )
    except Invitation.DoesNotExist:
        raise ValidationError(
            _("%(name)s is not a participant of this campaign.") % {"name": subject},
            code="not_a_subject",
        ) from None


def _clean_rater(
    *,
    campaign: Campaign,
    subject: Participant,
    rater_name: str,
    rater_email: str,
    group: str,
    exclude_pk: int | None = None,
    old_group: str | None = None,
) -> tuple[str, str]:
    errors: dict[str, str] = {}
    rater_name = rater_name.strip()
    rater_email = rater_email.strip().lower()
    if not rater_name:
        errors["rater_name"] = _("Give the rater's name.")
    try:
        validate_email(rater_email)
    except ValidationError:
        errors["rater_email"] = _("Enter a valid email address.")
    own = {subject.email.lower()}
    if subject.user_id is not None and subject.user is not None:
        own.add(subject.user.email.lower())
    if rater_email in own:
        errors["rater_email"] = _(
            "This is the participant's own email; the self-assessment is done in My Zone."
        )
    elif (
        Invitation.objects.filter(campaign=campaign, subject=subject, rater_email=rater_email)
        .exclude(pk=exclude_pk or 0)
        .exists()
    ):
        errors["rater_email"] = _("%(email)s is already a rater of %(name)s in this campaign.") % {
            "email": rater_email,
            "name": subject,
        }
    limits = campaign.rater_limits()
    if group not in limits:
        errors["group"] = _("Choose manager, peer, direct report or other.")
    elif group != old_group:
        have = group_counts(campaign=campaign, subject=subject).get(group, 0)
        maximum = limits[group][1]
        if have >= maximum:
            errors["group"] = _("At most %(max)d raters in “%(group)s”.") % {
                "max": maximum,
                "group": Group(group).label,
            }
    if errors:
        raise ValidationError(errors)
    return rater_name, rater_email


@transaction.atomic
def invitation_nominate(
    *,
    campaign: Campaign,
    subject: Participant,
    rater_name: str,
    rater_email: str,
    group: str,
    by: User,
    rater_language: str = "",
) -> Invitation:
    """Add a rater to a participant's list: nominated by the participant, approved if by staff."""
    role = _role(by=by, campaign=campaign, subject=subject)
    _check_can_edit(role=role, campaign=campaign)
    _lock_subject(campaign=campaign, subject=subject)
    _refuse_while_awaiting(role=role, campaign=campaign, subject=subject)
    rater_name, rater_email = _clean_rater(
        campaign=campaign,
        subject=subject,
        rater_name=rater_name,
        rater_email=rater_email,
        group=group,
    )
    now = timezone.now()
    invitation = Invitation(
        campaign=campaign,
        subject=subject,
        rater_name=rater_name,
        rater_email=rater_email,
        rater_language=rater_language,
        group=group,
        status=IStatus.APPROVED if role == "staff" else IStatus.NOMINATED,
        nominated_at=now,
        approved_at=now if role == "staff" else None,
    )
    invitation.full_clean(validate_unique=False, validate_constraints=False)
    invitation.save()
    invitation_statuses_record(changes=[(invitation.pk, "", invitation.status)], by=by, at=now)
    if role == "staff":
        _tell_subject_of_change(invitation=invitation, by=by, change="added")
    return invitation


def _check_editable(invitation: Invitation) -> None:
    if invitation.group == Group.SELF:
        raise ValidationError(
            _("The self-assessment belongs to the participant and cannot be changed."),
            code="self_invitation",
        )
    if invitation.status not in EDITABLE:
        raise ValidationError(
            _("This rater has already been invited; the invitation stays on record."),
            code="already_sent",
        )


@transaction.atomic
def invitation_update(
    *,
    invitation: Invitation,
    by: User,
    rater_name: str | None = None,
    rater_email: str | None = None,
    group: str | None = None,
    rater_language: str | None = None,
) -> Invitation:
    """Correct a rater before the invitation is sent."""
    campaign, subject = invitation.campaign, invitation.subject
    role = _role(by=by, campaign=campaign, subject=subject)
    _check_can_edit(role=role, campaign=campaign)
    _lock_subject(campaign=campaign, subject=subject)
    invitation.refresh_from_db()
    _check_editable(invitation)
    _refuse_while_awaiting(role=role, campaign=campaign, subject=subject)
    if role == "participant" and invitation.status != IStatus.NOMINATED:
        raise ValidationError(
            _("Your trainer has approved this rater; ask them for a change."), code="approved"
        )
    name, email = _clean_rater(
        campaign=campaign,
        subject=subject,
        rater_name=invitation.rater_name if rater_name is None else rater_name,
        rater_email=invitation.rater_email if rater_email is None else rater_email,
        group=invitation.group if group is None else group,
        exclude_pk=invitation.pk,
        old_group=invitation.group,
    )
    invitation.rater_name, invitation.rater_email = name, email
    if group is not None:
        invitation.group = group
    if rater_language is not None:
        invitation.rater_language = rater_language
    invitation.full_clean(validate_unique=False, validate_constraints=False)
    invitation.save(update_fields=["rater_name", "rater_email", "group", "rater_language"])
    if role == "staff":
        _tell_subject_of_change(invitation=invitation, by=by, change="updated")
    return invitation


@transaction.atomic
def invitation_remove(*, invitation: Invitation, by: User) -> None:
    """Take a rater off the list; only before the invitation is sent (never afterwards)."""
    campaign, subject = invitation.campaign, invitation.subject
    role = _role(by=by, campaign=campaign, subject=subject)
    _check_can_edit(role=role, campaign=campaign)
    _lock_subject(campaign=campaign, subject=subject)
    invitation.refresh_from_db()
    _check_editable(invitation)
    _refuse_while_awaiting(role=role, campaign=campaign, subject=subject)
    if role == "participant" and invitation.status != IStatus.NOMINATED:
        raise ValidationError(
            _("Your trainer has approved this rater; ask them for a change."), code="approved"
        )
    # Nothing was sent or answered yet: the row holds no history worth keeping.
    invitation.delete()
    if role == "staff":
        _tell_subject_of_change(invitation=invitation, by=by, change="removed")


@transaction.atomic
def nominations_submit(*, campaign: Campaign, subject: Participant, by: User) -> dict[str, int]:
    """Hand the list to the trainer: checked against the limits, then the trainers are told."""
    role = _role(by=by, campaign=campaign, subject=subject)
    _check_can_edit(role=role, campaign=campaign)
    _lock_subject(campaign=campaign, subject=subject)
    if awaiting_submission(campaign=campaign, subject=subject):
        raise ValidationError(
            _("You have already submitted this list; it awaits your trainer's approval."),
            code="already_submitted",
        )
    counts = group_counts(campaign=campaign, subject=subject)
    gaps = nomination_gaps(campaign=campaign, counts=counts)
    problems = [gap.message for gap in gaps if not gap.is_ok]
    if problems:
        raise ValidationError(" ".join(problems), code="outside_limits")
    if not Invitation.objects.filter(
        campaign=campaign, subject=subject, status=IStatus.NOMINATED
    ).exists():
        raise ValidationError(
            _("Every rater on this list is already approved."), code="nothing_to_submit"
        )
    NominationSubmission.objects.create(campaign=campaign, subject=subject, by=by)
    emails.messages_send_on_commit(
        emails.nominations_submitted_messages(campaign=campaign, subject=subject, counts=counts)
    )
    return counts


@transaction.atomic
def nominations_approve(*, campaign: Campaign, subject: Participant, by: User) -> int:
    """Approve a participant's nominated raters; sent at once if the campaign is already open."""
    if not may_edit_raters(by, campaign):
        raise PermissionDenied
    _check_can_edit(role="staff", campaign=campaign)
    _lock_subject(campaign=campaign, subject=subject)
    now = timezone.now()
    nominated = list(
        Invitation.objects.filter(
            campaign=campaign, subject=subject, status=IStatus.NOMINATED
        ).values_list("pk", flat=True)
    )
    approved = Invitation.objects.filter(pk__in=nominated).update(
        status=IStatus.APPROVED, approved_at=now
    )
    invitation_statuses_record(
        changes=[(pk, IStatus.NOMINATED, IStatus.APPROVED) for pk in nominated], by=by, at=now
    )
    if not approved:
        raise ValidationError(_("There is no nominated rater to approve."), code="nothing")
    _decide(
        campaign=campaign, subject=subject, by=by, outcome=NominationSubmission.Outcome.APPROVED
    )
    emails.messages_send_on_commit(
        [emails.nominations_approved_message(campaign=campaign, subject=subject)]
    )
    if campaign.status == Campaign.Status.OPEN:
        invitations_send(campaign=campaign, subjects=[subject], by=by)
    return approved


@transaction.atomic
def invitations_send(
    *, campaign: Campaign, subjects: Iterable[Participant] | None = None, by: User | None
) -> int:
    """Email every approved invitation its link; store only the token's hash. Return how many."""
    require(by, may_edit_raters, campaign)
    if campaign.status != Campaign.Status.OPEN:
        raise ValidationError(_("Invitations go out once the campaign is open."), code="not_open")
    invitations = (
        Invitation.objects.select_for_update(of=("self",))
        .filter(campaign=campaign, status=IStatus.APPROVED)
        .select_related("subject__user", "campaign__cohort")
    )
    if subjects is not None:
        invitations = invitations.filter(subject__in=list(subjects))
    now = timezone.now()
    batch = list(invitations)
    minutes = (
        answer_minutes_by_framework(framework_ids=[campaign.framework_id])[campaign.framework_id]
        if batch
        else None
    )
    messages = []
    invitation_statuses_record(
        changes=[(invitation.pk, invitation.status, IStatus.SENT) for invitation in batch],
        by=by,
        at=now,
    )
    for invitation in batch:
        raw: str | None = None
        if invitation.group != Group.SELF:  # the self-assessment is answered logged in
            raw, invitation.token_hash = token_new()
        invitation.status = IStatus.SENT
        invitation.sent_at = now
        messages.append(
            emails.invitation_message(invitation=invitation, raw_token=raw, minutes=minutes)
        )
    Invitation.objects.bulk_update(batch, ["token_hash", "status", "sent_at"])
    emails.messages_send_on_commit(messages)
    return len(batch)
