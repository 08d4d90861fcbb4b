"""API URLs of assessments."""

from django.urls import include, path

urlpatterns: list = [
    path("", include("assessments.api_urls_rater")),
    path("", include("assessments.api_urls_reports")),
    path("", include("assessments.api_urls_action_plans")),
]
