"""Calendars (RFC 5545): a cohort's sessions as an .ics attachment, and personal feeds.

One VEVENT per session with a stable UID (session-<pk>@kamtraining), SEQUENCE from the
session (bumped on every change of time), STATUS:CANCELLED for cancelled sessions, DTSTART and
DTEND in the cohort's time zone with its VTIMEZONE, the room or online link as LOCATION.
"""

import datetime as dt
import zoneinfo
from collections.abc import Iterable

import icalendar
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from courses.models import Session
from participants.models import Enrollment, User
from participants.services.users import user_reset_feed_token

UID_DOMAIN = "kamtraining"
PRODID = "-//KAM Training//kamtraining//EN"
FEED_STATUSES = (Enrollment.Status.CONFIRMED, Enrollment.Status.COMPLETED)


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
    for session in sessions:
        calendar.add_component(session_to_event(session, stamp=stamp))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _with_relations(qs: QuerySet[Session]) -> QuerySet[Session]:
    return qs.select_related("cohort__course", "cohort__venue", "module", "room__venue").order_by(
        "starts_at", "pk"
    )


def sessions_for_feed(*, user: User) -> QuerySet[Session]:
    """A person's sessions: of their confirmed or completed enrolments, and those they teach."""
    mine = Q(trainers=user) | Q(
        cohort__enrollments__participant__user=user,
        cohort__enrollments__status__in=FEED_STATUSES,
    )
    # A subquery of ids keeps the joins from duplicating rows.
    ids = Session.objects.filter(mine).values("pk")
    return _with_relations(Session.objects.filter(pk__in=ids))


def sessions_for_cohort(*, cohort_id: int) -> QuerySet[Session]:
    return _with_relations(Session.objects.filter(cohort_id=cohort_id))


@require_GET
def calendar_feed(request: HttpRequest, feed_token: str) -> HttpResponse:
    """The subscription feed of whoever holds the token (no login: calendar apps have none)."""
    user = User.objects.filter(feed_token=feed_token, is_active=True).first()
    if user is None:
        raise Http404
    name = _("KAM Training — %(name)s") % {"name": user.get_full_name()}
    body = sessions_to_ical(sessions=sessions_for_feed(user=user), calendar_name=name)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="kamtraining.ics"'
    response["Cache-Control"] = "private, max-age=300"
    response["Referrer-Policy"] = "no-referrer"
    return response


@login_required
@require_POST
def calendar_reset(request: HttpRequest) -> HttpResponse:
    """Give the user a new feed link; the old one stops working at once."""
    user_reset_feed_token(user=request.user)  # type: ignore[arg-type]
    messages.success(request, _("Your calendar link was reset. Subscribe again with the new link."))
    next_url = request.POST.get("next") or reverse("participants:me")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("participants:me")
    return HttpResponseRedirect(next_url)


def feed_url(user: User) -> str:
    """The absolute link of the user's feed (swap the scheme for webcal:// to subscribe)."""
    return settings.SITE_URL + reverse(
        "participants:calendar-feed", kwargs={"feed_token": user.feed_token}
    )
