"""Hostile input answers 400 or 404, never 500."""

from typing import Any

import pytest
from rest_framework.test import APIClient

from certificates.services.completion import completion_complete_bulk
from tests.certificates.world import World

HOSTILE = [
    {"enrollments": "all"},
    {"enrollments": [0]},
    {"enrollments": [2**70]},
    {"enrollments": [None]},
    {"enrollments": [{"a": 1}]},
    {"exception": "maybe", "note": 5},
    {"note": "x" * 5000, "exception": True},
    {"reason": None},
    {"reason": "x" * 5000},
    {"requires_attendance": "yes please"},
    [],
    "text",
]


@pytest.mark.parametrize("payload", HOSTILE, ids=range(len(HOSTILE)))
@pytest.mark.parametrize(
    "path",
    [
        "cohorts/{cohort}/complete/",
        "cohorts/{cohort}/rule/",
        "enrollments/{enrollment}/complete/",
        "enrollments/{enrollment}/refuse/",
        "{certificate}/revoke/",
    ],
)
def test_hostile_bodies_are_400(api_as: Any, world: World, path: str, payload: Any) -> None:
    certificate = completion_complete_bulk(cohort=world.cohort, by=world.hr).completed[0]
    url = "/api/v1/certificates/" + path.format(
        cohort=world.cohort.pk, enrollment=world.enrollments[1].pk, certificate=certificate.pk
    )
    client = api_as(world.hr)
    send = client.put if path.endswith("rule/") else client.post
    response = send(url, payload, format="json")
    assert response.status_code in (200, 201, 400), response.content


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/certificates/99999999999999999999/",
        "/api/v1/certificates/0/credential/",
        "/api/v1/certificates/status/%00/",
        "/api/v1/certificates/status/not-a-uuid/",
        "/api/v1/certificates/cohorts/9223372036854775808/checklist/",
        "/api/v1/certificates/?cohort=%00",
        "/api/v1/certificates/?cohort=99999999999999999999999",
        "/api/v1/certificates/?page=-1",
    ],
)
def test_hostile_urls_are_not_500(api_as: Any, world: World, url: str) -> None:
    assert api_as(world.hr).get(url).status_code in (200, 400, 404)
    assert APIClient().get(url).status_code in (200, 400, 401, 404)
