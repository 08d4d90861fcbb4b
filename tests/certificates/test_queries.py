"""The lists answer in a constant number of queries, at two sizes."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from certificates.services.completion import completion_complete_bulk
from tests.certificates.world import add_person, build_world


def _count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_checklist_and_certificate_lists_do_not_grow(api_as: Any) -> None:
    world = build_world(ready=2, not_ready=1)
    completion_complete_bulk(cohort=world.cohort, by=world.hr)
    client = api_as(world.hr)
    checklist = f"/api/v1/certificates/cohorts/{world.cohort.pk}/checklist/"
    small = (_count(client, checklist), _count(client, "/api/v1/certificates/"))
    for _ in range(5):
        add_person(world)
    completion_complete_bulk(cohort=world.cohort, by=world.hr)
    large = (_count(client, checklist), _count(client, "/api/v1/certificates/"))
    assert large == small
