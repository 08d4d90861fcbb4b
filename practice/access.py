"""Who may set, do, review and read PARR practice.

- `may_set_assignment(user, cohort)`: HR or a trainer of the cohort.
- `is_practice_owner(user, practice)`: the practice is the user's own.
- `trains_practice_cohort(user, practice)`: trains the cohort of the practice's assignment.
- `may_view_practice(user, practice)`: its owner, a trainer of its cohort, or HR.
- `may_do_practice(user, practice)`: write the phases, attach files, ask observers (the owner).
- `may_review_practice(user, practice)`: feedback, return, accept (HR or a trainer of the cohort).

Permissions registered with `rules`: `practice.set_assignment`, `practice.read_practice`,
`practice.do_practice`, `practice.review_practice`.

Observers have no account: their token link is their only door (see `practice.tokens`).
Anyone else gets 404, so nobody learns what exists.
"""

from typing import Any

import rules
from django.db.models import Q, QuerySet

from courses.access import cohorts_trained_by, is_hr, trains_cohort
from participants.access import is_own_participant
from practice.models import Assignment, Practice

may_set_assignment = is_hr | trains_cohort


@rules.predicate
def is_practice_owner(user: Any, practice: Practice | None) -> bool:
    return practice is not None and bool(is_own_participant(user, practice.participant))


@rules.predicate
def trains_practice_cohort(user: Any, practice: Practice | None) -> bool:
    return practice is not None and bool(trains_cohort(user, practice.assignment.cohort_id))


may_view_practice = is_practice_owner | trains_practice_cohort | is_hr
may_do_practice = is_practice_owner
may_review_practice = trains_practice_cohort | is_hr


def practices_visible_to(user: Any) -> QuerySet[Practice]:
    """The practices the user may read: all for HR, their cohorts' for trainers, else their own."""
    if not getattr(user, "is_authenticated", False):
        return Practice.objects.none()
    if is_hr(user):
        return Practice.objects.all()
    return Practice.objects.filter(
        Q(participant__user_id=user.pk) | Q(assignment__cohort__in=cohorts_trained_by(user))
    )


def assignments_visible_to(user: Any) -> QuerySet[Assignment]:
    """The assignments the user may manage: all for HR, their cohorts' for trainers."""
    if not getattr(user, "is_authenticated", False):
        return Assignment.objects.none()
    if is_hr(user):
        return Assignment.objects.all()
    return Assignment.objects.filter(cohort__in=cohorts_trained_by(user))


rules.add_perm("practice.set_assignment", may_set_assignment)
# Not `view_practice`: that name is the model permission of the admin.
rules.add_perm("practice.read_practice", may_view_practice)
rules.add_perm("practice.do_practice", may_do_practice)
rules.add_perm("practice.review_practice", may_review_practice)
