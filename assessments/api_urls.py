"""API URLs of assessments."""

from django.urls import include, path

from assessments.api import campaigns

urlpatterns = [
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
    path("", include("assessments.api_urls_rater")),
    path("", include("assessments.api_urls_reports")),
    path("", include("assessments.api_urls_action_plans")),
]
