"""Who may answer a course evaluation, read its results, review its comments, read the impact.

- `attended_cohort(user, cohort)`: an enrolment of the user's in the cohort with at least one
  session marked present or late. Only they may answer (`may_answer_evaluation`).
- `may_view_results(user, cohort)`: HR or a trainer of the cohort (results, impact, follow-ups).
- `may_view_course_results(user, course)`: HR, or a trainer of one of the course's cohorts.
- `may_review_comments(user, cohort)`: HR decides whether a comment is published, shown to the
  cohort's trainers only, or hidden.
- `may_manage_evaluation(user, cohort)`: HR sets how long it stays open and when the follow-up
  goes out.
- `owns_follow_up(user, follow_up)`: the participant asked about their own goal may read and
  answer it signed in (their manager answers by token link, with no account).

Permissions registered with `rules`: `evaluations.answer`, `evaluations.view_results`,
`evaluations.view_course_results`, `evaluations.review_comments`, `evaluations.manage`,
`evaluations.answer_follow_up`.

Nothing here can join an answer to a person: the answers carry none.
"""

from typing import Any

import rules

from courses.access import cohorts_trained_by, is_hr, trains_cohort
from evaluations.models import FollowUp
from participants.models import Attendance, Enrollment

ATTENDED = (Attendance.Status.PRESENT, Attendance.Status.LATE)


def _cohort_id(cohort: Any) -> int | None:
    if cohort is None:
        return None
    return cohort if isinstance(cohort, int) else cohort.pk


@rules.predicate
def attended_cohort(user: Any, cohort: Any) -> bool:
    cohort_id = _cohort_id(cohort)
    if cohort_id is None or not getattr(user, "is_authenticated", False):
        return False
    return Enrollment.objects.filter(
        cohort_id=cohort_id,
        participant__user_id=user.pk,
        attendances__status__in=ATTENDED,
    ).exists()


@rules.predicate
def trains_course(user: Any, course: Any) -> bool:
    if course is None or not getattr(user, "is_authenticated", False):
        return False
    course_id = course if isinstance(course, int) else course.pk
    return cohorts_trained_by(user).filter(course_id=course_id).exists()


@rules.predicate
def owns_follow_up(user: Any, follow_up: Any) -> bool:
    if follow_up is None or not getattr(user, "is_authenticated", False):
        return False
    return FollowUp.objects.filter(
        pk=follow_up.pk,
        respondent=FollowUp.Respondent.PARTICIPANT,
        goal__plan__participant__user_id=user.pk,
    ).exists()


may_answer_evaluation = attended_cohort
may_view_results = is_hr | trains_cohort
may_view_course_results = is_hr | trains_course
may_review_comments = is_hr
may_manage_evaluation = is_hr

rules.add_perm("evaluations.answer", may_answer_evaluation)
rules.add_perm("evaluations.view_results", may_view_results)
rules.add_perm("evaluations.view_course_results", may_view_course_results)
rules.add_perm("evaluations.review_comments", may_review_comments)
rules.add_perm("evaluations.manage", may_manage_evaluation)
rules.add_perm("evaluations.answer_follow_up", owns_follow_up)
