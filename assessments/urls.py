"""Pages of assessments, in named lists; kamtraining.urls mounts them under one namespace."""

from django.urls import URLPattern, path

from assessments.views import (
    action_plans,
    campaigns,
    exports,
    nominations,
    rater,
    report,
    report_batches,
)

app_name = "assessments"

# My Zone's campaigns and rater nomination; the trainers' and HR's progress, approval,
# reminders and transitions; the downloads of the progress and debrief pages.
campaign_patterns: list[URLPattern] = [
    # My Zone: the participant's campaigns and rater nomination
    path("me/campaigns/", nominations.campaign_mine, name="campaign-mine"),
    path(
        "me/campaigns/<int:pk>/nominate/", nominations.campaign_nominate, name="campaign-nominate"
    ),
    path(
        "me/campaigns/<int:pk>/nominate/<int:invitation_pk>/edit/",
        nominations.invitation_edit_own,
        name="invitation-edit-own",
    ),
    # Trainers and HR: progress, approval, reminders, transitions
    path("campaigns/", campaigns.campaign_list, name="campaign-list"),
    path("campaigns/new/", campaigns.campaign_create, name="campaign-create"),
    path("campaigns/<int:pk>/edit/", campaigns.campaign_edit, name="campaign-edit"),
    path(
        "campaigns/<int:pk>/progress/", campaigns.campaign_progress_page, name="campaign-progress"
    ),
    path(
        "campaigns/<int:pk>/participants/<int:participant_pk>/raters/",
        campaigns.campaign_raters,
        name="campaign-raters",
    ),
    path(
        "campaigns/<int:pk>/participants/<int:participant_pk>/late-raters/",
        campaigns.campaign_late_rater,
        name="campaign-late-rater",
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
    path(
        "campaigns/<int:pk>/progress.<slug:fmt>",
        exports.progress_export,
        name="campaign-progress-export",
    ),
    path(
        "trainer/campaigns/<int:campaign_pk>/results.<slug:fmt>",
        exports.class_results_export,
        name="cohort-results-export",
    ),
    path(
        "trainer/campaigns/<int:campaign_pk>/answers.<slug:fmt>",
        exports.answers_export,
        name="cohort-answers-export",
    ),
]

# The questionnaire: the rater's token link and the participant's self-assessment.
rater_patterns: list[URLPattern] = [
    path("rate/<str:token>/", rater.rate, name="invitation-rate"),
    path("rate/<str:token>/decline/", rater.rate_decline, name="invitation-rate-decline"),
    path("rate/<str:token>/thanks/", rater.rate_thanks, name="invitation-rate-thanks"),
    path(
        "me/campaigns/<int:campaign_pk>/self/",
        rater.self_assessment,
        name="invitation-self",
    ),
]

# The 360 report, the cohort debrief and action plans.
report_patterns: list[URLPattern] = [
    path("me/reports/", report.me_report_list, name="me-report-list"),
    path("me/reports/<int:campaign_pk>/", report.me_report, name="me-report"),
    path("me/reports/<int:campaign_pk>/report.pdf", report.me_report_pdf, name="me-report-pdf"),
    path(
        "me/action-plans/<int:campaign_pk>/",
        action_plans.me_action_plan,
        name="me-action-plan",
    ),
    path(
        "me/action-plans/<int:campaign_pk>/reviews/",
        action_plans.me_action_plan_review,
        name="me-action-plan-review",
    ),
    path(
        "me/action-plans/<int:campaign_pk>/comments/",
        action_plans.me_action_plan_comment,
        name="me-action-plan-comment",
    ),
    path(
        "me/reports/<int:campaign_pk>/focus/<int:item_pk>/",
        action_plans.me_focus_item,
        name="me-focus-item",
    ),
    path("trainer/campaigns/<int:campaign_pk>/", report.cohort_debrief, name="cohort-debrief"),
    path(
        "trainer/campaigns/<int:campaign_pk>/reports/",
        report_batches.report_batch_create,
        name="report-batch-create",
    ),
    path(
        "trainer/campaigns/<int:campaign_pk>/reports/<int:batch_pk>/",
        report_batches.report_batch_page,
        name="report-batch",
    ),
    path(
        "trainer/campaigns/<int:campaign_pk>/reports/<int:batch_pk>/status/",
        report_batches.report_batch_status,
        name="report-batch-status",
    ),
    path(
        "trainer/campaigns/<int:campaign_pk>/reports/<int:batch_pk>/reports.zip",
        report_batches.report_batch_download,
        name="report-batch-download",
    ),
    path(
        "trainer/campaigns/<int:campaign_pk>/review-cadence/",
        action_plans.cohort_review_cadence,
        name="cohort-review-cadence",
    ),
    path(
        "trainer/campaigns/<int:campaign_pk>/participants/<int:participant_pk>/report/",
        report.trainer_report_page,
        name="trainer-report",
    ),
    path(
        "trainer/campaigns/<int:campaign_pk>/participants/<int:participant_pk>/report.pdf",
        report.trainer_report_pdf,
        name="trainer-report-pdf",
    ),
    path(
        "trainer/campaigns/<int:campaign_pk>/participants/<int:participant_pk>/action-plan/",
        action_plans.trainer_action_plan,
        name="trainer-action-plan",
    ),
    path(
        "trainer/campaigns/<int:campaign_pk>/participants/<int:participant_pk>/action-plan/comments/",
        action_plans.trainer_action_plan_comment,
        name="trainer-action-plan-comment",
    ),
    path(
        "trainer/campaigns/<int:campaign_pk>/participants/<int:participant_pk>/action-plan/cadence/",
        action_plans.trainer_action_plan_cadence,
        name="trainer-action-plan-cadence",
    ),
]

urlpatterns = [*campaign_patterns, *rater_patterns, *report_patterns]
