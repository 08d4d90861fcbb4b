"""Pages of certificates: /certificates/... and the public /verify/<uuid>/."""

from django.urls import path

from certificates.views import pages, public

app_name = "certificates"
urlpatterns = [
    path("certificates/me/", pages.my_completion, name="my-completion"),
    path(
        "certificates/cohorts/<int:cohort_pk>/",
        pages.cohort_completion,
        name="cohort-completion",
    ),
    path("certificates/<int:pk>/pdf/", pages.certificate_download, name="certificate-pdf"),
    path("certificates/issuer/", public.issuer, name="issuer"),
    path("certificates/achievements/<int:cohort_pk>/", public.achievement, name="achievement"),
    path("verify/<str:uuid>/", pages.verify, name="verify"),
]
