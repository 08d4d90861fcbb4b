"""Report API: who reads what (404 for everyone else), the payloads, and constant query counts."""

from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import Campaign
from participants.models import HR_GROUP, TRAINERS_GROUP, User
from tests import factories
from tests.assessments.report_data import World, build_campaign, populate

pytestmark = pytest.mark.django_db

CLOSED = Campaign.Status.CLOSED
RELEASED = Campaign.Status.RELEASED


def report_url(campaign: Campaign, participant: Any) -> str:
    return f"/api/v1/campaigns/{campaign.pk}/reports/{participant.pk}/"


def summary_url(campaign: Campaign) -> str:
    return f"/api/v1/campaigns/{campaign.pk}/summary/"


def _user(*groups: str) -> User:
    user = factories.UserFactory()
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


@pytest.fixture
def world() -> World:
    world = build_campaign(items=[2, 1], status=RELEASED)
    populate(world, subjects=3)
    subject = world.subjects[0]
    subject.user = factories.UserFactory(email="subject@example.com")
    subject.save(update_fields=["user"])
    return world


@pytest.fixture
def people(world: World) -> dict[str, User | None]:
    """Everyone of the permission matrix, for the world's first subject."""
    cohort = world.campaign.cohort
    own_trainer = _user(TRAINERS_GROUP)
    cohort.trainers.add(own_trainer)
    other_cohort = factories.CohortFactory()
    other_trainer = _user(TRAINERS_GROUP)
    other_cohort.trainers.add(other_trainer)
    classmate = world.subjects[1]
    classmate.user = factories.UserFactory()
    classmate.save(update_fields=["user"])
    hr_trainer = _user(HR_GROUP)
    cohort.trainers.add(hr_trainer)
    return {
        "anonymous": None,
        "participant": world.subjects[0].user,
        "other participant": classmate.user,
        "trainer": own_trainer,
        "other trainer": other_trainer,
        "hr": _user(HR_GROUP),
        "hr who trains the cohort": hr_trainer,
        "superuser": factories.UserFactory(is_superuser=True, is_staff=True),
    }


# who may read one report, by campaign status: status codes of GET


REPORT_MATRIX = {
    # who:                    released, closed, open
    "anonymous": (401, 401, 401),
    "participant": (200, 404, 404),
    "other participant": (404, 404, 404),
    "trainer": (200, 200, 404),
    "other trainer": (404, 404, 404),
    "hr": (404, 404, 404),
    "hr who trains the cohort": (200, 200, 404),
    "superuser": (404, 404, 404),
}


@pytest.mark.parametrize("who", list(REPORT_MATRIX))
def test_report_api_permission_matrix(api_as, world: World, people: dict, who: str) -> None:  # type: ignore[no-untyped-def]
    statuses = []
    for status in (RELEASED, CLOSED, Campaign.Status.OPEN):
        world.campaign.status = status
        world.campaign.save(update_fields=["status"])
        response = api_as(people[who]).get(report_url(world.campaign, world.subjects[0]))
        statuses.append(response.status_code)
    assert tuple(statuses) == REPORT_MATRIX[who]


SUMMARY_MATRIX = {
    # who:                    released, closed, open
    "anonymous": (401, 401, 401),
    "participant": (404, 404, 404),
    "other participant": (404, 404, 404),
    "trainer": ("full", "full", 404),
    "other trainer": (404, 404, 404),
    "hr": ("aggregates", "aggregates", 404),
    "hr who trains the cohort": ("full", "full", 404),
    "superuser": ("aggregates", "aggregates", 404),
}


@pytest.mark.parametrize("who", list(SUMMARY_MATRIX))
def test_summary_api_permission_matrix(api_as, world: World, people: dict, who: str) -> None:  # type: ignore[no-untyped-def]
    seen: list[int | str] = []
    for status in (RELEASED, CLOSED, Campaign.Status.OPEN):
        world.campaign.status = status
        world.campaign.save(update_fields=["status"])
        response = api_as(people[who]).get(summary_url(world.campaign))
        if response.status_code != 200:
            seen.append(response.status_code)
        else:
            seen.append("full" if response.json()["participants"] is not None else "aggregates")
    assert tuple(seen) == SUMMARY_MATRIX[who]


def test_report_api_returns_the_report(api_as, world: World) -> None:  # type: ignore[no-untyped-def]
    subject = world.subjects[0]
    response = api_as(subject.user).get(report_url(world.campaign, subject))
    assert response.status_code == 200
    body = response.json()
    assert body["participant"]["id"] == subject.pk
    assert [row["code"] for row in body["dimensions"]] == ["A", "B"]
    assert len(body["items"]) == 3
    assert body["groups"]["peer"]["reportable"] is True


def test_report_api_404_for_someone_not_rated_in_the_campaign(api_as, world: World) -> None:  # type: ignore[no-untyped-def]
    trainer = _user(TRAINERS_GROUP)
    world.campaign.cohort.trainers.add(trainer)
    outsider = factories.ParticipantFactory()
    assert api_as(trainer).get(report_url(world.campaign, outsider)).status_code == 404
    unknown = api_as(trainer).get(f"/api/v1/campaigns/{world.campaign.pk}/reports/999999/")
    assert unknown.status_code == 404
    assert set(unknown.json()) == {"detail"}
    assert (
        api_as(trainer).get(f"/api/v1/campaigns/999999/reports/{outsider.pk}/").status_code == 404
    )


