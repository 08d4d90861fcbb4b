"""Who reaches what, for every page and endpoint of issue 3 (people, enrolment, attendance).

Roles: anonymous; the participant whose record it is (own) and another participant; a trainer
of the cohort (own) and a trainer of another cohort; HR. The objects all belong to cohort A.
Expected: 200 (or a 302 onwards after a write), `login` (302 to the login page), 403 for a
role page the user has no role for, 404 for an object the user may not know of. An object that
does not exist answers the same 404, so nothing leaks.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from participants.models import Attendance, ImportRun, User
from tests import factories
from tests.participants.feeds import feed_path
from tests.participants.zone_data import CohortWorld, cohort_world, make_trainer

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "participant_own", "participant_other", "trainer_own", "trainer_other", "hr")
LOGIN = "login"
MOVED = "302"  # a write that succeeded and sent the user on
API_ANON = 401  # token auth first: an anonymous request is told 401 with its scheme


@dataclass
class World:
    a: CohortWorld
    b: CohortWorld
    users: dict[str, User | None]


@pytest.fixture
def world(hr_user: User) -> World:
    a = cohort_world(people=2, past=1, upcoming=1)
    b = cohort_world(people=1, past=1, upcoming=1)
    return World(
        a=a,
        b=b,
        users={
            "anonymous": None,
            "participant_own": a.participants[0].user,
            "participant_other": b.participants[0].user,
            "trainer_own": a.trainer,
            "trainer_other": b.trainer,
            "hr": hr_user,
        },
    )


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    url: Callable[[World], str]
    expected: tuple[Any, ...]  # one per role, in ROLES order
    data: Callable[[World], dict[str, Any]] = lambda w: {}


def _sheet(w: World) -> str:
    return reverse("participants:attendance-sheet", kwargs={"pk": w.a.past[0].pk})


CASES = (
    # pages
    Case("my zone", "get", lambda w: "/me/", (LOGIN, 200, 200, 200, 200, 200)),
    Case("trainer home", "get", lambda w: "/trainer/", (LOGIN, 403, 403, 200, 200, 200)),
    Case(
        "cohort roster",
        "get",
        lambda w: reverse("participants:cohort-roster", kwargs={"pk": w.a.cohort.pk}),
        (LOGIN, 404, 404, 200, 404, 200),
    ),
    Case("attendance sheet", "get", _sheet, (LOGIN, 404, 404, 200, 404, 200)),
    Case(
        "attendance save",
        "post",
        _sheet,
        (LOGIN, 404, 404, MOVED, 404, MOVED),
        data=lambda w: {f"status-{w.a.enrollments[0].pk}": "late"},
    ),
    Case("hr home", "get", lambda w: "/hr/", (LOGIN, 403, 403, 403, 403, 200)),
    Case(
        "cohort overview",
        "get",
        lambda w: reverse("participants:cohort-overview", kwargs={"pk": w.a.cohort.pk}),
        (LOGIN, 404, 404, 404, 404, 200),
    ),
    Case(
        "enrol",
        "post",
        lambda w: reverse("participants:cohort-enrol", kwargs={"pk": w.a.cohort.pk}),
        (LOGIN, 404, 404, 404, 404, MOVED),
        data=lambda w: {"participant": factories.ParticipantFactory().pk},
    ),
    Case(
        "cancel a place",
        "post",
        lambda w: reverse("participants:enrollment-cancel", kwargs={"pk": w.a.enrollments[1].pk}),
        (LOGIN, 404, 404, 404, 404, MOVED),
    ),
    Case("import upload", "get", lambda w: "/hr/participants/import/", (LOGIN, *[403] * 4, 200)),
    Case(
        "import preview",
        "post",
        lambda w: "/hr/participants/import/",
        (LOGIN, *[403] * 4, 200),
        data=lambda w: {"file": _csv()},
    ),
    Case(
        "import run",
        "get",
        lambda w: reverse("participants:import-run", args=[_run(w).pk]),
        (LOGIN, *[404] * 4, 200),
    ),
    Case(
        "import run status",
        "get",
        lambda w: reverse("participants:import-run-status", args=[_run(w).pk]),
        (LOGIN, *[404] * 4, 200),
    ),
    Case(
        "calendar reset",
        "post",
        lambda w: reverse("participants:calendar-reset"),
        # the answer shows the new link itself: it cannot be shown after a redirect
        (LOGIN, 200, 200, 200, 200, 200),
    ),
    # API
    Case("api me", "get", lambda w: "/api/v1/me/", (API_ANON, 200, 200, 200, 200, 200)),
    Case(
        "api my schedule",
        "get",
        lambda w: "/api/v1/me/schedule/",
        (API_ANON, 200, 200, 200, 200, 200),
    ),
    # API of people, enrolments and attendance: lists are scoped (see below), objects 404 when
    # out of scope, writes 403 on an object the user may see.
    Case("api participants", "get", lambda w: "/api/v1/participants/", (API_ANON, *[200] * 5)),
    Case(
        "api participant",
        "get",
        lambda w: f"/api/v1/participants/{w.a.participants[0].pk}/",
        (API_ANON, 200, 404, 200, 404, 200),
    ),
    Case(
        "api participant change",
        "patch",
        lambda w: f"/api/v1/participants/{w.a.participants[0].pk}/",
        (API_ANON, 403, 404, 403, 404, 200),
        data=lambda w: {"region": "Middle East"},
    ),
    Case(
        "api participant create",
        "post",
        lambda w: "/api/v1/participants/",
        (API_ANON, 403, 403, 403, 403, 201),
        data=lambda w: {
            "employee_number": "N-1",
            "name": "新人",
            "email": "new.person@example.com",
            "time_zone": "Asia/Dubai",
        },
    ),
    Case(
        "api participant import",
        "post",
        lambda w: "/api/v1/participants/import/?dry_run=1",
        (API_ANON, 403, 403, 403, 403, 200),
        data=lambda w: {"file": _csv()},
    ),
    Case("api enrolments", "get", lambda w: "/api/v1/enrollments/", (API_ANON, *[200] * 5)),
    Case(
        "api enrolment",
        "get",
        lambda w: f"/api/v1/enrollments/{w.a.enrollments[0].pk}/",
        (API_ANON, 200, 404, 200, 404, 200),
    ),
    Case(
        "api enrolment cancel",
        "post",
        lambda w: f"/api/v1/enrollments/{w.a.enrollments[0].pk}/cancel/",
        (API_ANON, 403, 404, 403, 404, 200),
    ),
    Case(
        "api cohort enrolments",
        "get",
        lambda w: f"/api/v1/cohorts/{w.a.cohort.pk}/enrollments/",
        (API_ANON, 404, 404, 200, 404, 200),
    ),
    Case(
        "api cohort enrol",
        "post",
        lambda w: f"/api/v1/cohorts/{w.a.cohort.pk}/enrollments/",
        (API_ANON, 404, 404, 403, 404, 201),
        data=lambda w: {"participant": factories.ParticipantFactory().pk},
    ),
    Case("api attendance", "get", lambda w: "/api/v1/attendance/", (API_ANON, *[200] * 5)),
    Case(
        "api attendance mark",
        "get",
        lambda w: f"/api/v1/attendance/{_mark(w).pk}/",
        (API_ANON, 200, 404, 200, 404, 200),
    ),
    Case(
        "api attendance record",
        "post",
        lambda w: "/api/v1/attendance/",
        (API_ANON, 404, 404, 200, 404, 200),
        data=lambda w: {
            "enrollment": w.a.enrollments[0].pk,
            "session": w.a.past[0].pk,
            "status": "late",
        },
    ),
)


def _csv() -> Any:
    upload = io.BytesIO(
        b"employee_number,name,email,time_zone\nN-2,Amira Haddad,amira@example.com,Asia/Dubai\n"
    )
    upload.name = "people.csv"
    return upload


def _run(w: World) -> ImportRun:
    """An import HR started (only its starter may follow it)."""
    run, _created = ImportRun.objects.get_or_create(
        started_by=w.users["hr"], file_name="people.csv", defaults={"total": 1}
    )
    return run


def _mark(w: World) -> Attendance:
    return Attendance.objects.get(enrollment=w.a.enrollments[0], session=w.a.past[0])


def _status(response: Any) -> Any:
    if response.status_code == 302:
        return LOGIN if response["Location"].startswith("/accounts/login/") else MOVED
    return response.status_code


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_permission_matrix(world: World, case: Case) -> None:
    got = []
    for role in ROLES:
        client = Client()
        user = world.users[role]
        if user is not None:
            client.force_login(user)
        url, data = case.url(world), case.data(world)
        if url.startswith("/api/") and case.method != "get" and "file" not in data:
            response = getattr(client, case.method)(url, data, content_type="application/json")
        else:
            response = getattr(client, case.method)(url, data)
        got.append(_status(response))
    assert dict(zip(ROLES, got, strict=True)) == dict(zip(ROLES, case.expected, strict=True))


@pytest.mark.parametrize(
    "route",
    [
        "participants:cohort-roster",
        "participants:attendance-sheet",
        "participants:cohort-overview",
    ],
)
@pytest.mark.parametrize("role", ["participant_own", "trainer_other"])
def test_a_missing_object_looks_like_a_forbidden_one(world: World, route: str, role: str) -> None:
    client = Client()
    client.force_login(world.users[role])
    assert client.get(reverse(route, kwargs={"pk": 987654})).status_code == 404


def test_calendar_feed_answers_only_to_a_live_token(world: World) -> None:
    client = Client()
    user = world.users["participant_own"]
    assert user is not None
    feed = feed_path(user)
    assert client.get(feed).status_code == 200
    bogus = reverse("participants:calendar-feed", kwargs={"feed_token": "not-a-token"})
    assert client.get(bogus).status_code == 404


def test_a_trainer_never_sees_another_cohorts_people(world: World) -> None:
    client = Client()
    client.force_login(make_trainer())
    assert client.get("/trainer/").status_code == 200
    html = client.get("/trainer/").content.decode()
    assert str(world.a.cohort) not in html


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("participant_own", lambda w: {w.a.participants[0].pk}),
        ("trainer_own", lambda w: {p.pk for p in w.a.participants}),
        ("trainer_other", lambda w: {p.pk for p in w.b.participants}),
        ("hr", lambda w: {p.pk for p in w.a.participants + w.b.participants}),
    ],
)
def test_api_lists_are_scoped(world: World, role: str, sees: Callable[[World], set[int]]) -> None:
    client = Client()
    client.force_login(world.users[role])
    people = client.get("/api/v1/participants/").json()["results"]
    assert {p["id"] for p in people} == sees(world)
    enrollments = client.get("/api/v1/enrollments/").json()["results"]
    assert {e["participant"] for e in enrollments} <= sees(world)
    marks = client.get("/api/v1/attendance/").json()["results"]
    assert {m["enrollment"] for m in marks} <= {
        e.pk for e in world.a.enrollments + world.b.enrollments if e.participant_id in sees(world)
    }
