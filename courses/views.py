from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from courses.models import Cohort, Course


def course_list(request: HttpRequest) -> HttpResponse:
    courses = Course.objects.filter(is_published=True)
    return render(request, "courses/course_list.html", {"courses": courses})


def course_detail(request: HttpRequest, code: str) -> HttpResponse:
    course = get_object_or_404(Course, code=code, is_published=True)
    return render(request, "courses/course_detail.html", {"course": course})


def cohort_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = get_object_or_404(Cohort, pk=pk)
    return render(request, "courses/cohort_schedule.html", {"cohort": cohort})
