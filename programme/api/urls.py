"""API routes of the pages that combine apps, under /api/v1/me/."""

from django.urls import URLPattern, path

from programme.api import timeline

urlpatterns: list[URLPattern] = [
    path("me/timeline/", timeline.MyTimelineApi.as_view(), name="me-timeline"),
]
