"""A moved, re-roomed, relinked or cancelled session emails everyone whose calendar holds it.

Each notice is in the recipient's language, shows the old and new time in their own zone, and
carries an .ics that updates the event: same UID, higher SEQUENCE, METHOD:REQUEST or CANCEL.
"""

import contextlib
import datetime as dt
import zoneinfo

import icalendar
import pytest
from django.core import mail
from django.db import transaction

from courses.models import Session, SessionChange
from courses.services.scheduling import session_cancel, session_update
from participants.models import Enrollment, User
from tests import factories

pytestmark = pytest.mark.django_db

DUBAI = zoneinfo.ZoneInfo("Asia/Dubai")
START = dt.datetime(2027, 3, 2, 9, tzinfo=DUBAI)  # 05:00 UTC


def _world(trainer: User) -> tuple[Session, dict[str, str]]:
    """A Dubai session with a trainer, an English and a Chinese participant, and bystanders."""
    cohort = factories.CohortFactory(name="KAM 2027-03", time_zone="Asia/Shanghai")
    session = factories.SessionFactory(
        cohort=cohort,
        title="关键客户",
        title_en="Key accounts",
        time_zone="Asia/Dubai",
        starts_at=START,
        ends_at=START + dt.timedelta(hours=3),
        room=factories.RoomFactory(name="Lotus", venue__name="Dubai Hub"),
    )
    session.trainers.add(trainer)
    english = factories.ParticipantFactory(with_user=True, language="en", time_zone="Europe/London")
    chinese = factories.ParticipantFactory(language="zh-hans", time_zone="Asia/Shanghai")
    waitlisted = factories.ParticipantFactory()
    for participant in (english, chinese):
        factories.EnrollmentFactory(participant=participant, cohort=cohort)
    factories.EnrollmentFactory(
        participant=waitlisted,
        cohort=cohort,
        status=Enrollment.Status.WAITLISTED,
        waitlisted_at=dt.datetime(2027, 1, 4, tzinfo=dt.UTC),
    )
    factories.EnrollmentFactory(cohort=cohort, status=Enrollment.Status.CANCELLED)
    return session, {"en": english.email, "zh": chinese.email, "trainer": trainer.email}


def _by_address() -> dict[str, mail.EmailMessage]:
    return {message.to[0]: message for message in mail.outbox}


def _calendar(message: mail.EmailMessage) -> icalendar.Calendar:
    (attachment,) = message.attachments
    filename, content, mimetype = attachment
    assert filename.endswith(".ics")
    assert mimetype.startswith("text/calendar")
    return icalendar.Calendar.from_ical(content.encode() if isinstance(content, str) else content)


def test_moving_a_session_sends_each_person_an_update_in_their_language_and_zone(
    hr_user: User, trainer_user: User, django_capture_on_commit_callbacks
) -> None:
    # given
    trainer_user.language = "en"
    trainer_user.time_zone = "America/New_York"
    trainer_user.save()
    session, to = _world(trainer_user)
    later = START + dt.timedelta(days=1, hours=1)  # Wednesday 10:00 Dubai, 06:00 UTC

    # when
    with django_capture_on_commit_callbacks(execute=True):
        session_update(
            session=session, starts_at=later, ends_at=later + dt.timedelta(hours=3), by=hr_user
        )

    # then: the trainer and the two confirmed participants, nobody else
    messages = _by_address()
    assert set(messages) == set(to.values())
    english = messages[to["en"]]
    assert english.subject == "Session changed: Key accounts (KAM 2027-03)"
    assert "Before: 2 Mar 2027, 05:00–08:00 (Europe/London)" in english.body
    assert "Now: 3 Mar 2027, 06:00–09:00 (Europe/London)" in english.body
    assert "10:00–13:00 (Asia/Dubai)" in english.body  # where it meets
    chinese = messages[to["zh"]].body
    assert "关键客户" in chinese
    assert "2027年3月2日 13:00–16:00（Asia/Shanghai）" in chinese
    assert "2027年3月3日 14:00–17:00（Asia/Shanghai）" in chinese
    assert "01:00–04:00 (America/New_York)" in messages[to["trainer"]].body
    # and each attachment moves the same event to the new time
    for message in messages.values():
        calendar = _calendar(message)
        assert str(calendar["METHOD"]) == "REQUEST"
        (event,) = calendar.walk("VEVENT")
        assert str(event["UID"]) == f"session-{session.pk}@kamtraining"
        assert int(event["SEQUENCE"]) == 1
        assert event["DTSTART"].dt.astimezone(dt.UTC) == later.astimezone(dt.UTC)
        assert event["DTSTART"].params["TZID"] == "Asia/Dubai"
        assert str(event["STATUS"]) == "CONFIRMED"
        assert str(event["ATTENDEE"]) == f"mailto:{message.to[0]}"
        assert str(event["ORGANIZER"]).startswith("mailto:")


