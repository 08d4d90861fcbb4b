"""Reads of a cohort's schedule, laid out by day in a chosen time zone."""

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field

from django.db.models import Prefetch

from courses.models import Cohort, Session, SessionChange
from kamtraining.i18n import time_zone_names


@dataclass(frozen=True)
class ScheduleEntry:
    """One session with its times in the zone the schedule is shown in."""

    session: Session
    starts_at: dt.datetime
    ends_at: dt.datetime

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


def schedule_zone(*, cohort: Cohort, viewer_zone: str | None = None) -> zoneinfo.ZoneInfo:
    """The viewer's zone when asked for and known, else the cohort's."""
    if viewer_zone and viewer_zone in time_zone_names():
        return zoneinfo.ZoneInfo(viewer_zone)
    return zoneinfo.ZoneInfo(cohort.time_zone)


def cohort_schedule_by_day(
    *, cohort: Cohort, zone: zoneinfo.ZoneInfo, with_changes: bool = False
) -> list[ScheduleDay]:
    """The cohort's sessions (cancelled ones too) grouped by their local start day in `zone`.

    `with_changes` also fetches each session's change history (who moved it, when, from what).
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
        entry = ScheduleEntry(
            session=session,
            starts_at=session.starts_at.astimezone(zone),
            ends_at=session.ends_at.astimezone(zone),
        )
        # A session belongs to the day it starts on; one crossing midnight says so itself.
        if not days or days[-1].date != entry.starts_at.date():
            days.append(ScheduleDay(date=entry.starts_at.date()))
        days[-1].entries.append(entry)
    return days
