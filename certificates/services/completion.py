"""HR's completion decisions, per person: by the rule, as an exception (with a note), or refused.

Completing goes through the enrolment's own completion service, then issues the certificate.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from certificates.access import may_manage_completion
from certificates.models import Certificate, CompletionDecision
from certificates.selectors.checklist import checklists_for_cohort
from certificates.services.certificates import certificate_issue
from certificates.services.rules import rule_ensure
from courses.access import require
from courses.models import Cohort
from participants.models import Enrollment, User
from participants.services.enrollment import enrollment_complete

Outcome = CompletionDecision.Outcome


@dataclass(frozen=True)
class BulkResult:
    completed: list[Certificate]
    skipped: list[Enrollment]


def _decide(*, enrollment: Enrollment, outcome: str, note: str, by: User) -> CompletionDecision:
    decision = CompletionDecision(enrollment=enrollment, outcome=outcome, note=note, by=by)
    decision.full_clean()
    decision.save()
    return decision


@transaction.atomic
def completion_complete(
    *, enrollment: Enrollment, by: User, exception: bool = False, note: str = ""
) -> Certificate:
    """Complete one enrolment: it must meet the rule, unless an exception says why."""
    require(by, may_manage_completion, enrollment.cohort)
    note = note.strip()
    rule_ensure(cohort=enrollment.cohort)
    found = checklists_for_cohort(cohort=enrollment.cohort, enrollment_ids=[enrollment.pk])
    if not found or not found[0].may_complete:
        raise ValidationError(
            _("Only a confirmed enrolment can be completed."), code="invalid_transition"
        )
    checklist = found[0]
    if exception:
        if not note:
            raise ValidationError(
                {"note": _("An exception needs a note saying why.")}, code="note_required"
            )
    elif not checklist.meets_rule:
        raise ValidationError(
            _("%(name)s does not meet the cohort's completion rule.")
            % {"name": enrollment.participant.name},
            code="rule_not_met",
        )
    # The enrolment service asks for a reason whenever attendance alone would not complete it
    # (an exception, or a rule without the attendance part).
    reason = note or _("Meets the cohort's completion rule.")
    enrollment_complete(
        enrollment=enrollment,
        by=by,
        reason=reason,
        override=exception or not checklist.attendance_ok,
    )
    _decide(
        enrollment=enrollment,
        outcome=Outcome.EXCEPTION if exception else Outcome.COMPLETED,
        note=note,
        by=by,
    )
    enrollment.refresh_from_db()
    return certificate_issue(enrollment=enrollment, by=by)


@transaction.atomic
def completion_refuse(*, enrollment: Enrollment, by: User, reason: str) -> CompletionDecision:
    """Record that HR refused completion, and why; the enrolment keeps its status."""
    require(by, may_manage_completion, enrollment.cohort)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"note": _("A refusal needs a reason.")}, code="reason_required")
    if enrollment.status == Enrollment.Status.COMPLETED:
        raise ValidationError(_("This enrolment is already completed."), code="invalid_transition")
    return _decide(enrollment=enrollment, outcome=Outcome.REFUSED, note=reason, by=by)


@transaction.atomic
def completion_complete_bulk(
    *, cohort: Cohort, by: User, enrollment_ids: list[int] | None = None
) -> BulkResult:
    """Complete every (or every chosen) enrolment of the cohort that meets the rule."""
    require(by, may_manage_completion, cohort)
    rule_ensure(cohort=cohort)
    completed: list[Certificate] = []
    skipped: list[Enrollment] = []
    for checklist in checklists_for_cohort(cohort=cohort, enrollment_ids=enrollment_ids):
        if not checklist.may_complete:
            continue
        if not checklist.meets_rule:
            skipped.append(checklist.enrollment)
            continue
        completed.append(completion_complete(enrollment=checklist.enrollment, by=by))
    return BulkResult(completed=completed, skipped=skipped)
