"""/api/v1/courses/: the catalogue, read by anyone when published, written by HR."""

import pytest
from rest_framework.test import APIClient

from courses.models import Course, Module
from participants.models import User
from tests import factories
from tests.courses.api_helpers import ApiAs, count_queries

pytestmark = pytest.mark.django_db

URL = "/api/v1/courses/"


def _detail(course: Course) -> str:
    return f"{URL}{course.pk}/"


@pytest.fixture
def published() -> Course:
    course = factories.CourseFactory(code="kam-strobe", is_published=True)
    module = factories.ModuleFactory(course=course, number=1, title="角色认知")
    factories.ActivityFactory(module=module, order=1, kind="video", title="视频")
    return course


@pytest.fixture
def unpublished() -> Course:
    return factories.CourseFactory(code="draft-course", is_published=False)


def test_course_list_anonymous_sees_only_published(
    api_client: APIClient, published: Course, unpublished: Course
) -> None:
    response = api_client.get(URL)

    assert response.status_code == 200
    assert [c["code"] for c in response.json()["results"]] == ["kam-strobe"]


def test_course_detail_has_modules_and_activities(api_client: APIClient, published: Course) -> None:
    response = api_client.get(_detail(published))

    assert response.status_code == 200
    [module] = response.json()["modules"]
    assert module["number"] == 1
    assert module["title"] == "角色认知"
    assert module["activities"][0]["kind"] == "video"


@pytest.mark.parametrize("who", ["anonymous", "participant", "trainer"])
def test_course_detail_unpublished_is_404_for_others(
    api_as: ApiAs, unpublished: Course, participant_user: User, trainer_user: User, who: str
) -> None:
    user = {"anonymous": None, "participant": participant_user, "trainer": trainer_user}[who]

    response = api_as(user).get(_detail(unpublished))

    assert response.status_code == 404


def test_course_unpublished_visible_to_its_cohorts_trainer(
    api_as: ApiAs, unpublished: Course, trainer_user: User
) -> None:
    cohort = factories.CohortFactory(course=unpublished)
    cohort.trainers.add(trainer_user)

    response = api_as(trainer_user).get(URL)

    assert [c["code"] for c in response.json()["results"]] == ["draft-course"]


def test_course_list_hr_sees_all(
    api_as: ApiAs, hr_user: User, published: Course, unpublished: Course
) -> None:
    response = api_as(hr_user).get(URL)

    assert {c["code"] for c in response.json()["results"]} == {"kam-strobe", "draft-course"}


def test_course_create_by_hr_with_modules(api_as: ApiAs, hr_user: User) -> None:
    framework = factories.FrameworkFactory()
    dimension = factories.DimensionFactory(framework=framework, code="S")
    payload = {
        "code": "kam-2",
        "title": "集团客户管理",
        "title_en": "Key account management",
        "framework": framework.pk,
        "is_published": True,
        "modules": [
            {"number": 1, "title": "开篇", "dimension": dimension.pk},
            {"number": 2, "title": "结课"},
        ],
    }

    response = api_as(hr_user).post(URL, payload, format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["code"] == "kam-2"
    assert [(m["number"], m["dimension_code"]) for m in body["modules"]] == [(1, "S"), (2, None)]
    assert Module.objects.filter(course__code="kam-2").count() == 2


def test_course_update_upserts_modules_by_number(
    api_as: ApiAs, hr_user: User, published: Course
) -> None:
    response = api_as(hr_user).patch(
        _detail(published),
        {"modules": [{"number": 1, "title": "新标题"}, {"number": 2, "title": "第二"}]},
        format="json",
    )

    assert response.status_code == 200, response.json()
    titles = list(published.modules.order_by("number").values_list("title", flat=True))
    assert titles == ["新标题", "第二"]
    assert published.modules.get(number=1).activities.count() == 1  # kept, not replaced


def test_course_module_dimension_must_be_of_the_course_framework(
    api_as: ApiAs, hr_user: User, published: Course
) -> None:
    foreign = factories.DimensionFactory()

    response = api_as(hr_user).patch(
        _detail(published),
        {"modules": [{"number": 5, "title": "x", "dimension": foreign.pk}]},
        format="json",
    )

    assert response.status_code == 400
    assert "modules" in response.json()
    assert not published.modules.filter(number=5).exists()


def test_course_duplicate_module_numbers_are_400(api_as: ApiAs, hr_user: User) -> None:
    payload = {
        "code": "dup",
        "title": "t",
        "modules": [{"number": 1, "title": "a"}, {"number": 1, "title": "b"}],
    }

    response = api_as(hr_user).post(URL, payload, format="json")

    assert response.status_code == 400
    assert "given twice" in str(response.json()["modules"])
    assert not Course.objects.filter(code="dup").exists()  # all or nothing


def test_course_duplicate_code_is_400_with_field_message(
    api_as: ApiAs, hr_user: User, published: Course
) -> None:
    response = api_as(hr_user).post(URL, {"code": "kam-strobe", "title": "x"}, format="json")

    assert response.status_code == 400
    assert "code" in response.json()


@pytest.mark.parametrize("who", ["participant", "trainer"])
def test_course_write_by_non_hr_is_403_on_visible_404_on_hidden(
    api_as: ApiAs,
    published: Course,
    unpublished: Course,
    participant_user: User,
    trainer_user: User,
    who: str,
) -> None:
    client = api_as({"participant": participant_user, "trainer": trainer_user}[who])

    visible = client.patch(_detail(published), {"title": "hacked"}, format="json")
    hidden = client.patch(_detail(unpublished), {"title": "hacked"}, format="json")
    created = client.post(URL, {"code": "new", "title": "new"}, format="json")

    assert (visible.status_code, hidden.status_code, created.status_code) == (403, 404, 403)
    published.refresh_from_db()
    assert published.title != "hacked"
    assert not Course.objects.filter(code="new").exists()


def test_course_write_anonymous_is_401(api_client: APIClient, published: Course) -> None:
    response = api_client.patch(_detail(published), {"title": "x"}, format="json")

    assert response.status_code == 401


def test_course_list_is_paginated(api_client: APIClient) -> None:
    factories.CourseFactory.create_batch(3)

    response = api_client.get(URL, {"page_size": 2})

    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert body["next"] is not None
    assert body["previous"] is None


def _grow_catalogue(size: int) -> None:
    framework = factories.FrameworkFactory()
    dimension = factories.DimensionFactory(framework=framework)
    for _ in range(size):
        course = factories.CourseFactory(framework=framework)
        for _ in range(2):
            module = factories.ModuleFactory(course=course, dimension=dimension)
            factories.ActivityFactory(module=module)


@pytest.mark.parametrize("who", ["anonymous", "trainer", "hr"])
def test_course_list_query_count_is_constant(
    api_as: ApiAs, hr_user: User, trainer_user: User, who: str
) -> None:
    user = {"anonymous": None, "trainer": trainer_user, "hr": hr_user}[who]
    client = api_as(user)
    _grow_catalogue(2)
    small = count_queries(client, user, URL)

    _grow_catalogue(8)

    assert count_queries(client, user, URL) == small
