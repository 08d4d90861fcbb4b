"""API routes of action plans: the participant's own, and the cohort trainers' view."""

from django.urls import path

from assessments.api import action_plans as api

urlpatterns = [
    path(
        "me/action-plans/<int:campaign_pk>/",
        api.MyActionPlanApi.as_view(),
        name="me-action-plan",
    ),
    path(
        "me/action-plans/<int:campaign_pk>/reviews/",
        api.MyActionPlanReviewApi.as_view(),
        name="me-action-plan-reviews",
    ),
    path(
        "me/action-plans/<int:campaign_pk>/comments/",
        api.MyActionPlanCommentApi.as_view(),
        name="me-action-plan-comments",
    ),
    path(
        "campaigns/<int:pk>/action-plans/",
        api.CampaignActionPlanListApi.as_view(),
        name="campaign-action-plans",
    ),
    path(
        "campaigns/<int:pk>/action-plans/<int:participant_id>/",
        api.CampaignActionPlanDetailApi.as_view(),
        name="campaign-action-plan",
    ),
    path(
        "campaigns/<int:pk>/action-plans/<int:participant_id>/comments/",
        api.CampaignActionPlanCommentApi.as_view(),
        name="campaign-action-plan-comments",
    ),
]
