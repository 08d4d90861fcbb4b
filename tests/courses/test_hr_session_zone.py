"""A session that meets somewhere else is typed and shown in its own zone on the HR pages."""

import datetime as dt
import zoneinfo

import pytest
from django.test import Client
from django.urls import reverse

from courses.models import Cohort
from participants.models import User
from tests import factories
from tests.courses.test_hr_scheduling_forms import create_session, form_errors

pytestmark = pytest.mark.django_db

DUBAI = zoneinfo.ZoneInfo("Asia/Dubai")


@pytest.fixture
def hr(client: Client, hr_user: User) -> Client:
    client.force_login(hr_user)
    return client


@pytest.fixture
def shenzhen_cohort() -> Cohort:
    return factories.CohortFactory(
        time_zone="Asia/Shanghai", starts_on=dt.date(2027, 6, 1), ends_on=dt.date(2027, 6, 4)
    )


def test_a_session_with_its_own_zone_is_typed_in_that_zone(
    hr: Client, shenzhen_cohort: Cohort
) -> None:
    response = create_session(hr, shenzhen_cohort, time_zone="Asia/Dubai")

    assert response.status_code == 302
    session = shenzhen_cohort.sessions.get()
    assert session.time_zone == "Asia/Dubai"
    assert session.starts_at == dt.datetime(2027, 6, 1, 9, tzinfo=DUBAI)
    page = hr.get(reverse("courses:session-edit", args=[session.pk])).content.decode()
    assert "Starts (Asia/Dubai)" in page
    assert 'value="2027-06-01T09:00"' in page or 'value="2027-06-01 09:00' in page


def test_a_room_in_another_venue_gives_its_venues_zone(hr: Client, shenzhen_cohort: Cohort) -> None:
    room = factories.RoomFactory(venue=factories.VenueFactory(time_zone="Asia/Dubai"))

    response = create_session(hr, shenzhen_cohort, room=room.pk)

    assert response.status_code == 302
    session = shenzhen_cohort.sessions.get()
    assert session.time_zone == ""  # inherited, not copied
    assert session.zone_name == "Asia/Dubai"
    assert session.starts_at == dt.datetime(2027, 6, 1, 9, tzinfo=DUBAI)


def test_without_a_zone_or_room_the_cohorts_zone_applies(
    hr: Client, shenzhen_cohort: Cohort
) -> None:
    create_session(hr, shenzhen_cohort)
    session = shenzhen_cohort.sessions.get()
    assert session.starts_at == dt.datetime(
        2027, 6, 1, 9, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai")
    )


def test_an_unknown_zone_is_a_form_error_and_saves_nothing(
    hr: Client, shenzhen_cohort: Cohort
) -> None:
    response = create_session(hr, shenzhen_cohort, time_zone="Mars/Olympus")

    assert response.status_code == 200
    assert "not a known time zone" in " ".join(form_errors(response)["time_zone"])
    assert not shenzhen_cohort.sessions.exists()


def test_the_unusual_hour_is_judged_in_the_sessions_zone(
    hr: Client, shenzhen_cohort: Cohort
) -> None:
    # 09:00 in Dubai is 13:00 in Shenzhen: usual either way; 05:00 Dubai is not.
    response = create_session(
        hr,
        shenzhen_cohort,
        time_zone="Asia/Dubai",
        starts_local="2027-06-01T05:00",
        ends_local="2027-06-01T08:00",
    )
    assert "05:00 Asia/Dubai" in " ".join(form_errors(response)["confirm_unusual_time"])
