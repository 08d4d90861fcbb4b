"""Who may reach what. Predicates for the `rules` package; querysets are scoped in selectors.

Object permissions used across the apps:
- participants.view_participant_record: HR, a trainer of one of the participant's cohorts,
  or the participant themself.
- courses.view_cohort_private: HR or a trainer of the cohort (roster, attendance, progress).
- courses.view_cohort_schedule: HR, a trainer of the cohort, or a participant with a confirmed
  or completed enrolment in it.
- courses.manage_cohort: HR only.
"""

from typing import Any

import rules

from participants.models import Enrollment, Participant


@rules.predicate
def is_hr(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_hr)


@rules.predicate
def is_trainer(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_trainer)


@rules.predicate
def trains_cohort(user: Any, cohort: Any) -> bool:
    if not user.is_authenticated or cohort is None:
        return False
    return cohort.trainers.filter(pk=user.pk).exists()


@rules.predicate
def is_own_participant(user: Any, participant: Participant | None) -> bool:
    return bool(
        user.is_authenticated and participant is not None and participant.user_id == user.pk
    )


@rules.predicate
def trains_participant(user: Any, participant: Participant | None) -> bool:
    if not user.is_authenticated or participant is None:
        return False
    return participant.enrollments.filter(cohort__trainers=user).exists()


@rules.predicate
def attends_cohort(user: Any, cohort: Any) -> bool:
    if not user.is_authenticated or cohort is None:
        return False
    return Enrollment.objects.filter(
        cohort=cohort,
        participant__user=user,
        status__in=(Enrollment.Status.CONFIRMED, Enrollment.Status.COMPLETED),
    ).exists()


rules.add_perm("courses.view_cohort_schedule", is_hr | trains_cohort | attends_cohort)
rules.add_perm("courses.view_cohort_private", is_hr | trains_cohort)
rules.add_perm("courses.manage_cohort", is_hr)
rules.add_perm(
    "participants.view_participant_record", is_hr | trains_participant | is_own_participant
)
