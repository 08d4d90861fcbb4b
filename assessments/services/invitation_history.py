"""The append-only status history of invitations, written by every service that moves one."""

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone

from assessments.models import InvitationStatusChange
from participants.models import User


def invitation_statuses_record(
    *,
    changes: Iterable[tuple[int, str, str]],
    by: User | None,
    at: dt.datetime | None = None,
) -> None:
    """Append one row per (invitation id, from status, to status), in one query."""
    when = at or timezone.now()
    InvitationStatusChange.objects.bulk_create(
        InvitationStatusChange(
            invitation_id=invitation_id, from_status=before, to_status=after, by=by, at=when
        )
        for invitation_id, before, after in changes
        if before != after
    )
