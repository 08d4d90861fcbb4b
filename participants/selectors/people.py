"""Who sees which people, enrolments and attendance: querysets scoped to the viewer.

HR sees everyone; a trainer, the people enrolled in the cohorts they train; a participant,
themself. Anyone else sees nothing (so a detail page answers 404, never 403).
"""

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from participants.access import cohorts_trained_by, is_hr, may_mark_attendance
from participants.models import Attendance, AttendanceChange, Enrollment, Participant


def _participant_scope(user: Any) -> Q | None:
    """A filter on participants visible to the user; None means everyone."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    if is_hr(user):
        return None
    trained = Enrollment.objects.filter(cohort__in=cohorts_trained_by(user))
    return Q(user=user) | Q(pk__in=trained.values("participant_id"))


def participants_visible_to(*, user: Any) -> QuerySet[Participant]:
    """Participants the user may read, with their manager loaded."""
    qs = Participant.objects.select_related("manager")
    scope = _participant_scope(user)
    return qs if scope is None else qs.filter(scope)


def _enrollment_scope(user: Any) -> Q | None:
    if not user.is_authenticated:
        return Q(pk__in=[])
    if is_hr(user):
        return None
    return Q(participant__user=user) | Q(cohort__in=cohorts_trained_by(user))


def enrollments_visible_to(*, user: Any) -> QuerySet[Enrollment]:
    """Enrolments the user may read: HR all, trainers their cohorts', a participant their own."""
    qs = Enrollment.objects.select_related("participant", "cohort")
    scope = _enrollment_scope(user)
    return qs if scope is None else qs.filter(scope)


def attendance_visible_to(*, user: Any) -> QuerySet[Attendance]:
    """Attendance marks the user may read, scoped like enrolments, with their history loaded.

    The history comes through the enrolment (one query for a whole page of marks); pick a
    mark's own rows with `attendance_history`.
    """
    qs = Attendance.objects.select_related("enrollment", "session", "marked_by").prefetch_related(
        Prefetch(
            "enrollment__attendance_changes",
            queryset=AttendanceChange.objects.select_related("by"),
        )
    )
    if not user.is_authenticated:
        return qs.none()
    if is_hr(user):
        return qs
    return qs.filter(
        Q(enrollment__participant__user=user) | Q(session__cohort__in=cohorts_trained_by(user))
    )


def attendance_history(*, attendance: Attendance) -> list[AttendanceChange]:
    """The changes of one mark, oldest first (prefetched by `attendance_visible_to`)."""
    return [
        change
        for change in attendance.enrollment.attendance_changes.all()
        if change.session_id == attendance.session_id
    ]


def can_manage_cohort_people(*, user: Any, cohort_id: int) -> bool:
    """HR, or a trainer of the cohort: may see its roster and mark its attendance."""
    return bool(may_mark_attendance(user, cohort_id))
