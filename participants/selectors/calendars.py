"""Whose sessions a calendar holds: a person's feed, a cohort's attachment."""

from django.db.models import Q, QuerySet

from courses.models import Session
from participants.models import Enrollment, User


def _with_relations(qs: QuerySet[Session]) -> QuerySet[Session]:
    return qs.select_related("cohort__course", "cohort__venue", "module", "room__venue").order_by(
        "starts_at", "pk"
    )


def sessions_for_feed(*, user: User) -> QuerySet[Session]:
    """A person's sessions: of their confirmed or completed enrolments, and those they teach."""
    mine = Q(trainers=user) | Q(
        cohort__enrollments__participant__user=user,
        cohort__enrollments__status__in=Enrollment.ATTENDING,
    )
    # A subquery of ids keeps the joins from duplicating rows.
    ids = Session.objects.filter(mine).values("pk")
    return _with_relations(Session.objects.filter(pk__in=ids))


def sessions_for_cohort(*, cohort_id: int) -> QuerySet[Session]:
    return _with_relations(Session.objects.filter(cohort_id=cohort_id))
