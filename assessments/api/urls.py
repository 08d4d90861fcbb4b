"""API routes of assessments, in named lists; kamtraining.urls mounts them under /api/v1/."""

from django.urls import URLPattern, path

from assessments.api import action_plans, campaigns, rater, reports

campaign_patterns: list[URLPattern] = [
    path("campaigns/", campaigns.CampaignListCreateApi.as_view(), name="campaign-list"),
    path("campaigns/<int:pk>/", campaigns.CampaignDetailApi.as_view(), name="campaign-detail"),
    path(
        "campaigns/<int:pk>/start-nomination/",
        campaigns.CampaignStartNominationApi.as_view(),
        name="campaign-start-nomination",
    ),
    path("campaigns/<int:pk>/open/", campaigns.CampaignOpenApi.as_view(), name="campaign-open"),
    path("campaigns/<int:pk>/close/", campaigns.CampaignCloseApi.as_view(), name="campaign-close"),
    path(
        "campaigns/<int:pk>/release/",
        campaigns.CampaignReleaseApi.as_view(),
        name="campaign-release",
    ),
    path(
        "campaigns/<int:pk>/send-invitations/",
        campaigns.CampaignSendInvitationsApi.as_view(),
        name="campaign-send-invitations",
    ),
    path(
        "campaigns/<int:pk>/remind/", campaigns.CampaignRemindApi.as_view(), name="campaign-remind"
    ),
    path(
        "campaigns/<int:pk>/invitations/",
        campaigns.CampaignInvitationsApi.as_view(),
        name="campaign-invitations",
    ),
    path(
        "me/campaigns/<int:pk>/raters/",
        campaigns.MyCampaignRatersApi.as_view(),
        name="me-campaign-raters",
    ),
]

# The questionnaire: token links (no account) and the self-assessment.
rater_patterns: list[URLPattern] = [
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

# One report, the cohort summary, my released reports.
report_patterns: list[URLPattern] = [
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

# The participant's own action plan, and the cohort trainers' view.
action_plan_patterns: list[URLPattern] = [
    path(
        "me/action-plans/<int:campaign_pk>/",
        action_plans.MyActionPlanApi.as_view(),
        name="me-action-plan",
    ),
    path(
        "me/action-plans/<int:campaign_pk>/reviews/",
        action_plans.MyActionPlanReviewApi.as_view(),
        name="me-action-plan-reviews",
    ),
    path(
        "me/action-plans/<int:campaign_pk>/comments/",
        action_plans.MyActionPlanCommentApi.as_view(),
        name="me-action-plan-comments",
    ),
    path(
        "me/action-plans/<int:campaign_pk>/focus/",
        action_plans.MyFocusItemListApi.as_view(),
        name="me-focus-items",
    ),
    path(
        "me/action-plans/<int:campaign_pk>/focus/<int:item_id>/",
        action_plans.MyFocusItemApi.as_view(),
        name="me-focus-item",
    ),
    path(
        "campaigns/<int:pk>/review-cadence/",
        action_plans.CampaignReviewCadenceApi.as_view(),
        name="campaign-review-cadence",
    ),
    path(
        "campaigns/<int:pk>/action-plans/<int:participant_id>/cadence/",
        action_plans.CampaignActionPlanCadenceApi.as_view(),
        name="campaign-action-plan-cadence",
    ),
    path(
        "campaigns/<int:pk>/action-plans/",
        action_plans.CampaignActionPlanListApi.as_view(),
        name="campaign-action-plans",
    ),
    path(
        "campaigns/<int:pk>/action-plans/<int:participant_id>/",
        action_plans.CampaignActionPlanDetailApi.as_view(),
        name="campaign-action-plan",
    ),
    path(
        "campaigns/<int:pk>/action-plans/<int:participant_id>/comments/",
        action_plans.CampaignActionPlanCommentApi.as_view(),
        name="campaign-action-plan-comments",
    ),
]

urlpatterns = [*campaign_patterns, *rater_patterns, *report_patterns, *action_plan_patterns]
