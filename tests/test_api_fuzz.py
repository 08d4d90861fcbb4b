"""Fuzz the whole /api/v1/ from its own OpenAPI schema as HR (tests/api_fuzz.py says how)."""

import pytest

from participants.models import Enrollment, User
from tests.api_fuzz import API_PREFIX, OPERATION_IDS, OPERATIONS, fuzz, seeded  # noqa: F401

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
