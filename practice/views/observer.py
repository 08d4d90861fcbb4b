"""The observer's page: a token link, no account; rate-limited, never cached or referred.

CSRF-exempt like the rater pages: the token in the URL is the only credential, and
`Referrer-Policy: no-referrer` makes browsers send `Origin: null`.
"""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from practice import forms
from practice.api.observer import observation_data
from practice.services.observers import observation_submit
from practice.tokens import observer_by_token, rate_limit_check, with_observer_headers

LANGUAGES = ("en", "zh-hans")


@csrf_exempt
@require_http_methods(["GET", "POST"])
def observe(request: HttpRequest, token: str) -> HttpResponse:
    limited = rate_limit_check(request, token)
    if limited is not None:
        response = render(
            request, "practice/observe_unavailable.html", {"message": limited.message()}, status=429
        )
        response["Retry-After"] = str(limited.retry_after)
        return with_observer_headers(response)
    observer = observer_by_token(token)
    if observer is None:
        return with_observer_headers(
            render(request, "practice/observe_unavailable.html", {}, status=404)
        )
    language = request.GET.get("lang", "") or observer.language
    if language in LANGUAGES:
        translation.activate(language)
        request.LANGUAGE_CODE = language
    errors: list[str] = []
    form = forms.ObservationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        scores: dict[int, int | None] = {}
        for key, raw in request.POST.items():
            value = str(raw)
            if key.startswith("item-") and key[5:].isdigit() and len(key) < 24:
                text = value.strip()
                if text and not (text.isdigit() and len(text) < 4):
                    errors.append("?")
                scores[int(key[5:])] = (
                    int(text) if text and text.isdigit() and len(text) < 4 else None
                )
        if form.is_valid() and not errors:
            try:
                observer = observation_submit(
                    observer=observer, scores=scores, observation=form.cleaned_data["observation"]
                )
            except ValidationError as error:
                errors = [str(m) for m in error.messages]
        elif not errors:
            errors = [str(e) for errs in form.errors.values() for e in errs]
        status = 400 if errors else 200
    data = observation_data(observer)
    scale = range(data["scale"]["min"], data["scale"]["max"] + 1)
    response = render(
        request,
        "practice/observe.html",
        {"data": data, "observer": observer, "form": form, "errors": errors, "scale": scale},
        status=status,
    )
    return with_observer_headers(response)
