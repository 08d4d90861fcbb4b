"""loaddemo gives the demo cohort an evaluation with answers, once; 吴迪 is left to answer."""

import io

import pytest
from django.core.management import call_command

from evaluations.demo import ANSWERS, COHORT_CODE, LEFT_TO_ANSWER
from evaluations.models import Answer, Voter
from evaluations.selectors.results import results_for

pytestmark = pytest.mark.django_db


def test_loaddemo_answers_the_demo_evaluation_once() -> None:
    call_command("loaddemo", force=True, stdout=io.StringIO())
    call_command("loaddemo", force=True, stdout=io.StringIO())

    answers = Answer.objects.filter(evaluation__cohort__code=COHORT_CODE)
    assert answers.count() == len(ANSWERS)
    assert Voter.objects.filter(evaluation__cohort__code=COHORT_CODE).count() == len(ANSWERS)
    assert not Voter.objects.filter(participant__email=LEFT_TO_ANSWER).exists()
    results = results_for(cohort_ids=[answers.first().evaluation.cohort_id])  # type: ignore[union-attr]
    assert results["shown"] is True
    assert results["modules"]
    assert results["trainers"]
