from django.urls import path

from courses.views import catalogue as views

app_name = "courses"

urlpatterns = [
    path("courses/", views.course_list, name="course-list"),
    path("courses/<slug:code>/", views.course_detail, name="course-detail"),
    path("cohorts/<int:pk>/schedule/", views.cohort_schedule, name="cohort-schedule"),
]
