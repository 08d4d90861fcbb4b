"""The login pages, ours and the admin's: password attempts limited per account and address."""

from typing import Any

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpResponse

from kamtraining.throttling import RateLimited, login_attempt

THROTTLED = "throttled"


class ThrottledLoginMixin:
    """Count each password tried; refuse, before checking it, once a budget is spent."""

    request: Any
    cleaned_data: dict[str, Any]
    limited: RateLimited | None = None

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        if username is None or not self.cleaned_data.get("password"):
            return super().clean()  # type: ignore[misc]
        counted = login_attempt(self.request, username)
        if counted.limited is not None:
            self.limited = counted.limited
            raise ValidationError(counted.limited.message(), code=THROTTLED)
        cleaned: dict[str, Any] = super().clean()  # type: ignore[misc]
        counted.refund()
        return cleaned


class ThrottledAuthenticationForm(ThrottledLoginMixin, AuthenticationForm):
    pass


class ThrottledAdminAuthenticationForm(ThrottledLoginMixin, AdminAuthenticationForm):
    pass


class LoginView(auth_views.LoginView):
    """Django's login page; a refused attempt is a 429 that says when to try again."""

    authentication_form = ThrottledAuthenticationForm

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        limited = getattr(form, "limited", None)
        if limited is None or not form.has_error(NON_FIELD_ERRORS, THROTTLED):
            return super().form_invalid(form)
        context = self.get_context_data(form=form, throttled=limited.message())
        response = self.render_to_response(context, status=429)
        response["Retry-After"] = str(limited.retry_after)
        return response
