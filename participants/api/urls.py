"""API URLs of participants."""

from django.urls import URLPattern, URLResolver, path
from rest_framework.routers import SimpleRouter

from participants.api import attendance, enrollments, people
from participants.api.me import MeApi, MyScheduleApi

router = SimpleRouter()
router.register("participants", people.ParticipantViewSet, basename="participant")
router.register("enrollments", enrollments.EnrollmentViewSet, basename="enrollment")
router.register("attendance", attendance.AttendanceViewSet, basename="attendance")

urlpatterns: list[URLPattern | URLResolver] = [
    # Before the router, so "import" is not taken for a participant id.
    path(
        "participants/import/",
        people.ParticipantImportApi.as_view(),
        name="participant-import",
    ),
    path(
        "cohorts/<int:pk>/enrollments/",
        enrollments.CohortEnrollmentsApi.as_view(),
        name="cohort-enrollments",
    ),
    *router.urls,
    # The logged-in user's own record (participants.api.me).
    path("me/", MeApi.as_view(), name="me"),
    path("me/schedule/", MyScheduleApi.as_view(), name="me-schedule"),
]
