"""Permission matrix of every evaluation page and download.

Anonymous: to the log-in page. The questionnaire refuses anyone but an attendee with a 403
that says why. Results and downloads: HR and the cohort's trainers; anyone else a 404 (no
existence leak). The comment review: HR; the cohort's trainer sees the results, so a 403.
"""

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from tests.evaluations.world import World

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "no_show", "attendee", "other_trainer", "trainer", "hr")

Url = Callable[[World], str]
PAGES: dict[str, tuple[Url, dict[str, int]]] = {
    "answer": (
        lambda w: reverse("evaluations:evaluation-answer", args=[w.cohort.pk]),
        {"no_show": 403, "attendee": 200, "other_trainer": 403, "trainer": 403, "hr": 403},
    ),
    "cohort results": (
        lambda w: reverse("evaluations:evaluation-results", args=[w.cohort.pk]),
        {"no_show": 404, "attendee": 404, "other_trainer": 404, "trainer": 200, "hr": 200},
    ),
    "cohort results csv": (
        lambda w: reverse("evaluations:evaluation-results-export", args=[w.cohort.pk, "csv"]),
        {"no_show": 404, "attendee": 404, "other_trainer": 404, "trainer": 200, "hr": 200},
    ),
    "cohort results xlsx": (
        lambda w: reverse("evaluations:evaluation-results-export", args=[w.cohort.pk, "xlsx"]),
        {"no_show": 404, "attendee": 404, "other_trainer": 404, "trainer": 200, "hr": 200},
    ),
    "comment review": (
        lambda w: reverse("evaluations:evaluation-comments", args=[w.cohort.pk]),
        {"no_show": 404, "attendee": 404, "other_trainer": 404, "trainer": 403, "hr": 200},
    ),
    "cohort follow-ups": (
        lambda w: reverse("evaluations:follow-up-list", args=[w.cohort.pk]),
        {"no_show": 404, "attendee": 404, "other_trainer": 404, "trainer": 200, "hr": 200},
    ),
    # A course's results: HR, and the trainers of its cohorts (evaluations.access); the other
    # trainer trains the course's other cohort.
    "course results": (
        lambda w: reverse("evaluations:course-results", args=[w.cohort.course_id]),
        {"no_show": 404, "attendee": 404, "other_trainer": 200, "trainer": 200, "hr": 200},
    ),
    "course results csv": (
        lambda w: reverse("evaluations:course-results-export", args=[w.cohort.course_id, "csv"]),
        {"no_show": 404, "attendee": 404, "other_trainer": 200, "trainer": 200, "hr": 200},
    ),
}


def _client(world: World, role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(getattr(world, role))
    return client


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role", ROLES)
def test_matrix(world: World, page: str, role: str) -> None:
    url, expected = PAGES[page]
    response = _client(world, role).get(url(world))
    if role == "anonymous":
        assert response.status_code == 302
        assert reverse("login") in response["Location"]
    else:
        assert response.status_code == expected[role], (page, role)


def test_course_of_another_trainer_is_404(world: World) -> None:
    from tests import factories

    stranger = factories.CohortFactory()
    url = reverse("evaluations:course-results", args=[stranger.course_id])
    assert _client(world, "trainer").get(url).status_code == 404


def test_unknown_export_format_is_404(world: World) -> None:
    url = reverse("evaluations:evaluation-results-export", args=[world.cohort.pk, "pdf"])
    assert _client(world, "hr").get(url).status_code == 404


@pytest.mark.parametrize("role", ["trainer", "other_trainer", "attendee"])
def test_only_hr_may_post_a_review(world: World, role: str) -> None:
    from tests import factories

    answer = factories.AnswerFactory(evaluation=world.evaluation, comment="x")
    url = reverse("evaluations:evaluation-comments", args=[world.cohort.pk])
    response = _client(world, role).post(url, {"answer": str(answer.pk), "status": "published"})
    assert response.status_code in (403, 404)
    answer.refresh_from_db()
    assert answer.comment_status == "pending"
