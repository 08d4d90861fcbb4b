"""The first-come-first-served waitlist: free places go to the head of the queue."""

from django.db import transaction
from django.utils.translation import gettext as _

from courses.models import Cohort
from participants.access import may_manage_enrollment, require
from participants.models import Enrollment, User
from participants.selectors.enrollment import places_for_cohort, schedule_clashes_for_participants
from participants.services.enrollment.common import (
    CLOSED_COHORT_STATUSES,
    Status,
    clash_message,
    lock_cohort,
    notify_after_commit,
    record_change,
    refuse_closed,
    set_status,
)


def promote_waitlisted(*, cohort: Cohort, by: User | None) -> list[Enrollment]:
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
            record_change(
                enrollment=candidate,
                from_status=Status.WAITLISTED,
                to_status=Status.WAITLISTED,
                by=by,
                reason=_("Skipped for a free place: %(clash)s.")
                % {"clash": clash_message(found[0])},
            )
            continue
        set_status(enrollment=candidate, to_status=Status.CONFIRMED, by=by, reason=why)
        notify_after_commit(candidate, "promoted")
        promoted.append(candidate)
    return promoted


@transaction.atomic
def waitlist_promote(*, cohort: Cohort, by: User | None) -> list[Enrollment]:
    """Fill every free place from the waitlist (after a capacity rise, say)."""
    require(by, may_manage_enrollment, cohort)
    cohort = lock_cohort(cohort.pk)
    refuse_closed(cohort)
    return promote_waitlisted(cohort=cohort, by=by)


def waitlist_promote_after_capacity_rise(*, cohort: Cohort, by: User | None) -> list[Enrollment]:
    """Hand the places a capacity rise freed to the waitlist; a closed cohort keeps its list."""
    if cohort.status in CLOSED_COHORT_STATUSES:
        return []
    return waitlist_promote(cohort=cohort, by=by)
