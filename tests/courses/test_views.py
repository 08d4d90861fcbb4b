"""Catalogue, course and cohort schedule pages: who sees what, and what they see."""

import datetime as dt
import zoneinfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from courses.models import Activity, Cohort, Course, Session
from participants.models import Enrollment, User
from tests import factories

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def schedule_url(cohort: Cohort, **query: str) -> str:
    url = reverse("courses:cohort-schedule", kwargs={"pk": cohort.pk})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def make_course(*, modules: int = 3, published: bool = True) -> Course:
    framework = factories.FrameworkFactory(name="STROBE", name_en="STROBE")
    roles = [
        factories.DimensionFactory(framework=framework, code=code, name_en=f"Role {code} name")
        for code in ("S", "T")
    ]
    course = factories.CourseFactory(framework=framework, is_published=published)
    for number in range(1, modules + 1):
        module = factories.ModuleFactory(
            course=course, number=number, dimension=roles[number % 2], title_en=f"Module {number}"
        )
        factories.ActivityFactory(module=module, order=1, kind=Activity.Kind.SCENARIO_CASE)
        factories.ActivityFactory(module=module, order=2, kind=Activity.Kind.DISCUSSION)
    return course


def make_cohort(*, sessions: int = 2, trainer: User | None = None) -> Cohort:
    course = make_course(modules=2)
    cohort = factories.CohortFactory(course=course, time_zone="Asia/Shanghai")
    room = factories.RoomFactory()
    module = course.modules.first()
    for day in range(sessions):
        start = dt.datetime(2027, 3, 2 + day, 9, tzinfo=SHANGHAI)
        session = factories.SessionFactory(
            cohort=cohort,
            module=module,
            room=room,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=3),
        )
        session.trainers.set([trainer or factories.UserFactory()])
    if trainer is not None:
        cohort.trainers.add(trainer)
    return cohort


def participant_user(cohort: Cohort, status: str = Enrollment.Status.CONFIRMED) -> User:
    participant = factories.ParticipantFactory(with_user=True, time_zone="America/New_York")
    waitlisted_at = timezone.now() if status == Enrollment.Status.WAITLISTED else None
    factories.EnrollmentFactory(
        participant=participant, cohort=cohort, status=status, waitlisted_at=waitlisted_at
    )
    assert participant.user is not None
    participant.user.time_zone = "America/New_York"
    participant.user.save(update_fields=["time_zone"])
    return participant.user


# Catalogue ----------------------------------------------------------------------------------


def test_catalogue_shows_published_courses_to_anyone(client: Client) -> None:
    published = make_course()
    hidden = factories.CourseFactory(is_published=False, title_en="Hidden course")

    response = client.get(reverse("courses:course-list"))

    assert response.status_code == 200
    assert published.title_en in response.content.decode()
    assert hidden.title_en not in response.content.decode()
    assert "3 modules" in response.content.decode()


def test_catalogue_query_count_is_constant(client: Client, django_assert_num_queries) -> None:
    for _ in range(2):
        make_course(modules=2)
    with django_assert_num_queries(1):  # read once…
        client.get(reverse("courses:course-list"))
    with django_assert_num_queries(0):  # …then the grid comes from the cache
        client.get(reverse("courses:course-list"))
    for _ in range(8):
        make_course(modules=4)
    with django_assert_num_queries(1):
        response = client.get(reverse("courses:course-list"))
    with django_assert_num_queries(0):
        client.get(reverse("courses:course-list"))
    assert len(response.context["courses"]) == 10


# Course page --------------------------------------------------------------------------------


def test_course_page_shows_every_module_with_its_role_and_activities(client: Client) -> None:
    course = make_course(modules=5)

    response = client.get(course.get_absolute_url())

    page = response.content.decode()
    assert response.status_code == 200
    for module in course.modules.all():
        assert f"Module {module.number}" in page
        assert f'id="module-{module.number}"' in page
    assert page.count("Role S</span>") == 2  # modules 2 and 4
    assert page.count("Role T</span>") == 3
    assert page.count("Scenario case</span>") == 5
    assert page.count("Discussion</span>") == 5
    assert "Role S name" in page  # the legend of the framework's roles


