"""API routes of certificates, under /api/v1/certificates/."""

from django.urls import path

from certificates.api import certificates, completion

urlpatterns = [
    path("certificates/", certificates.CertificateListApi.as_view(), name="certificate-list"),
    path("certificates/me/", completion.MyChecklistApi.as_view(), name="certificate-me"),
    path("certificates/jwks/", certificates.JwksApi.as_view(), name="certificate-jwks"),
    path(
        "certificates/status/<str:uuid>/",
        certificates.StatusApi.as_view(),
        name="certificate-status",
    ),
    path(
        "certificates/<int:pk>/",
        certificates.CertificateDetailApi.as_view(),
        name="certificate-detail",
    ),
    path(
        "certificates/<int:pk>/pdf/",
        certificates.CertificatePdfApi.as_view(),
        name="certificate-pdf",
    ),
    path(
        "certificates/<int:pk>/credential/",
        certificates.CredentialApi.as_view(),
        name="certificate-credential",
    ),
    path(
        "certificates/<int:pk>/revoke/", certificates.RevokeApi.as_view(), name="certificate-revoke"
    ),
    path(
        "certificates/cohorts/<int:cohort_pk>/rule/",
        completion.RuleApi.as_view(),
        name="completion-rule",
    ),
    path(
        "certificates/cohorts/<int:cohort_pk>/checklist/",
        completion.ChecklistApi.as_view(),
        name="completion-checklist",
    ),
    path(
        "certificates/cohorts/<int:cohort_pk>/complete/",
        completion.BulkCompleteApi.as_view(),
        name="completion-bulk",
    ),
    path(
        "certificates/enrollments/<int:pk>/complete/",
        completion.CompleteApi.as_view(),
        name="completion-complete",
    ),
    path(
        "certificates/enrollments/<int:pk>/refuse/",
        completion.RefuseApi.as_view(),
        name="completion-refuse",
    ),
]
