"""API routes of the 360 reports: one report, the cohort summary, my released reports."""

from django.urls import path

from assessments.api import reports

urlpatterns = [
    path(
        "campaigns/<int:pk>/reports/<int:participant_id>/",
        reports.CampaignReportApi.as_view(),
        name="campaign-report",
    ),
    path(
        "campaigns/<int:pk>/summary/",
        reports.CampaignSummaryApi.as_view(),
        name="campaign-summary",
    ),
    path("me/reports/", reports.MyReportsApi.as_view(), name="me-reports"),
]