def test_each_change_raises_the_sequence_the_attachment_carries(
    hr_user: User, trainer_user: User, django_capture_on_commit_callbacks
) -> None:
    session, to = _world(trainer_user)
    other_room = factories.RoomFactory(name="Rose", venue=session.room.venue)

    with django_capture_on_commit_callbacks(execute=True):
        session_update(session=session, room=other_room, by=hr_user)
    first = _calendar(_by_address()[to["en"]]).walk("VEVENT")[0]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        session_update(session=session, online_url="https://meet.example.com/kam", by=hr_user)
    second_message = _by_address()[to["en"]]
    second = _calendar(second_message).walk("VEVENT")[0]

    assert int(first["SEQUENCE"]) == 1
    assert int(second["SEQUENCE"]) == 2
    assert str(first["UID"]) == str(second["UID"])
    assert "Online meeting" in second_message.body
    assert "https://meet.example.com/kam" in second_message.body


def test_re_rooming_names_the_old_and_the_new_room(
    hr_user: User, trainer_user: User, django_capture_on_commit_callbacks
) -> None:
    session, to = _world(trainer_user)
    rose = factories.RoomFactory(name="Rose", venue=session.room.venue)

    with django_capture_on_commit_callbacks(execute=True):
        session_update(session=session, room=rose, by=hr_user)

    body = _by_address()[to["en"]].body
    assert "Before: Dubai Hub · Lotus" in body
    assert "Now: Dubai Hub · Rose" in body
    assert "Before: 2 Mar" not in body  # the time did not change


def test_cancelling_sends_a_cancel_with_the_same_uid_and_a_higher_sequence(
    hr_user: User, trainer_user: User, django_capture_on_commit_callbacks
) -> None:
    session, to = _world(trainer_user)

    with django_capture_on_commit_callbacks(execute=True):
        session_cancel(session=session, by=hr_user)

    messages = _by_address()
    assert set(messages) == set(to.values())
    assert messages[to["en"]].subject == "Session cancelled: Key accounts (KAM 2027-03)"
    assert messages[to["zh"]].subject == "场次取消：关键客户（KAM 2027-03）"
    for message in messages.values():
        calendar = _calendar(message)
        assert str(calendar["METHOD"]) == "CANCEL"
        (event,) = calendar.walk("VEVENT")
        assert str(event["UID"]) == f"session-{session.pk}@kamtraining"
        assert int(event["SEQUENCE"]) == 1
        assert str(event["STATUS"]) == "CANCELLED"
        assert event["DTSTART"].dt.astimezone(dt.UTC) == START.astimezone(dt.UTC)


def test_a_title_change_tells_nobody(
    hr_user: User, trainer_user: User, django_capture_on_commit_callbacks
) -> None:
    session, _to = _world(trainer_user)

    with django_capture_on_commit_callbacks(execute=True):
        session_update(session=session, title="Renamed", by=hr_user)

    assert mail.outbox == []


def test_nothing_is_sent_when_the_change_is_rolled_back(
    hr_user: User, trainer_user: User, django_capture_on_commit_callbacks
) -> None:
    session, _to = _world(trainer_user)

    with (
        django_capture_on_commit_callbacks(execute=True),
        contextlib.suppress(RuntimeError),
        transaction.atomic(),
    ):
        session_update(
            session=session,
            starts_at=START + dt.timedelta(hours=1),
            ends_at=START + dt.timedelta(hours=4),
            by=hr_user,
        )
        raise RuntimeError("the request failed after the move")

    assert mail.outbox == []
    assert not SessionChange.objects.filter(session=session).exists()


def test_the_notice_says_what_the_session_history_says(
    hr_user: User, trainer_user: User, django_capture_on_commit_callbacks
) -> None:
    # given two moves before the (queued) notices go out
    session, to = _world(trainer_user)
    first = START + dt.timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        session_update(
            session=session, starts_at=first, ends_at=first + dt.timedelta(hours=3), by=hr_user
        )
    second = START + dt.timedelta(hours=2)
    session_update(
        session=session, starts_at=second, ends_at=second + dt.timedelta(hours=3), by=hr_user
    )
    # when the first change's notice is sent
    for callback in callbacks:
        callback()
    # then its body reads the first change's before and after, the .ics the latest state
    change = SessionChange.objects.filter(session=session).order_by("at", "pk").first()
    assert change is not None
    english = _by_address()[to["en"]]
    assert "Before: 2 Mar 2027, 05:00–08:00 (Europe/London)" in english.body
    assert "Now: 2 Mar 2027, 06:00–09:00 (Europe/London)" in english.body
    event = _calendar(english).walk("VEVENT")[0]
    assert int(event["SEQUENCE"]) == 2
    assert event["DTSTART"].dt.astimezone(dt.UTC) == second.astimezone(dt.UTC)


def test_a_person_who_is_trainer_and_participant_gets_one_email(
    hr_user: User, django_capture_on_commit_callbacks
) -> None:
    trainer = factories.UserFactory()
    session, to = _world(trainer)
    factories.EnrollmentFactory(
        participant=factories.ParticipantFactory(email=trainer.email, user=trainer),
        cohort=session.cohort,
    )

    with django_capture_on_commit_callbacks(execute=True):
        session_cancel(session=session, by=hr_user)

    assert sorted(m.to[0] for m in mail.outbox) == sorted(to.values())
