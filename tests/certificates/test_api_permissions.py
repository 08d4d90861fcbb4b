"""The API's permission matrix: participant own/other, trainer own/other cohort, HR, anonymous.

Every route of certificates/api/urls.py, and the pages beside them, answer as
certificates/access.py says: who may not read gets 404, who may read but not decide gets 403.
"""

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from certificates.models import Certificate, CompletionDecision, CompletionRule
from certificates.services.completion import completion_complete_bulk
from tests.certificates.world import World


@pytest.fixture
def certificate(world: World) -> Certificate:
    return completion_complete_bulk(cohort=world.cohort, by=world.hr).completed[0]


def _user(world: World, role: str) -> Any:
    return {
        "owner": world.owner,
        "peer": world.peer,
        "trainer": world.trainer,
        "other_trainer": world.other_trainer,
        "hr": world.hr,
        "anonymous": None,
    }[role]


READ_CERTIFICATE = {
    "owner": 200,
    "peer": 404,
    "trainer": 200,
    "other_trainer": 404,
    "hr": 200,
    "anonymous": 401,
}


@pytest.mark.parametrize("role", list(READ_CERTIFICATE))
def test_certificate_detail(api_as: Any, world: World, certificate: Certificate, role: str) -> None:
    response = api_as(_user(world, role)).get(f"/api/v1/certificates/{certificate.pk}/")
    assert response.status_code == READ_CERTIFICATE[role]


@pytest.mark.parametrize(
    ("role", "count"),
    [("owner", 1), ("peer", 0), ("trainer", 1), ("other_trainer", 0), ("hr", 1)],
)
def test_certificate_list_is_scoped_and_paginated(
    api_as: Any, world: World, certificate: Certificate, role: str, count: int
) -> None:
    body = api_as(_user(world, role)).get("/api/v1/certificates/").json()
    assert body["count"] == count
    assert "results" in body


REVOKE = {"owner": 403, "peer": 404, "trainer": 403, "other_trainer": 404, "hr": 200}


@pytest.mark.parametrize("role", list(REVOKE))
def test_revoke(api_as: Any, world: World, certificate: Certificate, role: str) -> None:
    response = api_as(_user(world, role)).post(
        f"/api/v1/certificates/{certificate.pk}/revoke/", {"reason": "Wrong"}, format="json"
    )
    assert response.status_code == REVOKE[role]
    certificate.refresh_from_db()
    assert certificate.is_revoked == (REVOKE[role] == 200)


CHECKLIST = {
    "owner": 404,
    "peer": 404,
    "trainer": 200,
    "other_trainer": 404,
    "hr": 200,
    "anonymous": 401,
}


@pytest.mark.parametrize("role", list(CHECKLIST))
def test_cohort_checklist(api_as: Any, world: World, role: str) -> None:
    response = api_as(_user(world, role)).get(
        f"/api/v1/certificates/cohorts/{world.cohort.pk}/checklist/"
    )
    assert response.status_code == CHECKLIST[role]
    if response.status_code == 200:
        assert response.json()["count"] == 2


BULK = {"owner": 404, "trainer": 403, "other_trainer": 404, "hr": 200}


@pytest.mark.parametrize("role", list(BULK))
def test_bulk_complete(api_as: Any, world: World, role: str) -> None:
    response = api_as(_user(world, role)).post(
        f"/api/v1/certificates/cohorts/{world.cohort.pk}/complete/", {}, format="json"
    )
    assert response.status_code == BULK[role]
    assert Certificate.objects.exists() == (BULK[role] == 200)
    if BULK[role] == 200:
        assert response.json() == {
            "completed": [world.enrollments[0].pk],
            "skipped": [world.enrollments[1].pk],
        }


def test_rule_read_by_trainer_set_by_hr(api_as: Any, world: World) -> None:
    url = f"/api/v1/certificates/cohorts/{world.cohort.pk}/rule/"
    body = {
        "requires_attendance": True,
        "requires_self_assessment": False,
        "requires_practice": True,
    }
    assert api_as(world.trainer).get(url).json()["requires_practice"] is True
    assert api_as(world.trainer).put(url, body, format="json").status_code == 403
    assert api_as(world.hr).put(url, body, format="json").json() == body
    assert api_as(world.owner).get(url).status_code == 404


def test_exception_and_refusal_through_the_api(api_as: Any, world: World) -> None:
    not_ready = world.enrollments[1]
    base = f"/api/v1/certificates/enrollments/{not_ready.pk}"
    hr = api_as(world.hr)
    assert hr.post(f"{base}/complete/", {}, format="json").status_code == 400
    assert hr.post(f"{base}/complete/", {"exception": True}, format="json").status_code == 400
    assert hr.post(f"{base}/refuse/", {"reason": ""}, format="json").status_code == 400
    assert hr.post(f"{base}/refuse/", {"reason": "Not yet"}, format="json").status_code == 201
    created = hr.post(
        f"{base}/complete/", {"exception": True, "note": "Made up online"}, format="json"
    )
    assert created.status_code == 201
    assert created.json()["enrollment"] == not_ready.pk


def test_my_checklist(api_as: Any, world: World) -> None:
    body = api_as(world.owner).get("/api/v1/certificates/me/").json()
    assert [row["enrollment"] for row in body["results"]] == [world.enrollments[0].pk]
    assert body["results"][0]["meets_rule"] is True


def test_status_and_jwks_are_public(world: World, certificate: Certificate) -> None:
    response = APIClient().get(f"/api/v1/certificates/status/{certificate.uuid}/")
    assert response.status_code == 200
    assert response.json()["status"] == "valid"


