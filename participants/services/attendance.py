"""Attendance: one mark per enrolment and session (present, late, absent, excused).

Every write of a mark also appends an AttendanceChange in the same transaction (the first mark
is a change from nothing); marking the status a mark already has writes nothing. History rows
are only ever inserted here, never updated or deleted.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import Session
from participants.access import may_mark_attendance, require
from participants.models import Attendance, AttendanceChange, Enrollment, User

NOTE_MAX_LENGTH = 300

# Whoever holds (or held) a place can be marked; the waitlist and cancelled places cannot.


def _check_status(status: str) -> None:
    if status not in Attendance.Status.values:
        raise ValidationError(
            {
                "status": _("“%(status)s” is not an attendance status (use %(choices)s).")
                % {"status": status, "choices": ", ".join(Attendance.Status.values)}
            }
        )


def _check_session(session: Session) -> None:
    if session.status == Session.Status.CANCELLED:
        raise ValidationError({"session": _("This session was cancelled; nobody can attend it.")})


def _check_enrollment(enrollment: Enrollment, session: Session) -> None:
    if enrollment.cohort_id != session.cohort_id:
        raise ValidationError(
            {
                "enrollment": _("%(who)s is not enrolled in this session's cohort.")
                % {"who": enrollment.participant}
            }
        )
    if enrollment.status not in Enrollment.HOLDS_PLACE:
        raise ValidationError(
            {
                "enrollment": _("%(who)s is %(status)s, not confirmed; attendance is not kept.")
                % {"who": enrollment.participant, "status": enrollment.get_status_display().lower()}
            }
        )


def attendance_check(*, enrollment: Enrollment, session: Session, status: str) -> None:
    """Raise a ValidationError if this mark cannot be recorded (for forms, before saving)."""
    _check_status(status)
    _check_session(session)
    _check_enrollment(enrollment, session)


def _clean_note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {
                "note": _("Keep the note under %(max)d characters (it has %(length)d).")
                % {"max": NOTE_MAX_LENGTH, "length": len(note)}
            }
        )
    return note


@transaction.atomic
def attendance_mark(
    *, enrollment: Enrollment, session: Session, status: str, by: User | None, note: str = ""
) -> Attendance:
    """Record (or change) one participant's attendance at one session, keeping the history."""
    require(by, may_mark_attendance, session.cohort_id)
    attendance_check(enrollment=enrollment, session=session, status=status)
    note = _clean_note(note)
    marked_by = by if getattr(by, "pk", None) else None
    now = timezone.now()
    attendance, created = Attendance.objects.select_for_update().get_or_create(
        enrollment=enrollment,
        session=session,
        defaults={"status": status, "marked_by": marked_by, "marked_at": now},
    )
    if created:
        previous = ""
    elif attendance.status != status:
        previous = attendance.status
        attendance.status = status
        attendance.marked_by = marked_by
        attendance.marked_at = now
        attendance.save(update_fields=["status", "marked_by", "marked_at"])
    else:
        return attendance
    AttendanceChange.objects.create(
        enrollment=enrollment,
        session=session,
        from_status=previous,
        to_status=status,
        by=marked_by,
        at=now,
        note=note,
    )
    return attendance


@transaction.atomic
def attendance_mark_many(
    *, session: Session, statuses: dict[int, str], by: User | None
) -> list[Attendance]:
    """Mark the whole roster of a session at once (enrolment id → status), in constant queries.

    All or nothing: one unknown enrolment or status and no mark is written.
    """
    require(by, may_mark_attendance, session.cohort_id)
    _check_session(session)
    # Two people saving the same roster at once: the second waits and then updates.
    Session.objects.select_for_update().filter(pk=session.pk).values_list("pk").first()
    errors: list[str] = []
    for status in statuses.values():
        if status not in Attendance.Status.values:
            errors.append(
                _("“%(status)s” is not an attendance status (use %(choices)s).")
                % {"status": status, "choices": ", ".join(Attendance.Status.values)}
            )
    enrollments = Enrollment.objects.select_related("participant").in_bulk(list(statuses))
    for enrollment_id in statuses:
        enrollment = enrollments.get(enrollment_id)
        if enrollment is None or enrollment.cohort_id != session.cohort_id:
            errors.append(
                _("Enrolment %(id)s is not in this session's cohort.") % {"id": enrollment_id}
            )
        elif enrollment.status not in Enrollment.HOLDS_PLACE:
            errors.append(
                _("%(who)s is %(status)s, not confirmed; attendance is not kept.")
                % {"who": enrollment.participant, "status": enrollment.get_status_display().lower()}
            )
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    marked_by = by if getattr(by, "pk", None) else None
    existing = {
        a.enrollment_id: a
        for a in Attendance.objects.select_for_update().filter(
            session=session, enrollment_id__in=list(statuses)
        )
    }
    changed: list[Attendance] = []
    new: list[Attendance] = []
    history: list[AttendanceChange] = []
    for enrollment_id, status in statuses.items():
        attendance = existing.get(enrollment_id)
        if attendance is None or attendance.status != status:
            history.append(
                AttendanceChange(
                    enrollment_id=enrollment_id,
                    session=session,
                    from_status=attendance.status if attendance else "",
                    to_status=status,
                    by=marked_by,
                    at=now,
                )
            )
        if attendance is None:
            new.append(
                Attendance(
                    enrollment_id=enrollment_id,
                    session=session,
                    status=status,
                    marked_by=marked_by,
                    marked_at=now,
                )
            )
        elif attendance.status != status:
            attendance.status = status
            attendance.marked_by = marked_by
            attendance.marked_at = now
            changed.append(attendance)
    if changed:
        Attendance.objects.bulk_update(changed, ["status", "marked_by", "marked_at"])
    if new:
        Attendance.objects.bulk_create(new)
    if history:
        AttendanceChange.objects.bulk_create(history)
    return [*existing.values(), *new]
