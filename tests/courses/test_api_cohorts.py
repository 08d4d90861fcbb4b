"""/api/v1/cohorts/ (+ sessions/, conflicts/): HR all, a trainer their own, others nothing."""

import datetime as dt

import pytest

from courses.models import Cohort
from participants.models import User
from tests import factories
from tests.courses.api_helpers import ApiAs, count_queries

pytestmark = pytest.mark.django_db

URL = "/api/v1/cohorts/"
UTC = dt.UTC


@pytest.fixture
def cohort(trainer_user: User) -> Cohort:
    cohort = factories.CohortFactory(code="kam-2026-02", time_zone="Asia/Shanghai")
    cohort.trainers.add(trainer_user)
    return cohort


@pytest.fixture
def enrolled_participant(cohort: Cohort) -> User:
    enrollment = factories.EnrollmentFactory(cohort=cohort, participant__with_user=True)
    return enrollment.participant.user


def _who(request: pytest.FixtureRequest, who: str) -> User | None:
    names = {
        "anonymous": None,
        "participant": "enrolled_participant",
        "trainer_own": "trainer_user",
        "trainer_other": "other_trainer",
        "hr": "hr_user",
    }
    name = names[who]
    return request.getfixturevalue(name) if name else None


# Reads: the permission matrix


@pytest.mark.parametrize(
    ("who", "list_count", "detail_status"),
    [
        ("anonymous", None, 401),
        ("participant", 0, 404),
        ("trainer_own", 1, 200),
        ("trainer_other", 0, 404),
        ("hr", 1, 200),
    ],
)
@pytest.mark.parametrize("suffix", ["", "sessions/", "conflicts/"])
def test_cohort_read_matrix(
    request: pytest.FixtureRequest,
    api_as: ApiAs,
    cohort: Cohort,
    who: str,
    list_count: int | None,
    detail_status: int,
    suffix: str,
) -> None:
    client = api_as(_who(request, who))

    listed = client.get(URL)
    detail = client.get(f"{URL}{cohort.pk}/{suffix}")

    if list_count is None:
        assert listed.status_code == 401
    else:
        assert listed.json()["count"] == list_count
    assert detail.status_code == detail_status


# Writes


def _payload(course_pk: int, **changes: object) -> dict[str, object]:
    return {
        "course": course_pk,
        "code": "kam-2027-01",
        "name": "2027 第一期",
        "starts_on": "2027-05-10",
        "ends_on": "2027-05-13",
        "time_zone": "Africa/Johannesburg",
        "capacity": 24,
        "status": "scheduled",
        "enrolment_opens_at": "2027-03-01T09:00:00+02:00",
        **changes,
    }


def test_cohort_create_by_hr(api_as: ApiAs, hr_user: User, trainer_user: User) -> None:
    course = factories.CourseFactory()

    response = api_as(hr_user).post(
        URL, _payload(course.pk, trainers=[trainer_user.pk]), format="json"
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["trainers"] == [trainer_user.pk]
    assert body["enrolment_opens_at"] == "2027-03-01T09:00:00+02:00"  # in the cohort's zone
    cohort = Cohort.objects.get(code="kam-2027-01")
    assert cohort.enrolment_opens_at == dt.datetime(2027, 3, 1, 7, 0, tzinfo=UTC)


def test_cohort_create_rejects_naive_datetime(api_as: ApiAs, hr_user: User) -> None:
    course = factories.CourseFactory()

    response = api_as(hr_user).post(
        URL, _payload(course.pk, enrolment_opens_at="2027-03-01T09:00:00"), format="json"
    )

    assert response.status_code == 400
    assert "offset" in response.json()["enrolment_opens_at"][0]
    assert not Cohort.objects.filter(code="kam-2027-01").exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ends_on": "2027-05-01"}, "ends_on"),  # before starts_on: a model constraint
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"capacity": -1}, "capacity"),
        ({"course": 999999}, "course"),
        ({"code": "has spaces"}, "code"),
    ],
)
def test_cohort_create_invalid_is_400_with_field_message(
    api_as: ApiAs, hr_user: User, changes: dict[str, object], field: str
) -> None:
    course = factories.CourseFactory()

    response = api_as(hr_user).post(URL, _payload(course.pk, **changes), format="json")

    assert response.status_code == 400
    body = response.json()
    assert field in body or field in str(body), body


def test_cohort_update_by_hr(api_as: ApiAs, hr_user: User, cohort: Cohort) -> None:
    response = api_as(hr_user).patch(
        f"{URL}{cohort.pk}/", {"capacity": 12, "status": "running"}, format="json"
    )

    assert response.status_code == 200, response.json()
    cohort.refresh_from_db()
    assert (cohort.capacity, cohort.status) == (12, "running")


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 401), ("participant", 404), ("trainer_other", 404), ("trainer_own", 403)],
)
def test_cohort_write_by_non_hr(
    request: pytest.FixtureRequest, api_as: ApiAs, cohort: Cohort, who: str, status: int
) -> None:
    client = api_as(_who(request, who))

    response = client.patch(f"{URL}{cohort.pk}/", {"capacity": 1}, format="json")
    created = client.post(URL, _payload(cohort.course_id), format="json")

    assert response.status_code == status
    assert created.status_code == (401 if who == "anonymous" else 403)
    cohort.refresh_from_db()
    assert cohort.capacity == 30