def test_course_page_of_an_unpublished_course_is_404_for_others(client: Client) -> None:
    course = make_course(published=False)

    assert client.get(course.get_absolute_url()).status_code == 404
    client.force_login(factories.UserFactory())
    assert client.get(course.get_absolute_url()).status_code == 404


def test_course_page_of_an_unpublished_course_is_a_preview_for_hr(
    client: Client, hr_user: User
) -> None:
    course = make_course(published=False)
    client.force_login(hr_user)

    response = client.get(course.get_absolute_url())

    assert response.status_code == 200
    assert "not published" in response.content.decode()


def test_course_page_unknown_code_is_404(client: Client) -> None:
    assert client.get("/courses/no-such-course/").status_code == 404


def test_course_page_query_count_is_constant(client: Client, django_assert_num_queries) -> None:
    small, large = make_course(modules=2), make_course(modules=12)
    for _ in range(3):
        factories.CohortFactory(course=large)  # its cohorts to come, each with its window

    # the course with its syllabus, and one query for its cohorts to come, however many
    with django_assert_num_queries(5):
        client.get(small.get_absolute_url())
    with django_assert_num_queries(5):
        client.get(large.get_absolute_url())


# Cohort schedule ----------------------------------------------------------------------------


def test_schedule_asks_anonymous_visitors_to_log_in(client: Client) -> None:
    cohort = make_cohort()

    response = client.get(schedule_url(cohort))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("hr", 200),
        ("own_trainer", 200),
        ("confirmed_participant", 200),
        ("completed_participant", 200),
        ("other_trainer", 404),
        ("waitlisted_participant", 404),
        ("cancelled_participant", 404),
        ("participant_elsewhere", 404),
        ("plain_user", 404),
    ],
)
def test_schedule_is_visible_only_to_its_people(
    client: Client, hr_user: User, trainer_user: User, who: str, status: int
) -> None:
    cohort = make_cohort(trainer=trainer_user)
    other_trainer = factories.UserFactory()
    other_trainer.groups.set(trainer_user.groups.all())
    users = {
        "hr": lambda: hr_user,
        "own_trainer": lambda: trainer_user,
        "confirmed_participant": lambda: participant_user(cohort),
        "completed_participant": lambda: participant_user(cohort, Enrollment.Status.COMPLETED),
        "other_trainer": lambda: other_trainer,
        "waitlisted_participant": lambda: participant_user(cohort, Enrollment.Status.WAITLISTED),
        "cancelled_participant": lambda: participant_user(cohort, Enrollment.Status.CANCELLED),
        "participant_elsewhere": lambda: participant_user(factories.CohortFactory()),
        "plain_user": factories.UserFactory,
    }
    client.force_login(users[who]())

    assert client.get(schedule_url(cohort)).status_code == status


def test_schedule_of_an_unknown_cohort_is_404(client: Client, hr_user: User) -> None:
    client.force_login(hr_user)

    assert client.get("/cohorts/999999/schedule/").status_code == 404


def test_schedule_groups_by_day_in_the_cohorts_zone_then_the_viewers(client: Client) -> None:
    # given: two sessions on 2 March in Shanghai; in New York the first is still 1 March
    cohort = factories.CohortFactory(time_zone="Asia/Shanghai")
    for hour, minute in ((9, 0), (13, 30)):
        start = dt.datetime(2027, 3, 2, hour, minute, tzinfo=SHANGHAI)
        factories.SessionFactory(
            cohort=cohort, starts_at=start, ends_at=start + dt.timedelta(hours=3)
        )
    client.force_login(participant_user(cohort))

    in_cohort_zone = client.get(schedule_url(cohort))
    in_my_zone = client.get(schedule_url(cohort, tz="mine"))

    assert [(d.date.day, len(d.entries)) for d in in_cohort_zone.context["days"]] == [(2, 2)]
    assert ">09:00</time>–" in in_cohort_zone.content.decode()
    assert "Asia/Shanghai" in in_cohort_zone.content.decode()
    assert [(d.date.day, len(d.entries)) for d in in_my_zone.context["days"]] == [(1, 1), (2, 1)]
    page = in_my_zone.content.decode()
    assert ">20:00</time>–" in page  # 09:00 in Shanghai
    assert ">00:30</time>–" in page  # 13:30 in Shanghai
    assert "your time zone" in page
    assert 'href="?tz=cohort"' in page  # the way back works without JavaScript


