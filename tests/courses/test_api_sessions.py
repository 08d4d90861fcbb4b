"""/api/v1/sessions/: scoped like cohorts; HR schedules, moves and cancels through the services."""

import datetime as dt

import pytest

from courses.models import Cohort, Room, Session
from participants.models import User
from tests import factories
from tests.courses.api_helpers import ApiAs, count_queries

pytestmark = pytest.mark.django_db

URL = "/api/v1/sessions/"
UTC = dt.UTC
NINE_SHANGHAI = "2027-03-02T09:00:00+08:00"  # 01:00 UTC


@pytest.fixture
def cohort(trainer_user: User) -> Cohort:
    cohort = factories.CohortFactory(name="2026 第二期", time_zone="Asia/Shanghai")
    cohort.trainers.add(trainer_user)
    return cohort


@pytest.fixture
def room() -> Room:
    return factories.RoomFactory(name="Lotus", venue__name="Shenzhen Campus")


@pytest.fixture
def session(cohort: Cohort, trainer_user: User, room: Room) -> Session:
    session = factories.SessionFactory(
        cohort=cohort,
        title="Opening",
        room=room,
        starts_at=dt.datetime(2027, 3, 1, 1, 0, tzinfo=UTC),
        ends_at=dt.datetime(2027, 3, 1, 4, 0, tzinfo=UTC),
    )
    session.trainers.add(trainer_user)
    return session


@pytest.fixture
def participant_user(cohort: Cohort) -> User:
    return factories.EnrollmentFactory(cohort=cohort, participant__with_user=True).participant.user


def _who(request: pytest.FixtureRequest, who: str) -> User | None:
    names = {
        "anonymous": None,
        "participant": "participant_user",
        "trainer_own": "trainer_user",
        "trainer_other": "other_trainer",
        "hr": "hr_user",
    }
    name = names[who]
    return request.getfixturevalue(name) if name else None


def _new(of: Cohort, **changes: object) -> dict[str, object]:
    return {
        "cohort": of.pk,
        "title": "Role awareness",
        "starts_at": NINE_SHANGHAI,
        "ends_at": "2027-03-02T12:00:00+08:00",
        **changes,
    }


# Reads


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
def test_session_read_matrix(
    request: pytest.FixtureRequest,
    api_as: ApiAs,
    session: Session,
    who: str,
    list_count: int | None,
    detail_status: int,
) -> None:
    client = api_as(_who(request, who))

    listed = client.get(URL)
    detail = client.get(f"{URL}{session.pk}/")

    if list_count is None:
        assert listed.status_code == 401
    else:
        assert listed.json()["count"] == list_count
    assert detail.status_code == detail_status


def test_session_times_in_the_cohorts_zone_with_offset(
    api_as: ApiAs, trainer_user: User, session: Session
) -> None:
    body = api_as(trainer_user).get(f"{URL}{session.pk}/").json()

    assert body["starts_at"] == "2027-03-01T09:00:00+08:00"
    assert body["ends_at"] == "2027-03-01T12:00:00+08:00"
    assert body["time_zone"] == ""  # its own: none, so the cohort's applies
    assert body["effective_time_zone"] == "Asia/Shanghai"


# Writes


def test_session_create_by_hr(
    api_as: ApiAs, hr_user: User, cohort: Cohort, trainer_user: User, room: Room
) -> None:
    module = factories.ModuleFactory(course=cohort.course)

    response = api_as(hr_user).post(
        URL,
        _new(cohort, trainers=[trainer_user.pk], room=room.pk, module=module.pk),
        format="json",
    )

    assert response.status_code == 201, response.json()
    created = Session.objects.get(pk=response.json()["id"])
    assert created.starts_at == dt.datetime(2027, 3, 2, 1, 0, tzinfo=UTC)
    assert list(created.trainers.all()) == [trainer_user]
    assert response.json()["starts_at"] == NINE_SHANGHAI


def test_session_create_naive_time_is_400(api_as: ApiAs, hr_user: User, cohort: Cohort) -> None:
    response = api_as(hr_user).post(
        URL, _new(cohort, starts_at="2027-03-02T09:00:00"), format="json"
    )

    assert response.status_code == 400
    assert "offset" in response.json()["starts_at"][0]
    assert not cohort.sessions.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ends_at": "2027-03-02T08:00:00+08:00"}, "ends_at"),
        ({"starts_at": "tomorrow"}, "starts_at"),
        ({"title": ""}, "title"),
        ({"cohort": 987654}, "cohort"),
        ({"trainers": ["x"]}, "trainers"),
        ({"online_url": "not a url"}, "online_url"),
    ],
)
def test_session_create_invalid_is_400_with_field_message(
    api_as: ApiAs, hr_user: User, cohort: Cohort, changes: dict[str, object], field: str
) -> None:
    response = api_as(hr_user).post(URL, _new(cohort, **changes), format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert not cohort.sessions.exists()


def test_session_create_in_its_own_zone(api_as: ApiAs, hr_user: User, cohort: Cohort) -> None:
    response = api_as(hr_user).post(
        URL,
        _new(
            cohort,
            time_zone="Asia/Dubai",
            starts_at="2027-03-02T05:00:00Z",
            ends_at="2027-03-02T08:00:00Z",
        ),
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["time_zone"] == "Asia/Dubai"
    assert body["effective_time_zone"] == "Asia/Dubai"
    assert body["starts_at"] == "2027-03-02T09:00:00+04:00"  # shown at its local time
    assert Session.objects.get(pk=body["id"]).time_zone == "Asia/Dubai"


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "GMT+8", "asia/dubai", "x" * 65])
def test_session_unknown_time_zone_is_400_saying_so(
    api_as: ApiAs, hr_user: User, cohort: Cohort, zone: str
) -> None:
    response = api_as(hr_user).post(URL, _new(cohort, time_zone=zone), format="json")

    assert response.status_code == 400
    messages = response.json()["time_zone"]
    assert any("is not a known time zone" in m or "characters" in m for m in messages)
    assert not cohort.sessions.exists()


