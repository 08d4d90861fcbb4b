"""Pages of evaluations: the attendee's questionnaire, results, comment review, follow-up links."""

from django.urls import path

from evaluations.views import exports, follow_up, pages

app_name = "evaluations"
urlpatterns = [
    path(
        "evaluations/cohorts/<int:cohort_pk>/answer/",
        pages.evaluation_answer,
        name="evaluation-answer",
    ),
    path(
        "evaluations/cohorts/<int:cohort_pk>/results/",
        pages.evaluation_results,
        name="evaluation-results",
    ),
    path(
        "evaluations/cohorts/<int:cohort_pk>/comments/",
        pages.evaluation_comments,
        name="evaluation-comments",
    ),
    path(
        "evaluations/cohorts/<int:cohort_pk>/settings/",
        pages.evaluation_settings,
        name="evaluation-settings",
    ),
    path(
        "evaluations/cohorts/<int:cohort_pk>/impact/",
        pages.cohort_impact,
        name="cohort-impact",
    ),
    path(
        "evaluations/cohorts/<int:cohort_pk>/follow-ups/",
        pages.follow_up_list,
        name="follow-up-list",
    ),
    path(
        "evaluations/courses/<int:course_pk>/results/",
        pages.course_results,
        name="course-results",
    ),
    path(
        "evaluations/cohorts/<int:cohort_pk>/results.<slug:fmt>",
        exports.cohort_results_export,
        name="evaluation-results-export",
    ),
    path(
        "evaluations/courses/<int:course_pk>/results.<slug:fmt>",
        exports.course_results_export,
        name="course-results-export",
    ),
    path(
        "evaluations/cohorts/<int:cohort_pk>/impact.<slug:fmt>",
        exports.cohort_impact_export,
        name="cohort-impact-export",
    ),
    path("follow-up/<str:token>/", follow_up.follow_up, name="follow-up"),
]
