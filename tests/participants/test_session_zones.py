"""One cohort, one module taught in Dubai and one in Shanghai: each session keeps its own local
time in the schedule, My Zone, the calendar feed and the emails."""

import datetime as dt
import zoneinfo

import icalendar
import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from courses.models import Cohort, Session
from courses.services.scheduling import session_update
from participants.models import HR_GROUP, TRAINERS_GROUP, Participant, User
from participants.services.enrollment import enrollment_create
from tests import factories
from tests.participants.feeds import feed_path

pytestmark = pytest.mark.django_db

DUBAI = zoneinfo.ZoneInfo("Asia/Dubai")
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
DUBAI_START = dt.datetime(2027, 3, 2, 9, tzinfo=DUBAI)  # 05:00 UTC
SHANGHAI_START = dt.datetime(2027, 3, 4, 9, tzinfo=SHANGHAI)  # 01:00 UTC


def _two_zone_cohort() -> tuple[Cohort, Session, Session]:
    """A cohort kept in London time, one session with its own zone, one in a Shenzhen room."""
    cohort = factories.CohortFactory(name="KAM 2027-03", time_zone="Europe/London")
    in_dubai = factories.SessionFactory(
        cohort=cohort,
        title_en="Module in Dubai",
        time_zone="Asia/Dubai",
        starts_at=DUBAI_START,
        ends_at=DUBAI_START + dt.timedelta(hours=3),
    )
    in_shenzhen = factories.SessionFactory(
        cohort=cohort,
        title_en="Module in Shenzhen",
        room=factories.RoomFactory(venue__name="Shenzhen Campus", venue__time_zone="Asia/Shanghai"),
        starts_at=SHANGHAI_START,
        ends_at=SHANGHAI_START + dt.timedelta(hours=3),
    )
    return cohort, in_dubai, in_shenzhen


def _participant(cohort: Cohort, *, time_zone: str = "America/New_York") -> Participant:
    participant = factories.ParticipantFactory(with_user=True, time_zone=time_zone, language="en")
    factories.EnrollmentFactory(participant=participant, cohort=cohort)
    return participant


# The rule


def test_a_session_zone_is_its_own_else_its_rooms_venue_else_its_cohorts() -> None:
    cohort = factories.CohortFactory(time_zone="Europe/London")
    dubai_venue = factories.RoomFactory(venue__time_zone="Asia/Dubai")
    inheriting_venue = factories.RoomFactory(venue__time_zone="")

    own = factories.SessionFactory(cohort=cohort, time_zone="Asia/Shanghai", room=dubai_venue)
    venue = factories.SessionFactory(cohort=cohort, room=dubai_venue)
    cohort_zone = factories.SessionFactory(cohort=cohort, room=inheriting_venue)
    online = factories.SessionFactory(cohort=cohort)

    assert own.zone_name == "Asia/Shanghai"
    assert venue.zone_name == "Asia/Dubai"
    assert cohort_zone.zone_name == "Europe/London"
    assert online.zone_name == "Europe/London"
    assert own.zone == SHANGHAI


# Schedule


def test_the_schedule_shows_each_session_at_its_own_local_time_labelled(client: Client) -> None:
    cohort, _dubai, _shenzhen = _two_zone_cohort()
    client.force_login(_participant(cohort).user)

    page = client.get(reverse("courses:cohort-schedule", kwargs={"pk": cohort.pk}))

    html = page.content.decode()
    dubai_part = html[html.index("Module in Dubai") - 1200 : html.index("Module in Dubai")]
    shenzhen_part = html[html.index("Module in Shenzhen") - 1200 : html.index("Module in Shenzhen")]
    assert ">09:00</time>–<time" in dubai_part
    assert "Asia/Dubai" in dubai_part
    assert ">09:00</time>–<time" in shenzhen_part
    assert "Asia/Shanghai" in shenzhen_part
    assert "(Asia/Dubai, Asia/Shanghai)" in html  # the zones named in the heading
    assert [day.date for day in page.context["days"]] == [dt.date(2027, 3, 2), dt.date(2027, 3, 4)]


