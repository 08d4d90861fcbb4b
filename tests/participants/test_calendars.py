import datetime as dt
import hashlib
import re
import sys

import icalendar
import pytest
from django.apps import apps as global_apps
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse

from courses.models import Session
from participants.calendars import sessions_to_ical
from participants.models import User, new_feed_token
from participants.selectors.calendars import sessions_for_feed
from tests import factories
from tests.participants.feeds import feed_path

pytestmark = pytest.mark.django_db


def _events(body: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(body)
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}


def test_sessions_to_ical_one_event_per_session_in_the_cohort_zone():
    # given a Shanghai cohort with a room session and a cancelled online one
    room = factories.RoomFactory(name="Lotus", venue__name="Shenzhen Campus")
    module = factories.ModuleFactory(title="关键客户管理", title_en="Key account management")
    cohort = factories.CohortFactory(time_zone="Asia/Shanghai")
    start = dt.datetime(2027, 3, 1, 1, 0, tzinfo=dt.UTC)
    in_room = factories.SessionFactory(
        cohort=cohort, room=room, module=module, starts_at=start, sequence=2
    )
    online = factories.SessionFactory(
        cohort=cohort,
        online_url="https://meet.example.com/kam",
        status=Session.Status.CANCELLED,
        sequence=3,
    )
    # when
    body = sessions_to_ical(sessions=[in_room, online], calendar_name="KAM 2027")
    # then
    calendar = icalendar.Calendar.from_ical(body)
    events = _events(body)
    assert set(events) == {f"session-{in_room.pk}@kamtraining", f"session-{online.pk}@kamtraining"}
    first = events[f"session-{in_room.pk}@kamtraining"]
    assert first["dtstart"].dt == dt.datetime(2027, 3, 1, 9, 0, tzinfo=first["dtstart"].dt.tzinfo)
    assert first["dtstart"].params["TZID"] == "Asia/Shanghai"
    assert first["dtstart"].dt.astimezone(dt.UTC) == start
    assert int(first["sequence"]) == 2
    assert "Lotus" in str(first["location"])
    assert "Key account management" in str(first["description"])
    assert str(first["status"]) == "CONFIRMED"
    second = events[f"session-{online.pk}@kamtraining"]
    assert str(second["status"]) == "CANCELLED"
    assert int(second["sequence"]) == 3
    assert str(second["location"]) == "https://meet.example.com/kam"
    zones = [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")]
    assert zones == ["Asia/Shanghai"]


def test_uid_is_stable_across_renders():
    session = factories.SessionFactory()

    first = _events(sessions_to_ical(sessions=[session], calendar_name="a"))
    second = _events(sessions_to_ical(sessions=[session], calendar_name="b"))

    assert set(first) == set(second)


def test_feed_of_a_participant_holds_sessions_of_confirmed_and_completed_enrolments(client):
    participant = factories.ParticipantFactory(with_user=True)
    confirmed = factories.SessionFactory()
    factories.EnrollmentFactory(participant=participant, cohort=confirmed.cohort)
    done = factories.SessionFactory()
    factories.EnrollmentFactory(participant=participant, cohort=done.cohort, status="completed")
    waiting = factories.SessionFactory()
    factories.EnrollmentFactory(
        participant=participant,
        cohort=waiting.cohort,
        status="waitlisted",
        waitlisted_at=dt.datetime(2027, 1, 1, tzinfo=dt.UTC),
    )
    factories.SessionFactory()  # someone else's

    url = feed_path(participant.user)
    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert set(_events(response.content)) == {
        f"session-{confirmed.pk}@kamtraining",
        f"session-{done.pk}@kamtraining",
    }


def test_feed_of_a_trainer_holds_the_sessions_they_teach(client, trainer_user):
    taught = factories.SessionFactory()
    taught.trainers.add(trainer_user)
    factories.SessionFactory()

    url = feed_path(trainer_user)
    response = client.get(url)

    assert set(_events(response.content)) == {f"session-{taught.pk}@kamtraining"}


def test_feed_has_no_duplicates_for_a_trainer_who_is_also_enrolled(trainer_user):
    participant = factories.ParticipantFactory(user=trainer_user)
    session = factories.SessionFactory()
    session.trainers.add(trainer_user)
    factories.EnrollmentFactory(participant=participant, cohort=session.cohort)

    assert list(sessions_for_feed(user=trainer_user)) == [session]


def test_feed_with_an_unknown_token_is_404(client):
    response = client.get(reverse("participants:calendar-feed", kwargs={"feed_token": "nope"}))

    assert response.status_code == 404


def test_feed_query_count_is_constant(client, trainer_user, django_assert_num_queries):
    def add_sessions(n):
        for _ in range(n):
            session = factories.SessionFactory(room=factories.RoomFactory())
            session.trainers.add(trainer_user)

    url = feed_path(trainer_user)
    add_sessions(2)
    with django_assert_num_queries(2):
        client.get(url)
    add_sessions(10)
    with django_assert_num_queries(2):
        assert len(_events(client.get(url).content)) == 12


def test_reset_gives_a_new_token_and_the_old_one_stops_working(client):
    participant = factories.ParticipantFactory(with_user=True)
    user = participant.user
    old = feed_path(user)
    client.force_login(user)

    response = client.post(reverse("participants:calendar-reset"))

    # then: the answer shows the new address, this once; the old one is gone
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    new = _shown_feed_path(response)
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    assert "the old one no longer works" in response.content.decode()


def _shown_feed_path(response) -> str:
    match = re.search(
        r'id="feed-url" type="text" readonly value="http://testserver([^"]+)"',
        response.content.decode(),
    )
    assert match, "the new address is shown"
    return match.group(1)


def test_making_the_first_link_shows_it_and_it_works(client):
    # given: a user who never made a calendar link
    user = factories.UserFactory()
    assert user.feed_token_hash is None
    client.force_login(user)

    # when
    response = client.post(reverse("participants:calendar-reset"), {"next": "/trainer/"})

    # then: shown once, with the way back; the database holds only its hash
    path = _shown_feed_path(response)
    token = path.removeprefix("/calendar/").removesuffix(".ics")
    user.refresh_from_db()
    assert user.feed_token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert f'href="webcal://testserver{path}"' in response.content.decode()
    assert 'href="/trainer/"' in response.content.decode()
    assert "not shown again" in response.content.decode()
    assert client.get(path).status_code == 200


def test_the_database_holds_no_raw_feed_token(client):
    user = factories.UserFactory()
    path = feed_path(user)
    token = path.removeprefix("/calendar/").removesuffix(".ics")

    stored = User.objects.filter(pk=user.pk).values().get()

    assert token not in {str(value) for value in stored.values()}
    # and the stored hash is not a link
    assert client.get(f"/calendar/{stored['feed_token_hash']}.ics").status_code == 404


def test_an_old_plain_feed_token_keeps_working_after_the_migration(client):
    # given: a user as migration 0001 left them, with the plain token in the column
    user = factories.UserFactory()
    plain = new_feed_token()
    User.objects.filter(pk=user.pk).update(feed_token_hash=plain)
    untouched = factories.UserFactory()

    # when: the data migration runs
    _hash_calendar_feed_tokens_migration().hash_plain_feed_tokens(global_apps, None)

    # then: the address in the calendar app still works, and the column holds only a hash
    response = client.get(reverse("participants:calendar-feed", kwargs={"feed_token": plain}))
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.feed_token_hash == hashlib.sha256(plain.encode()).hexdigest()
    untouched.refresh_from_db()
    assert untouched.feed_token_hash is None


def _hash_calendar_feed_tokens_migration():  # type: ignore[no-untyped-def]
    loader = MigrationLoader(None, ignore_no_migrations=True)
    (key,) = [
        key
        for key in loader.disk_migrations
        if key[0] == "participants" and key[1].endswith("_hash_calendar_feed_tokens")
    ]
    return sys.modules[type(loader.disk_migrations[key]).__module__]


def test_the_download_needs_a_login_and_no_link(client):
    user = factories.UserFactory()
    taught = factories.SessionFactory()
    taught.trainers.add(user)

    assert client.get(reverse("participants:calendar-download")).status_code == 302
    client.force_login(user)
    response = client.get(reverse("participants:calendar-download"))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert set(_events(response.content)) == {f"session-{taught.pk}@kamtraining"}
    user.refresh_from_db()
    assert user.feed_token_hash is None  # downloading makes no link


def test_reset_needs_a_login_and_a_post(client):
    assert client.post(reverse("participants:calendar-reset")).status_code == 302
    client.force_login(factories.UserFactory())
    assert client.get(reverse("participants:calendar-reset")).status_code == 405


def test_the_trainer_page_offers_the_calendar_too(client, trainer_user):
    cohort = factories.CohortFactory()
    cohort.trainers.add(trainer_user)
    client.force_login(trainer_user)

    html = client.get(reverse("participants:trainer-home")).content.decode()

    assert f'action="{reverse("participants:calendar-reset")}"' in html
    assert "Make my calendar address" in html
    assert 'name="next" value="/trainer/"' in html
