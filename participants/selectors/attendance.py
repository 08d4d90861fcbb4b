"""Attendance rates and completion.

The rule, per enrolment:
- Only the cohort's *scheduled* (not cancelled) sessions that have *ended* (ends_at ≤ now) count.
- present and late count as attended; excused sessions leave the denominator; absent and
  sessions nobody marked count as missed.
- rate = attended / (past scheduled sessions − excused), a fraction in [0, 1]; None when that
  denominator is 0 (nothing has happened yet, or every session was excused), and None for
  enrolments that hold no place (invited, waitlisted, cancelled).
- The cohort's rate pools every place-holding enrolment: Σ attended / Σ denominators.
- An enrolment completes when rate × 100 ≥ cohort.completion_threshold (default 80).
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from courses.models import Cohort, Session
from participants.models import Attendance, Enrollment

ATTENDED = (Attendance.Status.PRESENT, Attendance.Status.LATE)


@dataclass(frozen=True)
class AttendanceTally:
    """The numbers behind one enrolment's rate."""

    past_sessions: int
    attended: int
    excused: int

    @property
    def denominator(self) -> int:
        return self.past_sessions - self.excused

    @property
    def rate(self) -> float | None:
        return self.attended / self.denominator if self.denominator > 0 else None


def _past_sessions(cohort_id: int, now: dt.datetime) -> Q:
    return Q(
        session__cohort_id=cohort_id,
        session__status=Session.Status.SCHEDULED,
        session__ends_at__lte=now,
    )


def attendance_tallies_for_cohort(
    *, cohort: Cohort, now: dt.datetime | None = None
) -> dict[int, AttendanceTally | None]:
    """Enrolment id → its tally (None when it holds no place); three queries whatever the size."""
    now = now or timezone.now()
    past = Session.objects.filter(
        cohort=cohort, status=Session.Status.SCHEDULED, ends_at__lte=now
    ).count()
    marks = {
        row["enrollment_id"]: row
        for row in Attendance.objects.filter(_past_sessions(cohort.pk, now))
        .values("enrollment_id")
        .annotate(
            attended=Count("pk", filter=Q(status__in=ATTENDED)),
            excused=Count("pk", filter=Q(status=Attendance.Status.EXCUSED)),
        )
    }
    result: dict[int, AttendanceTally | None] = {}
    for enrollment_id, status in Enrollment.objects.filter(cohort=cohort).values_list(
        "pk", "status"
    ):
        if status not in Enrollment.HOLDS_PLACE:
            result[enrollment_id] = None
            continue
        row = marks.get(enrollment_id, {"attended": 0, "excused": 0})
        result[enrollment_id] = AttendanceTally(
            past_sessions=past, attended=row["attended"], excused=row["excused"]
        )
    return result


def attendance_rates_for_cohort(
    *, cohort: Cohort, now: dt.datetime | None = None
) -> dict[int, float | None]:
    """Enrolment id → attendance rate in [0, 1] (None when nothing counts yet); see the rule."""
    return {
        pk: (tally.rate if tally is not None else None)
        for pk, tally in attendance_tallies_for_cohort(cohort=cohort, now=now).items()
    }


def cohort_attendance_rate(*, cohort: Cohort, now: dt.datetime | None = None) -> float | None:
    """The cohort's pooled rate: all attended sessions over all counted ones (None if none)."""
    tallies = [t for t in attendance_tallies_for_cohort(cohort=cohort, now=now).values() if t]
    denominator = sum(t.denominator for t in tallies)
    if denominator <= 0:
        return None
    return sum(t.attended for t in tallies) / denominator


def enrollment_attendance_rate(
    *, enrollment: Enrollment, now: dt.datetime | None = None
) -> float | None:
    """One enrolment's rate by the same rule (two queries)."""
    if enrollment.status not in Enrollment.HOLDS_PLACE:
        return None
    now = now or timezone.now()
    past = Session.objects.filter(
        cohort_id=enrollment.cohort_id, status=Session.Status.SCHEDULED, ends_at__lte=now
    ).count()
    counts = Attendance.objects.filter(
        _past_sessions(enrollment.cohort_id, now), enrollment=enrollment
    ).aggregate(
        attended=Count("pk", filter=Q(status__in=ATTENDED)),
        excused=Count("pk", filter=Q(status=Attendance.Status.EXCUSED)),
    )
    return AttendanceTally(
        past_sessions=past, attended=counts["attended"], excused=counts["excused"]
    ).rate


def enrollment_completes(
    *, enrollment: Enrollment, rate: float | None = None, now: dt.datetime | None = None
) -> bool:
    """Whether the enrolment's attendance reaches the cohort's completion threshold."""
    if rate is None:
        rate = enrollment_attendance_rate(enrollment=enrollment, now=now)
    if rate is None:
        return False
    return rate * 100 >= enrollment.cohort.completion_threshold
