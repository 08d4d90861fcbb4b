"""Calendars (RFC 5545): a cohort's sessions as an .ics attachment, and personal feeds.

One VEVENT per session with a stable UID (session-<pk>@kamtraining), SEQUENCE from the
session (bumped on every change of time), STATUS:CANCELLED for cancelled sessions, DTSTART and
DTEND in the session's own time zone (Session.zone_name) with its VTIMEZONE, the room or online
link as LOCATION.
"""

import datetime as dt
from collections.abc import Iterable

import icalendar
from django.utils import timezone

from courses.models import Session

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
    zone = session.zone
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


def _calendar(*, method: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    return calendar


def _stamp() -> dt.datetime:
    return timezone.now().astimezone(dt.UTC).replace(microsecond=0)


def _to_ical(calendar: icalendar.Calendar, sessions: Iterable[Session]) -> bytes:
    years: set[int] = set()
    for session in sessions:
        years.update((session.starts_at.year, session.ends_at.year))
    if years:
        # Each VTIMEZONE spans the years its sessions fall in (a year either side for the
        # zone's own offsets at the edges), not a fixed 1970–2038.
        calendar.add_missing_timezones(
            first_date=dt.date(min(years) - 1, 1, 1), last_date=dt.date(max(years) + 2, 1, 1)
        )
    _one_rdate_per_line(calendar)
    return calendar.to_ical()


def sessions_to_ical(*, sessions: Iterable[Session], calendar_name: str) -> bytes:
    """Render sessions (with cohort, course, module, room and venue loaded) as an iCalendar."""
    calendar = _calendar(method="PUBLISH")
    calendar.add("x-wr-calname", calendar_name)
    calendar.add("name", calendar_name)
    stamp = _stamp()
    listed = list(sessions)
    for session in listed:
        calendar.add_component(session_to_event(session, stamp=stamp))
    return _to_ical(calendar, listed)


def session_notice_ical(*, session: Session, organizer: str, attendee: str) -> bytes:
    """One session as an iTIP message (RFC 5546) that updates the event already in a calendar.

    The same UID as the feed and the earlier attachments, the session's (already raised)
    SEQUENCE, METHOD:REQUEST for a change, METHOD:CANCEL with STATUS:CANCELLED for a
    cancellation. Calendar apps apply a REQUEST or CANCEL only from an ORGANIZER to an
    ATTENDEE, so both are named: the programme office's address and the recipient's.
    """
    cancelled = session.status == Session.Status.CANCELLED
    calendar = _calendar(method="CANCEL" if cancelled else "REQUEST")
    event = session_to_event(session, stamp=_stamp())
    event.add("organizer", f"mailto:{organizer}", parameters={"CN": "KAM Training"})
    event.add(
        "attendee",
        f"mailto:{attendee}",
        parameters={"ROLE": "REQ-PARTICIPANT", "PARTSTAT": "ACCEPTED", "RSVP": "FALSE"},
    )
    calendar.add_component(event)
    return _to_ical(calendar, [session])
