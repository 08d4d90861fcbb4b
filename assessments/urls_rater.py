"""Pages of the questionnaire: the rater's token link and the participant's self-assessment."""

from django.urls import path

from assessments import views_rater

urlpatterns = [
    path("rate/<str:token>/", views_rater.rate, name="invitation-rate"),
    path("rate/<str:token>/decline/", views_rater.rate_decline, name="invitation-rate-decline"),
    path("rate/<str:token>/thanks/", views_rater.rate_thanks, name="invitation-rate-thanks"),
    path(
        "me/campaigns/<int:campaign_pk>/self/",
        views_rater.self_assessment,
        name="invitation-self",
    ),
]