def test_session_time_zone_change_and_back_to_inherited(
    api_as: ApiAs, hr_user: User, session: Session
) -> None:
    client = api_as(hr_user)

    own = client.patch(f"{URL}{session.pk}/", {"time_zone": "Asia/Dubai"}, format="json")
    bad = client.patch(f"{URL}{session.pk}/", {"time_zone": "Nowhere/Land"}, format="json")
    inherited = client.patch(f"{URL}{session.pk}/", {"time_zone": ""}, format="json")

    assert own.status_code == 200, own.json()
    assert own.json()["starts_at"] == "2027-03-01T05:00:00+04:00"
    assert own.json()["sequence"] == 0  # the same instant: calendars have nothing to update
    assert bad.status_code == 400
    assert "“Nowhere/Land” is not a known time zone" in bad.json()["time_zone"][0]
    assert inherited.status_code == 200
    assert inherited.json()["time_zone"] == ""
    assert inherited.json()["effective_time_zone"] == "Asia/Shanghai"


def test_session_module_of_another_course_is_400(
    api_as: ApiAs, hr_user: User, cohort: Cohort
) -> None:
    foreign = factories.ModuleFactory()

    response = api_as(hr_user).post(URL, _new(cohort, module=foreign.pk), format="json")

    assert response.status_code == 400
    assert "module" in response.json()


@pytest.mark.parametrize("clash", ["trainer", "room"])
def test_session_clash_is_400_naming_the_clash(
    api_as: ApiAs,
    hr_user: User,
    session: Session,
    other_trainer: User,
    trainer_user: User,
    room: Room,
    clash: str,
) -> None:
    # given a session of another cohort that overlaps "Opening" by one hour
    booking = {"trainers": [trainer_user.pk]} if clash == "trainer" else {"room": room.pk}
    payload = _new(
        factories.CohortFactory(),
        starts_at="2027-03-01T11:00:00+08:00",
        ends_at="2027-03-01T13:00:00+08:00",
        **booking,
    )

    # when HR schedules it
    response = api_as(hr_user).post(URL, payload, format="json")

    # then it is refused with a message naming the session, cohort and who or what clashes
    assert response.status_code == 400
    [message] = response.json()["starts_at"]
    assert "Opening" in message
    assert "2026 第二期" in message
    assert (str(trainer_user) if clash == "trainer" else "Lotus") in message
    assert Session.objects.count() == 1


def test_session_touching_ranges_do_not_clash(
    api_as: ApiAs, hr_user: User, session: Session, trainer_user: User
) -> None:
    payload = _new(
        session.cohort,
        starts_at="2027-03-01T12:00:00+08:00",  # "Opening" ends at 12:00
        ends_at="2027-03-01T14:00:00+08:00",
        trainers=[trainer_user.pk],
    )

    response = api_as(hr_user).post(URL, payload, format="json")

    assert response.status_code == 201, response.json()