ROLES = ("anonymous", "owner", "peer", "trainer", "other_trainer", "hr")
READERS = {"owner": 200, "peer": 404, "trainer": 200, "other_trainer": 404, "hr": 200}
STAFF_READ = {"owner": 404, "peer": 404, "trainer": 200, "other_trainer": 404, "hr": 200}
HR_DECIDES = {"owner": 404, "peer": 404, "trainer": 403, "other_trainer": 404}
EVERYONE = dict.fromkeys(ROLES, 200)

Call = Callable[[APIClient, World, Certificate], Any]
ROUTES: dict[str, tuple[Call, dict[str, int]]] = {
    "list": (lambda c, w, cert: c.get("/api/v1/certificates/"), {**EVERYONE, "anonymous": 401}),
    "mine": (lambda c, w, cert: c.get("/api/v1/certificates/me/"), {**EVERYONE, "anonymous": 401}),
    "detail": (lambda c, w, cert: c.get(f"/api/v1/certificates/{cert.pk}/"), READERS),
    "pdf": (lambda c, w, cert: c.get(f"/api/v1/certificates/{cert.pk}/pdf/"), READERS),
    "credential": (
        lambda c, w, cert: c.get(f"/api/v1/certificates/{cert.pk}/credential/"),
        READERS,
    ),
    "revoke": (
        lambda c, w, cert: c.post(
            f"/api/v1/certificates/{cert.pk}/revoke/", {"reason": "Wrong"}, format="json"
        ),
        {**REVOKE, "owner": 403},
    ),
    "status": (lambda c, w, cert: c.get(f"/api/v1/certificates/status/{cert.uuid}/"), EVERYONE),
    "jwks": (lambda c, w, cert: c.get("/api/v1/certificates/jwks/"), EVERYONE),
    "read rule": (
        lambda c, w, cert: c.get(f"/api/v1/certificates/cohorts/{w.cohort.pk}/rule/"),
        STAFF_READ,
    ),
    "set rule": (
        lambda c, w, cert: c.put(
            f"/api/v1/certificates/cohorts/{w.cohort.pk}/rule/",
            {
                "requires_attendance": True,
                "requires_self_assessment": False,
                "requires_practice": True,
            },
            format="json",
        ),
        {**HR_DECIDES, "hr": 200},
    ),
    "checklist": (
        lambda c, w, cert: c.get(f"/api/v1/certificates/cohorts/{w.cohort.pk}/checklist/"),
        STAFF_READ,
    ),
    "bulk complete": (
        lambda c, w, cert: c.post(
            f"/api/v1/certificates/cohorts/{w.cohort.pk}/complete/", {}, format="json"
        ),
        {**HR_DECIDES, "hr": 200},
    ),
    "complete one": (
        lambda c, w, cert: c.post(
            f"/api/v1/certificates/enrollments/{w.enrollments[1].pk}/complete/",
            {"exception": True, "note": "Made up online"},
            format="json",
        ),
        {**HR_DECIDES, "hr": 201},
    ),
    "refuse": (
        lambda c, w, cert: c.post(
            f"/api/v1/certificates/enrollments/{w.enrollments[1].pk}/refuse/",
            {"reason": "Not yet"},
            format="json",
        ),
        {**HR_DECIDES, "hr": 201},
    ),
}


def _state() -> list[Any]:
    return [
        list(Certificate.objects.order_by("pk").values_list("pk", "revoked_at")),
        list(CompletionDecision.objects.order_by("pk").values_list("pk", "outcome")),
        list(CompletionRule.objects.order_by("pk").values_list("pk", "requires_self_assessment")),
    ]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", list(ROUTES))
def test_every_route_answers_each_role(
    api_as: Any, world: World, certificate: Certificate, signing_key: str, route: str, role: str
) -> None:
    # given a certificate for the owner, and the peer not yet completed
    call, expected = ROUTES[route]
    allowed = expected.get(role, 401)
    before = _state()

    # when
    response = call(api_as(_user(world, role)), world, certificate)

    # then
    if route == "pdf" and allowed == 200 and response.status_code == 503:
        # this server cannot make PDFs: the door was still opened (a refusal is 403/404)
        assert "PDF" in response.json()["detail"]
    else:
        assert response.status_code == allowed, response.content
    if response.status_code >= 400:
        assert _state() == before  # a refusal changes nothing


@pytest.mark.parametrize("role", ROLES[1:])
def test_the_pages_open_the_same_doors(world: World, certificate: Certificate, role: str) -> None:
    from django.test import Client

    client = Client()
    client.force_login(_user(world, role))

    pdf = client.get(f"/certificates/{certificate.pk}/pdf/")
    cohort_page = client.get(f"/certificates/cohorts/{world.cohort.pk}/")
    refused = client.post(
        f"/certificates/cohorts/{world.cohort.pk}/",
        {"action": "refuse", "enrollment": world.enrollments[1].pk, "note": "Not yet"},
    )

    assert pdf.status_code in ((READERS[role], 503) if READERS[role] == 200 else (404,))
    assert cohort_page.status_code == STAFF_READ[role]
    api_refusal = {**HR_DECIDES, "hr": 201}[role]
    assert refused.status_code == {201: 302}.get(api_refusal, api_refusal)
    assert CompletionDecision.objects.filter(outcome="refused").exists() == (role == "hr")
    assert client.get(f"/verify/{certificate.uuid}/").status_code == 200
