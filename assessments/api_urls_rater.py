"""API routes of the questionnaire: token links (no account) and the self-assessment."""

from django.urls import path

from assessments.api import rater

urlpatterns = [
    path("rater/<str:token>/", rater.RaterQuestionnaireApi.as_view(), name="rater-questionnaire"),
    path("rater/<str:token>/submit/", rater.RaterSubmitApi.as_view(), name="rater-submit"),
    path("rater/<str:token>/decline/", rater.RaterDeclineApi.as_view(), name="rater-decline"),
    path(
        "me/campaigns/<int:campaign_pk>/self/",
        rater.SelfQuestionnaireApi.as_view(),
        name="self-questionnaire",
    ),
    path(
        "me/campaigns/<int:campaign_pk>/self/submit/",
        rater.SelfSubmitApi.as_view(),
        name="self-submit",
    ),
]
