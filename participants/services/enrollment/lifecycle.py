"""One enrolment's life: enrol, confirm, cancel (handing the place on), complete, no-show."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import Cohort
from participants.access import may_manage_enrollment, require
from participants.models import Enrollment, Participant, User
from participants.selectors.enrollment import places_for_cohort
from participants.services.enrollment.common import (
    CLOSED_COHORT_STATUSES,
    Status,
    lock_cohort,
    notify_after_commit,
    record_change,
    refuse_clashes,
    refuse_closed,
    refuse_outside_window,
    set_status,
)
from participants.services.enrollment.waitlist import promote_waitlisted


@transaction.atomic
def enrollment_create(
    *, participant: Participant, cohort: Cohort, by: User | None, reason: str = ""
) -> Enrollment:
    """Enrol a participant: a free place confirms them, a full cohort waitlists them."""
    require(by, may_manage_enrollment, cohort)
    cohort = lock_cohort(cohort.pk)
    refuse_closed(cohort)
    refuse_outside_window(cohort)
    enrollment = (
        Enrollment.objects.select_for_update()
        .filter(participant=participant, cohort=cohort)
        .first()
    )
    if enrollment is not None and enrollment.status != Status.CANCELLED:
        raise ValidationError(
            _("%(participant)s is already enrolled in %(cohort)s (%(status)s).")
            % {
                "participant": participant,
                "cohort": cohort,
                "status": enrollment.get_status_display().lower(),
            },
            code="already_enrolled",
        )
    has_place = places_for_cohort(cohort=cohort).free > 0
    if has_place:
        refuse_clashes(participant=participant, cohort=cohort)
    now = timezone.now()
    to_status = Status.CONFIRMED if has_place else Status.WAITLISTED
    why = reason or (_("Enrolled.") if has_place else _("Cohort full: joined the waitlist."))
    if enrollment is None:
        enrollment = Enrollment(
            participant=participant,
            cohort=cohort,
            status=to_status,
            created_at=now,
            waitlisted_at=None if has_place else now,
        )
        enrollment.full_clean(validate_unique=False, validate_constraints=False)
        enrollment.save()
        record_change(enrollment=enrollment, from_status="", to_status=to_status, by=by, reason=why)
    else:
        # Re-enrolling after a cancellation: the same row, a new place in the queue.
        enrollment.waitlisted_at = None if has_place else now
        enrollment.save(update_fields=["waitlisted_at", "updated_at"])
        set_status(enrollment=enrollment, to_status=to_status, by=by, reason=why)
    notify_after_commit(enrollment, "confirmed" if has_place else "waitlisted")
    return enrollment


@transaction.atomic
def enrollment_confirm(*, enrollment: Enrollment, by: User | None, reason: str = "") -> Enrollment:
    """Confirm an invited or waitlisted enrolment if a place is free and nothing clashes."""
    require(by, may_manage_enrollment, enrollment.cohort_id)
    cohort = lock_cohort(enrollment.cohort_id)
    refuse_closed(cohort)
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    if enrollment.status not in (Status.INVITED, Status.WAITLISTED):
        raise ValidationError(
            _("Only an invited or waitlisted enrolment can be confirmed; this one is %(status)s.")
            % {"status": enrollment.get_status_display().lower()},
            code="invalid_transition",
        )
    if places_for_cohort(cohort=cohort).free <= 0:
        raise ValidationError(
            _("%(cohort)s is full (%(capacity)s places); cancel a place or raise the capacity.")
            % {"cohort": cohort, "capacity": cohort.capacity},
            code="cohort_full",
        )
    refuse_clashes(participant=enrollment.participant, cohort=cohort)
    set_status(
        enrollment=enrollment, to_status=Status.CONFIRMED, by=by, reason=reason or _("Confirmed.")
    )
    notify_after_commit(enrollment, "confirmed")
    return enrollment


@dataclass(frozen=True)
class Cancellation:
    """A cancelled enrolment and the waitlisted people its place went to."""

    enrollment: Enrollment
    promoted: list[Enrollment]


@transaction.atomic
def enrollment_cancel(*, enrollment: Enrollment, by: User | None, reason: str = "") -> Cancellation:
    """Cancel a place and hand it to the head of the waitlist."""
    require(by, may_manage_enrollment, enrollment.cohort_id)
    cohort = lock_cohort(enrollment.cohort_id)
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    if enrollment.status not in (Status.INVITED, Status.CONFIRMED, Status.WAITLISTED):
        raise ValidationError(
            _("This enrolment is %(status)s and cannot be cancelled.")
            % {"status": enrollment.get_status_display().lower()},
            code="invalid_transition",
        )
    was_confirmed = enrollment.status == Status.CONFIRMED
    set_status(
        enrollment=enrollment, to_status=Status.CANCELLED, by=by, reason=reason or _("Cancelled.")
    )
    notify_after_commit(enrollment, "cancelled")
    promoted: list[Enrollment] = []
    if was_confirmed and cohort.status not in CLOSED_COHORT_STATUSES:
        promoted = promote_waitlisted(cohort=cohort, by=by)
    return Cancellation(enrollment=enrollment, promoted=promoted)


@transaction.atomic
def enrollment_complete(
    *, enrollment: Enrollment, by: User | None, reason: str = "", override: bool = False
) -> Enrollment:
    """Mark a confirmed enrolment completed; below the attendance threshold only with a reason."""
    require(by, may_manage_enrollment, enrollment.cohort_id)
    from participants.selectors.attendance import (
        enrollment_attendance_rate,
        enrollment_completes,
    )

    lock_cohort(enrollment.cohort_id)
    enrollment = (
        Enrollment.objects.select_for_update().select_related("cohort").get(pk=enrollment.pk)
    )
    if enrollment.status not in (Status.CONFIRMED, Status.NO_SHOW):
        raise ValidationError(
            _("Only a confirmed enrolment can be completed; this one is %(status)s.")
            % {"status": enrollment.get_status_display().lower()},
            code="invalid_transition",
        )
    rate = enrollment_attendance_rate(enrollment=enrollment)
    threshold = enrollment.cohort.completion_threshold
    meets = enrollment_completes(enrollment=enrollment, rate=rate)
    if not meets and (not override or not reason.strip()):
        shown = "—" if rate is None else f"{rate * 100:.0f} %"
        raise ValidationError(
            _(
                "Attendance is %(rate)s, below the cohort's completion threshold of "
                "%(threshold)s %%; give a reason to complete it anyway."
            )
            % {"rate": shown, "threshold": threshold},
            code="below_threshold",
        )
    set_status(
        enrollment=enrollment, to_status=Status.COMPLETED, by=by, reason=reason or _("Completed.")
    )
    return enrollment


@transaction.atomic
def enrollment_mark_no_show(
    *, enrollment: Enrollment, by: User | None, reason: str = ""
) -> Enrollment:
    """Record that a confirmed participant did not come; their place is not handed on."""
    require(by, may_manage_enrollment, enrollment.cohort_id)
    lock_cohort(enrollment.cohort_id)
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    if enrollment.status != Status.CONFIRMED:
        raise ValidationError(
            _("Only a confirmed enrolment can be marked as a no-show; this one is %(status)s.")
            % {"status": enrollment.get_status_display().lower()},
            code="invalid_transition",
        )
    set_status(
        enrollment=enrollment, to_status=Status.NO_SHOW, by=by, reason=reason or _("No-show.")
    )
    return enrollment
