"""Admin of the courses app: pages render without N+1, sessions are clash-checked on save."""

import datetime as dt
import zoneinfo
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from courses.models import Cohort, Session
from participants.models import HR_GROUP, TRAINERS_GROUP, User
from tests import factories

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture
def hr(client: Client) -> User:
    user = factories.UserFactory(is_staff=True, time_zone="UTC")
    user.groups.add(Group.objects.get(name=HR_GROUP))
    client.force_login(user)
    return user


@pytest.fixture
def trainer() -> User:
    user = factories.UserFactory(full_name="常兴", is_staff=True)
    user.groups.add(Group.objects.get(name=TRAINERS_GROUP))
    return user


def utc(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2027, 3, day, hour, minute, tzinfo=dt.UTC)


def make_session(cohort: Cohort, *, start: dt.datetime, hours: int = 3, trainers=(), **kw):
    session = factories.SessionFactory(
        cohort=cohort, starts_at=start, ends_at=start + dt.timedelta(hours=hours), **kw
    )
    session.trainers.set(trainers)
    return session


def make_cohort(sessions: int, trainer: User) -> Cohort:
    course = factories.CourseFactory()
    modules = [factories.ModuleFactory(course=course) for _ in range(3)]
    venue = factories.VenueFactory()
    rooms = [factories.RoomFactory(venue=venue) for _ in range(2)]
    cohort = factories.CohortFactory(course=course, venue=venue)
    cohort.trainers.add(trainer)
    for day in range(sessions):
        make_session(
            cohort,
            start=utc(1, 1) + dt.timedelta(days=day),
            trainers=[trainer],
            module=modules[day % 3],
            room=rooms[day % 2],
        )
    return cohort


def split(value: dt.datetime) -> tuple[str, str]:
    return value.strftime("%Y-%m-%d"), value.strftime("%H:%M:%S")


def session_data(**values: Any) -> dict[str, Any]:
    """The fields of the session admin form, times given in UTC (the HR user's zone)."""
    data: dict[str, Any] = {
        "title": "新课节",
        "title_en": "",
        "module": "",
        "room": "",
        "online_url": "",
        "trainers": [],
        "status": Session.Status.SCHEDULED,
        "conflict_note": "",
    }
    data.update({k: v for k, v in values.items() if k not in ("starts_at", "ends_at")})
    for name in ("starts_at", "ends_at"):
        data[f"{name}_0"], data[f"{name}_1"] = split(values[name])
    if not data.get("allow_conflict"):
        data.pop("allow_conflict", None)
    return data


