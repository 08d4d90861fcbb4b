"""Enrolment: places, the first-come-first-served waitlist, and every status change recorded.

Rules (DESIGN.md §3):
- A cohort's capacity counts the places taken: confirmed (and, once it has run, completed or
  no-show) enrolments. A new enrolment takes a free place, or else joins
  the waitlist, ordered by `waitlisted_at` (then id).
- Cancelling a confirmed place promotes the head of the waitlist at once. A waitlisted person
  whom the promotion would put in a schedule clash (an overlapping [start, end) scheduled session
  of another cohort they are confirmed in) is skipped, and the skip is written to their history.
- Every change writes an `EnrollmentStatusChange` row (who, when, why); nothing is deleted.
- Writers lock the cohort row first (`select_for_update`), so on PostgreSQL concurrent
  enrolments and cancellations are serialised per cohort: places are never oversold and the
  waitlist keeps arrival order.
- The cohort's enrolment window is for information: HR may enrol at any time (a draft,
  scheduled or running cohort; not a completed or cancelled one).
- The participant and HR are emailed after commit (with the cohort's sessions as .ics when a
  place is confirmed).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import Cohort
from participants.access import may_manage_enrollment, require
from participants.models import Enrollment, EnrollmentStatusChange, Participant, User
from participants.selectors.enrollment import (
    ScheduleClash,
    participants_by_tokens,
    places_for_cohort,
    schedule_clashes_for_participants,
)

Status = Enrollment.Status

CLOSED_COHORT_STATUSES = (Cohort.Status.COMPLETED, Cohort.Status.CANCELLED)


def _lock_cohort(cohort_id: int) -> Cohort:
    # One writer per cohort at a time: the count of confirmed places read below stays true
    # until this transaction commits.
    return Cohort.objects.select_for_update().get(pk=cohort_id)


def _record(
    *, enrollment: Enrollment, from_status: str, to_status: str, by: User | None, reason: str
) -> EnrollmentStatusChange:
    return EnrollmentStatusChange.objects.create(
        enrollment=enrollment,
        from_status=from_status,
        to_status=to_status,
        by=by if getattr(by, "pk", None) else None,
        at=timezone.now(),
        reason=reason[:300],
    )


def _set_status(
    *, enrollment: Enrollment, to_status: str, by: User | None, reason: str
) -> Enrollment:
    from_status = enrollment.status
    enrollment.status = to_status
    fields = ["status", "updated_at"]
    if to_status == Status.WAITLISTED and enrollment.waitlisted_at is None:
        enrollment.waitlisted_at = timezone.now()
        fields.append("waitlisted_at")
    enrollment.save(update_fields=fields)
    _record(
        enrollment=enrollment, from_status=from_status, to_status=to_status, by=by, reason=reason
    )
    return enrollment


def _notify(enrollment: Enrollment, event: str, *, tell_hr: bool = True) -> None:
    from participants.tasks import enrollment_notify

    enrollment_id = enrollment.pk
    # robust: the enrolment stands even if the mail server or the broker is down (logged).
    transaction.on_commit(
        lambda: enrollment_notify.delay(enrollment_id, event, tell_hr=tell_hr), robust=True
    )


def _clash_message(clash: ScheduleClash) -> str:
    return _("would clash with “%(session)s” of %(cohort)s (%(when)s)") % {
        "session": clash.other_session,
        "cohort": clash.other_session.cohort,
        "when": clash.when,
    }


def _refuse_clashes(*, participant: Participant, cohort: Cohort) -> None:
    clashes = schedule_clashes_for_participants(cohort=cohort, participant_ids=[participant.pk])
    found = clashes.get(participant.pk)
    if found:
        raise ValidationError(
            _("%(participant)s cannot take a place: %(clash)s.")
            % {"participant": participant, "clash": _clash_message(found[0])},
            code="schedule_conflict",
        )


def _refuse_closed(cohort: Cohort) -> None:
    if cohort.status in CLOSED_COHORT_STATUSES:
        raise ValidationError(
            _("%(cohort)s is %(status)s; its enrolments can no longer change.")
            % {"cohort": cohort, "status": cohort.get_status_display().lower()},
            code="cohort_closed",
        )


@transaction.atomic
def enrollment_create(
    *, participant: Participant, cohort: Cohort, by: User | None, reason: str = ""
) -> Enrollment:
    """Enrol a participant: a free place confirms them, a full cohort waitlists them."""
    require(by, may_manage_enrollment, cohort)
    cohort = _lock_cohort(cohort.pk)
    _refuse_closed(cohort)
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
        _refuse_clashes(participant=participant, cohort=cohort)
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
        _record(enrollment=enrollment, from_status="", to_status=to_status, by=by, reason=why)
    else:
        # Re-enrolling after a cancellation: the same row, a new place in the queue.
        enrollment.waitlisted_at = None if has_place else now
        enrollment.save(update_fields=["waitlisted_at", "updated_at"])
        _set_status(enrollment=enrollment, to_status=to_status, by=by, reason=why)
    _notify(enrollment, "confirmed" if has_place else "waitlisted")
    return enrollment


@transaction.atomic
def enrollment_confirm(*, enrollment: Enrollment, by: User | None, reason: str = "") -> Enrollment:
    """Confirm an invited or waitlisted enrolment if a place is free and nothing clashes."""
    require(by, may_manage_enrollment, enrollment.cohort_id)
    cohort = _lock_cohort(enrollment.cohort_id)
    _refuse_closed(cohort)
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
    _refuse_clashes(participant=enrollment.participant, cohort=cohort)
    _set_status(
        enrollment=enrollment, to_status=Status.CONFIRMED, by=by, reason=reason or _("Confirmed.")
    )
    _notify(enrollment, "confirmed")
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
    cohort = _lock_cohort(enrollment.cohort_id)
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    if enrollment.status not in (Status.INVITED, Status.CONFIRMED, Status.WAITLISTED):
        raise ValidationError(
            _("This enrolment is %(status)s and cannot be cancelled.")
            % {"status": enrollment.get_status_display().lower()},
            code="invalid_transition",
        )
    was_confirmed = enrollment.status == Status.CONFIRMED
    _set_status(
        enrollment=enrollment, to_status=Status.CANCELLED, by=by, reason=reason or _("Cancelled.")
    )
    _notify(enrollment, "cancelled")
    promoted: list[Enrollment] = []
    if was_confirmed and cohort.status not in CLOSED_COHORT_STATUSES:
        promoted = _promote(cohort=cohort, by=by)
    return Cancellation(enrollment=enrollment, promoted=promoted)


def _promote(*, cohort: Cohort, by: User | None) -> list[Enrollment]:
    free = places_for_cohort(cohort=cohort).free
    if free <= 0:
        return []
    waiting = list(
        Enrollment.objects.select_for_update(of=("self",))
        .filter(cohort=cohort, status=Status.WAITLISTED)
        .select_related("participant")
        .order_by("waitlisted_at", "pk")
    )
    if not waiting:
        return []
    clashes = schedule_clashes_for_participants(
        cohort=cohort, participant_ids=[e.participant_id for e in waiting]
    )
    promoted: list[Enrollment] = []
    # Names nobody: the promoted participant reads this in their own history, and who gave up
    # the place is that other person's business.
    why = _("Promoted from the waitlist: a place became free.")
    for candidate in waiting:
        if len(promoted) >= free:
            break
        found = clashes.get(candidate.participant_id)
        if found:
            # Keep their place in the queue, and say why they were passed over.
            _record(
                enrollment=candidate,
                from_status=Status.WAITLISTED,
                to_status=Status.WAITLISTED,
                by=by,
                reason=_("Skipped for a free place: %(clash)s.")
                % {"clash": _clash_message(found[0])},
            )
            continue
        _set_status(enrollment=candidate, to_status=Status.CONFIRMED, by=by, reason=why)
        _notify(candidate, "promoted")
        promoted.append(candidate)
    return promoted


@transaction.atomic
def waitlist_promote(*, cohort: Cohort, by: User | None) -> list[Enrollment]:
    """Fill every free place from the waitlist (after a capacity rise, say)."""
    require(by, may_manage_enrollment, cohort)
    cohort = _lock_cohort(cohort.pk)
    _refuse_closed(cohort)
    return _promote(cohort=cohort, by=by)


def waitlist_promote_after_capacity_rise(*, cohort: Cohort, by: User | None) -> list[Enrollment]:
    """Hand the places a capacity rise freed to the waitlist; a closed cohort keeps its list."""
    if cohort.status in CLOSED_COHORT_STATUSES:
        return []
    return waitlist_promote(cohort=cohort, by=by)


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

    _lock_cohort(enrollment.cohort_id)
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
    _set_status(
        enrollment=enrollment, to_status=Status.COMPLETED, by=by, reason=reason or _("Completed.")
    )
    return enrollment


@transaction.atomic
def enrollment_mark_no_show(
    *, enrollment: Enrollment, by: User | None, reason: str = ""
) -> Enrollment:
    """Record that a confirmed participant did not come; their place is not handed on."""
    require(by, may_manage_enrollment, enrollment.cohort_id)
    _lock_cohort(enrollment.cohort_id)
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    if enrollment.status != Status.CONFIRMED:
        raise ValidationError(
            _("Only a confirmed enrolment can be marked as a no-show; this one is %(status)s.")
            % {"status": enrollment.get_status_display().lower()},
            code="invalid_transition",
        )
    _set_status(
        enrollment=enrollment, to_status=Status.NO_SHOW, by=by, reason=reason or _("No-show.")
    )
    return enrollment


@transaction.atomic
def enrollments_create_bulk(
    *, cohort: Cohort, participants: list[Participant], by: User | None, reason: str = ""
) -> list[Enrollment]:
    """Enrol many people at once, in list order: free places first, then the waitlist.

    Same rules as `enrollment_create` in a fixed number of queries; for imports. Someone already
    enrolled (or cancelled) in the cohort is left as they are.
    """
    require(by, may_manage_enrollment, cohort)
    cohort = _lock_cohort(cohort.pk)
    _refuse_closed(cohort)
    ids = [p.pk for p in participants]
    taken_ids = set(
        Enrollment.objects.filter(cohort=cohort, participant_id__in=ids).values_list(
            "participant_id", flat=True
        )
    )
    wanted = [p for p in participants if p.pk not in taken_ids]
    free = places_for_cohort(cohort=cohort).free
    confirmed, waitlisted = wanted[:free], wanted[free:]
    clashes = schedule_clashes_for_participants(
        cohort=cohort, participant_ids=[p.pk for p in confirmed]
    )
    if clashes:
        raise ValidationError(
            [
                _("%(participant)s cannot take a place: %(clash)s.")
                % {"participant": p, "clash": _clash_message(clashes[p.pk][0])}
                for p in confirmed
                if p.pk in clashes
            ],
            code="schedule_conflict",
        )
    now = timezone.now()
    enrollments = [
        Enrollment(participant=p, cohort=cohort, status=Status.CONFIRMED, created_at=now)
        for p in confirmed
    ] + [
        Enrollment(
            participant=p,
            cohort=cohort,
            status=Status.WAITLISTED,
            created_at=now,
            waitlisted_at=now,
        )
        for p in waitlisted
    ]
    Enrollment.objects.bulk_create(enrollments, batch_size=500)
    if any(e.pk is None for e in enrollments):
        stored = dict(
            Enrollment.objects.filter(cohort=cohort, participant_id__in=ids).values_list(
                "participant_id", "pk"
            )
        )
        for enrollment in enrollments:
            enrollment.pk = stored[enrollment.participant_id]
    actor = by if getattr(by, "pk", None) else None
    EnrollmentStatusChange.objects.bulk_create(
        [
            EnrollmentStatusChange(
                enrollment=e,
                from_status="",
                to_status=e.status,
                by=actor,
                at=now,
                reason=(
                    reason
                    or (_("Enrolled.") if e.status == Status.CONFIRMED else _("Cohort full."))
                )[:300],
            )
            for e in enrollments
        ],
        batch_size=500,
    )
    for enrollment in enrollments:
        # HR ran the import and sees its summary: only the participants are written to.
        _notify(enrollment, enrollment.status, tell_hr=False)
    return enrollments


@dataclass
class BulkEnrolment:
    """What one bulk enrolment did, person by person."""

    confirmed: list[Participant] = field(default_factory=list)
    waitlisted: list[Participant] = field(default_factory=list)
    already_enrolled: list[Participant] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # pasted tokens matching nobody
    refused: list[tuple[Participant, str]] = field(default_factory=list)  # clash, closed cohort

    @property
    def total(self) -> int:
        return (
            len(self.confirmed)
            + len(self.waitlisted)
            + len(self.already_enrolled)
            + len(self.unknown)
            + len(self.refused)
        )


@transaction.atomic
def enrollments_create_each(
    *,
    cohort: Cohort,
    by: User | None,
    participants: Iterable[Participant] = (),
    tokens: Iterable[str] = (),
    reason: str = "",
) -> BulkEnrolment:
    """Enrol the chosen people and those the pasted emails or employee numbers name.

    Each person goes through `enrollment_create` in arrival order (its own savepoint), so
    places and the waitlist follow the same rules as a single enrolment; one refusal does not
    undo the others.
    """
    require(by, may_manage_enrollment, cohort)
    tokens = list(dict.fromkeys(token.strip() for token in tokens if token.strip()))
    found = participants_by_tokens(tokens=tokens)
    result = BulkEnrolment(unknown=[token for token in tokens if token not in found])
    people = list({p.pk: p for p in [*participants, *found.values()]}.values())
    for participant in people:
        try:
            with transaction.atomic():
                enrollment = enrollment_create(
                    participant=participant, cohort=cohort, by=by, reason=reason
                )
        except ValidationError as error:
            if getattr(error, "code", None) == "already_enrolled":
                result.already_enrolled.append(participant)
            else:
                result.refused.append((participant, " ".join(error.messages)))
            continue
        if enrollment.status == Status.WAITLISTED:
            result.waitlisted.append(participant)
        else:
            result.confirmed.append(participant)
    return result
