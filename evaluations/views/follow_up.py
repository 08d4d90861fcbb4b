"""The follow-up on the job: a token link (no account) for the participant or their manager.

Like the rater link: rate-limited before the database is asked, never cached, never referred,
and CSRF-exempt because the token in the address is the only credential (and
`Referrer-Policy: no-referrer` makes browsers send `Origin: null`).
"""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from evaluations.forms import FollowUpForm
from evaluations.models import FollowUp
from evaluations.services.follow_ups import follow_up_answer
from evaluations.tokens import follow_up_by_token, rate_limit_check, with_follow_up_headers

LANGUAGES = ("en", "zh-hans")
TEMPLATE = "evaluations/follow_up.html"
UNAVAILABLE = "evaluations/follow_up_unavailable.html"


def _language(request: HttpRequest, follow_up: FollowUp | None) -> None:
    asked = request.GET.get("lang", "")
    language = asked if asked in LANGUAGES else (follow_up.language if follow_up else "")
    if language in LANGUAGES:
        translation.activate(language)
        request.LANGUAGE_CODE = language


@never_cache
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def follow_up(request: HttpRequest, token: str) -> HttpResponse:
    _language(request, None)
    limited = rate_limit_check(request, token)
    if limited is not None:
        response = render(request, UNAVAILABLE, {"reason": "rate_limited"}, status=429)
        response["Retry-After"] = str(limited.retry_after)
        return with_follow_up_headers(response)
    found = follow_up_by_token(token)
    if found is None:
        return with_follow_up_headers(
            render(request, UNAVAILABLE, {"reason": "unknown"}, status=404)
        )
    _language(request, found)
    manager = found.respondent == FollowUp.Respondent.MANAGER
    answered = found.status == FollowUp.Status.ANSWERED
    form = FollowUpForm(None if answered else request.POST or None, manager=manager)
    errors: list[str] = []
    if not answered and request.method == "POST" and form.is_valid():
        try:
            follow_up_answer(follow_up=found, **form.cleaned_data)
        except ValidationError as error:
            errors = list(error.messages)
        else:
            page = reverse("evaluations:follow-up", args=[token])
            return with_follow_up_headers(HttpResponseRedirect(page))
    goal = found.goal
    participant = goal.plan.participant
    context = {
        "follow_up": found,
        "goal": goal,
        "participant": participant,
        "manager": manager,
        "form": form,
        "errors": errors,
    }
    status = 400 if errors or form.errors else 200
    return with_follow_up_headers(render(request, TEMPLATE, context, status=status))