def cohort_data(cohort: Cohort, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The cohort change form with its session inline: existing rows first, then new ones."""
    existing = list(cohort.sessions.order_by("starts_at", "pk"))
    data: dict[str, Any] = {
        "course": cohort.course_id,
        "code": cohort.code,
        "name": cohort.name,
        "status": cohort.status,
        "starts_on": cohort.starts_on.isoformat(),
        "ends_on": cohort.ends_on.isoformat(),
        "time_zone": cohort.time_zone,
        "venue": cohort.venue_id or "",
        "capacity": cohort.capacity,
        "trainers": [t.pk for t in cohort.trainers.all()],
        "completion_threshold": cohort.completion_threshold,
        "sessions-TOTAL_FORMS": len(existing) + len(rows),
        "sessions-INITIAL_FORMS": len(existing),
        "sessions-MIN_NUM_FORMS": 0,
        "sessions-MAX_NUM_FORMS": 1000,
    }
    for index, session in enumerate(existing):
        row = session_data(
            title=session.title,
            module=session.module_id or "",
            room=session.room_id or "",
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            trainers=[t.pk for t in session.trainers.all()],
            status=session.status,
        )
        row.update(id=session.pk, cohort=cohort.pk)
        data.update({f"sessions-{index}-{k}": v for k, v in row.items()})
    for index, values in enumerate(rows, start=len(existing)):
        row = session_data(**values)
        row["cohort"] = cohort.pk
        data.update({f"sessions-{index}-{k}": v for k, v in row.items()})
    return data


def inline_errors(response: Any) -> list[dict[str, list[str]]]:
    (sessions,) = response.context["inline_admin_formsets"]
    return sessions.formset.errors


# Pages render --------------------------------------------------------------------------------

MODELS = ("course", "module", "framework", "dimension", "venue", "cohort", "session")


@pytest.mark.parametrize("model", MODELS)
def test_changelist_and_add_form_render_for_hr(client: Client, hr: User, model: str) -> None:
    make_cohort(2, factories.UserFactory())
    factories.ItemFactory()

    assert client.get(reverse(f"admin:courses_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:courses_{model}_add")).status_code == 200
    assert client.get(reverse(f"admin:courses_{model}_changelist"), {"q": "x"}).status_code == 200


def test_change_forms_render_for_hr(client: Client, hr: User, trainer: User) -> None:
    cohort = make_cohort(2, trainer)
    item = factories.ItemFactory()
    factories.ActivityFactory(module=cohort.course.modules.first())
    session = cohort.sessions.first()
    assert session is not None
    objects = {
        "course": cohort.course,
        "module": cohort.course.modules.first(),
        "framework": item.dimension.framework,
        "dimension": item.dimension,
        "venue": cohort.venue,
        "cohort": cohort,
        "session": session,
    }

    for model, obj in objects.items():
        url = reverse(f"admin:courses_{model}_change", args=[obj.pk])
        assert client.get(url).status_code == 200, model


def test_session_times_are_shown_in_the_cohorts_time_zone(
    client: Client, hr: User, trainer: User
) -> None:
    cohort = make_cohort(0, trainer)
    make_session(cohort, start=utc(2, 1), trainers=[trainer])  # 09:00–12:00 in Shanghai

    changelist = client.get(reverse("admin:courses_session_changelist")).content.decode()
    change = client.get(reverse("admin:courses_cohort_change", args=[cohort.pk])).content.decode()

    assert "2027-03-02 09:00–12:00 (Asia/Shanghai)" in changelist
    assert "2027-03-02 09:00–12:00 (Asia/Shanghai)" in change


def warm_content_types() -> None:
    """Fill the process-wide content-type cache, as a running server has it.

    The admin looks content types up; without this the first page a worker shows counts one
    query more than the next, and the count would depend on which tests ran before.
    """
    ContentType.objects.get_for_models(*apps.get_models())


@pytest.mark.parametrize(
    ("url_name", "with_pk", "queries"),
    [
        ("admin:courses_cohort_change", True, 21),
        ("admin:courses_session_changelist", False, 12),
        ("admin:courses_cohort_changelist", False, 13),
    ],
)
def test_schedule_pages_query_count_is_constant(
    client: Client,
    hr: User,
    trainer: User,
    django_assert_num_queries,
    url_name,
    with_pk,
    queries,
) -> None:
    small, large = make_cohort(2, trainer), make_cohort(12, trainer)
    warm_content_types()
    for cohort in (small, large):
        url = reverse(url_name, args=[cohort.pk] if with_pk else [])
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200


def test_course_change_form_query_count_is_constant(
    client: Client, hr: User, django_assert_num_queries
) -> None:
    warm_content_types()
    for modules in (2, 20):
        framework = factories.FrameworkFactory()
        dimensions = [factories.DimensionFactory(framework=framework) for _ in range(5)]
        course = factories.CourseFactory(framework=framework)
        for number in range(1, modules + 1):
            factories.ModuleFactory(course=course, number=number, dimension=dimensions[number % 5])
        with django_assert_num_queries(22):
            response = client.get(reverse("admin:courses_course_change", args=[course.pk]))
        assert response.status_code == 200


# Sessions are clash-checked -----------------------------------------------------------------


def test_session_add_refuses_a_clash_with_a_form_error(
    client: Client, hr: User, trainer: User
) -> None:
    cohort = make_cohort(0, trainer)
    make_session(cohort, start=utc(2, 1), trainers=[trainer], title="角色S")

    response = client.post(
        reverse("admin:courses_session_add"),
        session_data(
            cohort=cohort.pk, starts_at=utc(2, 3), ends_at=utc(2, 5), trainers=[trainer.pk]
        ),
    )

    assert response.status_code == 200  # the form again, with the error
    errors = response.context["adminform"].form.errors
    assert "角色S" in " ".join(errors["starts_at"])
    assert "常兴" in response.content.decode()
    assert cohort.sessions.count() == 1


def test_session_add_with_an_override_and_note_is_recorded(
    client: Client, hr: User, trainer: User
) -> None:
    cohort = make_cohort(0, trainer)
    make_session(cohort, start=utc(2, 1), trainers=[trainer])
    data = session_data(
        cohort=cohort.pk,
        starts_at=utc(2, 3),
        ends_at=utc(2, 5),
        trainers=[trainer.pk],
        allow_conflict="on",
    )

    without_note = client.post(reverse("admin:courses_session_add"), data)
    with_note = client.post(
        reverse("admin:courses_session_add"), {**data, "conflict_note": "Two rooms, one trainer"}
    )

    assert "conflict_note" in without_note.context["adminform"].form.errors
    assert with_note.status_code == 302
    session = cohort.sessions.get(allow_conflict=True)
    assert session.conflict_allowed_by == hr
    assert session.conflict_allowed_at is not None
    assert list(session.trainers.all()) == [trainer]


def test_session_add_refuses_a_module_of_another_course(client: Client, hr: User) -> None:
    cohort = make_cohort(0, factories.UserFactory())
    foreign_module = factories.ModuleFactory()  # of another course

    response = client.post(
        reverse("admin:courses_session_add"),
        session_data(
            cohort=cohort.pk, module=foreign_module.pk, starts_at=utc(2, 1), ends_at=utc(2, 2)
        ),
    )

    assert "module" in response.context["adminform"].form.errors
    assert cohort.sessions.count() == 0


def test_session_change_goes_through_the_service(client: Client, hr: User, trainer: User) -> None:
    cohort = make_cohort(1, trainer)
    session = cohort.sessions.get()
    data = session_data(
        cohort=cohort.pk,
        title=session.title,
        module=session.module_id,
        room=session.room_id,
        starts_at=session.starts_at + dt.timedelta(hours=1),
        ends_at=session.ends_at + dt.timedelta(hours=1),
        trainers=[trainer.pk],
    )

    response = client.post(reverse("admin:courses_session_change", args=[session.pk]), data)

    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.starts_at, session.sequence) == (utc(1, 2), 1)


def test_cohort_inline_refuses_a_clash_with_another_cohort(
    client: Client, hr: User, trainer: User
) -> None:
    cohort = make_cohort(0, trainer)
    make_session(factories.CohortFactory(name="Other cohort"), start=utc(2, 1), trainers=[trainer])
    data = cohort_data(
        cohort, [{"starts_at": utc(2, 2), "ends_at": utc(2, 3), "trainers": [trainer.pk]}]
    )

    response = client.post(reverse("admin:courses_cohort_change", args=[cohort.pk]), data)

    assert response.status_code == 200
    (row_errors,) = inline_errors(response)
    assert "Other cohort" in " ".join(row_errors["starts_at"])
    assert cohort.sessions.count() == 0


def test_cohort_inline_refuses_two_new_rows_that_clash(
    client: Client, hr: User, trainer: User
) -> None:
    cohort = make_cohort(0, trainer)
    room = factories.RoomFactory(name="博学厅")
    rows = [
        {"title": "上午", "starts_at": utc(2, 1), "ends_at": utc(2, 4), "room": room.pk},
        {"title": "重叠", "starts_at": utc(2, 3), "ends_at": utc(2, 5), "room": room.pk},
    ]

    response = client.post(
        reverse("admin:courses_cohort_change", args=[cohort.pk]), cohort_data(cohort, rows)
    )

    assert response.status_code == 200
    first, second = inline_errors(response)
    assert not first
    assert "上午" in " ".join(second["starts_at"])
    assert "博学厅" in " ".join(second["starts_at"])
    assert cohort.sessions.count() == 0


def test_cohort_inline_saves_sessions_through_the_service(
    client: Client, hr: User, trainer: User
) -> None:
    cohort = make_cohort(1, trainer)
    existing = cohort.sessions.get()
    rows = [{"starts_at": utc(20, 1), "ends_at": utc(20, 4), "trainers": [trainer.pk]}]
    data = cohort_data(cohort, rows)
    data["sessions-0-starts_at_1"] = "02:00:00"  # move the existing one by an hour

    response = client.post(reverse("admin:courses_cohort_change", args=[cohort.pk]), data)

    assert response.status_code == 302
    added = cohort.sessions.get(starts_at=utc(20, 1))
    assert list(added.trainers.all()) == [trainer]
    existing.refresh_from_db()
    assert (existing.starts_at, existing.sequence) == (utc(1, 2), 1)


def test_cancel_action_cancels_through_the_service(client: Client, hr: User, trainer: User) -> None:
    cohort = make_cohort(2, trainer)

    response = client.post(
        reverse("admin:courses_session_changelist"),
        {"action": "cancel_sessions", "_selected_action": [s.pk for s in cohort.sessions.all()]},
    )

    assert response.status_code == 302
    assert set(cohort.sessions.values_list("status", "sequence")) == {(Session.Status.CANCELLED, 1)}


def test_sessions_cannot_be_deleted(client: Client, hr: User, trainer: User) -> None:
    session = make_cohort(1, trainer).sessions.get()

    response = client.get(reverse("admin:courses_session_delete", args=[session.pk]))

    assert response.status_code == 403


# Trainers -----------------------------------------------------------------------------------


def test_trainer_sees_only_their_own_cohorts(client: Client, trainer: User) -> None:
    mine = make_cohort(1, trainer)
    theirs = make_cohort(1, factories.UserFactory())
    client.force_login(trainer)

    cohorts = client.get(reverse("admin:courses_cohort_changelist"))
    sessions = client.get(reverse("admin:courses_session_changelist"))

    assert list(cohorts.context["cl"].result_list) == [mine]
    assert {s.cohort for s in sessions.context["cl"].result_list} == {mine}
    assert client.get(reverse("admin:courses_cohort_change", args=[mine.pk])).status_code == 200
    other = client.get(reverse("admin:courses_cohort_change", args=[theirs.pk]))
    assert other.status_code == 302  # “does not exist”: back to the admin index
