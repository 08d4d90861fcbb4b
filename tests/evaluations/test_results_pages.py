"""Results per cohort and per course, HR's comment review, and what trainers get to read."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluations.models import Answer
from tests import factories
from tests.evaluations.world import World, attend, build_world

pytestmark = pytest.mark.django_db


def _as(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _results(world: World) -> str:
    return reverse("evaluations:evaluation-results", args=[world.cohort.pk])


def _answers(world: World, n: int, **kwargs: object) -> list[Answer]:
    answers = []
    for i in range(n):
        answer = factories.AnswerFactory(evaluation=world.evaluation, **kwargs)
        factories.ModuleRatingFactory(answer=answer, module=world.modules[0], score=3 + i % 3)
        factories.TrainerRatingFactory(answer=answer, trainer=world.trainer, score=5)
        answers.append(answer)
    return answers


def test_two_answers_show_counts_only(world: World) -> None:
    _answers(world, 2, overall=1, comment="Too long", comment_status="published")
    page = _as(world.trainer).get(_results(world)).content.decode()
    assert "Results are shown from 3 answers on" in page
    assert 'id="questions"' not in page
    assert "Too long" not in page


def test_three_answers_show_averages_nps_and_the_modules(world: World) -> None:
    for overall, recommend in ((5, 10), (4, 9), (3, 3)):
        answer = factories.AnswerFactory(
            evaluation=world.evaluation, overall=overall, recommend=recommend
        )
        factories.ModuleRatingFactory(answer=answer, module=world.modules[0], score=overall)
    page = _as(world.trainer).get(_results(world)).content.decode()
    # overall (5 + 4 + 3) / 3 = 4.0; NPS 100 · (2 − 1) / 3 = 33.33; 3 of 4 attendees answered
    assert 'id="questions"' in page
    assert "<td>4.0" in page
    assert "33.33" in page
    assert "75&nbsp;%" in page
    assert "Low response" not in page


def test_low_response_is_flagged_under_twenty_percent() -> None:
    world = build_world(attendees=16)
    _answers(world, 3)
    page = _as(world.hr).get(_results(world)).content.decode()
    assert "Low response" in page


def test_trainer_reads_published_and_trainer_only_comments(world: World) -> None:
    for text, status in (
        ("Alpha published", "published"),
        ("Bravo trainers", "trainer_only"),
        ("Charlie hidden", "hidden"),
        ("Delta pending", "pending"),
    ):
        factories.AnswerFactory(evaluation=world.evaluation, comment=text, comment_status=status)
    trainer_page = _as(world.trainer).get(_results(world)).content.decode()
    assert "Alpha published" in trainer_page
    assert "Bravo trainers" in trainer_page
    assert "Charlie hidden" not in trainer_page
    assert "Delta pending" not in trainer_page
    hr_page = _as(world.hr).get(_results(world)).content.decode()
    assert all(t in hr_page for t in ("Alpha", "Bravo", "Charlie", "Delta"))
    course = reverse("evaluations:course-results", args=[world.cohort.course_id])
    course_page = _as(world.hr).get(course).content.decode()
    assert "Alpha published" in course_page
    assert "Bravo trainers" not in course_page


def test_hr_reviews_a_comment_and_the_trainer_then_reads_it(world: World) -> None:
    _answers(world, 2)
    answer = factories.AnswerFactory(evaluation=world.evaluation, comment="Great cases")
    url = reverse("evaluations:evaluation-comments", args=[world.cohort.pk])
    hr = _as(world.hr)
    assert "Great cases" in hr.get(url).content.decode()
    assert "Great cases" not in _as(world.trainer).get(_results(world)).content.decode()

    response = hr.post(url, {"answer": str(answer.pk), "status": "trainer_only"})

    assert response.status_code == 302
    answer.refresh_from_db()
    assert answer.comment_status == "trainer_only"
    assert "Great cases" in _as(world.trainer).get(_results(world)).content.decode()


@pytest.mark.parametrize(
    "data",
    [
        {"answer": "not-a-uuid", "status": "published"},
        {"status": "published"},
        {"answer": "00000000-0000-0000-0000-000000000000", "status": "nonsense"},
    ],
)
def test_bad_review_input_is_a_form_error(world: World, data: dict[str, str]) -> None:
    url = reverse("evaluations:evaluation-comments", args=[world.cohort.pk])
    assert _as(world.hr).post(url, data).status_code == 400


def test_review_of_another_cohorts_answer_is_404(world: World) -> None:
    other = factories.EvaluationFactory(cohort=world.other_cohort)
    answer = factories.AnswerFactory(evaluation=other, comment="elsewhere")
    url = reverse("evaluations:evaluation-comments", args=[world.cohort.pk])
    response = _as(world.hr).post(url, {"answer": str(answer.pk), "status": "published"})
    assert response.status_code == 404


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


_RESULT_PAGES = {
    "results": lambda w: reverse("evaluations:evaluation-results", args=[w.cohort.pk]),
    "comments": lambda w: reverse("evaluations:evaluation-comments", args=[w.cohort.pk]),
    "course": lambda w: reverse("evaluations:course-results", args=[w.cohort.course_id]),
    "export": lambda w: reverse("evaluations:evaluation-results-export", args=[w.cohort.pk, "csv"]),
}


@pytest.mark.parametrize(
    ("role", "page"),
    # The comment review is HR's alone; trainers read every other page.
    [("hr", page) for page in _RESULT_PAGES]
    + [("trainer", page) for page in _RESULT_PAGES if page != "comments"],
)
def test_query_count_is_constant_in_answers_and_attendees(role: str, page: str) -> None:
    url = _RESULT_PAGES[page]
    world = build_world(attendees=3)
    _answers(world, 3, comment="c", comment_status="published")
    client = _as(getattr(world, role))
    small = _queries(client, url(world))
    for _ in range(10):
        attend(world.cohort)
    extra_module = factories.ModuleFactory(course=world.cohort.course, number=3)
    for answer in _answers(world, 9, comment="d", comment_status="trainer_only"):
        factories.ModuleRatingFactory(answer=answer, module=extra_module, score=4)
    large = _queries(client, url(world))
    assert large == small


def test_hr_sets_the_days_open_and_the_follow_up(world: World) -> None:
    url = reverse("evaluations:evaluation-settings", args=[world.cohort.pk])
    assert 'name="open_days"' in _as(world.hr).get(_results(world)).content.decode()
    assert 'name="open_days"' not in _as(world.trainer).get(_results(world)).content.decode()
    response = _as(world.hr).post(url, {"open_days": "21", "follow_up_days": "90"})
    assert response.status_code == 302
    world.evaluation.refresh_from_db()
    assert (world.evaluation.open_days, world.evaluation.follow_up_days) == (21, 90)
    # bad input: a message, nothing saved; a trainer may not
    _as(world.hr).post(url, {"open_days": "0", "follow_up_days": "x"})
    assert (
        _as(world.trainer).post(url, {"open_days": "5", "follow_up_days": "5"}).status_code == 403
    )
    assert _as(world.other_trainer).post(url, {"open_days": "5"}).status_code == 404
    world.evaluation.refresh_from_db()
    assert (world.evaluation.open_days, world.evaluation.follow_up_days) == (21, 90)
