"""Every calendar we write reads as the same instants in two independent parsers.

icalendar and vobject (through dateutil) share no parsing code; a VTIMEZONE that only one of
them reads right would put a session an hour off in some people's calendars.
"""

import datetime as dt
import io
import zoneinfo

import icalendar
import pytest
import vobject
from dateutil import tz as dateutil_tz
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.urls import reverse

from courses.models import Cohort, Session
from courses.services.scheduling import session_cancel, session_update
from participants.calendars import sessions_to_ical
from participants.models import HR_GROUP, User
from participants.services.enrollment import enrollment_create
from tests import factories
from tests.participants.feeds import feed_path

pytestmark = pytest.mark.django_db

ZONES = ("Europe/London", "America/New_York", "Asia/Shanghai", "Asia/Dubai")
# Winter, summer, and the week London has left summer time while New York has not.
DAYS = (dt.date(2027, 1, 13), dt.date(2027, 7, 14), dt.date(2027, 11, 3))


def _cohort_with_sessions(zone_name: str) -> tuple[Cohort, list[Session]]:
    zone = zoneinfo.ZoneInfo(zone_name)
    cohort = factories.CohortFactory(time_zone=zone_name)
    sessions = []
    for day in DAYS:
        start = dt.datetime.combine(day, dt.time(9), tzinfo=zone)
        sessions.append(
            factories.SessionFactory(
                cohort=cohort, starts_at=start, ends_at=start + dt.timedelta(hours=3)
            )
        )
    return cohort, sessions


def _expected(sessions: list[Session]) -> dict[str, tuple[dt.datetime, dt.datetime]]:
    return {
        f"session-{s.pk}@kamtraining": (
            s.starts_at.astimezone(dt.UTC),
            s.ends_at.astimezone(dt.UTC),
        )
        for s in sessions
    }


def _read_with_icalendar(body: bytes) -> dict[str, tuple[dt.datetime, dt.datetime]]:
    return {
        str(event["UID"]): (
            event["DTSTART"].dt.astimezone(dt.UTC),
            event["DTEND"].dt.astimezone(dt.UTC),
        )
        for event in icalendar.Calendar.from_ical(body).walk("VEVENT")
    }


def _read_with_vobject(body: bytes) -> dict[str, tuple[dt.datetime, dt.datetime]]:
    calendar = vobject.readOne(body.decode("utf-8"))
    return {
        event.uid.value: (
            event.dtstart.value.astimezone(dt.UTC),
            event.dtend.value.astimezone(dt.UTC),
        )
        for event in calendar.vevent_list
    }


def _assert_both_parsers_read(body: bytes, sessions: list[Session]) -> None:
    expected = _expected(sessions)
    assert _read_with_icalendar(body) == expected
    assert _read_with_vobject(body) == expected


@pytest.mark.parametrize("zone_name", ZONES)
def test_an_ics_of_one_zone_reads_the_same_in_both_parsers(zone_name: str) -> None:
    _, sessions = _cohort_with_sessions(zone_name)
    body = sessions_to_ical(sessions=sessions, calendar_name="KAM")
    _assert_both_parsers_read(body, sessions)
    # the local times stay labelled with the cohort's zone, as calendars show them
    for event in icalendar.Calendar.from_ical(body).walk("VEVENT"):
        assert event["DTSTART"].params["TZID"] == zone_name


def test_the_feed_of_someone_in_four_zones_reads_the_same_in_both_parsers(
    client: Client,
) -> None:
    # given one person enrolled in a cohort in each zone
    participant = factories.ParticipantFactory(with_user=True)
    sessions: list[Session] = []
    for zone_name in ZONES:
        cohort, cohort_sessions = _cohort_with_sessions(zone_name)
        factories.EnrollmentFactory(participant=participant, cohort=cohort)
        sessions += cohort_sessions
    user = User.objects.get(pk=participant.user_id)
    # when their calendar app reads the feed, and they download it once
    feed = client.get(feed_path(user))
    client.force_login(user)
    download = client.get(reverse("participants:calendar-download"))
    # then
    for response in (feed, download):
        assert response.status_code == 200
        _assert_both_parsers_read(response.content, sessions)


@pytest.mark.parametrize("zone_name", ZONES)
def test_the_confirmation_email_attachment_reads_the_same_in_both_parsers(
    zone_name: str, django_capture_on_commit_callbacks
) -> None:
    hr = factories.UserFactory()
    hr.groups.add(Group.objects.get(name=HR_GROUP))
    cohort, sessions = _cohort_with_sessions(zone_name)
    participant = factories.ParticipantFactory(language="en")
    with django_capture_on_commit_callbacks(execute=True):
        enrollment_create(participant=participant, cohort=cohort, by=hr)
    (to_participant,) = [m for m in mail.outbox if m.to == [participant.email]]
    _, content, _ = to_participant.attachments[0]
    body = content.encode() if isinstance(content, str) else content
    _assert_both_parsers_read(body, sessions)