def test_schedule_shows_a_session_crossing_midnight_on_its_start_day(
    client: Client, hr_user: User
) -> None:
    cohort = factories.CohortFactory(time_zone="Asia/Shanghai")
    factories.SessionFactory(
        cohort=cohort,
        starts_at=dt.datetime(2027, 3, 2, 22, tzinfo=SHANGHAI),
        ends_at=dt.datetime(2027, 3, 3, 1, tzinfo=SHANGHAI),
    )
    client.force_login(hr_user)

    response = client.get(schedule_url(cohort))

    (day,) = response.context["days"]
    assert day.date == dt.date(2027, 3, 2)
    assert day.entries[0].days_later == 1
    page = response.content.decode()
    assert "22:00</time>–<time" in page
    assert "01:00</time>" in page
    assert "+1 day" in page


def test_schedule_strikes_through_cancelled_sessions(client: Client, hr_user: User) -> None:
    cohort = make_cohort(sessions=2)
    cancelled = cohort.sessions.first()
    assert cancelled is not None
    cancelled.title = "Cancelled one"
    cancelled.title_en = ""
    cancelled.status = Session.Status.CANCELLED
    cancelled.save()
    client.force_login(hr_user)

    page = client.get(schedule_url(cohort)).content.decode()

    assert "<del>Cancelled one</del>" in page
    assert page.count("<del>") == 2  # its time and its title, and nothing else


def test_schedule_query_count_is_constant(
    client: Client, trainer_user: User, django_assert_num_queries
) -> None:
    small = make_cohort(sessions=2, trainer=trainer_user)
    large = make_cohort(sessions=12, trainer=trainer_user)
    client.force_login(trainer_user)
    client.get(reverse("courses:course-list"))  # the session and the user's groups are read once

    # First view of each: the sessions are read (9 queries); then they come from the cache (7).
    for cohort in (small, large):
        with django_assert_num_queries(9):
            client.get(schedule_url(cohort))
        with django_assert_num_queries(7):
            response = client.get(schedule_url(cohort))

    assert sum(len(day.entries) for day in response.context["days"]) == 12


def test_schedule_shows_a_change_at_once(client: Client, trainer_user: User) -> None:
    cohort = make_cohort(sessions=2, trainer=trainer_user)
    client.force_login(trainer_user)
    assert "Moved session" not in client.get(schedule_url(cohort)).content.decode()
    session = cohort.sessions.order_by("starts_at").first()
    assert session is not None

    session.title_en = session.title = "Moved session"
    session.save()
    assert "Moved session" in client.get(schedule_url(cohort)).content.decode()

    room = session.room
    assert room is not None
    room.name = room.name_en = "Harbour Room"
    room.save()
    assert "Harbour Room" in client.get(schedule_url(cohort)).content.decode()

    newcomer = factories.UserFactory(full_name="Ada Newcomer")
    session.trainers.add(newcomer)
    assert "Ada Newcomer" in client.get(schedule_url(cohort)).content.decode()

    newcomer.full_name = "Ada Renamed"
    newcomer.save()
    page = client.get(schedule_url(cohort)).content.decode()
    assert "Ada Renamed" in page
    assert "Ada Newcomer" not in page

    session.delete()
    assert "Moved session" not in client.get(schedule_url(cohort)).content.decode()


def test_catalogue_shows_a_change_at_once(client: Client) -> None:
    course = make_course(modules=2)
    url = reverse("courses:course-list")
    assert "2 modules" in client.get(url).content.decode()

    course.title_en = "Renamed course"
    course.save()
    assert "Renamed course" in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    factories.ModuleFactory(course=course, number=3, dimension=course.framework.dimensions.first())
    assert "3 modules" in client.get(url).content.decode()

    course.is_published = False
    course.save()
    assert "Renamed course" not in client.get(url).content.decode()


def test_catalogue_is_cached_per_language(client: Client) -> None:
    factories.CourseFactory(is_published=True, title="中文课程", title_en="English course")
    url = reverse("courses:course-list")
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    chinese = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "View syllabus" in english
    assert "View syllabus" not in chinese
    assert "查看大纲" in chinese
