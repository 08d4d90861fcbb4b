from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from participants.services.users import user_set_language


@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    """Switch the language; remembered on the user (if logged in) and in a cookie."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language not in dict(settings.LANGUAGES):
        return response
    if request.user.is_authenticated:
        user_set_language(user=request.user, language=language)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


@login_required
def me(request: HttpRequest) -> HttpResponse:
    return render(request, "participants/me_home.html", {})


@login_required
def hr_home(request: HttpRequest) -> HttpResponse:
    return render(request, "participants/hr_home.html", {})


@login_required
def trainer_home(request: HttpRequest) -> HttpResponse:
    return render(request, "participants/trainer_home.html", {})
