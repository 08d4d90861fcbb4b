from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from kamtraining.auth_api import TokenObtainApi
from kamtraining.login import LoginView, ThrottledAdminAuthenticationForm
from participants import urls as participants_urls
from participants.views.accounts import PasswordChangeView, PasswordResetView
from programme import urls as programme_urls

handler400 = "kamtraining.errors.bad_request"
handler403 = "kamtraining.errors.permission_denied"
handler404 = "kamtraining.errors.page_not_found"
handler500 = "kamtraining.errors.server_error"

# The admin's login page takes passwords too: the same attempt budget guards it.
admin.site.login_form = ThrottledAdminAuthenticationForm

api_v1: list[URLPattern | URLResolver] = [
    path("auth/token/", TokenObtainApi.as_view(), name="token"),
    path("", include("courses.api.urls")),
    path("", include("participants.api.urls")),
    path("", include("assessments.api.urls")),
    path("", include("practice.api.urls")),
    path("", include("evaluations.api.urls")),
    path("", include("certificates.api.urls")),
    path("", include("programme.api.urls")),
]

urlpatterns = [
    *programme_urls.home_patterns,
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password_reset/", PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("accounts/password_change/", PasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("admin/", admin.site.urls),
    path("api/v1/", include((api_v1, "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    path("", include("courses.urls")),
    # The participants namespace holds the app's own pages and the programme pages that combine
    # apps (My Zone, the homes, roster, overview): their names stay `participants:…`.
    path(
        "",
        include(
            (
                [*programme_urls.participants_patterns, *participants_urls.urlpatterns],
                participants_urls.app_name,
            )
        ),
    ),
    path("", include("assessments.urls")),
    path("", include("practice.urls")),
    path("", include("evaluations.urls")),
    path("", include("certificates.urls")),
]
