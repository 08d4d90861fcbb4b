"""What every enrolment write shares: the cohort lock, the recorded status change, the notice."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.timezone import get_current_timezone as current_zone
from django.utils.translation import gettext as _

from courses.models import Cohort
from courses.templatetags.dates import zoned_in
from participants.models import Enrollment, EnrollmentStatusChange, Participant, User
from participants.selectors.enrollment import ScheduleClash, schedule_clashes_for_participants

Status = Enrollment.Status

CLOSED_COHORT_STATUSES = (Cohort.Status.COMPLETED, Cohort.Status.CANCELLED)


def lock_cohort(cohort_id: int) -> Cohort:
    # One writer per cohort at a time: the count of confirmed places read below stays true
    # until this transaction commits.
    return Cohort.objects.select_for_update().get(pk=cohort_id)


def record_change(
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


def set_status(
    *, enrollment: Enrollment, to_status: str, by: User | None, reason: str
) -> Enrollment:
    from_status = enrollment.status
    enrollment.status = to_status
    fields = ["status", "updated_at"]
    if to_status == Status.WAITLISTED and enrollment.waitlisted_at is None:
        enrollment.waitlisted_at = timezone.now()
        fields.append("waitlisted_at")
    enrollment.save(update_fields=fields)
    record_change(
        enrollment=enrollment, from_status=from_status, to_status=to_status, by=by, reason=reason
    )
    return enrollment


def notify_after_commit(enrollment: Enrollment, event: str, *, tell_hr: bool = True) -> None:
    from participants.tasks import enrollment_notify

    enrollment_id = enrollment.pk
    # robust: the enrolment stands even if the mail server or the broker is down (logged).
    transaction.on_commit(
        lambda: enrollment_notify.delay(enrollment_id, event, tell_hr=tell_hr), robust=True
    )


def clash_message(clash: ScheduleClash) -> str:
    return _("would clash with “%(session)s” of %(cohort)s (%(when)s)") % {
        "session": clash.other_session,
        "cohort": clash.other_session.cohort,
        "when": clash.when,
    }


def refuse_clashes(*, participant: Participant, cohort: Cohort) -> None:
    clashes = schedule_clashes_for_participants(cohort=cohort, participant_ids=[participant.pk])
    found = clashes.get(participant.pk)
    if found:
        raise ValidationError(
            _("%(participant)s cannot take a place: %(clash)s.")
            % {"participant": participant, "clash": clash_message(found[0])},
            code="schedule_conflict",
        )


def refuse_outside_window(cohort: Cohort) -> None:
    """Refuse a new enrolment before the cohort's enrolment window opens or once it has closed,
    saying when, in the zone of whoever asked (labelled), and how to enrol anyway."""
    state = cohort.enrolment_state()
    if state == "not_open":
        assert cohort.enrolment_opens_at is not None
        raise ValidationError(
            _(
                "Enrolment in %(cohort)s opens on %(when)s; nobody can be enrolled before then. "
                "To enrol earlier, change the cohort's enrolment window."
            )
            % {"cohort": cohort, "when": zoned_in(cohort.enrolment_opens_at, current_zone())},
            code="enrolment_not_open",
        )
    if state == "closed":
        assert cohort.enrolment_closes_at is not None
        raise ValidationError(
            _(
                "Enrolment in %(cohort)s closed on %(when)s; nobody can be enrolled any more. "
                "To enrol late, change the cohort's enrolment window."
            )
            % {"cohort": cohort, "when": zoned_in(cohort.enrolment_closes_at, current_zone())},
            code="enrolment_closed",
        )


def refuse_closed(cohort: Cohort) -> None:
    if cohort.status in CLOSED_COHORT_STATUSES:
        raise ValidationError(
            _("%(cohort)s is %(status)s; its enrolments can no longer change.")
            % {"cohort": cohort, "status": cohort.get_status_display().lower()},
            code="cohort_closed",
        )
