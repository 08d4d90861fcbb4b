"""Creating a campaign and changing its settings: what may change when, promises to raters."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from assessments.access import may_manage_campaign
from assessments.models import Campaign, CampaignEvent, Invitation
from assessments.services.campaigns.common import NOT_SENT_YET, Status, _lock
from courses.access import require
from courses.models import Cohort, Framework
from kamtraining.validators import times_check
from participants.models import User

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
    times_check({name: settings.get(name) for name in DATETIME_FIELDS})
    campaign = Campaign(cohort=cohort, framework=framework, name=name, kind=kind, **settings)
    campaign.full_clean()
    campaign.save()
    CampaignEvent.objects.create(campaign=campaign, from_status="", to_status=Status.DRAFT, by=by)
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
    times_check({name: changes.get(name) for name in DATETIME_FIELDS})
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
            changes=changed,
        )
    return campaign
