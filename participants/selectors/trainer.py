"""Trainer pages: my cohorts, a cohort's roster and sessions, a session's attendance sheet."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from courses.access import cohorts_trained_by
from courses.models import Cohort, Session
from kamtraining.i18n import person_sort_key
from participants.models import Attendance, AttendanceChange, Enrollment, User


def cohorts_for_trainer(*, user: User, now: dt.datetime | None = None) -> QuerySet[Cohort]:
    """The cohorts the user trains, with their roster size and next scheduled session."""
    now = now or timezone.now()
    next_session = Session.objects.filter(
        cohort=OuterRef("pk"), status=Session.Status.SCHEDULED, ends_at__gt=now
    ).order_by("starts_at", "pk")
    next_zone = next_session.annotate(local_zone=Session.zone_name_expression())
    return (
        cohorts_trained_by(user)
        .select_related("course")
        .annotate(
            roster_count=Count(
                "enrollments", filter=Q(enrollments__status__in=Enrollment.ATTENDING)
            ),
            next_session_starts_at=Subquery(next_session.values("starts_at")[:1]),
            next_session_title=Subquery(next_session.values("title")[:1]),
            next_session_title_en=Subquery(next_session.values("title_en")[:1]),
            next_session_time_zone=Subquery(next_zone.values("local_zone")[:1]),
        )
        .order_by("-starts_on", "code")
    )


def roster_for_cohort(*, cohort: Cohort) -> list[Enrollment]:
    """Everyone enrolled in the cohort but the cancelled, places first, then the waitlist."""
    rank: dict[str, int] = {
        Enrollment.Status.CONFIRMED: 0,
        Enrollment.Status.COMPLETED: 0,
        Enrollment.Status.NO_SHOW: 1,
        Enrollment.Status.INVITED: 2,
        Enrollment.Status.WAITLISTED: 3,
    }
    enrollments = list(
        cohort.enrollments.exclude(status=Enrollment.Status.CANCELLED).select_related("participant")
    )

    def order(e: Enrollment) -> tuple[int, Any]:
        # The waitlist keeps its queue order; everyone else reads alphabetically.
        if e.status == Enrollment.Status.WAITLISTED:
            return rank[e.status], (e.waitlisted_at or e.created_at, e.pk)
        return rank.get(e.status, 9), (person_sort_key(e.participant), e.pk)

    enrollments.sort(key=order)
    return enrollments


def sessions_for_cohort(*, cohort: Cohort) -> QuerySet[Session]:
    """The cohort's sessions in order, with how many attendance marks each has."""
    return (
        cohort.sessions.select_related("module__dimension", "room__venue")
        .annotate(marked_count=Count("attendances"))
        .order_by("starts_at", "pk")
    )


@dataclass(frozen=True)
class SheetRow:
    enrollment: Enrollment
    status: str
    history: tuple[AttendanceChange, ...] = ()

    @property
    def field_name(self) -> str:
        return f"status-{self.enrollment.pk}"

    @property
    def is_changed(self) -> bool:
        """Whether the mark was changed after it was first given."""
        return any(change.from_status for change in self.history)


def attendance_sheet(*, session: Session) -> list[SheetRow]:
    """The session's roster with each person's current mark ('' when unmarked) and its history."""
    marks = dict(Attendance.objects.filter(session=session).values_list("enrollment_id", "status"))
    history: dict[int, list[AttendanceChange]] = {}
    for change in AttendanceChange.objects.filter(session=session).select_related("by"):
        history.setdefault(change.enrollment_id, []).append(change)
    enrollments = sorted(
        Enrollment.objects.filter(
            cohort_id=session.cohort_id, status__in=Enrollment.HOLDS_PLACE
        ).select_related("participant"),
        key=lambda e: (person_sort_key(e.participant), e.pk),
    )
    return [
        SheetRow(enrollment=e, status=marks.get(e.pk, ""), history=tuple(history.get(e.pk, ())))
        for e in enrollments
    ]
