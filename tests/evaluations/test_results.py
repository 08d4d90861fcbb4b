"""Evaluation results: hidden under three answers, flagged under 20 % response, NPS by hand."""

import pytest

from evaluations.selectors.results import results_for
from tests import factories

pytestmark = pytest.mark.django_db


def _attendees(cohort, n):  # type: ignore[no-untyped-def]
    session = factories.SessionFactory(cohort=cohort)
    for _ in range(n):
        enrollment = factories.EnrollmentFactory(cohort=cohort)
        factories.AttendanceFactory(enrollment=enrollment, session=session, status="present")


def test_results_hidden_under_three_answers() -> None:
    # given two answers
    evaluation = factories.EvaluationFactory()
    _attendees(evaluation.cohort, 4)
    factories.AnswerFactory.create_batch(2, evaluation=evaluation, comment="Great")
    # when
    results = results_for(cohort_ids=[evaluation.cohort_id])
    # then only counts are shown
    assert results["answers"] == 2
    assert results["shown"] is False
    assert results["nps"] is None
    assert all(q["average"] is None for q in results["questions"])
    assert results["comments"] == []


def test_results_nps_and_low_response_by_hand() -> None:
    # given 16 attendees and 3 answers (18.75 % < 20 %): recommend 10, 9, 3
    evaluation = factories.EvaluationFactory()
    _attendees(evaluation.cohort, 16)
    for recommend, overall in ((10, 5), (9, 4), (3, 2)):
        factories.AnswerFactory(evaluation=evaluation, recommend=recommend, overall=overall)
    # when
    results = results_for(cohort_ids=[evaluation.cohort_id])
    # then NPS = 100 · (2 − 1) / 3 = 33.33; overall = 11 / 3 = 3.67
    assert results["shown"] is True
    assert results["low_response"] is True
    assert results["nps"] == 33.33
    overall = next(q for q in results["questions"] if q["code"] == "overall")
    assert overall["average"] == 3.67


def test_results_trainers_see_reviewed_comments_only() -> None:
    evaluation = factories.EvaluationFactory()
    _attendees(evaluation.cohort, 3)
    for text, status in (("b pending", "pending"), ("a trainers", "trainer_only"), ("c", "hidden")):
        factories.AnswerFactory(evaluation=evaluation, comment=text, comment_status=status)
    trainer = results_for(cohort_ids=[evaluation.cohort_id], comments="trainer")
    assert trainer["comments"] == [{"text": "a trainers"}]
    published = results_for(cohort_ids=[evaluation.cohort_id])
    assert published["comments"] == []
    hr = results_for(cohort_ids=[evaluation.cohort_id], comments="all")
    assert [c["text"] for c in hr["comments"]] == ["a trainers", "b pending", "c"]