def test_the_schedule_in_my_zone_keeps_the_local_time_beneath(client: Client) -> None:
    cohort, _dubai, _shenzhen = _two_zone_cohort()
    client.force_login(_participant(cohort).user)

    page = client.get(reverse("courses:cohort-schedule", kwargs={"pk": cohort.pk}) + "?tz=mine")

    html = page.content.decode()
    # 05:00 UTC is midnight in New York; 01:00 UTC is 20:00 the evening before
    assert ">00:00</time>–<time" in html
    assert ">20:00</time>–<time" in html
    assert "09:00</time>–12:00 Asia/Dubai" in html
    assert "09:00</time>–12:00 Asia/Shanghai" in html
    assert [day.date for day in page.context["days"]] == [dt.date(2027, 3, 2), dt.date(2027, 3, 3)]


def test_the_schedule_query_count_does_not_grow_with_zoned_rooms(
    client: Client, hr_user: User, django_assert_max_num_queries
) -> None:
    cohort, _dubai, _shenzhen = _two_zone_cohort()
    client.force_login(hr_user)
    url = reverse("courses:cohort-schedule", kwargs={"pk": cohort.pk})
    client.get(url)
    cache.clear()  # the schedule is cached: compare a page built afresh with another
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for day in range(6):
        start = SHANGHAI_START + dt.timedelta(days=day + 1)
        factories.SessionFactory(
            cohort=cohort,
            room=factories.RoomFactory(venue__time_zone="Asia/Dubai"),
            starts_at=start,
            ends_at=start + dt.timedelta(hours=2),
        )
    cache.clear()
    with django_assert_max_num_queries(len(few)):
        client.get(url)


# My Zone


def test_my_zone_shows_my_time_and_each_sessions_local_time() -> None:
    cohort, _dubai, _shenzhen = _two_zone_cohort()
    participant = _participant(cohort, time_zone="Europe/London")
    client = Client()
    client.force_login(participant.user)

    html = client.get(reverse("participants:me")).content.decode()

    assert "05:00–08:00" in html  # Dubai's 09:00 in London
    assert "09:00–12:00 Asia/Dubai" in html
    assert "01:00–04:00" in html  # Shanghai's 09:00 in London
    assert "09:00–12:00 Asia/Shanghai" in html


def test_my_schedule_api_gives_each_sessions_local_time() -> None:
    cohort, dubai, shenzhen = _two_zone_cohort()
    participant = _participant(cohort, time_zone="Europe/London")
    client = Client()
    client.force_login(participant.user)

    rows = {row["id"]: row for row in client.get("/api/v1/me/schedule/").json()["results"]}

    assert rows[dubai.pk]["local_starts_at"] == "2027-03-02T09:00:00+04:00"
    assert rows[dubai.pk]["local_time_zone"] == "Asia/Dubai"
    assert rows[shenzhen.pk]["local_starts_at"] == "2027-03-04T09:00:00+08:00"
    assert rows[shenzhen.pk]["starts_at"].startswith("2027-03-04T01:00:00")  # London, GMT
    assert rows[shenzhen.pk]["cohort_time_zone"] == "Europe/London"


# Feed and emails


def _events(body: bytes) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(body).walk("VEVENT")}


def test_the_feed_puts_each_session_in_its_own_zone(client: Client) -> None:
    cohort, dubai, shenzhen = _two_zone_cohort()
    user = _participant(cohort).user

    body = client.get(feed_path(user)).content

    events = _events(body)
    by_dubai = events[f"session-{dubai.pk}@kamtraining"]["DTSTART"]
    by_shenzhen = events[f"session-{shenzhen.pk}@kamtraining"]["DTSTART"]
    assert by_dubai.params["TZID"] == "Asia/Dubai"
    assert by_dubai.dt.hour == 9
    assert by_dubai.dt.astimezone(dt.UTC) == DUBAI_START
    assert by_shenzhen.params["TZID"] == "Asia/Shanghai"
    assert by_shenzhen.dt.astimezone(dt.UTC) == SHANGHAI_START
    zones = {str(z["TZID"]) for z in icalendar.Calendar.from_ical(body).walk("VTIMEZONE")}
    assert zones == {"Asia/Dubai", "Asia/Shanghai"}