def test_the_zone_description_covers_a_session_past_2038() -> None:
    # A VTIMEZONE fixed to 1970–2038 would leave later sessions on standard time in every
    # client that goes by the VTIMEZONE. (vobject itself goes by pytz for a known zone name,
    # whose tables stop in 2037, so the description is read here with dateutil directly.)
    zone = zoneinfo.ZoneInfo("Europe/London")
    start = dt.datetime(2041, 7, 10, 9, tzinfo=zone)
    session = factories.SessionFactory(
        cohort=factories.CohortFactory(time_zone="Europe/London"),
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
    )
    body = sessions_to_ical(sessions=[session], calendar_name="KAM")
    (vtimezone,) = icalendar.Calendar.from_ical(body).walk("VTIMEZONE")
    described = dateutil_tz.tzical(io.StringIO(vtimezone.to_ical().decode())).get()
    assert dt.datetime(2041, 7, 10, 9, tzinfo=described).utcoffset() == dt.timedelta(hours=1)
    assert _read_with_icalendar(body)[f"session-{session.pk}@kamtraining"][0].hour == 8


def _one_cohort_in_four_zones() -> tuple[Cohort, list[Session]]:
    """One cohort whose sessions each keep their own zone, a winter and a summer one per zone."""
    cohort = factories.CohortFactory(time_zone="Asia/Shanghai")
    sessions = []
    for zone_name in ZONES:
        zone = zoneinfo.ZoneInfo(zone_name)
        for day in DAYS[:2]:
            start = dt.datetime.combine(day, dt.time(9), tzinfo=zone)
            sessions.append(
                factories.SessionFactory(
                    cohort=cohort,
                    time_zone=zone_name,
                    starts_at=start,
                    ends_at=start + dt.timedelta(hours=3),
                )
            )
    return cohort, sessions


def test_a_cohort_meeting_in_four_zones_reads_the_same_in_both_parsers(client: Client) -> None:
    # given one person in a cohort whose sessions meet in four zones, winter and summer
    cohort, sessions = _one_cohort_in_four_zones()
    participant = factories.ParticipantFactory(with_user=True)
    factories.EnrollmentFactory(participant=participant, cohort=cohort)
    user = User.objects.get(pk=participant.user_id)
    # when their calendar app reads the feed
    body = client.get(feed_path(user)).content
    # then both parsers read every session at its instant, each labelled with its own zone
    _assert_both_parsers_read(body, sessions)
    zones = {f"session-{s.pk}@kamtraining": s.time_zone for s in sessions}
    for event in icalendar.Calendar.from_ical(body).walk("VEVENT"):
        assert event["DTSTART"].params["TZID"] == zones[str(event["UID"])]


@pytest.mark.parametrize("zone_name", ZONES)
@pytest.mark.parametrize("day", DAYS[:2], ids=["winter", "summer"])
@pytest.mark.parametrize("cancel", [False, True], ids=["moved", "cancelled"])
def test_a_change_notice_attachment_reads_the_same_in_both_parsers(
    zone_name: str, day: dt.date, cancel: bool, hr_user: User, django_capture_on_commit_callbacks
) -> None:
    # given a session in the zone, moved an hour later (or cancelled)
    zone = zoneinfo.ZoneInfo(zone_name)
    start = dt.datetime.combine(day, dt.time(9), tzinfo=zone)
    session = factories.SessionFactory(
        cohort=factories.CohortFactory(time_zone=zone_name),
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
    )
    participant = factories.ParticipantFactory(language="en")
    factories.EnrollmentFactory(participant=participant, cohort=session.cohort)
    with django_capture_on_commit_callbacks(execute=True):
        if cancel:
            session_cancel(session=session, by=hr_user)
        else:
            later = start + dt.timedelta(hours=1)
            session_update(
                session=session, starts_at=later, ends_at=later + dt.timedelta(hours=3), by=hr_user
            )
    session.refresh_from_db()
    # when the attachment is read
    (message,) = mail.outbox
    _, content, _ = message.attachments[0]
    body = content.encode() if isinstance(content, str) else content
    # then both parsers agree on the instants, the UID, the sequence and the method
    _assert_both_parsers_read(body, [session])
    parsed = vobject.readOne(body.decode("utf-8"))
    assert parsed.method.value == ("CANCEL" if cancel else "REQUEST")
    assert int(parsed.vevent.sequence.value) == 1
    assert parsed.vevent.uid.value == f"session-{session.pk}@kamtraining"
