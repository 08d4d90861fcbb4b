"""/api/v1/frameworks/: every signed-in user reads the competency model; HR writes it."""

import pytest

from courses.models import Framework, Item
from participants.models import User
from tests import factories
from tests.courses.api_helpers import ApiAs, count_queries

pytestmark = pytest.mark.django_db

URL = "/api/v1/frameworks/"


@pytest.fixture
def strobe() -> Framework:
    framework = factories.FrameworkFactory(code="strobe", name="STROBE")
    for order, code in enumerate("STROBE"[:3]):
        dimension = factories.DimensionFactory(framework=framework, code=code, order=order)
        factories.ItemFactory(dimension=dimension, order=1)
    return framework


def test_framework_read_needs_login(api_as: ApiAs, strobe: Framework) -> None:
    client = api_as(None)

    assert client.get(URL).status_code == 401
    assert client.get(f"{URL}{strobe.pk}/").status_code == 401


@pytest.mark.parametrize("who", ["participant", "trainer", "hr"])
def test_framework_read_with_dimensions_and_items(
    request: pytest.FixtureRequest, api_as: ApiAs, strobe: Framework, who: str
) -> None:
    user = request.getfixturevalue(f"{who}_user")

    response = api_as(user).get(f"{URL}{strobe.pk}/")

    assert response.status_code == 200
    dimensions = response.json()["dimensions"]
    assert [d["code"] for d in dimensions] == ["S", "T", "R"]
    assert len(dimensions[0]["items"]) == 1


def test_framework_create_with_dimensions_and_items(api_as: ApiAs, hr_user: User) -> None:
    payload = {
        "code": "grow",
        "name": "成长",
        "dimensions": [
            {"code": "G", "name": "目标", "order": 1, "items": [{"order": 1, "text": "设定目标"}]},
            {"code": "R", "name": "现状", "order": 2},
        ],
    }

    response = api_as(hr_user).post(URL, payload, format="json")

    assert response.status_code == 201, response.json()
    assert [d["code"] for d in response.json()["dimensions"]] == ["G", "R"]
    assert Item.objects.filter(dimension__framework__code="grow").count() == 1


def test_framework_update_adds_and_changes_by_natural_key(
    api_as: ApiAs, hr_user: User, strobe: Framework
) -> None:
    payload = {
        "dimensions": [
            {"code": "S", "name": "战略家", "order": 0, "items": [{"order": 1, "text": "新"}]},
            {"code": "O", "name": "运营者", "order": 3},
        ]
    }

    response = api_as(hr_user).patch(f"{URL}{strobe.pk}/", payload, format="json")

    assert response.status_code == 200, response.json()
    codes = list(strobe.dimensions.order_by("order").values_list("code", flat=True))
    assert codes == ["S", "T", "R", "O"]  # the ones not listed are kept
    assert strobe.dimensions.get(code="S").items.get().text == "新"


@pytest.mark.parametrize(
    "payload",
    [
        {"code": "strobe", "name": "dup"},  # unique code
        {"code": "x", "name": "x", "dimensions": [{"code": "A", "name": "a"}] * 2},
        {"code": "y", "name": "y", "dimensions": [{"code": "", "name": "a"}]},
        {
            "code": "z",
            "name": "z",
            "dimensions": [{"code": "A", "name": "a", "items": [{"order": 1, "text": ""}]}],
        },
    ],
)
def test_framework_invalid_is_400_and_saves_nothing(
    api_as: ApiAs, hr_user: User, strobe: Framework, payload: dict[str, object]
) -> None:
    response = api_as(hr_user).post(URL, payload, format="json")

    assert response.status_code == 400
    assert set(response.json()) & {"code", "dimensions"}
    assert Framework.objects.count() == 1


@pytest.mark.parametrize("who", ["participant", "trainer"])
def test_framework_write_by_non_hr_is_403(
    request: pytest.FixtureRequest, api_as: ApiAs, strobe: Framework, who: str
) -> None:
    client = api_as(request.getfixturevalue(f"{who}_user"))

    assert client.patch(f"{URL}{strobe.pk}/", {"name": "x"}, format="json").status_code == 403
    assert client.post(URL, {"code": "x", "name": "x"}, format="json").status_code == 403


def test_framework_list_query_count_is_constant(api_as: ApiAs, trainer_user: User) -> None:
    client = api_as(trainer_user)

    def grow(size: int) -> None:
        for _ in range(size):
            dimension = factories.DimensionFactory()
            factories.ItemFactory.create_batch(2, dimension=dimension)

    grow(2)
    small = count_queries(client, trainer_user, URL)
    grow(8)

    assert count_queries(client, trainer_user, URL) == small
