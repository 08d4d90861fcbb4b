"""My Zone: a participant's schedule in their own time zone, their syllabus and attendance."""

import datetime as dt
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from courses.models import Course, Module, Session
from participants.models import Attendance, Enrollment, Participant, User
from participants.selectors.attendance import ATTENDED, AttendanceTally
from participants.selectors.enrollment import with_waitlist_position


def zone_info(name: str) -> zoneinfo.ZoneInfo:
    """The named zone, or UTC for a name that is missing or unknown (never a 500)."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


@dataclass(frozen=True)
class LocalSession:
    """A session with its times in the viewer's zone and in its own (Session.zone_name)."""

    session: Session
    starts_at: dt.datetime
    ends_at: dt.datetime
    local_starts_at: dt.datetime
    local_ends_at: dt.datetime
    attendance: str | None = None

    @property
    def time_zone(self) -> str:
        return str(self.starts_at.tzinfo)

    @property
    def local_time_zone(self) -> str:
        return str(self.local_starts_at.tzinfo)

    @property
    def shows_local_time(self) -> bool:
        # Same offset under another name (Asia/Shanghai, Asia/Hong_Kong) needs no second time.
        return self.starts_at.utcoffset() != self.local_starts_at.utcoffset()

    @property
    def ends_on_later_day(self) -> bool:
        return self.ends_at.date() != self.starts_at.date()

    @property
    def local_day_differs(self) -> bool:
        return self.local_starts_at.date() != self.starts_at.date()

    @property
    def cohort_starts_at(self) -> dt.datetime:
        return self.session.starts_at.astimezone(zone_info(self.session.cohort.time_zone))

    @property
    def cohort_ends_at(self) -> dt.datetime:
        return self.session.ends_at.astimezone(zone_info(self.session.cohort.time_zone))

    @property
    def cohort_time_zone(self) -> str:
        return self.session.cohort.time_zone

    @property
    def is_cancelled(self) -> bool:
        return self.session.status == Session.Status.CANCELLED

    @property
    def location(self) -> str:
        room = self.session.room
        return str(room) if room is not None else ""

    @property
    def attendance_label(self) -> str:
        return str(Attendance.Status(self.attendance).label) if self.attendance else ""


def local_session(
    session: Session, *, zone: zoneinfo.ZoneInfo, attendance: str | None = None
) -> LocalSession:
    """The session in the viewer's `zone` and in its own (its room and cohort loaded)."""
    local = session.zone
    return LocalSession(
        session=session,
        starts_at=session.starts_at.astimezone(zone),
        ends_at=session.ends_at.astimezone(zone),
        local_starts_at=session.starts_at.astimezone(local),
        local_ends_at=session.ends_at.astimezone(local),
        attendance=attendance,
    )


@dataclass(frozen=True)
class Day:
    date: dt.date
    sessions: list[LocalSession]


def group_by_day(sessions: Iterable[LocalSession]) -> list[Day]:
    """Group sessions by their start date in the viewer's zone, keeping their order."""
    return [
        Day(date=date, sessions=list(items))
        for date, items in groupby(sessions, key=lambda s: s.starts_at.date())
    ]


def participant_for_user(*, user: User) -> Participant | None:
    """The user's participant profile, if any (cached on the user for the rest of the request)."""
    if not user.is_authenticated:
        return None
    try:
        return user.participant
    except Participant.DoesNotExist:
        return None


def enrollments_for_participant(*, participant: Participant) -> QuerySet[Enrollment]:
    """The participant's enrolments with cohort and course, and their place on any waitlist."""
    return with_waitlist_position(
        participant.enrollments.select_related("cohort__course")
    ).order_by("cohort__starts_on", "pk")


def sessions_for_participant(*, participant: Participant) -> QuerySet[Session]:
    """Every session (cancelled ones too) of the cohorts the participant is attending."""
    return (
        Session.objects.filter(
            cohort__enrollments__participant=participant,
            cohort__enrollments__status__in=Enrollment.ATTENDING,
        )
        .select_related("cohort", "module__dimension", "room__venue")
        .order_by("starts_at", "pk")
    )


def attendance_for_participant(*, participant: Participant) -> dict[int, str]:
    """Session id → attendance status of the participant."""
    return dict(
        Attendance.objects.filter(enrollment__participant=participant).values_list(
            "session_id", "status"
        )
    )


@dataclass
class AttendanceRecord:
    """One enrolment's attendance over its cohort's past scheduled sessions."""

    enrollment: Enrollment
    counts: dict[str, int] = field(default_factory=dict)
    unmarked: int = 0
    rate: float | None = None

    @property
    def percent(self) -> int | None:
        return None if self.rate is None else round(self.rate * 100)

    @property
    def meets_threshold(self) -> bool | None:
        if self.rate is None:
            return None
        return self.rate * 100 >= self.enrollment.cohort.completion_threshold


def syllabus_for_courses(*, course_ids: Iterable[int]) -> list[Course]:
    """The courses with their modules in order, each with the role (dimension) it develops."""
    return list(
        Course.objects.filter(pk__in=list(course_ids))
        .prefetch_related(
            Prefetch(
                "modules",
                queryset=Module.objects.select_related("dimension").order_by("number"),
            )
        )
        .order_by("code")
    )


@dataclass
class MyZone:
    participant: Participant
    enrollments: list[Enrollment]
    upcoming: list[Day]
    past: list[LocalSession]
    attendance: list[AttendanceRecord]
    syllabus: list[Course]
    time_zone: str

    @property
    def next_session(self) -> LocalSession | None:
        for day in self.upcoming:
            for item in day.sessions:
                if not item.is_cancelled:
                    return item
        return None


def my_zone(*, participant: Participant, now: dt.datetime | None = None) -> MyZone:
    """Everything My Zone shows, in a constant number of queries."""
    now = now or timezone.now()
    zone = zone_info(participant.time_zone)
    enrollments = list(enrollments_for_participant(participant=participant))
    attending = [e for e in enrollments if e.status in Enrollment.ATTENDING]
    statuses = attendance_for_participant(participant=participant)
    sessions = [
        local_session(s, zone=zone, attendance=statuses.get(s.pk))
        for s in sessions_for_participant(participant=participant)
    ]
    upcoming = [s for s in sessions if s.session.ends_at > now]
    past = [s for s in sessions if s.session.ends_at <= now]

    records: list[AttendanceRecord] = []
    for enrollment in attending:
        counted = [
            s for s in past if s.session.cohort_id == enrollment.cohort_id and not s.is_cancelled
        ]
        record = AttendanceRecord(enrollment=enrollment)
        for item in counted:
            if item.attendance:
                record.counts[item.attendance] = record.counts.get(item.attendance, 0) + 1
            else:
                record.unmarked += 1
        # The rule of participants.selectors.attendance, over the sessions already in hand.
        record.rate = AttendanceTally(
            past_sessions=len(counted),
            attended=sum(record.counts.get(status, 0) for status in ATTENDED),
            excused=record.counts.get(Attendance.Status.EXCUSED, 0),
        ).rate
        records.append(record)

    return MyZone(
        participant=participant,
        enrollments=enrollments,
        upcoming=group_by_day(upcoming),
        past=list(reversed(past)),
        attendance=records,
        syllabus=syllabus_for_courses(course_ids={e.cohort.course_id for e in attending}),
        time_zone=str(zone),
    )
