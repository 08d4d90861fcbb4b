"""Pages of the 360 report, the cohort debrief and action plans."""

from django.urls import path

from assessments import views_action_plans, views_report

urlpatterns = [
    path("me/reports/", views_report.me_report_list, name="me-report-list"),
    path("me/reports/<int:campaign_pk>/", views_report.me_report, name="me-report"),
    path(
        "me/reports/<int:campaign_pk>/report.pdf", views_report.me_report_pdf, name="me-report-pdf"
    ),
    path(
        "me/action-plans/<int:campaign_pk>/",
        views_action_plans.me_action_plan,
        name="me-action-plan",
    ),
    path(
        "me/action-plans/<int:campaign_pk>/reviews/",
        views_action_plans.me_action_plan_review,
        name="me-action-plan-review",
    ),
    path(
        "me/action-plans/<int:campaign_pk>/comments/",
        views_action_plans.me_action_plan_comment,
        name="me-action-plan-comment",
    ),
    path(
        "trainer/campaigns/<int:campaign_pk>/", views_report.cohort_debrief, name="cohort-debrief"
    ),
    path(
        "trainer/campaigns/<int:campaign_pk>/participants/<int:participant_pk>/report/",
        views_report.trainer_report_page,
        name="trainer-report",
    ),
    path(
        "trainer/campaigns/<int:campaign_pk>/participants/<int:participant_pk>/report.pdf",
        views_report.trainer_report_pdf,
        name="trainer-report-pdf",
    ),
    path(
        "trainer/campaigns/<int:campaign_pk>/participants/<int:participant_pk>/action-plan/",
        views_action_plans.trainer_action_plan,
        name="trainer-action-plan",
    ),
    path(
        "trainer/campaigns/<int:campaign_pk>/participants/<int:participant_pk>/action-plan/comments/",
        views_action_plans.trainer_action_plan_comment,
        name="trainer-action-plan-comment",
    ),
]
