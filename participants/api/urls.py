"""API URLs of participants."""

from django.urls import URLPattern, URLResolver, path, re_path

from participants.api import attendance, enrollments, people
from participants.api.me import MeApi, MyScheduleApi

# Ids as the API has always matched them: anything up to the next slash or dot (a bad one 404s).
ID = r"(?P<pk>[^/.]+)"

participant_patterns: list[URLPattern | URLResolver] = [
    # Before the detail, so "import" is not taken for a participant id.
    path(
        "participants/import/",
        people.ParticipantImportApi.as_view(),
        name="participant-import",
    ),
    re_path(r"^participants/$", people.ParticipantListCreateApi.as_view(), name="participant-list"),
    re_path(
        rf"^participants/{ID}/$", people.ParticipantDetailApi.as_view(), name="participant-detail"
    ),
]

enrollment_patterns: list[URLPattern | URLResolver] = [
    path(
        "cohorts/<int:pk>/enrollments/",
        enrollments.CohortEnrollmentsApi.as_view(),
        name="cohort-enrollments",
    ),
    re_path(
        r"^enrollments/$", enrollments.EnrollmentListCreateApi.as_view(), name="enrollment-list"
    ),
    re_path(
        rf"^enrollments/{ID}/$",
        enrollments.EnrollmentDetailApi.as_view(),
        name="enrollment-detail",
    ),
    re_path(
        rf"^enrollments/{ID}/cancel/$",
        enrollments.EnrollmentCancelApi.as_view(),
        name="enrollment-cancel",
    ),
    re_path(
        rf"^enrollments/{ID}/complete/$",
        enrollments.EnrollmentCompleteApi.as_view(),
        name="enrollment-complete",
    ),
    re_path(
        rf"^enrollments/{ID}/confirm/$",
        enrollments.EnrollmentConfirmApi.as_view(),
        name="enrollment-confirm",
    ),
    re_path(
        rf"^enrollments/{ID}/no-show/$",
        enrollments.EnrollmentNoShowApi.as_view(),
        name="enrollment-no-show",
    ),
]

attendance_patterns: list[URLPattern | URLResolver] = [
    re_path(r"^attendance/$", attendance.AttendanceListCreateApi.as_view(), name="attendance-list"),
    re_path(
        rf"^attendance/{ID}/$", attendance.AttendanceDetailApi.as_view(), name="attendance-detail"
    ),
]

# The logged-in user's own record (participants.api.me).
me_patterns: list[URLPattern | URLResolver] = [
    path("me/", MeApi.as_view(), name="me"),
    path("me/schedule/", MyScheduleApi.as_view(), name="me-schedule"),
]

urlpatterns: list[URLPattern | URLResolver] = [
    *participant_patterns,
    *enrollment_patterns,
    *attendance_patterns,
    *me_patterns,
]
