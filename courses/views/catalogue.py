"""Pages of the catalogue and the cohort schedule."""

import zoneinfo

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from courses.access import may_manage_cohort
from courses.page_cache import catalogue_version, schedule_by_day
from courses.selectors.catalogue import cohorts_to_come, course_list_published, course_with_syllabus
from courses.selectors.schedule import cohort_get, schedule_zone
from kamtraining.http import AuthenticatedHttpRequest


def course_list(request: HttpRequest) -> HttpResponse:
    """The published catalogue; open to everyone."""
    context = {"courses": course_list_published(), "catalogue_version": catalogue_version()}
    return render(request, "courses/course_list.html", context)


def course_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A course and its syllabus by module; unpublished ones only for those who edit courses."""
    can_preview = may_manage_cohort(request.user)
    course = course_with_syllabus(code=code, include_unpublished=can_preview)
    if course is None:
        raise Http404
    modules = list(course.modules.all())
    context = {
        "course": course,
        "modules": modules,
        "activity_count": sum(len(m.activities.all()) for m in modules),
        "dimensions": list(course.framework.dimensions.all()) if course.framework else [],
        "cohorts": list(cohorts_to_come(course=course)),
    }
    return render(request, "courses/course_detail.html", context)


@login_required
def cohort_schedule(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A cohort's sessions by day, each in its local time or (`?tz=mine`) the viewer's."""
    cohort = cohort_get(pk=pk)
    if cohort is None or not request.user.has_perm("courses.view_cohort_schedule", cohort):
        raise Http404
    in_my_zone = request.GET.get("tz") == "mine"
    show_changes = may_manage_cohort(request.user)
    zone = schedule_zone(viewer_zone=request.user.time_zone if in_my_zone else None)
    in_my_zone = zone is not None
    days = schedule_by_day(cohort=cohort, zone=zone, with_changes=show_changes)
    zones = sorted({entry.local_zone_name for day in days for entry in day.entries}) or [
        cohort.time_zone
    ]
    context = {
        "cohort": cohort,
        "days": days,
        "show_changes": show_changes,
        "zone_name": zone.key if zone else "",
        "local_zones": zones,
        "in_my_zone": in_my_zone,
        "my_zone_name": request.user.time_zone,
        "same_zone": zones == [request.user.time_zone],
        "now": timezone.now(),
        "today": timezone.now().astimezone(zone or zoneinfo.ZoneInfo(cohort.time_zone)).date(),
    }
    return render(request, "courses/cohort_schedule.html", context)