# Filters, pagination, sub-resources


def test_cohort_filter_by_course_and_status(api_as: ApiAs, hr_user: User) -> None:
    course = factories.CourseFactory()
    wanted = factories.CohortFactory(course=course, status="running")
    factories.CohortFactory(course=course, status="draft")
    factories.CohortFactory(status="running")

    response = api_as(hr_user).get(URL, {"course": course.pk, "status": "running"})

    assert [c["id"] for c in response.json()["results"]] == [wanted.pk]


@pytest.mark.parametrize("query", [{"status": "sleeping"}, {"course": "abc"}])
def test_cohort_filter_invalid_is_400(api_as: ApiAs, hr_user: User, query: dict[str, str]) -> None:
    response = api_as(hr_user).get(URL, query)

    assert response.status_code == 400
    assert set(response.json()) == set(query)


def test_cohort_sessions_lists_the_cohorts_sessions_in_its_zone(
    api_as: ApiAs, trainer_user: User, cohort: Cohort
) -> None:
    factories.SessionFactory(
        cohort=cohort, starts_at=dt.datetime(2027, 3, 1, 1, 0, tzinfo=UTC), title="开班"
    )
    factories.SessionFactory()  # another cohort's

    response = api_as(trainer_user).get(f"{URL}{cohort.pk}/sessions/")

    body = response.json()
    assert body["count"] == 1
    assert body["results"][0]["starts_at"] == "2027-03-01T09:00:00+08:00"
    assert body["results"][0]["effective_time_zone"] == "Asia/Shanghai"


def test_cohort_conflicts_name_the_clash(api_as: ApiAs, hr_user: User, cohort: Cohort) -> None:
    trainer = cohort.trainers.get()
    start = dt.datetime(2027, 3, 1, 1, 0, tzinfo=UTC)
    mine = factories.SessionFactory(cohort=cohort, title="Mine", starts_at=start)
    mine.trainers.add(trainer)
    elsewhere = factories.SessionFactory(
        title="Elsewhere", starts_at=start + dt.timedelta(hours=1), cohort__name="Other cohort"
    )
    elsewhere.trainers.add(trainer)

    response = api_as(hr_user).get(f"{URL}{cohort.pk}/conflicts/")

    assert response.status_code == 200
    [conflict] = response.json()["results"]
    assert conflict["kind"] == "trainer"
    assert conflict["session"]["id"] == mine.pk
    assert conflict["clashing_session"]["id"] == elsewhere.pk
    assert "Elsewhere" in conflict["message"]
    assert str(trainer) in conflict["message"]


SLOT = dt.datetime(2027, 3, 1, 1, 0, tzinfo=UTC)


def _grow(trainer: User, size: int) -> Cohort:
    # Every session at the same time with the same trainer and room: each clashes with all.
    room = factories.RoomFactory()
    last = None
    for _ in range(size):
        last = factories.CohortFactory()
        last.trainers.add(trainer)
        for _ in range(2):
            session = factories.SessionFactory(cohort=last, room=room, starts_at=SLOT)
            session.trainers.add(trainer)
    assert last is not None
    return last


@pytest.mark.parametrize("who", ["trainer_own", "hr"])
@pytest.mark.parametrize("suffix", ["", "sessions/", "conflicts/"])
def test_cohort_lists_query_count_is_constant(
    request: pytest.FixtureRequest, api_as: ApiAs, trainer_user: User, who: str, suffix: str
) -> None:
    user = _who(request, who)
    client = api_as(user)
    # One cohort whose sessions all clash with the others' (same trainer, same room).
    target = _grow(trainer_user, 2)
    url = f"{URL}{target.pk}/{suffix}" if suffix else URL
    small = count_queries(client, user, url)

    _grow(trainer_user, 6)
    for _ in range(4):
        session = factories.SessionFactory(cohort=target, starts_at=SLOT)
        session.trainers.add(trainer_user)

    assert count_queries(client, user, url) == small


def test_cohort_list_page_size_and_pages(api_as: ApiAs, hr_user: User) -> None:
    factories.CohortFactory.create_batch(3)
    client = api_as(hr_user)

    first = client.get(URL, {"page_size": 2}).json()
    second = client.get(first["next"]).json()

    assert first["count"] == 3
    assert len(first["results"]) == 2
    assert len(second["results"]) == 1
    assert second["next"] is None
    assert client.get(URL, {"page": 9}).status_code == 404
