"""API routes of practice, under /api/v1/practice/."""

from django.urls import path

from practice.api import assignments, observer, practices

urlpatterns = [
    path("practice/", practices.PracticeListApi.as_view(), name="practice-list"),
    path("practice/<int:pk>/", practices.PracticeDetailApi.as_view(), name="practice-detail"),
    path(
        "practice/<int:pk>/phases/<str:phase>/",
        practices.PhaseSaveApi.as_view(),
        name="practice-phase",
    ),
    path(
        "practice/<int:pk>/phases/<str:phase>/complete/",
        practices.PhaseCompleteApi.as_view(),
        name="practice-phase-complete",
    ),
    path(
        "practice/<int:pk>/phases/<str:phase>/attachments/",
        practices.AttachmentAddApi.as_view(),
        name="practice-attachments",
    ),
    path(
        "practice/<int:pk>/phases/<str:phase>/feedback/",
        practices.FeedbackApi.as_view(),
        name="practice-feedback",
    ),
    path("practice/<int:pk>/goal/", practices.GoalLinkApi.as_view(), name="practice-goal"),
    path(
        "practice/<int:pk>/observers/",
        practices.ObserverInviteApi.as_view(),
        name="practice-observers",
    ),
    path("practice/<int:pk>/return/", practices.ReturnApi.as_view(), name="practice-return"),
    path("practice/<int:pk>/accept/", practices.AcceptApi.as_view(), name="practice-accept"),
    path(
        "practice/cohorts/<int:cohort_pk>/assignments/",
        assignments.CohortAssignmentsApi.as_view(),
        name="practice-assignments",
    ),
    path("practice/observe/<str:token>/", observer.ObserverApi.as_view(), name="practice-observe"),
]
