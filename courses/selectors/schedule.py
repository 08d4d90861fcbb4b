"""Reads of a cohort's schedule, laid out by day in a chosen time zone."""

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field

from django.db.models import Prefetch

from courses.models import Cohort, Session, SessionChange
from kamtraining.i18n import time_zone_names


@dataclass(frozen=True)
class ScheduleEntry:
    """One session with its times in the zone the schedule is shown in, and in its own."""

    session: Session
    starts_at: dt.datetime
    ends_at: dt.datetime
    local_starts_at: dt.datetime
    local_ends_at: dt.datetime

    @property
    def zone_name(self) -> str:
        """The zone the entry's times are shown in."""
        return str(self.starts_at.tzinfo)

    @property
    def local_zone_name(self) -> str:
        """The session's own zone (Session.zone_name)."""
        return str(self.local_starts_at.tzinfo)

    @property
    def shows_local_time(self) -> bool:
        """Whether the session's own local time differs from the time shown (same offset: no)."""
        return self.starts_at.utcoffset() != self.local_starts_at.utcoffset()

    @property
    def local_day_differs(self) -> bool:
        return self.local_starts_at.date() != self.starts_at.date()

    @property
    def days_later(self) -> int:
        """How many calendar days after its start the session ends (1 when it crosses midnight)."""
        return (self.ends_at.date() - self.starts_at.date()).days

    @property
    def is_cancelled(self) -> bool:
        return self.session.is_cancelled


@dataclass
class ScheduleDay:
    date: dt.date
    entries: list[ScheduleEntry] = field(default_factory=list)


def cohort_get(*, pk: int) -> Cohort | None:
    """A cohort with what its schedule page shows about it (course, venue, trainers)."""
    return (
        Cohort.objects.select_related("course", "venue")
        .prefetch_related("trainers")
        .filter(pk=pk)
        .first()
    )


def schedule_zone(*, viewer_zone: str | None = None) -> zoneinfo.ZoneInfo | None:
    """The viewer's zone when asked for and known; None for each session's own local time."""
    if viewer_zone and viewer_zone in time_zone_names():
        return zoneinfo.ZoneInfo(viewer_zone)
    return None


def cohort_schedule_by_day(
    *, cohort: Cohort, zone: zoneinfo.ZoneInfo | None = None, with_changes: bool = False
) -> list[ScheduleDay]:
    """The cohort's sessions (cancelled ones too) grouped by their start day in `zone`.

    Without a zone each session is shown in its own (Session.zone_name): one module taught in
    Dubai and one in Shenzhen each keep their local time. `with_changes` also fetches each
    session's change history (who moved it, when, from what).
    """
    sessions = (
        cohort.sessions.select_related("module__dimension", "room__venue")
        .prefetch_related("trainers")
        .order_by("starts_at", "pk")
    )
    if with_changes:
        sessions = sessions.prefetch_related(
            Prefetch("changes", queryset=SessionChange.objects.select_related("by"))
        )
    days: list[ScheduleDay] = []
    for session in sessions:
        session.cohort = cohort  # the zone rule reads it; spare a query per session
        local = session.zone
        shown = zone or local
        entry = ScheduleEntry(
            session=session,
            starts_at=session.starts_at.astimezone(shown),
            ends_at=session.ends_at.astimezone(shown),
            local_starts_at=session.starts_at.astimezone(local),
            local_ends_at=session.ends_at.astimezone(local),
        )
        # A session belongs to the day it starts on; one crossing midnight says so itself.
        if not days or days[-1].date != entry.starts_at.date():
            days.append(ScheduleDay(date=entry.starts_at.date()))
        days[-1].entries.append(entry)
    return days
