"""GET /api/v1/me/ and /api/v1/me/schedule/: my record and my sessions in my time zone."""

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from courses.models import Session
from participants.models import Attendance
from tests import factories
from tests.participants.zone_data import cohort_world, day_at, waitlisted

pytestmark = pytest.mark.django_db
ME = "/api/v1/me/"
SCHEDULE = "/api/v1/me/schedule/"


def test_me_anonymous_is_refused(api_client: APIClient) -> None:
    assert api_client.get(ME).status_code == 401
    assert api_client.get(SCHEDULE).status_code == 401


def test_me_returns_the_user_profile_and_enrolments(api_as) -> None:  # type: ignore[no-untyped-def]
    # given a participant with a place in one cohort and second on another's waitlist
    world = cohort_world(people=1, past=0, upcoming=1)
    participant = world.participants[0]
    full = cohort_world(people=0, past=0, upcoming=1, capacity=0)
    waitlisted(full.cohort, waitlisted_at=day_at(-3, 0))
    waitlisted(full.cohort, participant=participant, waitlisted_at=day_at(-2, 0))
    # when
    body = api_as(participant.user).get(ME).json()
    # then
    assert body["email"] == participant.user.email
    assert body["time_zone"] == "Asia/Dubai"
    assert body["is_hr"] is False
    assert body["participant"]["employee_number"] == participant.employee_number
    assert body["participant"]["position"] == "kam"
    by_cohort = {e["cohort"]["code"]: e for e in body["enrollments"]}
    assert by_cohort[world.cohort.code]["status"] == "confirmed"
    assert by_cohort[world.cohort.code]["waitlist_position"] is None
    assert by_cohort[world.cohort.code]["course"]["code"] == world.cohort.course.code
    assert by_cohort[full.cohort.code]["status"] == "waitlisted"
    assert by_cohort[full.cohort.code]["waitlist_position"] == 2


def test_me_without_a_profile_has_a_null_participant(api_as, hr_user) -> None:  # type: ignore[no-untyped-def]
    body = api_as(hr_user).get(ME).json()
    assert body["participant"] is None
    assert body["enrollments"] == []
    assert body["is_hr"] is True
    schedule = api_as(hr_user).get(SCHEDULE).json()
    assert schedule == {"count": 0, "next": None, "previous": None, "results": []}


def test_schedule_gives_times_in_my_zone_and_the_cohorts(api_as) -> None:  # type: ignore[no-untyped-def]
    # given a Dubai participant in a Shanghai cohort, marked late at the past session
    world = cohort_world(people=1, past=1, upcoming=1, mark=Attendance.Status.LATE)
    Session.objects.filter(pk=world.upcoming[0].pk).update(
        online_url="https://meet.example.com/kam", room=None
    )
    # when
    body = api_as(world.participants[0].user).get(SCHEDULE).json()
    # then
    assert body["count"] == 2
    past, upcoming = body["results"]
    assert past["starts_at"].endswith("T05:00:00+04:00")
    assert past["ends_at"].endswith("T08:00:00+04:00")
    assert past["time_zone"] == "Asia/Dubai"
    assert past["cohort_starts_at"].endswith("T09:00:00+08:00")
    assert past["cohort_time_zone"] == "Asia/Shanghai"
    assert past["attendance"] == "late"
    assert past["location"] == str(world.past[0].room)
    assert past["module"]["number"] == 1
    assert past["module"]["dimension"] == "S"
    assert past["status"] == "scheduled"
    assert upcoming["attendance"] is None
    assert upcoming["online_url"] == "https://meet.example.com/kam"
    assert upcoming["location"] == ""
    assert upcoming["cohort"]["code"] == world.cohort.code


def test_schedule_keeps_cancelled_sessions_and_leaves_out_other_people(api_as) -> None:  # type: ignore[no-untyped-def]
    world = cohort_world(people=1, past=0, upcoming=2)
    cohort_world(people=1, past=0, upcoming=3)
    Session.objects.filter(pk=world.upcoming[1].pk).update(status=Session.Status.CANCELLED)
    body = api_as(world.participants[0].user).get(SCHEDULE).json()
    assert [r["id"] for r in body["results"]] == [s.pk for s in world.upcoming]
    assert body["results"][1]["status"] == "cancelled"


def test_schedule_is_paginated(api_as) -> None:  # type: ignore[no-untyped-def]
    world = cohort_world(people=1, past=0, upcoming=5)
    client = api_as(world.participants[0].user)
    body = client.get(SCHEDULE, {"page_size": 2}).json()
    assert body["count"] == 5
    assert len(body["results"]) == 2
    assert body["next"] is not None
    assert client.get(SCHEDULE, {"page": 99}).status_code == 404


@pytest.mark.parametrize("size", [1, 4])
def test_me_endpoints_query_counts_are_constant(django_assert_num_queries, size: int) -> None:  # type: ignore[no-untyped-def]
    participant = factories.ParticipantFactory(with_user=True)
    for _ in range(size):
        world = cohort_world(people=size, past=2 * size, upcoming=size)
        factories.EnrollmentFactory(participant=participant, cohort=world.cohort)
    client = APIClient()
    client.force_authenticate(participant.user)
    with django_assert_num_queries(2):
        assert client.get(ME).status_code == 200
    with django_assert_num_queries(3):
        assert client.get(SCHEDULE).status_code == 200


def test_me_endpoints_are_described_in_the_schema(tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--file", str(out))
    schema = out.read_text()
    assert "/api/v1/me/:" in schema
    assert "/api/v1/me/schedule/:" in schema
    assert "cohort_starts_at" in schema
