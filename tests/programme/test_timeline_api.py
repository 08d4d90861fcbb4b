"""`GET /api/v1/me/timeline/`: My Zone's timeline, from the same selector, for the API."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from programme.selectors import Show, timeline_for
from tests.programme.test_timeline import journey

pytestmark = pytest.mark.django_db

URL = reverse("api:me-timeline")


def _client(user: object) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _rows(show: Show, participant: object) -> list[dict[str, object]]:
    return [
        {
            "area": entry.area.value,
            "title": entry.title,
            "on": entry.on.isoformat() if entry.on else None,
            "is_done": entry.is_done,
            "is_overdue": entry.is_overdue,
            "url": entry.url,
            "detail": entry.detail,
        }
        for entry in timeline_for(participant=participant, show=show)  # type: ignore[arg-type]
    ]


@pytest.mark.parametrize("show", list(Show))
def test_the_api_lists_the_entries_of_my_zone(show: Show) -> None:
    # given 吴迪's journey through the 360, the plan, practice and the certificate
    world = journey(2)

    # when he reads his timeline with the page's filter
    body = _client(world.subject.user).get(URL, {"show": show.value}).json()

    # then the same entries as My Zone's, in the same order, each with its page
    assert set(body) == {"count", "next", "previous", "results"}
    got = [{key: row[key] for key in _rows(show, world.subject)[0]} for row in body["results"]]
    assert got == _rows(show, world.subject)
    assert body["count"] == len(got) > 0
    assert all(row["area_label"] for row in body["results"])
    if show == Show.TODO:
        assert not any(row["is_done"] for row in body["results"])
    if show == Show.DONE:
        assert all(row["is_done"] for row in body["results"])


def test_the_filter_defaults_to_everything() -> None:
    world = journey(1)
    client = _client(world.subject.user)

    everything = client.get(URL).json()["count"]

    todo = client.get(URL, {"show": "todo"}).json()["count"]
    done = client.get(URL, {"show": "done"}).json()["count"]
    assert everything == todo + done
    assert todo
    assert done


@pytest.mark.parametrize("value", ["TODO", "<script>", "all,done", "x" * 300])
def test_a_filter_the_page_does_not_know_is_400(value: str) -> None:
    world = journey(1)

    response = _client(world.subject.user).get(URL, {"show": value})

    assert response.status_code == 400
    assert "show" in response.json()


def test_each_participant_reads_only_their_own_timeline() -> None:
    world = journey(1)

    body = _client(world.other_subject.user).get(URL).json()

    titles = " ".join(f"{row['title']} {row['detail']}" for row in body["results"])
    assert "目标 1" not in titles
    assert "实践 1" not in titles
    assert "Certificate issued" not in titles


def test_staff_without_a_profile_get_an_empty_timeline(hr_user: object) -> None:
    body = _client(hr_user).get(URL).json()

    assert body["count"] == 0
    assert body["results"] == []


def test_anonymous_is_refused() -> None:
    assert APIClient().get(URL).status_code == 401


def test_entries_are_written_in_the_users_language() -> None:
    world = journey(1)
    client = _client(world.subject.user)

    body = client.get(URL, {"show": "done"}, HTTP_ACCEPT_LANGUAGE="zh-hans").json()

    assert "证书已颁发" in [row["title"] for row in body["results"]]
    assert "360° 反馈" in [row["area_label"] for row in body["results"]]


def _count(size: int) -> int:
    world = journey(size)
    client = _client(world.subject.user)
    assert client.get(URL).status_code == 200  # caches warmed, as the page's test does
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL)
    assert response.status_code == 200
    assert sum(row["title"] == "Nominate your raters" for row in response.json()["results"]) == size
    return len(captured)


def test_the_timeline_api_reads_a_constant_number_of_queries() -> None:
    assert _count(1) == _count(4)


@pytest.mark.parametrize("size", [1, 4])
def test_the_timeline_api_query_count(django_assert_num_queries, size: int) -> None:  # type: ignore[no-untyped-def]
    world = journey(size)
    client = _client(world.subject.user)
    client.get(URL)

    # the selector's twelve (tests/programme/test_timeline.py), and nothing per entry
    with django_assert_num_queries(12):
        response = client.get(URL, {"show": "todo"})

    assert response.status_code == 200
    assert response.json()["count"] > 0


@pytest.mark.parametrize(
    "role",
    ["participant_own", "participant_other", "trainer_own", "trainer_other", "hr", "anonymous"],
)
def test_the_timeline_matrix_agrees_with_my_zone(client, role: str) -> None:  # type: ignore[no-untyped-def]
    # given 吴迪's journey, and each role of the permission matrix
    world = journey(1)
    user = world.users[role]
    api = APIClient()
    if user is not None:
        api.force_authenticate(user)
        client.force_login(user)

    # when each reads the timeline through the API and through My Zone
    response = api.get(URL)
    page = client.get(reverse("participants:me"))

    # then nobody reads another's steps; staff without a profile have none; anonymous logs in
    if role == "anonymous":
        assert response.status_code == 401
        assert page.status_code == 302
        return
    assert response.status_code == 200
    assert page.status_code == 200
    titles = [f"{row['title']} {row['detail']}" for row in response.json()["results"]]
    owner = role == "participant_own"
    assert any("实践 1" in title for title in titles) == owner
    assert ("Certificate issued" in " ".join(titles)) == owner
    if role in ("trainer_own", "trainer_other", "hr"):
        assert titles == []
        assert 'id="timeline"' not in page.content.decode()
