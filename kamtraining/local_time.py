"""Wall-clock times typed in a place's time zone, turned into the instants they name."""

import datetime as dt
import zoneinfo

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def local_to_aware(naive: dt.datetime, zone_name: str) -> dt.datetime:
    """The instant a wall-clock time in the zone names; refuse one the clocks skip or show twice.

    On the night the clocks go forward, 01:30 in London never happens; on the night they go
    back it happens twice. Guessing either way would put a session an hour off, so both are
    refused with a message saying why.
    """
    zone = zoneinfo.ZoneInfo(zone_name)
    first = naive.replace(tzinfo=zone, fold=0)
    second = naive.replace(tzinfo=zone, fold=1)
    if first.utcoffset() == second.utcoffset():
        return first
    params = {"time": naive.strftime("%Y-%m-%d %H:%M"), "zone": zone_name}
    if first.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None) != naive:
        raise ValidationError(
            _(
                "%(time)s does not exist in %(zone)s: the clocks go forward at that time. "
                "Choose another time."
            )
            % params,
            code="nonexistent_time",
        )
    raise ValidationError(
        _(
            "%(time)s happens twice in %(zone)s: the clocks go back at that time. "
            "Choose another time."
        )
        % params,
        code="ambiguous_time",
    )


def aware_to_local(instant: dt.datetime, zone_name: str) -> dt.datetime:
    """The naive wall-clock time an instant shows in the zone (what a form displays)."""
    return instant.astimezone(zoneinfo.ZoneInfo(zone_name)).replace(tzinfo=None)


# The zone every account and profile starts with: it stands for "never chose one".
UNCHOSEN_ZONE = "UTC"


def recipient_zone(chosen: str, about: str = "") -> zoneinfo.ZoneInfo:
    """The zone an email shows its times in, for one recipient (README, "Times in emails").

    The recipient's own zone when they chose one; for someone who never did (the UTC every
    account starts with, or no zone known, as for a rater addressed by email), the zone of the
    cohort the email is about (`about`), else UTC. A name the system does not know counts as
    none.
    """
    for name in (chosen if chosen != UNCHOSEN_ZONE else "", about):
        if name:
            try:
                return zoneinfo.ZoneInfo(name)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                continue
    return zoneinfo.ZoneInfo(UNCHOSEN_ZONE)
