"""The API's JSON parser and id fields: hostile numbers, nesting and text are a 400, never a 500."""

import json

import pytest
from django.test import Client

from tests import factories
from tests.assessments.rater_fixtures import invitation_with_token, open_campaign

pytestmark = pytest.mark.django_db

HOSTILE_IDS = ["1e400", "-1e400", "1e300", "1.5", "true", "99999999999999999999999", '"9" ']


@pytest.fixture
def world(hr_user):
    cohort = factories.CohortFactory()
    session = factories.SessionFactory(cohort=cohort)
    campaign = factories.CampaignFactory(cohort=cohort)
    participant = factories.ParticipantFactory()
    return {"cohort": cohort, "session": session, "campaign": campaign, "participant": participant}


def _endpoints(world):
    cohort, campaign = world["cohort"], world["campaign"]
    p = world["participant"].pk
    return [
        ("post", "/api/v1/enrollments/", "participant", {"cohort": cohort.pk}),
        ("post", "/api/v1/enrollments/", "cohort", {"participant": p}),
        ("post", f"/api/v1/cohorts/{cohort.pk}/enrollments/", "participant", {}),
        (
            "post",
            f"/api/v1/campaigns/{campaign.pk}/invitations/",
            "subject",
            {"rater_name": "A", "rater_email": "a@example.com", "group": "peer"},
        ),
        ("post", "/api/v1/campaigns/", "cohort", {"name": "x", "framework": campaign.framework_id}),
        ("post", "/api/v1/cohorts/", "course", {"code": "c-1", "name": "c"}),
        ("post", "/api/v1/cohorts/", "trainers", {"code": "c-1", "name": "c"}),
        (
            "post",
            "/api/v1/participants/",
            "manager",
            {"employee_number": "E1", "name": "n", "email": "n@example.com"},
        ),
        ("patch", f"/api/v1/sessions/{world['session'].pk}/", "room", {}),
    ]


def _send(client, method, url, body: str, **extra):
    return getattr(client, method)(url, data=body, content_type="application/json", **extra)


@pytest.mark.parametrize("value", HOSTILE_IDS)
def test_hostile_id_values_are_a_400_on_every_endpoint(hr_user, world, value):
    client = Client()
    client.force_login(hr_user)
    for method, url, field, rest in _endpoints(world):
        literal = f"[{value}]" if field == "trainers" else value
        body = json.dumps(rest)[:-1] + ("," if rest else "") + f'"{field}": {literal}}}'
        # when
        response = _send(client, method, url, body)
        # then
        assert response.status_code == 400, (url, field, value, response.content[:300])
        assert response["Content-Type"] == "application/json"


def test_a_float_id_does_not_find_the_object_with_its_whole_part(api_as, hr_user, world):
    cohort = world["cohort"]
    response = _send(
        api_as(hr_user),
        "post",
        "/api/v1/enrollments/",
        json.dumps({"participant": float(world["participant"].pk), "cohort": cohort.pk}),
    )
    assert response.status_code == 400
    assert not cohort.enrollments.exists()


@pytest.mark.parametrize(
    "body",
    [
        '{"participant": NaN}',
        '{"participant": Infinity}',
        '{"participant": -Infinity}',
        '{"participant": 1e400}',
        "[" * 5000 + "]" * 5000,
        '{"a": ' * 33 + "1" + "}" * 33,
        '{"participant": 1, "reason": "a\\u0000b"}',
        '{"a\\u0000": 1}',
        "{not json",
    ],
)
def test_the_parser_refuses_hostile_json_with_a_json_400(api_as, hr_user, world, body):
    response = _send(api_as(hr_user), "post", "/api/v1/enrollments/", body)
    assert response.status_code == 400
    assert set(response.json()) == {"detail"}


def test_nesting_up_to_the_limit_is_parsed(api_as, hr_user, world):
    # 32 levels: refused by the serializer (a field error), not by the parser.
    body = {"participant": world["participant"].pk, "cohort": world["cohort"].pk}
    nested: object = 1
    for _ in range(31):
        nested = [nested]
    body["reason"] = nested  # type: ignore[assignment]
    response = _send(api_as(hr_user), "post", "/api/v1/enrollments/", json.dumps(body))
    assert response.status_code == 400
    assert "reason" in response.json()


@pytest.mark.parametrize("endpoint", ["rater", "token"])
@pytest.mark.parametrize(
    "body", ["[" * 5000 + "]" * 5000, '{"username": 1e400}', '{"a": "\\u0000"}']
)
def test_hostile_json_without_an_account_is_a_400(db, endpoint, body):
    # given a real questionnaire link, so that the body is what is judged
    _invitation, token = invitation_with_token(campaign=open_campaign())
    method, url = (
        ("put", f"/api/v1/rater/{token}/")
        if endpoint == "rater"
        else ("post", "/api/v1/auth/token/")
    )
    response = _send(Client(), method, url, body)
    assert response.status_code == 400, response.content[:300]
    assert "detail" in response.json()


def test_an_oversize_json_body_is_a_json_413(api_as, hr_user, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    body = json.dumps({"reason": "x" * 2000})
    response = _send(api_as(hr_user), "post", "/api/v1/enrollments/", body)
    assert response.status_code == 413
    assert "detail" in response.json()


def test_an_oversize_form_body_under_the_api_answers_json(hr_user, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    client = Client()
    client.force_login(hr_user)
    response = client.post(
        "/api/v1/participants/import/",
        data="a=" + "x" * 2000,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in (400, 413)
    assert "detail" in response.json()


def test_upload_memory_limit_is_one_mebibyte():
    from django.conf import settings

    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 1024 * 1024
