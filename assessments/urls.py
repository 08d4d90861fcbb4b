from django.urls import include, path

from assessments import views_campaigns as campaigns
from assessments import views_exports

app_name = "assessments"

urlpatterns = [
    # My Zone: the participant's campaigns and rater nomination
    path("me/campaigns/", campaigns.campaign_mine, name="campaign-mine"),
    path("me/campaigns/<int:pk>/nominate/", campaigns.campaign_nominate, name="campaign-nominate"),
    path(
        "me/campaigns/<int:pk>/nominate/<int:invitation_pk>/edit/",
        campaigns.invitation_edit_own,
        name="invitation-edit-own",
    ),
    # Trainers and HR: progress, approval, reminders, transitions
    path("campaigns/", campaigns.campaign_list, name="campaign-list"),
    path(
        "campaigns/<int:pk>/progress/", campaigns.campaign_progress_page, name="campaign-progress"
    ),
    path(
        "campaigns/<int:pk>/participants/<int:participant_pk>/raters/",
        campaigns.campaign_raters,
        name="campaign-raters",
    ),
    path(
        "campaigns/<int:pk>/participants/<int:participant_pk>/approve/",
        campaigns.campaign_approve,
        name="campaign-approve",
    ),
    path(
        "campaigns/<int:pk>/invitations/<int:invitation_pk>/edit/",
        campaigns.invitation_edit_staff,
        name="invitation-edit",
    ),
    path("campaigns/<int:pk>/remind/", campaigns.campaign_remind, name="campaign-remind"),
    path("campaigns/<int:pk>/send/", campaigns.campaign_send, name="campaign-send"),
    path(
        "campaigns/<int:pk>/status/<slug:transition>/",
        campaigns.campaign_transition,
        name="campaign-transition",
    ),
    path("", include("assessments.urls_rater")),
    path("", include("assessments.urls_report")),
]

# Downloads offered on the progress and debrief pages (assessments.views_exports).
urlpatterns += [
    path(
        "campaigns/<int:pk>/progress.<slug:fmt>",
        views_exports.progress_export,
        name="campaign-progress-export",
    ),
    path(
        "trainer/campaigns/<int:campaign_pk>/results.<slug:fmt>",
        views_exports.class_results_export,
        name="cohort-results-export",
    ),
]
