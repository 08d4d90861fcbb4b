"""Fuzz the whole /api/v1/ from its own OpenAPI schema as HR (tests/api_fuzz.py says how)."""

import pytest
from rest_framework.test import APIClient

from courses.models import Cohort
from evaluations.models import Evaluation, FollowUp
from participants.models import Enrollment, User
from tests.api_fuzz import (  # noqa: F401
    API_PREFIX,
    OPERATION_IDS,
    OPERATIONS,
    SEEDED_TOKENS,
    _model_of,
    fuzz,
    seeded,
)

# Minutes of generated requests: outside the fast lane (`make test-fast`).
pytestmark = pytest.mark.fuzz


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=OPERATION_IDS)
def test_api_fuzz_as_hr(method: str, path: str, seeded: Enrollment, hr_user: User) -> None:  # noqa: F811
    # given requests generated from the schema, as HR; then no 5xx, each answered as documented
    fuzz(method, path, hr_user)


def test_api_fuzz_covers_the_whole_api() -> None:
    # The schema really lists the operations this file fuzzes (an empty schema fuzzes nothing),
    # and each is its own item (one shared id would let the parallel runner keep only one).
    assert ("POST", f"{API_PREFIX}sessions/{{id}}/cancel/") in OPERATIONS
    assert ("GET", f"{API_PREFIX}cohorts/{{id}}/conflicts/") in OPERATIONS
    assert len(set(OPERATION_IDS)) == len(OPERATIONS) > 100
    assert ("POST", f"{API_PREFIX}evaluations/cohorts/{{cohort_pk}}/answer/") in OPERATIONS
    assert ("POST", f"{API_PREFIX}evaluations/follow-up/{{token}}/") in OPERATIONS


def test_the_seed_gives_the_evaluation_operations_real_data(
    seeded: Enrollment,  # noqa: F811
    hr_user: User,
) -> None:
    # The fuzz points the evaluations API's ids and token at seeded rows that answer with data:
    # an open evaluation the participant attended, results HR may read, their follow-ups.
    cohort = Evaluation.objects.get().cohort
    participant, hr = APIClient(), APIClient()
    participant.force_authenticate(seeded.participant.user)
    hr.force_authenticate(hr_user)
    evaluations = f"{API_PREFIX}evaluations/"

    questionnaire = participant.get(f"{evaluations}cohorts/{cohort.pk}/answer/").json()
    results = hr.get(f"{evaluations}cohorts/{cohort.pk}/results/").json()
    mine = participant.get(f"{evaluations}follow-ups/").json()
    (token_path,) = SEEDED_TOKENS
    by_token = APIClient().get(token_path.replace("{token}", SEEDED_TOKENS[token_path]))

    assert (questionnaire["state"], questionnaire["answered"]) == ("open", False)
    assert (results["answers"], results["shown"]) == (3, True)
    assert mine["count"] == 1
    assert by_token.status_code == 200
    assert by_token.json()["respondent"] == "manager"
    assert _model_of(f"{evaluations}cohorts/1/answer/") is Cohort
    assert _model_of(f"{evaluations}follow-ups/1/answer/") is FollowUp
