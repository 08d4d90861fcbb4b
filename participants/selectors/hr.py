"""Programme office pages: every cohort at a glance and one cohort's overview."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import Cohort, Session
from courses.selectors.conflicts import CohortConflict, conflicts_for_cohort
from kamtraining.history import HistoryEntry, actor_name, describe_changes
from kamtraining.i18n import person_sort_key
from participants.models import Attendance, Enrollment, EnrollmentStatusChange, Participant
from participants.selectors.attendance import (
    ATTENDED,
    attendance_tallies_for_cohort,
)
from participants.selectors.enrollment import (
    CohortPlaces,
    ScheduleClash,
    enrollments_for_cohort,
    schedule_clashes_for_participants,
)


def cohorts_for_hr() -> QuerySet[Cohort]:
    """Every cohort with its places taken (confirmed, completed, no-show) and its waitlist."""
    return (
        Cohort.objects.select_related("course")
        .annotate(
            confirmed_count=Count(
                "enrollments", filter=Q(enrollments__status__in=Enrollment.HOLDS_PLACE)
            ),
            waitlist_count=Count(
                "enrollments", filter=Q(enrollments__status=Enrollment.Status.WAITLISTED)
            ),
        )
        .order_by("-starts_on", "code")
    )


def cohort_attendance_rates(
    *, cohort_ids: list[int], now: dt.datetime | None = None
) -> dict[int, float | None]:
    """Cohort id → attendance rate, for many cohorts in three queries.

    The rule of participants.selectors.attendance.cohort_attendance_rate, batched: over every
    place-holding enrolment, Σ attended (present, late) / Σ (past scheduled sessions − excused);
    None when nothing counts yet.
    """
    now = now or timezone.now()
    past_sessions = dict(
        Session.objects.filter(
            cohort_id__in=cohort_ids, status=Session.Status.SCHEDULED, ends_at__lte=now
        )
        .order_by()
        .values("cohort_id")
        .annotate(n=Count("pk"))
        .values_list("cohort_id", "n")
    )
    places = dict(
        Enrollment.objects.filter(cohort_id__in=cohort_ids, status__in=Enrollment.HOLDS_PLACE)
        .order_by()
        .values("cohort_id")
        .annotate(n=Count("pk"))
        .values_list("cohort_id", "n")
    )
    marks = {
        row["enrollment__cohort_id"]: row
        for row in Attendance.objects.filter(
            enrollment__cohort_id__in=cohort_ids,
            enrollment__status__in=Enrollment.HOLDS_PLACE,
            session__status=Session.Status.SCHEDULED,
            session__ends_at__lte=now,
        )
        .order_by()
        .values("enrollment__cohort_id")
        .annotate(
            attended=Count("pk", filter=Q(status__in=ATTENDED)),
            excused=Count("pk", filter=Q(status=Attendance.Status.EXCUSED)),
        )
    }
    rates: dict[int, float | None] = {}
    for cohort_id in cohort_ids:
        row = marks.get(cohort_id, {"attended": 0, "excused": 0})
        denominator = past_sessions.get(cohort_id, 0) * places.get(cohort_id, 0) - row["excused"]
        rates[cohort_id] = row["attended"] / denominator if denominator > 0 else None
    return rates


def participants_to_enrol(*, cohort: Cohort, query: str, limit: int = 20) -> list[Participant]:
    """Participants matching the search who hold no place, waitlist or invitation in the cohort."""
    query = query.strip()
    if not query:
        return []
    taken = cohort.enrollments.exclude(status=Enrollment.Status.CANCELLED).values("participant_id")
    found = (
        Participant.objects.filter(
            Q(name__icontains=query)
            | Q(name_en__icontains=query)
            | Q(email__icontains=query)
            | Q(employee_number__iexact=query)
        )
        .exclude(pk__in=taken)
        .order_by("name_en", "name")[:limit]
    )
    return sorted(found, key=person_sort_key)


@dataclass(frozen=True)
class CohortOverview:
    places: CohortPlaces
    rate: float | None
    enrollments: list[tuple[Enrollment, float | None]]  # everyone but the waitlist, with rate
    waitlist: list[Enrollment]  # head first
    conflicts: list[CohortConflict]  # trainers and rooms booked elsewhere
    double_bookings: list[tuple[Participant, ScheduleClash]]  # people booked elsewhere


def cohort_overview(*, cohort: Cohort, now: dt.datetime | None = None) -> CohortOverview:
    """What the programme office watches for one cohort, in a constant number of queries."""
    enrollments = list(enrollments_for_cohort(cohort=cohort))
    waitlist = sorted(
        (e for e in enrollments if e.status == Enrollment.Status.WAITLISTED),
        key=lambda e: (e.waitlisted_at, e.pk),
    )
    # Places first, then invitations, cancelled places last.
    rank: dict[str, int] = {Enrollment.Status.INVITED: 1, Enrollment.Status.CANCELLED: 2}
    others = sorted(
        (e for e in enrollments if e.status != Enrollment.Status.WAITLISTED),
        key=lambda e: (rank.get(e.status, 0), person_sort_key(e.participant), e.pk),
    )
    holding = [e for e in others if e.status in Enrollment.HOLDS_PLACE]
    tallies = attendance_tallies_for_cohort(cohort=cohort, now=now)
    counted = [t for t in tallies.values() if t is not None]
    denominator = sum(t.denominator for t in counted)
    people = {e.participant_id: e.participant for e in holding}
    clashes = schedule_clashes_for_participants(cohort=cohort, participant_ids=list(people))
    return CohortOverview(
        places=CohortPlaces(
            capacity=cohort.capacity, confirmed=len(holding), waitlisted=len(waitlist)
        ),
        rate=sum(t.attended for t in counted) / denominator if denominator > 0 else None,
        enrollments=[
            (e, tally.rate if (tally := tallies.get(e.pk)) is not None else None) for e in others
        ],
        waitlist=waitlist,
        conflicts=conflicts_for_cohort(cohort=cohort),
        double_bookings=[
            (people[participant_id], clash)
            for participant_id, found in clashes.items()
            for clash in found
        ],
    )


def enrollment_history_for_cohort(*, cohort: Cohort) -> list[HistoryEntry]:
    """Every status change of the cohort's enrolments, newest first (one query)."""
    changes = (
        EnrollmentStatusChange.objects.filter(enrollment__cohort=cohort)
        .select_related("enrollment__participant", "by")
        .order_by("-at", "-pk")
    )
    return [
        HistoryEntry(
            at=change.at,
            by=actor_name(change.by),
            what=_("%(participant)s: %(change)s")
            % {
                "participant": change.enrollment.participant,
                "change": describe_changes(
                    Enrollment, {"status": [change.from_status, change.to_status]}
                ),
            },
            note=change.reason,
        )
        for change in changes
    ]
