from django.urls import path

from courses.views import catalogue as views
from courses.views import scheduling

app_name = "courses"

urlpatterns = [
    path("courses/", views.course_list, name="course-list"),
    path("courses/<slug:code>/", views.course_detail, name="course-detail"),
    path("cohorts/<int:pk>/schedule/", views.cohort_schedule, name="cohort-schedule"),
]

# The programme office's scheduling pages (courses.views.scheduling).
urlpatterns += [
    path("hr/venues/", scheduling.venue_list, name="venue-list"),
    path("hr/venues/new/", scheduling.venue_create_page, name="venue-create"),
    path("hr/venues/<int:pk>/edit/", scheduling.venue_edit, name="venue-edit"),
    path("hr/cohorts/", scheduling.cohort_list, name="cohort-list"),
    path("hr/cohorts/new/", scheduling.cohort_create_page, name="cohort-create"),
    path("hr/cohorts/<int:pk>/edit/", scheduling.cohort_edit, name="cohort-edit"),
    path("hr/cohorts/<int:pk>/copy/", scheduling.cohort_copy, name="cohort-copy"),
    path("hr/cohorts/<int:pk>/sessions/", scheduling.cohort_sessions, name="cohort-sessions"),
    path(
        "hr/cohorts/<int:pk>/sessions/new/",
        scheduling.session_create_page,
        name="session-create",
    ),
    path("hr/sessions/<int:pk>/edit/", scheduling.session_edit, name="session-edit"),
    path("hr/sessions/<int:pk>/cancel/", scheduling.session_cancel, name="session-cancel"),
]
