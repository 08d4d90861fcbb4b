"""Calendars (RFC 5545): a cohort's sessions as an .ics attachment, and personal feeds.

One VEVENT per session with a stable UID (session-<pk>@kamtraining), SEQUENCE from the
session (bumped on every change of time), STATUS:CANCELLED for cancelled sessions, DTSTART and
DTEND in the cohort's time zone with its VTIMEZONE, the room or online link as LOCATION.
"""

import datetime as dt
import zoneinfo
from collections.abc import Iterable

import icalendar
from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from courses.models import Session
from kamtraining.http import AuthenticatedHttpRequest
from kamtraining.tokens import token_hash
from participants.models import Enrollment, User
from participants.services.users import user_reset_feed_token

UID_DOMAIN = "kamtraining"
PRODID = "-//KAM Training//kamtraining//EN"


def _location(session: Session) -> str:
    if session.room is not None:
        room_venue = session.room.venue
        parts = [f"{room_venue.name} · {session.room.name}", room_venue.address, room_venue.city]
        return ", ".join(p for p in parts if p)
    venue = session.cohort.venue
    if venue is not None:
        return ", ".join(p for p in (venue.name, venue.address, venue.city) if p)
    return session.online_url


def _description(session: Session) -> str:
    lines = [f"{session.cohort.course} — {session.cohort}"]
    if session.module is not None:
        lines.append(str(session.module))
    if session.online_url:
        lines.append(session.online_url)
    return "\n".join(lines)


def session_to_event(session: Session, *, stamp: dt.datetime) -> icalendar.Event:
    zone = zoneinfo.ZoneInfo(session.cohort.time_zone)
    event = icalendar.Event()
    event.add("uid", f"session-{session.pk}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("sequence", session.sequence)
    event.add("summary", str(session))
    event.add("dtstart", session.starts_at.astimezone(zone))
    event.add("dtend", session.ends_at.astimezone(zone))
    event.add("last-modified", session.updated_at.astimezone(dt.UTC))
    event.add("status", "CANCELLED" if session.status == Session.Status.CANCELLED else "CONFIRMED")
    location = _location(session)
    if location:
        event.add("location", location)
    if session.online_url:
        event.add("url", session.online_url)
    event.add("description", _description(session))
    return event


def _one_rdate_per_line(calendar: icalendar.Calendar) -> None:
    """Write each transition of a VTIMEZONE as its own RDATE property.

    RFC 5545 allows both a comma-separated RDATE list and repeated RDATE lines, but some readers
    (vobject, through dateutil) keep only the first value of a list: they then miss every later
    DST change and read times an hour off. Repeated lines are read the same by every client.
    """
    for zone in calendar.walk("VTIMEZONE"):
        for observance in zone.subcomponents:
            rdates = observance.get("RDATE")
            if rdates is None:
                continue
            onsets = [
                d.dt
                for rdate in (rdates if isinstance(rdates, list) else [rdates])
                for d in rdate.dts
            ]
            del observance["RDATE"]
            for onset in onsets:
                observance.add("rdate", onset)


def sessions_to_ical(*, sessions: Iterable[Session], calendar_name: str) -> bytes:
    """Render sessions (with cohort, course, module, room and venue loaded) as an iCalendar."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", calendar_name)
    calendar.add("name", calendar_name)
    stamp = timezone.now().astimezone(dt.UTC).replace(microsecond=0)
    years: set[int] = set()
    for session in sessions:
        calendar.add_component(session_to_event(session, stamp=stamp))
        years.update((session.starts_at.year, session.ends_at.year))
    if years:
        # Each VTIMEZONE spans the years its sessions fall in (a year either side for the
        # zone's own offsets at the edges), not a fixed 1970–2038.
        calendar.add_missing_timezones(
            first_date=dt.date(min(years) - 1, 1, 1), last_date=dt.date(max(years) + 2, 1, 1)
        )
    _one_rdate_per_line(calendar)
    return calendar.to_ical()


def _with_relations(qs: QuerySet[Session]) -> QuerySet[Session]:
    return qs.select_related("cohort__course", "cohort__venue", "module", "room__venue").order_by(
        "starts_at", "pk"
    )


def sessions_for_feed(*, user: User) -> QuerySet[Session]:
    """A person's sessions: of their confirmed or completed enrolments, and those they teach."""
    mine = Q(trainers=user) | Q(
        cohort__enrollments__participant__user=user,
        cohort__enrollments__status__in=Enrollment.ATTENDING,
    )
    # A subquery of ids keeps the joins from duplicating rows.
    ids = Session.objects.filter(mine).values("pk")
    return _with_relations(Session.objects.filter(pk__in=ids))


def sessions_for_cohort(*, cohort_id: int) -> QuerySet[Session]:
    return _with_relations(Session.objects.filter(cohort_id=cohort_id))


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