def test_summary_api_payload_for_hr_has_no_participant_rows(api_as, world: World) -> None:  # type: ignore[no-untyped-def]
    body = api_as(_user(HR_GROUP)).get(summary_url(world.campaign)).json()
    assert body["participants"] is None
    assert body["dimensions"][0]["class"]["n"] == 3
    assert set(body["response_rates"]) == {"self", "manager", "peer", "direct_report", "other"}
    assert str(world.subjects[0].name) not in str(body)


def test_my_reports_lists_released_campaigns_of_mine_only(api_as, world: World) -> None:  # type: ignore[no-untyped-def]
    subject = world.subjects[0]
    closed = world.another_campaign(status=CLOSED)
    world.rate(subject, "manager", [3] * len(world.items), campaign=closed)
    someone_elses = world.another_campaign(status=RELEASED)
    world.rate(world.subjects[1], "manager", [3] * len(world.items), campaign=someone_elses)
    response = api_as(subject.user).get("/api/v1/me/reports/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    (row,) = body["results"]
    assert row["campaign_id"] == world.campaign.pk
    assert row["participant_id"] == subject.pk
    assert row["url"].endswith(report_url(world.campaign, subject))
    # and the link works for them
    assert api_as(subject.user).get(row["url"]).status_code == 200


def test_my_reports_is_empty_for_a_user_without_a_profile(api_as) -> None:  # type: ignore[no-untyped-def]
    body = api_as(_user(HR_GROUP)).get("/api/v1/me/reports/").json()
    assert body == {"count": 0, "next": None, "previous": None, "results": []}


def _sized(subjects: int, panel: dict[str, int]) -> tuple[World, User, User]:
    world = build_campaign(items=[3, 2], status=RELEASED)
    populate(world, subjects=subjects, panel=panel)
    trainer = _user(TRAINERS_GROUP)
    world.campaign.cohort.trainers.add(trainer)
    participant = world.subjects[0]
    participant.user = factories.UserFactory()
    participant.save(update_fields=["user"])
    # a few released campaigns to list in My reports
    for _ in range(subjects // 3):
        campaign = world.another_campaign(status=RELEASED)
        world.rate(participant, "manager", [4] * len(world.items), campaign=campaign)
    return world, trainer, participant.user


def test_report_api_query_counts_are_constant(api_as) -> None:  # type: ignore[no-untyped-def]
    sizes = [
        _sized(3, {"self": 1, "manager": 1, "peer": 3}),
        _sized(12, {"self": 1, "manager": 1, "peer": 6, "direct_report": 4, "other": 2}),
    ]
    per_endpoint: dict[str, list[int]] = {"report": [], "summary": [], "mine": []}
    for world, trainer, participant_user in sizes:
        for name, user, url in (
            ("report", trainer, report_url(world.campaign, world.subjects[0])),
            ("summary", trainer, summary_url(world.campaign)),
            ("mine", participant_user, "/api/v1/me/reports/"),
        ):
            client = api_as(user)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200, (name, response.content)
            per_endpoint[name].append(len(queries))
    for name, counts in per_endpoint.items():
        assert counts[0] == counts[1], (name, counts)


def _json_schema(node: Any) -> Any:
    """OpenAPI 3.0 → JSON Schema: `nullable` becomes a null type; objects admit no extra key."""
    if isinstance(node, list):
        return [_json_schema(child) for child in node]
    if not isinstance(node, dict):
        return node
    converted = {key: _json_schema(value) for key, value in node.items() if key != "nullable"}
    if "properties" in converted and "additionalProperties" not in converted:
        converted["additionalProperties"] = False
    if node.get("nullable"):
        return {"anyOf": [converted, {"type": "null"}]}
    return converted


def _conforms(body: Any, component: str) -> None:
    from drf_spectacular.generators import SchemaGenerator
    from jsonschema import Draft202012Validator

    document = _json_schema(SchemaGenerator().get_schema(request=None, public=True))
    schema = {"components": document["components"], "$ref": f"#/components/schemas/{component}"}
    errors = [error.message for error in Draft202012Validator(schema).iter_errors(body)]
    assert errors == []


def test_report_and_summary_bodies_match_the_openapi_schema(api_as, world: World) -> None:  # type: ignore[no-untyped-def]
    trainer = _user(TRAINERS_GROUP)
    world.campaign.cohort.trainers.add(trainer)
    subject = world.subjects[0]
    _conforms(api_as(trainer).get(report_url(world.campaign, subject)).json(), "ReportOut")
    _conforms(api_as(trainer).get(summary_url(world.campaign)).json(), "SummaryOut")
    _conforms(api_as(_user(HR_GROUP)).get(summary_url(world.campaign)).json(), "SummaryOut")
    mine = api_as(subject.user).get("/api/v1/me/reports/").json()["results"]
    _conforms(mine[0], "MyReportOut")
