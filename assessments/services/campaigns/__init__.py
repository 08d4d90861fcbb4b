"""A campaign's life: draft → nominating → open → closed → released, checked and recorded."""

from assessments.services.campaigns.common import (
    COUNTED_STATUSES,
    NOT_SENT_YET,
    TRANSITIONS,
    Status,
)
from assessments.services.campaigns.lifecycle import (
    campaign_close,
    campaign_open,
    campaign_release,
    campaign_start_nomination,
    campaigns_close_due,
    rater_shortfalls,
    self_invitations_ensure,
)
from assessments.services.campaigns.settings import (
    DATETIME_FIELDS,
    EDITABLE_FIELDS,
    NEVER_LOWERED_ONCE_SENT,
    campaign_create,
    campaign_has_sent_invitations,
    campaign_settings_check,
    campaign_update,
)

__all__ = [
    "COUNTED_STATUSES",
    "DATETIME_FIELDS",
    "EDITABLE_FIELDS",
    "NEVER_LOWERED_ONCE_SENT",
    "NOT_SENT_YET",
    "TRANSITIONS",
    "Status",
    "campaign_close",
    "campaign_create",
    "campaign_has_sent_invitations",
    "campaign_open",
    "campaign_release",
    "campaign_settings_check",
    "campaign_start_nomination",
    "campaign_update",
    "campaigns_close_due",
    "rater_shortfalls",
    "self_invitations_ensure",
]
