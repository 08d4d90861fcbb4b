"""The programme office's scheduling pages: who may open them, and what a list costs."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from participants.models import User
from tests import factories

pytestmark = pytest.mark.django_db


def _urls() -> list[str]:
    cohort = factories.CohortFactory()
    session = factories.SessionFactory(cohort=cohort)
    venue = factories.VenueFactory()
    return [
        reverse("courses:venue-list"),
        reverse("courses:venue-create"),
        reverse("courses:venue-edit", args=[venue.pk]),
        reverse("courses:cohort-list"),
        reverse("courses:cohort-create"),
        reverse("courses:cohort-edit", args=[cohort.pk]),
        reverse("courses:cohort-copy", args=[cohort.pk]),
        reverse("courses:cohort-sessions", args=[cohort.pk]),
        reverse("courses:session-create", args=[cohort.pk]),
        reverse("courses:session-edit", args=[session.pk]),
        reverse("courses:session-cancel", args=[session.pk]),
    ]


def test_anonymous_is_sent_to_log_in(client: Client) -> None:
    for url in _urls():
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


@pytest.mark.parametrize("role", ["participant", "trainer"])
def test_participants_and_trainers_are_refused(
    client: Client, role: str, trainer_user: User, participant_user: User
) -> None:
    user = trainer_user if role == "trainer" else participant_user
    client.force_login(user)
    for url in _urls():
        assert client.get(url).status_code == 403, url
        assert client.post(url, {}).status_code == 403, url


def test_hr_opens_every_page(client: Client, hr_user: User) -> None:
    client.force_login(hr_user)
    for url in _urls():
        assert client.get(url).status_code == 200, url


def _venues(n: int) -> str:
    for _ in range(n):
        venue = factories.VenueFactory()
        factories.RoomFactory.create_batch(2, venue=venue)
    return reverse("courses:venue-list")


def _cohorts(n: int) -> str:
    for _ in range(n):
        cohort = factories.CohortFactory(venue=factories.VenueFactory())
        cohort.trainers.add(factories.UserFactory())
        factories.SessionFactory(cohort=cohort)
    return reverse("courses:cohort-list")


def _sessions(n: int) -> str:
    cohort = factories.CohortFactory()
    cohort.trainers.add(factories.UserFactory())
    for _ in range(n):
        session = factories.SessionFactory(
            cohort=cohort, room=factories.RoomFactory(), module=factories.ModuleFactory()
        )
        session.trainers.add(factories.UserFactory())
    return reverse("courses:cohort-sessions", args=[cohort.pk])


# The queries of a page for HR, whatever the number of rows: the login's session, user and
# groups, what the base template asks, then the page's own reads (the rows and one per
# prefetched relation).
LIST_QUERIES = {"venues": 6, "cohorts": 6, "sessions": 8}


@pytest.mark.parametrize("rows", [2, 6])
@pytest.mark.parametrize(
    ("page", "make"), [("venues", _venues), ("cohorts", _cohorts), ("sessions", _sessions)]
)
def test_list_pages_cost_the_same_queries_at_two_sizes(
    client: Client, hr_user: User, django_assert_num_queries, page: str, make, rows: int
) -> None:
    url = make(rows)
    client.force_login(hr_user)

    with django_assert_num_queries(LIST_QUERIES[page]):
        response = client.get(url)

    assert response.status_code == 200


def test_the_session_form_reads_in_chinese(client: Client, hr_user: User) -> None:
    cohort = factories.CohortFactory(time_zone="Europe/London")
    client.force_login(hr_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"

    page = client.get(reverse("courses:session-create", args=[cohort.pk])).content.decode()

    assert "新建场次" in page
    assert "开始时间（Europe/London）" in page
    assert "保存场次" in page
