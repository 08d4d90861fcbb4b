"""Downloads of the results pages (CSV, XLSX): the same viewers, thresholds and comments."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_http_methods

from courses.access import is_hr
from courses.models import Cohort, Course
from evaluations.access import may_view_course_results, may_view_results
from evaluations.exports import impact_table, results_table
from evaluations.selectors.impact import impact_for
from evaluations.selectors.results import results_for
from kamtraining.exports import FORMATS, export_response
from kamtraining.http import AuthenticatedHttpRequest


@login_required
@require_http_methods(["GET", "HEAD"])
def cohort_results_export(
    request: AuthenticatedHttpRequest, cohort_pk: int, fmt: str
) -> HttpResponseBase:
    cohort = get_object_or_404(Cohort, pk=cohort_pk)
    if fmt not in FORMATS or not may_view_results.test(request.user, cohort):
        raise Http404
    hr = is_hr(request.user)
    results = results_for(cohort_ids=[cohort.pk], comments="all" if hr else "trainer")
    table = results_table(name=f"evaluation-{cohort.code}", results=results, with_status=hr)
    return export_response(table, fmt)


@login_required
@require_http_methods(["GET", "HEAD"])
def course_results_export(
    request: AuthenticatedHttpRequest, course_pk: int, fmt: str
) -> HttpResponseBase:
    course = get_object_or_404(Course, pk=course_pk)
    if fmt not in FORMATS or not may_view_course_results.test(request.user, course):
        raise Http404
    cohort_ids = list(
        Cohort.objects.filter(course=course)
        .exclude(status=Cohort.Status.CANCELLED)
        .values_list("pk", flat=True)
    )
    results = results_for(cohort_ids=cohort_ids, comments="published")
    return export_response(results_table(name=f"evaluation-{course.code}", results=results), fmt)


@login_required
@require_http_methods(["GET", "HEAD"])
def cohort_impact_export(
    request: AuthenticatedHttpRequest, cohort_pk: int, fmt: str
) -> HttpResponseBase:
    cohort = get_object_or_404(Cohort, pk=cohort_pk)
    if fmt not in FORMATS or not may_view_results.test(request.user, cohort):
        raise Http404
    table = impact_table(name=f"impact-{cohort.code}", impact=impact_for(cohort=cohort))
    return export_response(table, fmt)
