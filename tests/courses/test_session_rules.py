"""Session rules the services keep, whichever door the change comes through."""

import datetime as dt

import icalendar
import pytest
from django.core.exceptions import ValidationError

from courses.services.scheduling import session_create, session_update
from participants.models import Enrollment
from tests import factories
from tests.participants.feeds import feed_path

pytestmark = pytest.mark.django_db
UTC = dt.UTC
START = dt.datetime(2027, 3, 2, 1, tzinfo=UTC)


def test_session_create_refuses_a_module_of_another_course(hr_user) -> None:
    cohort = factories.CohortFactory()

    with pytest.raises(ValidationError) as error:
        session_create(
            cohort=cohort,
            title="Role S",
            starts_at=START,
            ends_at=START + dt.timedelta(hours=2),
            module=factories.ModuleFactory(),
            by=hr_user,
        )

    assert "module" in error.value.message_dict
    assert cohort.sessions.count() == 0


def test_session_update_refuses_a_module_of_another_course(hr_user) -> None:
    session = factories.SessionFactory(module=None)

    with pytest.raises(ValidationError) as error:
        session_update(session=session, module=factories.ModuleFactory(), by=hr_user)

    assert "module" in error.value.message_dict
    session.refresh_from_db()
    assert session.module is None


def test_session_patch_with_a_module_of_another_course_is_400(api_as, hr_user) -> None:
    session = factories.SessionFactory(module=None)

    response = api_as(hr_user).patch(
        f"/api/v1/sessions/{session.pk}/", {"module": factories.ModuleFactory().pk}, format="json"
    )

    assert response.status_code == 400
    assert "module" in response.json()


def test_changing_the_online_link_bumps_the_calendar_sequence(hr_user, client) -> None:
    # given a participant subscribed to a cohort with one online session
    session = factories.SessionFactory(room=None, online_url="https://meet.example.com/old")
    participant = factories.ParticipantFactory(with_user=True)
    factories.EnrollmentFactory(
        participant=participant, cohort=session.cohort, status=Enrollment.Status.CONFIRMED
    )
    path = feed_path(participant.user)

    def sequence() -> int:
        calendar = icalendar.Calendar.from_ical(client.get(path).content)
        (event,) = calendar.walk("VEVENT")
        return int(event["sequence"])

    before = sequence()

    # when the meeting moves to another link
    session_update(session=session, online_url="https://meet.example.com/new", by=hr_user)

    # then calendars see a newer version of the event
    assert sequence() == before + 1
