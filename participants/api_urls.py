"""API URLs of participants."""

from django.urls import path

from participants.api.me import MeApi, MyScheduleApi

urlpatterns: list = [
    path("me/", MeApi.as_view(), name="me"),
    path("me/schedule/", MyScheduleApi.as_view(), name="me-schedule"),
]
