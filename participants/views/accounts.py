"""Account pages: HR's people list and invitations, the set-password link, reset, profile."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses.models import Cohort
from kamtraining.http import AuthenticatedHttpRequest
from kamtraining.i18n import time_zone_names
from kamtraining.throttling import Budget, attempt, client_ip, login_key
from participants.access import may_manage_people
from participants.account_tokens import TokenState, invitation_tokens, user_is_activated
from participants.forms.accounts import AccountPasswordResetForm, ProfileForm, profile_initial
from participants.models import User
from participants.selectors import accounts as selectors
from participants.selectors.zone import participant_for_user
from participants.services.accounts import (
    account_invitation_resend,
    account_invitations_send,
    account_password_set,
    profile_update,
)
from participants.services.users import user_set_language

PAGE_SIZE = 200


def _require_people_manager(user: Any) -> None:
    # Only HR may know of these pages: anyone else is told there is nothing here.
    if not may_manage_people(user):
        raise Http404


def _reset_attempt(request: HttpRequest, email: str) -> Any:
    """One request for a link, counted per address asked for and per client."""
    window = int(getattr(settings, "PASSWORD_RESET_RATE_LIMIT_WINDOW_MINUTES", 60)) * 60
    per_account = Budget(
        "reset-account", int(getattr(settings, "PASSWORD_RESET_RATE_LIMIT_PER_ACCOUNT", 3)), window
    )
    per_ip = Budget(
        "reset-ip", int(getattr(settings, "PASSWORD_RESET_RATE_LIMIT_PER_IP", 10)), window
    )
    return attempt([(per_account, login_key(email)), (per_ip, client_ip(request))])


def _throttled(request: HttpRequest, template: str, context: dict[str, Any], limited: Any):
    context = {**context, "throttled": limited.message()}
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(limited.retry_after)
    return response


# --- Programme office -----------------------------------------------------------------------


@login_required
def people_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every participant with their account's state; filter by state or cohort; invite."""
    _require_people_manager(request.user)
    state = request.GET.get("state", "")
    state = state if state in selectors.STATES else ""
    cohort_id = request.GET.get("cohort", "")
    cohort = None
    if cohort_id.isdigit():
        cohort = Cohort.objects.filter(pk=int(cohort_id)).first()
    people = list(
        selectors.people_with_accounts(state=state, cohort_id=cohort.pk if cohort else None)[
            :PAGE_SIZE
        ]
    )
    context = {
        "people": people,
        "state": state,
        "cohort": cohort,
        "states": [
            ("", _("Everyone")),
            (selectors.NEVER_LOGGED_IN, _("Never logged in")),
            (selectors.NO_ACCOUNT, _("No account")),
            (selectors.ACTIVE, _("Has logged in")),
        ],
        "page_size": PAGE_SIZE,
        "nav_section": "hr",
    }
    return render(request, "participants/account_people.html", context)


@login_required
@require_POST
def people_invite(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Send set-password links to the chosen participants or a whole cohort; say who got none."""
    _require_people_manager(request.user)
    cohort = None
    if request.POST.get("cohort", "").isdigit():
        cohort = get_object_or_404(Cohort, pk=int(request.POST["cohort"]))
        people = selectors.participants_of_cohort(cohort_id=cohort.pk)
    else:
        ids = [int(v) for v in request.POST.getlist("participants") if v.isdigit()]
        people = selectors.participants_by_ids(ids=ids)
    if not people:
        messages.warning(request, _("Choose at least one participant to invite."))
        return redirect("participants:account-people")
    result = account_invitations_send(participants=people, by=request.user)
    context = {"result": result, "cohort": cohort, "nav_section": "hr"}
    return render(request, "participants/account_invite_result.html", context)


# --- The set-password link ------------------------------------------------------------------


def _user_from_uid(uidb64: str) -> User | None:
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
    return User.objects.filter(pk=pk, is_active=True).first()


def account_activate(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """Set a first password with an invitation link; a spent or old link offers a new one."""
    user = _user_from_uid(uidb64)
    state = invitation_tokens.state(user, token)
    if state is not TokenState.VALID or user is None:
        return _activate_refused(request, user, state)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account_password_set(user=user, password=form.cleaned_data["new_password1"])
        except ValidationError as error:
            form.add_error("new_password1", error)
        else:
            messages.success(request, _("Your password is set. Log in with your email address."))
            return redirect(f"{reverse_lazy('login')}?email={user.email}")
    return render(request, "participants/account_activate.html", {"form": form, "account": user})


def _activate_refused(request: HttpRequest, user: User | None, state: TokenState) -> HttpResponse:
    sent = False
    throttled = ""
    if request.method == "POST" and user is not None and not user_is_activated(user):
        counted = _reset_attempt(request, user.email)
        if counted.limited is not None:
            throttled = counted.limited.message()
        else:
            sent = account_invitation_resend(email=user.email)
    context = {
        "state": state.value,
        "can_resend": user is not None and not user_is_activated(user),
        "sent": sent,
        "throttled": throttled,
    }
    return render(
        request, "participants/account_link_refused.html", context, status=429 if throttled else 410
    )


# --- Password reset and change (Django's views, our templates) ---------------------------------


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a reset link by email; requests are limited per address asked for and client."""

    form_class = AccountPasswordResetForm
    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    def form_valid(self, form: Any) -> HttpResponse:
        counted = _reset_attempt(self.request, form.cleaned_data["email"])
        if counted.limited is not None:
            return _throttled(
                self.request, self.template_name, self.get_context_data(form=form), counted.limited
            )
        return super().form_valid(form)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("password_change_done")


# --- My profile -----------------------------------------------------------------------------


@login_required
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    """My time zone (IANA, searchable), language and display names."""
    participant = participant_for_user(user=request.user)
    initial = profile_initial(request.user, participant)
    form = ProfileForm(request.POST or None, participant=participant, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            profile_update(user=request.user, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            user_set_language(user=request.user, language=form.cleaned_data["language"])
            messages.success(request, _("Your profile is saved."))
            response = redirect("participants:account-profile")
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                form.cleaned_data["language"],
                max_age=365 * 24 * 3600,
                samesite="Lax",
                secure=request.is_secure(),
            )
            return response
    context = {
        "form": form,
        "participant": participant,
        "time_zones": sorted(time_zone_names()),
        "nav_section": "me",
    }
    return render(request, "participants/account_profile.html", context)
