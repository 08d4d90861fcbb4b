"""Fuzz the whole /api/v1/ as an enrolled participant: refusals are answers, never a 5xx.

The same generated requests as tests/test_api_fuzz.py, sent with the token of the seeded
cohort's participant, who may read their own records and is refused everything staff do.
"""

import pytest

from participants.models import Enrollment
from tests.api_fuzz import OPERATION_IDS, OPERATIONS, fuzz, seeded  # noqa: F401

pytestmark = pytest.mark.fuzz


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=OPERATION_IDS)
def test_api_fuzz_as_participant(method: str, path: str, seeded: Enrollment) -> None:  # noqa: F811
    # given requests generated from the schema, as the enrolled participant
    assert seeded.participant.user is not None
    fuzz(method, path, seeded.participant.user)