def test_session_clash_override_is_recorded(
    api_as: ApiAs, hr_user: User, session: Session, trainer_user: User
) -> None:
    payload = _new(
        session.cohort,
        starts_at="2027-03-01T10:00:00+08:00",
        trainers=[trainer_user.pk],
        allow_conflict=True,
        conflict_note="Co-teaching the opening with the guest speaker.",
    )

    response = api_as(hr_user).post(URL, payload, format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["allow_conflict"] is True
    assert body["conflict_allowed_by"] == hr_user.pk
    assert body["conflict_allowed_at"] is not None
    created = Session.objects.get(pk=body["id"])
    assert created.conflict_allowed_by == hr_user
    assert created.conflict_note.startswith("Co-teaching")


def test_session_clash_override_needs_a_note(
    api_as: ApiAs, hr_user: User, session: Session, trainer_user: User
) -> None:
    payload = _new(
        session.cohort,
        starts_at="2027-03-01T10:00:00+08:00",
        trainers=[trainer_user.pk],
        allow_conflict=True,
    )

    response = api_as(hr_user).post(URL, payload, format="json")

    assert response.status_code == 400
    assert "conflict_note" in response.json()


def test_session_move_bumps_sequence_and_checks_clashes(
    api_as: ApiAs, hr_user: User, session: Session, trainer_user: User
) -> None:
    other = factories.SessionFactory(
        starts_at=dt.datetime(2027, 3, 5, 1, 0, tzinfo=UTC), title="Elsewhere"
    )
    other.trainers.add(trainer_user)
    client = api_as(hr_user)

    moved = client.patch(
        f"{URL}{session.pk}/",
        {"starts_at": "2027-03-01T10:00:00+08:00", "ends_at": "2027-03-01T12:00:00+08:00"},
        format="json",
    )
    clashing = client.patch(
        f"{URL}{session.pk}/",
        {"starts_at": "2027-03-05T09:30:00+08:00", "ends_at": "2027-03-05T10:30:00+08:00"},
        format="json",
    )

    assert moved.status_code == 200, moved.json()
    assert moved.json()["sequence"] == 1
    assert clashing.status_code == 400
    assert "Elsewhere" in clashing.json()["starts_at"][0]
    session.refresh_from_db()
    assert session.starts_at == dt.datetime(2027, 3, 1, 2, 0, tzinfo=UTC)


def test_session_cancel_bumps_sequence(api_as: ApiAs, hr_user: User, session: Session) -> None:
    client = api_as(hr_user)

    response = client.post(f"{URL}{session.pk}/cancel/")
    again = client.post(f"{URL}{session.pk}/cancel/")

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["sequence"]) == ("cancelled", 1)
    assert again.status_code == 400
    assert "already cancelled" in again.json()["detail"]


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 401), ("participant", 404), ("trainer_other", 404), ("trainer_own", 403)],
)
def test_session_write_by_non_hr(
    request: pytest.FixtureRequest, api_as: ApiAs, session: Session, who: str, status: int
) -> None:
    client = api_as(_who(request, who))

    cancel = client.post(f"{URL}{session.pk}/cancel/")
    patch = client.patch(f"{URL}{session.pk}/", {"title": "x"}, format="json")
    create = client.post(URL, _new(session.cohort), format="json")

    assert (cancel.status_code, patch.status_code) == (status, status)
    assert create.status_code == (401 if who == "anonymous" else 403)
    session.refresh_from_db()
    assert (session.status, session.title, Session.objects.count()) == ("scheduled", "Opening", 1)


# Filters and query counts


def test_session_filters(api_as: ApiAs, hr_user: User, cohort: Cohort) -> None:
    day = dt.datetime(2027, 3, 1, 1, 0, tzinfo=UTC)
    first, second, third = (
        factories.SessionFactory(cohort=cohort, starts_at=day + dt.timedelta(days=n))
        for n in range(3)
    )
    third.status = Session.Status.CANCELLED
    third.save()
    factories.SessionFactory(starts_at=day)  # another cohort
    client = api_as(hr_user)

    def ids(**query: str | int) -> list[int]:
        response = client.get(URL, query)
        assert response.status_code == 200, response.json()
        return [s["id"] for s in response.json()["results"]]

    assert ids(cohort=cohort.pk) == [first.pk, second.pk, third.pk]
    assert ids(cohort=cohort.pk, status="cancelled") == [third.pk]
    # 2027-03-02 01:00 UTC is 09:00 in Shanghai: "after" includes it, "before" excludes it
    assert ids(cohort=cohort.pk, starts_after="2027-03-02T09:00:00+08:00") == [
        second.pk,
        third.pk,
    ]
    assert ids(cohort=cohort.pk, starts_before="2027-03-02T01:00:00Z") == [first.pk]


def test_session_filter_unescaped_plus_in_offset_is_understood(
    api_as: ApiAs, hr_user: User, session: Session
) -> None:
    # A client that forgets to escape "+" sends a space; the offset is still read.
    response = api_as(hr_user).get(f"{URL}?starts_after=2027-03-01T09:00:00+08:00")

    assert response.status_code == 200
    assert response.json()["count"] == 1


@pytest.mark.parametrize(
    "query",
    [
        {"starts_after": "2027-03-02T09:00:00"},
        {"starts_before": "yesterday"},
        {"status": "postponed"},
        {"cohort": "first"},
    ],
)
def test_session_filter_invalid_is_400(api_as: ApiAs, hr_user: User, query: dict[str, str]) -> None:
    response = api_as(hr_user).get(URL, query)

    assert response.status_code == 400
    assert set(response.json()) == set(query)


@pytest.mark.parametrize("who", ["trainer_own", "hr"])
def test_session_list_query_count_is_constant(
    request: pytest.FixtureRequest, api_as: ApiAs, cohort: Cohort, trainer_user: User, who: str
) -> None:
    user = _who(request, who)
    client = api_as(user)

    def grow(size: int) -> None:
        for _ in range(size):
            session = factories.SessionFactory(cohort=cohort, module=None)
            session.trainers.add(trainer_user, factories.UserFactory())

    grow(2)
    small = count_queries(client, user, URL)
    grow(10)

    assert count_queries(client, user, URL) == small
