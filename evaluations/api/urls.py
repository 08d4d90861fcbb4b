"""API routes of course evaluations and follow-ups, under /api/v1/evaluations/."""

from django.urls import path

from evaluations.api import evaluations, follow_ups

urlpatterns = [
    path(
        "evaluations/cohorts/<int:cohort_pk>/answer/",
        evaluations.EvaluationAnswerApi.as_view(),
        name="evaluation-answer",
    ),
    path(
        "evaluations/cohorts/<int:cohort_pk>/results/",
        evaluations.EvaluationResultsApi.as_view(),
        name="evaluation-results",
    ),
    path(
        "evaluations/courses/<int:course_pk>/results/",
        evaluations.CourseResultsApi.as_view(),
        name="evaluation-course-results",
    ),
    path(
        "evaluations/follow-ups/",
        follow_ups.MyFollowUpListApi.as_view(),
        name="evaluation-follow-ups",
    ),
    path(
        "evaluations/follow-ups/<int:pk>/answer/",
        follow_ups.MyFollowUpAnswerApi.as_view(),
        name="evaluation-follow-up-answer",
    ),
    path(
        "evaluations/follow-up/<str:token>/",
        follow_ups.FollowUpByTokenApi.as_view(),
        name="evaluation-follow-up-token",
    ),
]
