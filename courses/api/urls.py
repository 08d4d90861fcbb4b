"""API URLs of courses: /api/v1/courses/, frameworks/, cohorts/, sessions/."""

from django.urls import URLPattern, re_path

from courses.api import views as api

# Ids as the API has always matched them: anything up to the next slash or dot (a bad one 404s).
ID = r"(?P<pk>[^/.]+)"

course_patterns: list[URLPattern] = [
    re_path(r"^courses/$", api.CourseListCreateApi.as_view(), name="course-list"),
    re_path(rf"^courses/{ID}/$", api.CourseDetailApi.as_view(), name="course-detail"),
]

framework_patterns: list[URLPattern] = [
    re_path(r"^frameworks/$", api.FrameworkListCreateApi.as_view(), name="framework-list"),
    re_path(rf"^frameworks/{ID}/$", api.FrameworkDetailApi.as_view(), name="framework-detail"),
]

cohort_patterns: list[URLPattern] = [
    re_path(r"^cohorts/$", api.CohortListCreateApi.as_view(), name="cohort-list"),
    re_path(rf"^cohorts/{ID}/$", api.CohortDetailApi.as_view(), name="cohort-detail"),
    re_path(
        rf"^cohorts/{ID}/conflicts/$", api.CohortConflictsApi.as_view(), name="cohort-conflicts"
    ),
    re_path(rf"^cohorts/{ID}/sessions/$", api.CohortSessionsApi.as_view(), name="cohort-sessions"),
]

session_patterns: list[URLPattern] = [
    re_path(r"^sessions/$", api.SessionListCreateApi.as_view(), name="session-list"),
    re_path(rf"^sessions/{ID}/$", api.SessionDetailApi.as_view(), name="session-detail"),
    re_path(rf"^sessions/{ID}/cancel/$", api.SessionCancelApi.as_view(), name="session-cancel"),
]

urlpatterns = [*course_patterns, *framework_patterns, *cohort_patterns, *session_patterns]
