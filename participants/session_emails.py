"""Session-change notices: a moved, re-roomed, relinked or cancelled session, emailed to everyone
whose calendar holds it (its cohort's confirmed participants and its trainers).

Each email is in the recipient's language, shows the old and the new time in the recipient's
zone (kamtraining.local_time.recipient_zone), labelled with it in the style of |zoned, and
carries the session as an iTIP .ics: the same UID as the feed, the session's raised SEQUENCE,
METHOD:REQUEST (or METHOD:CANCEL), so calendar apps update the event they already hold. What
changed is read from the SessionChange record, so the email says what the history says.

Templates: templates/participants/email/session_{changed,cancelled}_{subject,body}.txt.
"""

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from courses.models import Session, SessionChange
from courses.templatetags.dates import zoned_span
from kamtraining.local_time import recipient_zone
from participants.calendars import session_notice_ical
from participants.selectors.calendars import NoticeRecipient, session_notice_recipients


def labelled_times(starts_at: dt.datetime, ends_at: dt.datetime, zone: zoneinfo.ZoneInfo) -> str:
    """E.g. "2 Mar 2027, 09:00–12:00 (Asia/Dubai)": the one style of every zoned time."""
    return zoned_span(starts_at, ends_at, zone)


@dataclass(frozen=True)
class Shift:
    """One changed part of a session as a person reads it: before and after."""

    label: str
    before: str
    after: str


def _parse(value: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


def _times(change: SessionChange, index: int) -> tuple[dt.datetime, dt.datetime]:
    """The session's start and end before (index 0) or after (1) the change."""
    session = change.session
    values = change.changes
    start = _parse(values["starts_at"][index]) if "starts_at" in values else None
    end = _parse(values["ends_at"][index]) if "ends_at" in values else None
    return start or session.starts_at, end or session.ends_at


def _shifts(change: SessionChange, zone: zoneinfo.ZoneInfo) -> list[Shift]:
    values = change.changes
    shifts: list[Shift] = []
    if "starts_at" in values or "ends_at" in values:
        shifts.append(
            Shift(
                label=_("When"),
                before=labelled_times(*_times(change, 0), zone),
                after=labelled_times(*_times(change, 1), zone),
            )
        )
    if "room" in values:
        before, after = values["room"]
        shifts.append(Shift(label=_("Room"), before=before or "—", after=after or "—"))
    if "online_url" in values:
        before, after = values["online_url"]
        shifts.append(Shift(label=_("Online meeting"), before=before or "—", after=after or "—"))
    return shifts


def _organizer() -> str:
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or "noreply@kamtraining.local"


def _message(
    *, change: SessionChange, recipient: NoticeRecipient, kind: str, organizer: str
) -> EmailMessage:
    session = change.session
    zone = recipient_zone(recipient.time_zone, session.cohort.time_zone)
    with translation.override(recipient.language):
        local = session.zone
        starts_at, ends_at = _times(change, 1)
        context = {
            "name": recipient.name,
            "session": session,
            "cohort": session.cohort,
            "course": session.cohort.course,
            "when": labelled_times(starts_at, ends_at, zone),
            # Where the session meets, when that reads otherwise than the recipient's time.
            "local_when": labelled_times(starts_at, ends_at, local)
            if starts_at.astimezone(local).utcoffset() != starts_at.astimezone(zone).utcoffset()
            else "",
            "shifts": _shifts(change, zone),
            "where": str(session.room) if session.room is not None else "",
            "online_url": session.online_url,
            "reinstated": kind == "reinstated",
            "site_url": settings.SITE_URL,
        }
        template = "cancelled" if kind == "cancelled" else "changed"
        subject = " ".join(
            render_to_string(f"participants/email/session_{template}_subject.txt", context).split()
        )
        body = render_to_string(f"participants/email/session_{template}_body.txt", context)
    message = EmailMessage(subject=subject, body=body, to=[recipient.email])
    method = "CANCEL" if kind == "cancelled" else "REQUEST"
    message.attach(
        f"session-{session.pk}.ics",
        session_notice_ical(session=session, organizer=organizer, attendee=recipient.email),
        f"text/calendar; charset=utf-8; method={method}",
    )
    return message


def session_change_messages(*, change: SessionChange) -> list[EmailMessage]:
    """The notices of one recorded session change, one per recipient, ready to send."""
    change = SessionChange.objects.select_related(
        "session__cohort__course", "session__module", "session__room__venue"
    ).get(pk=change.pk)
    session = change.session
    if "status" in change.changes:
        kind = "cancelled" if session.status == Session.Status.CANCELLED else "reinstated"
    elif session.status == Session.Status.CANCELLED:
        return []  # a cancelled session's new time or room is nobody's news
    else:
        kind = "changed"
    organizer = _organizer()
    return [
        _message(change=change, recipient=recipient, kind=kind, organizer=organizer)
        for recipient in session_notice_recipients(session=session)
    ]


def session_change_email_send(*, change: SessionChange) -> int:
    """Send the notices of a session change over one connection; returns how many were sent."""
    messages = session_change_messages(change=change)
    if not messages:
        return 0
    return get_connection().send_messages(messages) or 0