def test_the_confirmation_email_attaches_each_session_in_its_own_zone(
    django_capture_on_commit_callbacks,
) -> None:
    cohort, dubai, shenzhen = _two_zone_cohort()
    hr = factories.UserFactory()
    hr.groups.add(Group.objects.get(name=HR_GROUP))
    participant = factories.ParticipantFactory(language="en")

    with django_capture_on_commit_callbacks(execute=True):
        enrollment_create(participant=participant, cohort=cohort, by=hr)

    (message,) = [m for m in mail.outbox if m.to == [participant.email]]
    events = _events(message.attachments[0][1].encode())
    assert events[f"session-{dubai.pk}@kamtraining"]["DTSTART"].params["TZID"] == "Asia/Dubai"
    assert events[f"session-{shenzhen.pk}@kamtraining"]["DTSTART"].params["TZID"] == (
        "Asia/Shanghai"
    )


def test_a_change_notice_shows_my_time_and_the_sessions_local_time(
    hr_user: User, django_capture_on_commit_callbacks
) -> None:
    cohort, dubai, _shenzhen = _two_zone_cohort()
    participant = _participant(cohort, time_zone="Asia/Shanghai")
    later = DUBAI_START + dt.timedelta(hours=1)

    with django_capture_on_commit_callbacks(execute=True):
        session_update(
            session=dubai, starts_at=later, ends_at=later + dt.timedelta(hours=3), by=hr_user
        )

    (message,) = [m for m in mail.outbox if m.to == [participant.email]]
    assert "Before: 2 Mar 2027, 13:00–16:00 (Asia/Shanghai)" in message.body
    assert "Now: 2 Mar 2027, 14:00–17:00 (Asia/Shanghai)" in message.body
    assert "Local time where it meets: 2 Mar 2027, 10:00–13:00 (Asia/Dubai)" in (message.body)
    event = _events(message.attachments[0][1].encode())[f"session-{dubai.pk}@kamtraining"]
    assert event["DTSTART"].params["TZID"] == "Asia/Dubai"
    assert event["DTSTART"].dt.astimezone(dt.UTC) == later


# Admin


def test_the_admin_lists_each_session_at_its_local_time(client: Client) -> None:
    cohort, _dubai, _shenzhen = _two_zone_cohort()
    admin = factories.UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)

    html = client.get(reverse("admin:courses_session_changelist")).content.decode()

    assert "2027-03-02 09:00–12:00 (Asia/Dubai)" in html
    assert "2027-03-04 09:00–12:00 (Asia/Shanghai)" in html


def test_the_trainer_home_shows_the_next_session_at_its_local_time(client: Client) -> None:
    cohort, dubai, _shenzhen = _two_zone_cohort()
    trainer = factories.UserFactory(time_zone="Europe/London")
    trainer.groups.add(Group.objects.get(name=TRAINERS_GROUP))
    cohort.trainers.add(trainer)
    Session.objects.filter(pk=dubai.pk).update(
        starts_at=dt.datetime(2099, 3, 2, 5, tzinfo=dt.UTC),
        ends_at=dt.datetime(2099, 3, 2, 8, tzinfo=dt.UTC),
    )
    Session.objects.exclude(pk=dubai.pk).update(status=Session.Status.CANCELLED)
    client.force_login(trainer)

    html = client.get(reverse("participants:trainer-home")).content.decode()

    assert "05:00" in html  # London
    assert "09:00 Asia/Dubai" in html
