"""Pages of the questionnaire: a rater's token link (no account) and the self-assessment.

Both use the same form and the same services. The rater pages work without JavaScript (radio
buttons, “Save draft”, “Review and submit” then a confirm step); questionnaire.js adds autosave.
Token pages are CSRF-exempt on purpose: the token in the URL is the only credential (a forged
request would need it), and their `Referrer-Policy: no-referrer` makes browsers send
`Origin: null`, which the CSRF check would refuse.
"""

import dataclasses
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from assessments.models import Invitation
from assessments.rater_access import (
    invitation_by_token,
    rate_limit_check,
    with_rater_headers,
)
from assessments.selectors.questionnaire import (
    Availability,
    invitation_availability,
    missing_items,
    questionnaire_for,
)
from assessments.services.responses import (
    parse_whole_number,
    response_decline,
    response_save_draft,
    response_submit,
)
from kamtraining.http import AuthenticatedHttpRequest

RATER_LAYOUT = "assessments/rater_base.html"
SITE_LAYOUT = "base.html"
LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}

# Page status per reason a questionnaire cannot be answered.
UNAVAILABLE_STATUS = {
    "unknown": 404,
    "rate_limited": 429,
    Availability.SUBMITTED.value: 410,
    Availability.DECLINED.value: 410,
    Availability.CLOSED.value: 410,
    Availability.NOT_OPEN.value: 403,
}


@dataclasses.dataclass(frozen=True)
class Flow:
    """Where one questionnaire lives: its pages, its API, its layout."""

    invitation: Invitation
    layout: str
    page_url: str
    api_url: str
    storage_key: str
    decline_url: str = ""
    thanks_url: str = ""
    uses_session: bool = False

    def context(self, **extra: Any) -> dict[str, Any]:
        return {"flow": self, "layout": self.layout, "invitation": self.invitation, **extra}


def _unavailable(request: HttpRequest, reason: str, *, layout: str = RATER_LAYOUT) -> HttpResponse:
    return render(
        request,
        "assessments/rater_unavailable.html",
        {"reason": reason, "layout": layout},
        status=UNAVAILABLE_STATUS[reason],
    )


def _rater_language(request: HttpRequest, invitation: Invitation | None) -> str | None:
    """The language asked for (?lang=), else remembered (cookie), else the rater's own."""
    asked = request.GET.get("lang", "")
    if asked in LANGUAGE_CODES:
        return asked
    remembered = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if remembered in LANGUAGE_CODES:
        return remembered
    if invitation is not None and invitation.rater_language in LANGUAGE_CODES:
        return invitation.rater_language
    return None


def _activate(request: HttpRequest, language: str | None) -> None:
    if language:
        translation.activate(language)
        request.LANGUAGE_CODE = language


TokenView = Callable[[HttpRequest, Flow], HttpResponse]


def token_page(view: TokenView) -> Callable[[HttpRequest, str], HttpResponse]:
    """Rate-limit, look the token up, pick the language, and mark every response private."""

    @csrf_exempt
    @wraps(view)
    def wrapper(request: HttpRequest, token: str) -> HttpResponse:
        response = _token_page(request, token, view)
        asked = request.GET.get("lang", "")
        if asked in LANGUAGE_CODES:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                asked,
                max_age=365 * 24 * 3600,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return with_rater_headers(response)

    return wrapper


def _token_page(request: HttpRequest, token: str, view: TokenView) -> HttpResponse:
    _activate(request, _rater_language(request, None))
    limited = rate_limit_check(request, token)
    if limited is not None:
        response = _unavailable(request, "rate_limited")
        response["Retry-After"] = str(limited.retry_after)
        return response
    invitation = invitation_by_token(token)
    if invitation is None:
        return _unavailable(request, "unknown")
    if invitation.group == Invitation.Group.SELF:
        # A self-assessment is answered logged in, on the participant's own page.
        return redirect("assessments:invitation-self", campaign_pk=invitation.campaign_id)
    _activate(request, _rater_language(request, invitation))
    flow = Flow(
        invitation=invitation,
        layout=RATER_LAYOUT,
        page_url=reverse("assessments:invitation-rate", args=[token]),
        api_url=reverse("api:rater-questionnaire", args=[token]),
        storage_key=f"kam-rating-{invitation.token_hash[:16] if invitation.token_hash else ''}",
        decline_url=reverse("assessments:invitation-rate-decline", args=[token]),
        thanks_url=reverse("assessments:invitation-rate-thanks", args=[token]),
    )
    return view(request, flow)


def _answers_from(post: QueryDict) -> tuple[dict[str, int | str | None], str]:
    """Read the form: `item-<id>` radios (a score or “na” for not observed) and the comment."""
    scores: dict[str, int | str | None] = {}
    for key in post:
        if not key.startswith("item-"):
            continue
        value = post.get(key) or ""
        item = key.removeprefix("item-")
        number = parse_whole_number(value)
        if value == "na":
            scores[item] = None
        elif number is not None:
            scores[item] = number
        else:
            scores[item] = value  # the service refuses it with a clear message
    return scores, post.get("comment", "")


