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

from participants.services.enrollment.bulk import (
    BulkEnrolment,
    enrollments_create_bulk,
    enrollments_create_each,
)
from participants.services.enrollment.common import CLOSED_COHORT_STATUSES, refuse_outside_window
from participants.services.enrollment.lifecycle import (
    Cancellation,
    enrollment_cancel,
    enrollment_complete,
    enrollment_confirm,
    enrollment_create,
    enrollment_mark_no_show,
)
from participants.services.enrollment.waitlist import (
    waitlist_promote,
    waitlist_promote_after_capacity_rise,
)

__all__ = [
    "CLOSED_COHORT_STATUSES",
    "BulkEnrolment",
    "Cancellation",
    "enrollment_cancel",
    "enrollment_complete",
    "enrollment_confirm",
    "enrollment_create",
    "enrollment_mark_no_show",
    "enrollments_create_bulk",
    "enrollments_create_each",
    "refuse_outside_window",
    "waitlist_promote",
    "waitlist_promote_after_capacity_rise",
]
