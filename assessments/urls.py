from django.urls import include, path

app_name = "assessments"

urlpatterns: list = [
    path("", include("assessments.urls_rater")),
    path("", include("assessments.urls_report")),
]