def _error_messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [message for messages in error.message_dict.values() for message in messages]
    return list(error.messages)


def _form(
    request: HttpRequest,
    flow: Flow,
    *,
    errors: list[str] | None = None,
    missing: list[dict[str, Any]] | None = None,
    status: int = 200,
) -> HttpResponse:
    questionnaire = questionnaire_for(invitation=flow.invitation)
    return render(
        request,
        "assessments/rater_questionnaire.html",
        flow.context(
            q=questionnaire,
            errors=errors or [],
            missing=missing or [],
            missing_ids={item["id"] for item in missing or []},
            saved=request.GET.get("saved") == "1",
        ),
        status=status,
    )


def _questionnaire(request: HttpRequest, flow: Flow) -> HttpResponse:
    """Show the form (GET) or act on one of its buttons: save, review, submit."""
    availability = invitation_availability(invitation=flow.invitation)
    if availability != Availability.OPEN:
        return _closed(request, flow, availability)
    if request.method != "POST":
        return _form(request, flow)
    action = request.POST.get("action", "save")
    try:
        if action == "submit":
            response_submit(invitation=flow.invitation)
            return HttpResponseRedirect(flow.thanks_url or flow.page_url)
        scores, comment = _answers_from(request.POST)
        response_save_draft(invitation=flow.invitation, scores=scores, comment=comment)
    except ValidationError as error:
        flow.invitation.refresh_from_db()
        availability = invitation_availability(invitation=flow.invitation)
        if availability != Availability.OPEN:  # e.g. submitted meanwhile in another tab
            return _closed(request, flow, availability)
        return _form(request, flow, errors=_error_messages(error), status=400)
    if action != "review":
        return HttpResponseRedirect(f"{flow.page_url}?saved=1#actions")
    questionnaire = questionnaire_for(invitation=flow.invitation)
    missing = missing_items(questionnaire=questionnaire)
    if missing:
        return _form(request, flow, missing=missing)
    return render(
        request, "assessments/rater_confirm.html", flow.context(q=questionnaire, saved=True)
    )


def _closed(request: HttpRequest, flow: Flow, availability: Availability) -> HttpResponse:
    if flow.uses_session and availability == Availability.SUBMITTED:
        return _thanks_page(request, flow)
    return _unavailable(request, availability.value, layout=flow.layout)


def _thanks_page(request: HttpRequest, flow: Flow) -> HttpResponse:
    return render(request, "assessments/rater_thanks.html", flow.context())


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@token_page
def rate(request: HttpRequest, flow: Flow) -> HttpResponse:
    return _questionnaire(request, flow)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@token_page
def rate_decline(request: HttpRequest, flow: Flow) -> HttpResponse:
    """Decline to answer, with a reason, on a page of its own."""
    availability = invitation_availability(invitation=flow.invitation)
    if availability != Availability.OPEN:
        return _closed(request, flow, availability)
    errors: list[str] = []
    reason = ""
    if request.method == "POST":
        reason = request.POST.get("reason", "")
        try:
            response_decline(invitation=flow.invitation, reason=reason)
        except ValidationError as error:
            errors = _error_messages(error)
        else:
            return HttpResponseRedirect(flow.thanks_url)
    return render(
        request,
        "assessments/rater_decline.html",
        flow.context(q=questionnaire_for(invitation=flow.invitation), errors=errors, reason=reason),
        status=400 if errors else 200,
    )


@never_cache
@require_http_methods(["GET", "HEAD"])
@token_page
def rate_thanks(request: HttpRequest, flow: Flow) -> HttpResponse:
    """Thank a rater who has just submitted or declined; anyone else goes to the form."""
    if not flow.invitation.is_final:
        return HttpResponseRedirect(flow.page_url)
    return _thanks_page(request, flow)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def self_assessment(request: AuthenticatedHttpRequest, campaign_pk: int) -> HttpResponse:
    """The participant's own questionnaire; anyone but the subject gets a 404."""
    participant = getattr(request.user, "participant", None)
    if participant is None:
        raise Http404
    invitation = get_object_or_404(
        Invitation.objects.select_related("campaign", "campaign__cohort", "subject"),
        campaign_id=campaign_pk,
        subject=participant,
        group=Invitation.Group.SELF,
    )
    page_url = reverse("assessments:invitation-self", args=[campaign_pk])
    flow = Flow(
        invitation=invitation,
        layout=SITE_LAYOUT,
        page_url=page_url,
        api_url=reverse("api:self-questionnaire", args=[campaign_pk]),
        storage_key=f"kam-self-{invitation.pk}",
        thanks_url=page_url,
        uses_session=True,
    )
    response = _questionnaire(request, flow)
    response["Cache-Control"] = "no-store, max-age=0"
    return response
