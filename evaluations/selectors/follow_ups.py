"""The follow-ups on the job: a participant's own, and a cohort's for HR and its trainers."""

from __future__ import annotations

from django.db.models import QuerySet

from evaluations.models import FollowUp


def follow_ups_for_participant(*, participant_id: int) -> QuerySet[FollowUp]:
    """The participant's own follow-ups (their manager's are not theirs to read or answer)."""
    return (
        FollowUp.objects.filter(
            goal__plan__participant_id=participant_id,
            respondent=FollowUp.Respondent.PARTICIPANT,
        )
        .select_related("goal")
        .order_by("-sent_at", "pk")
    )


def follow_ups_for_cohort(*, cohort_id: int) -> QuerySet[FollowUp]:
    """Every follow-up of the cohort with its goal and participant, by participant and goal."""
    return (
        FollowUp.objects.filter(cohort_id=cohort_id)
        .select_related("goal__plan__participant")
        .order_by(
            "goal__plan__participant__name",
            "goal__plan__participant_id",
            "goal__order",
            "goal_id",
            "respondent",
        )
    )
