import datetime as dt

import icalendar
import pytest
from django.urls import reverse

from courses.models import Session
from participants.calendars import sessions_for_feed, sessions_to_ical
from tests import factories

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

    url = reverse("participants:calendar-feed", kwargs={"feed_token": participant.user.feed_token})
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

    url = reverse("participants:calendar-feed", kwargs={"feed_token": trainer_user.feed_token})
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


def test_feed_query_count_is_constant(client, trainer_user, django_assert_max_num_queries):
    def add_sessions(n):
        for _ in range(n):
            session = factories.SessionFactory(room=factories.RoomFactory())
            session.trainers.add(trainer_user)

    url = reverse("participants:calendar-feed", kwargs={"feed_token": trainer_user.feed_token})
    add_sessions(2)
    with django_assert_max_num_queries(3):
        client.get(url)
    add_sessions(10)
    with django_assert_max_num_queries(3):
        assert len(_events(client.get(url).content)) == 12


def test_reset_gives_a_new_token_and_the_old_one_stops_working(client):
    participant = factories.ParticipantFactory(with_user=True)
    user = participant.user
    old = user.feed_token
    client.force_login(user)

    response = client.post(reverse("participants:calendar-reset"))

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.feed_token != old
    gone = client.get(reverse("participants:calendar-feed", kwargs={"feed_token": old}))
    assert gone.status_code == 404
    new = client.get(reverse("participants:calendar-feed", kwargs={"feed_token": user.feed_token}))
    assert new.status_code == 200


def test_reset_needs_a_login_and_a_post(client):
    assert client.post(reverse("participants:calendar-reset")).status_code == 302
    client.force_login(factories.UserFactory())
    assert client.get(reverse("participants:calendar-reset")).status_code == 405
