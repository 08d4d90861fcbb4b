"""Calendar pages: the subscription feed, making its link, a download."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kamtraining.http import AuthenticatedHttpRequest
from kamtraining.tokens import token_hash
from participants.calendars import sessions_to_ical
from participants.models import User
from participants.selectors.calendars import sessions_for_feed
from participants.services.users import user_reset_feed_token

# A token from `token_new` is 43 characters; anything far longer is not worth hashing.
FEED_TOKEN_MAX_LENGTH = 128


def _feed_response(user: User, *, filename_disposition: str) -> HttpResponse:
    name = _("KAM Training — %(name)s") % {"name": user.get_full_name()}
    body = sessions_to_ical(sessions=sessions_for_feed(user=user), calendar_name=name)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'{filename_disposition}; filename="kamtraining.ics"'
    return response


@require_GET
def calendar_feed(request: HttpRequest, feed_token: str) -> HttpResponse:
    """The subscription feed of whoever holds the token (no login: calendar apps have none)."""
    if len(feed_token) > FEED_TOKEN_MAX_LENGTH:
        raise Http404
    user = User.objects.filter(feed_token_hash=token_hash(feed_token), is_active=True).first()
    if user is None:
        raise Http404
    response = _feed_response(user, filename_disposition="inline")
    response["Cache-Control"] = "private, max-age=300"
    response["Referrer-Policy"] = "no-referrer"
    return response


@login_required
@require_GET
def calendar_download(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The same calendar, once, as a file: for a logged-in user, no link needed."""
    response = _feed_response(request.user, filename_disposition="attachment")
    response["Cache-Control"] = "private, no-store"
    return response


def calendar_links(request: HttpRequest, user: User) -> dict[str, object]:
    """What a page needs to offer the calendar: is a link set up, download, create or reset."""
    return {
        "is_set_up": user.feed_token_hash is not None,
        "download": reverse("participants:calendar-download"),
        "reset": reverse("participants:calendar-reset"),
        "next": request.get_full_path(),
    }


def _feed_links(request: HttpRequest, raw_token: str) -> dict[str, str]:
    path = reverse("participants:calendar-feed", kwargs={"feed_token": raw_token})
    https = request.build_absolute_uri(path)
    return {"https": https, "webcal": "webcal://" + https.split("://", 1)[1]}


@login_required
@require_POST
def calendar_reset(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Make the user a new feed link and show it, this once; any old one stops working at once.

    The page is the answer to the POST itself: only the link's hash is stored, so it cannot be
    shown again after a redirect.
    """
    had_link = request.user.feed_token_hash is not None
    raw_token = user_reset_feed_token(user=request.user)
    next_url = request.POST.get("next") or reverse("participants:me")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("participants:me")
    context = {"feed": _feed_links(request, raw_token), "was_reset": had_link, "next": next_url}
    response = render(request, "participants/calendar_link.html", context)
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response
