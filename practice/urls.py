"""Pages of practice: /practice/... and the observers' token links /observe/<token>/."""

from django.urls import path

from practice.views import observer, pages

app_name = "practice"
urlpatterns = [
    path("practice/", pages.practice_list, name="practice-list"),
    path("practice/<int:pk>/", pages.practice_detail, name="practice-detail"),
    path(
        "practice/cohorts/<int:cohort_pk>/",
        pages.cohort_assignments,
        name="cohort-assignments",
    ),
    path(
        "practice/attachments/<int:pk>/",
        pages.attachment_download,
        name="attachment-download",
    ),
    path("observe/<str:token>/", observer.observe, name="observe"),
]
