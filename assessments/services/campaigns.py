"""A campaign's life: draft → nominating → open → closed → released, checked and recorded."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments import emails
from assessments.access import may_manage_campaign
from assessments.models import Campaign, CampaignEvent, Invitation
from courses.access import is_hr, require, system_actor
from courses.models import Cohort, Framework
from participants.models import Enrollment, Participant, User

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

DATETIME_FIELDS = ("nomination_opens_at", "nomination_closes_at", "opens_at", "closes_at")
# What may still change at each status: settings that shape the questionnaire or the report
# are fixed once raters can answer; dates move until the campaign closes.
EDITABLE_FIELDS: dict[str, frozenset[str]] = {
    Status.DRAFT: frozenset(
        {
            "name",
            "kind",
            *DATETIME_FIELDS,
            "scale_min",
            "scale_max",
            "scale_labels",
            "min_group_size",
            "gap_threshold",
            "manager_min",
            "manager_max",
            "peer_min",
            "peer_max",
            "direct_report_min",
            "direct_report_max",
            "other_min",
            "other_max",
        }
    ),
    Status.NOMINATING: frozenset(
        {
            "name",
            "kind",
            *DATETIME_FIELDS,
            "scale_labels",
            "min_group_size",
            "gap_threshold",
            "manager_min",
            "manager_max",
            "peer_min",
            "peer_max",
            "direct_report_min",
            "direct_report_max",
            "other_min",
            "other_max",
        }
    ),
    Status.OPEN: frozenset({"name", "closes_at", "min_group_size", "gap_threshold"}),
    Status.CLOSED: frozenset({"name", "min_group_size", "gap_threshold"}),
    Status.RELEASED: frozenset({"name"}),
}


# What raters were promised when invited (DESIGN.md §4.10): once the first invitation is out,
# these may rise but never fall — a lower k or limit would expose answers given under a higher
# one, a lower threshold would turn the same gaps into more blind spots.
NEVER_LOWERED_ONCE_SENT: tuple[str, ...] = (
    "min_group_size",
    "gap_threshold",
    "manager_min",
    "manager_max",
    "peer_min",
    "peer_max",
    "direct_report_min",
    "direct_report_max",
    "other_min",
    "other_max",
)
NOT_SENT_YET = (Invitation.Status.NOMINATED, Invitation.Status.APPROVED)


# A campaign runs in our time: a year outside these is a typo, refused with a clear message.
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100


def _check_times(values: dict[str, Any]) -> None:
    errors = {}
    for name in DATETIME_FIELDS:
        value = values.get(name)
        if not isinstance(value, dt.datetime):
            continue
        if timezone.is_naive(value):
            errors[name] = _("Give a time with its time zone.")
        elif not EARLIEST_YEAR <= value.astimezone(dt.UTC).year < LATEST_YEAR:
            errors[name] = _("Give a date between %(first)d and %(last)d.") % {
                "first": EARLIEST_YEAR,
                "last": LATEST_YEAR - 1,
            }
    if errors:
        raise ValidationError(errors)


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


@transaction.atomic
def campaign_create(
    *,
    cohort: Cohort,
    framework: Framework,
    name: str,
    kind: str = Campaign.Kind.PRE,
    by: User | None,
    **settings: Any,
) -> Campaign:
    """Create a draft campaign for a cohort, with optional dates, scale and rater limits."""
    require(by, may_manage_campaign)
    unknown = set(settings) - EDITABLE_FIELDS[Status.DRAFT]
    if unknown:
        raise ValidationError(_("Unknown campaign settings: %s.") % ", ".join(sorted(unknown)))
    _check_times(settings)
    campaign = Campaign(cohort=cohort, framework=framework, name=name, kind=kind, **settings)
    campaign.full_clean()
    campaign.save()
    CampaignEvent.objects.create(
        campaign=campaign, from_status="", to_status=Status.DRAFT, by=by, note=_("Created.")
    )
    return campaign


def campaign_has_sent_invitations(campaign: Campaign) -> bool:
    """Whether any invitation of the campaign has gone out (the self-assessment included)."""
    return (
        Invitation.objects.filter(campaign_id=campaign.pk)
        .filter(Q(sent_at__isnull=False) | ~Q(status__in=NOT_SENT_YET))
        .exists()
    )


def campaign_settings_check(*, campaign: Campaign, values: dict[str, Any]) -> None:
    """Refuse lowering k, a group limit or the gap threshold once invitations are out.

    `campaign` holds the stored values, `values` the new ones, already cleaned (int, Decimal).
    """
    lowered = [
        name
        for name in NEVER_LOWERED_ONCE_SENT
        if values.get(name) is not None and values[name] < getattr(campaign, name)
    ]
    if not lowered or not campaign_has_sent_invitations(campaign):
        return
    raise ValidationError(
        {
            name: ValidationError(
                _(
                    "Raters were invited under %(before)s: this can be raised but not lowered "
                    "any more."
                )
                % {"before": getattr(campaign, name)},
                code="lowered_after_sending",
            )
            for name in lowered
        }
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


@transaction.atomic
def campaign_update(*, campaign: Campaign, by: User | None, **changes: Any) -> Campaign:
    """Change settings that may still change at the campaign's status; record what changed."""
    require(by, may_manage_campaign, campaign)
    _lock(campaign)
    stored = Campaign.objects.get(pk=campaign.pk)
    allowed = EDITABLE_FIELDS[campaign.status]
    refused = sorted(
        name
        for name, value in changes.items()
        if getattr(campaign, name, None) != value and name not in allowed
    )
    if refused:
        raise ValidationError(
            {
                name: _("This cannot change while the campaign is “%(status)s”.")
                % {"status": campaign.get_status_display()}
                for name in refused
            }
        )
    _check_times(changes)
    for name, value in changes.items():
        setattr(campaign, name, value)
    campaign.full_clean()  # also turns each value into the field's type
    campaign_settings_check(
        campaign=stored, values={name: getattr(campaign, name) for name in changes}
    )
    changed = {
        name: [_jsonable(getattr(stored, name)), _jsonable(getattr(campaign, name))]
        for name in changes
        if getattr(stored, name) != getattr(campaign, name)
    }
    if changed:
        campaign.save(update_fields=list(changed))
        CampaignEvent.objects.create(
            campaign=campaign,
            from_status=campaign.status,
            to_status=campaign.status,
            by=by,
            note=_("Settings changed."),
            changes=changed,
        )
    return campaign


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
    if by is None and not note:
        note = _("Closed automatically at the close time.")
    _record(campaign, to=Status.CLOSED, by=by, note=note, update_fields=("closed_at",))
    return campaign


@transaction.atomic
def campaign_release(*, campaign: Campaign, by: User | None) -> Campaign:
    """Let participants read their reports."""
    require(by, may_manage_campaign, campaign)
    _lock(campaign)
    _check_move(campaign, Status.RELEASED)
    campaign.released_at = timezone.now()
    _record(campaign, to=Status.RELEASED, by=by, update_fields=("released_at",))
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
