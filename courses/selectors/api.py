"""Querysets of the REST API, scoped to what the user may see and prefetched for its serializers.

HR sees everything. A trainer sees the cohorts they train, their sessions, and the courses of
those cohorts besides the published catalogue. Anyone else sees the published catalogue only.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from courses.access import cohorts_trained_by, is_hr
from courses.models import Activity, Cohort, Course, Dimension, Framework, Item, Module, Session


def _trainer_ids_only() -> Prefetch:
    # Serializers show trainers by id: fetch nothing else of the user rows.
    return Prefetch("trainers", queryset=get_user_model().objects.only("pk"))


def course_list_for_user(*, user: Any) -> QuerySet[Course]:
    """Courses with their modules and activities, as the user may see them."""
    courses = Course.objects.prefetch_related(
        Prefetch(
            "modules",
            queryset=Module.objects.select_related("dimension").prefetch_related(
                Prefetch("activities", queryset=Activity.objects.order_by("order"))
            ),
        )
    ).order_by("code")
    if is_hr(user):
        return courses
    if not user.is_authenticated:
        return courses.filter(is_published=True)
    trains_a_cohort = Exists(cohorts_trained_by(user).filter(course=OuterRef("pk")))
    return courses.filter(Q(is_published=True) | trains_a_cohort)


def framework_list_for_user(*, user: Any) -> QuerySet[Framework]:
    """Frameworks with their dimensions and items (every signed-in user reads them)."""
    return Framework.objects.prefetch_related(
        Prefetch(
            "dimensions",
            queryset=Dimension.objects.order_by("order", "code").prefetch_related(
                Prefetch("items", queryset=Item.objects.order_by("order", "pk"))
            ),
        )
    ).order_by("code")


def cohort_list_for_user(*, user: Any) -> QuerySet[Cohort]:
    """Cohorts: all for HR, the ones they train for a trainer, none for anyone else."""
    cohorts = Cohort.objects.prefetch_related(_trainer_ids_only()).order_by("-starts_on", "code")
    if is_hr(user):
        return cohorts
    if not user.is_authenticated:
        return cohorts.none()
    return cohorts.filter(pk__in=cohorts_trained_by(user).values("pk"))


def session_list_for_user(*, user: Any) -> QuerySet[Session]:
    """Sessions of the cohorts the user may see, earliest first."""
    sessions = Session.objects.all()
    if not is_hr(user):
        sessions = sessions.filter(cohort__in=cohort_list_for_user(user=user).values("pk"))
    return _with_cohort_and_trainers(sessions)


def session_list_for_cohort(*, cohort: Cohort) -> QuerySet[Session]:
    """One cohort's sessions, earliest first."""
    return _with_cohort_and_trainers(cohort.sessions.all())


def _with_cohort_and_trainers(sessions: QuerySet[Session]) -> QuerySet[Session]:
    # A session is shown in its own time zone (its room's venue's or its cohort's), with its
    # trainers' ids.
    return (
        sessions.select_related("cohort", "room__venue")
        .prefetch_related(_trainer_ids_only())
        .order_by("starts_at", "pk")
    )
