"""Who may reach which people, enrolments and attendance.

The roles themselves (`is_hr`, `is_trainer`, `trains_cohort`, ...) are defined once in
courses.access and re-exported here. Names kept stable:

- `is_own_participant(user, participant)`: the participant is the user's own profile.
- `has_participant_profile(user)`: the user has a participant profile.
- `trains_participant(user, participant)`: trains one of the participant's cohorts.
- `attends_cohort(user, cohort)`: has a confirmed or completed enrolment in the cohort.
- `may_view_participant_record(user, participant)`: HR, a trainer of one of the participant's
  cohorts, or the participant themself.
- `may_view_cohort_schedule(user, cohort)`: HR, a trainer of the cohort, or an attendee.
- `is_own_user(user, target)`: the account is the user's own.
- `may_manage_people(user)`: create, change, delete and import participants (HR).
- `may_view_import_run(user, run)`: follow a confirmed import and read its result: only the
  HR user who started it (the rows and their errors are that person's upload).
- `may_manage_enrollment(user, cohort)`: enrol, confirm, cancel, complete, mark no-show and
  promote the waitlist of a cohort (HR).
- `may_mark_attendance(user, cohort)`: mark attendance at the cohort's sessions (HR or the
  cohort's trainer); `may_view_cohort_private` is the same rule for its roster.

Permissions registered with `rules`: `courses.view_cohort_schedule`,
`participants.view_participant_record`, `participants.manage_people`,
`participants.manage_enrollment`, `participants.mark_attendance`.
"""

from typing import Any

import rules
from django.core.exceptions import PermissionDenied

from courses.access import (
    cohorts_trained_by,
    is_hr,
    is_superuser,
    is_trainer,
    may_view_cohort_private,
    require,
    system_actor,
    trains_cohort,
)
from participants.models import Enrollment, ImportRun, Participant, User

__all__ = [
    "acting_user",
    "attends_cohort",
    "cohorts_trained_by",
    "has_participant_profile",
    "is_hr",
    "is_own_participant",
    "is_own_user",
    "is_superuser",
    "is_trainer",
    "may_manage_enrollment",
    "may_manage_people",
    "may_mark_attendance",
    "may_view_cohort_private",
    "may_view_cohort_schedule",
    "may_view_import_run",
    "may_view_participant_record",
    "require",
    "system_actor",
    "trains_cohort",
    "trains_participant",
]


def _signed_in(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def acting_user(user: Any) -> User:
    """The signed-in user a service acts as, from a request; anyone else is refused."""
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied
    return user


@rules.predicate
def is_own_participant(user: Any, participant: Participant | None) -> bool:
    return bool(_signed_in(user) and participant is not None and participant.user_id == user.pk)


@rules.predicate
def has_participant_profile(user: Any, _obj: Any = None) -> bool:
    return _signed_in(user) and hasattr(user, "participant")


@rules.predicate
def trains_participant(user: Any, participant: Participant | None) -> bool:
    if not _signed_in(user) or participant is None:
        return False
    return Enrollment.objects.filter(
        participant_id=participant.pk, cohort__in=cohorts_trained_by(user)
    ).exists()


@rules.predicate
def attends_cohort(user: Any, cohort: Any) -> bool:
    if not _signed_in(user) or cohort is None:
        return False
    return Enrollment.objects.filter(
        cohort=cohort,
        participant__user=user,
        status__in=Enrollment.ATTENDING,
    ).exists()


may_view_participant_record = is_hr | trains_participant | is_own_participant
may_view_cohort_schedule = is_hr | trains_cohort | attends_cohort
may_manage_people = is_hr
may_manage_enrollment = is_hr
may_mark_attendance = is_hr | trains_cohort


@rules.predicate
def may_view_import_run(user: Any, run: ImportRun | None) -> bool:
    return (
        run is not None
        and _signed_in(user)
        and run.started_by_id == user.pk
        and bool(may_manage_people(user))
    )


rules.add_perm("courses.view_cohort_schedule", may_view_cohort_schedule)
rules.add_perm("participants.view_participant_record", may_view_participant_record)
rules.add_perm("participants.manage_people", may_manage_people)
rules.add_perm("participants.manage_enrollment", may_manage_enrollment)
rules.add_perm("participants.mark_attendance", may_mark_attendance)


@rules.predicate
def is_own_user(user: Any, target: Any) -> bool:
    """The account is the user's own (their profile page, their password)."""
    return bool(_signed_in(user) and target is not None and target.pk == user.pk)
