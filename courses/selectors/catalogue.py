"""Reads of the catalogue: published courses and a course's syllabus."""

from django.db.models import Count, Prefetch, QuerySet

from courses.models import Activity, Cohort, Course, Dimension, Module


def course_list_published() -> QuerySet[Course]:
    """Published courses with their framework and module count, for the catalogue page."""
    return (
        Course.objects.filter(is_published=True)
        .select_related("framework")
        .annotate(module_count=Count("modules"))
        .order_by("code")
    )


def course_with_syllabus(*, code: str, include_unpublished: bool = False) -> Course | None:
    """One course with its modules (role, activities) and its framework's dimensions."""
    courses = Course.objects.select_related("framework").prefetch_related(
        Prefetch(
            "modules",
            queryset=Module.objects.select_related("dimension").prefetch_related(
                Prefetch("activities", queryset=Activity.objects.order_by("order"))
            ),
        ),
        Prefetch("framework__dimensions", queryset=Dimension.objects.order_by("order", "code")),
    )
    if not include_unpublished:
        courses = courses.filter(is_published=True)
    return courses.filter(code=code).first()


def cohorts_to_come(*, course: Course) -> QuerySet[Cohort]:
    """The course's scheduled cohorts, first day first: what a reader of the catalogue can
    still join (each with its enrolment window), in one query."""
    return course.cohorts.filter(status=Cohort.Status.SCHEDULED).order_by("starts_on", "pk")
