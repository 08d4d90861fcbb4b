"""Action plan API: the participant writes and reviews; the cohort's trainers read and comment."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import ActionPlan
from assessments.services.action_plans import GoalInput, action_plan_save
from tests.assessments.report_ui_world import ReportWorld, released_world

pytestmark = pytest.mark.django_db


def me_url(world: ReportWorld, suffix: str = "") -> str:
    return f"/api/v1/me/action-plans/{world.campaign.pk}/{suffix}"


def goals_payload(world: ReportWorld, count: int = 2) -> dict:
    return {
        "goals": [
            {
                "items": list(world.world.item_ids(i % 2)),
                "title": f"目标 {i + 1}",
                "actions": "行动",
                "measure": "衡量",
                "due_on": "2025-10-31",
            }
            for i in range(count)
        ]
    }


def test_get_before_writing_returns_an_empty_plan(api_as, world: ReportWorld) -> None:
    response = api_as(world.subject.user).get(me_url(world))

    assert response.status_code == 200
    body = response.json()
    assert body["id"] is None
    assert body["goals"] == []
    assert body["participant"]["name"] == "吴迪"


def test_put_writes_the_goals_and_get_reads_them_back(api_as, world: ReportWorld) -> None:
    client = api_as(world.subject.user)

    response = client.put(me_url(world), goals_payload(world), format="json")

    assert response.status_code == 200, response.json()
    body = client.get(me_url(world)).json()
    assert [g["title"] for g in body["goals"]] == ["目标 1", "目标 2"]
    assert body["goals"][0]["dimension"]["code"] == world.world.dimensions[0].code
    assert body["goals"][0]["due_on"] == "2025-10-31"


@pytest.mark.parametrize("count", [0, 6])
def test_put_refuses_a_wrong_number_of_goals(api_as, world: ReportWorld, count: int) -> None:
    response = api_as(world.subject.user).put(
        me_url(world), goals_payload(world, count), format="json"
    )

    assert response.status_code == 400
    assert "goals" in response.json()
    assert not ActionPlan.objects.exists()


def test_put_refuses_a_due_date_before_the_release(api_as, world: ReportWorld) -> None:
    payload = goals_payload(world, 1)
    payload["goals"][0]["due_on"] = "2025-01-01"

    response = api_as(world.subject.user).put(me_url(world), payload, format="json")

    assert response.status_code == 400
    assert "release" in str(response.json()["goals"])


def test_put_refuses_a_missing_field(api_as, world: ReportWorld) -> None:
    payload = goals_payload(world, 1)
    del payload["goals"][0]["measure"]

    response = api_as(world.subject.user).put(me_url(world), payload, format="json")

    assert response.status_code == 400


def test_review_needs_a_plan_first(api_as, world: ReportWorld) -> None:
    response = api_as(world.subject.user).post(
        me_url(world, "reviews/"), {"reviewed_on": "2025-04-01", "progress": 20}, format="json"
    )

    assert response.status_code == 400
    assert "detail" in response.json()


def test_reviews_and_comments_are_logged_and_listed(api_as, world: ReportWorld) -> None:
    # given
    client = api_as(world.subject.user)
    goals = client.put(me_url(world), goals_payload(world), format="json").json()["goals"]
    # when
    review = client.post(
        me_url(world, "reviews/"),
        {"goal": goals[1]["id"], "reviewed_on": "2025-04-01", "progress": 20, "note": "开始执行"},
        format="json",
    )
    comment = client.post(me_url(world, "comments/"), {"text": "请教练指导"}, format="json")
    bad = client.post(
        me_url(world, "reviews/"), {"reviewed_on": "2025-04-01", "progress": 120}, format="json"
    )
    # then
    assert review.status_code == 201
    assert comment.status_code == 201
    assert comment.json()["author_role"] == "participant"
    assert bad.status_code == 400
    body = client.get(me_url(world)).json()
    assert [(r["goal"], r["progress"]) for r in body["reviews"]] == [(goals[1]["id"], 20)]
    assert [c["text"] for c in body["comments"]] == ["请教练指导"]


def test_trainer_lists_reads_and_comments_on_the_cohorts_plans(api_as, world: ReportWorld) -> None:
    # given
    action_plan_save(
        participant=world.subject,
        campaign=world.campaign,
        goals=[
            GoalInput(
                item_ids=world.world.item_ids(0),
                title="目标",
                actions="行动",
                measure="衡量",
                due_on=dt.date(2025, 10, 1),
            )
        ],
        by=world.subject.user,
    )
    client = api_as(world.trainer)
    base = f"/api/v1/campaigns/{world.campaign.pk}/action-plans/"
    # when
    listing = client.get(base)
    detail = client.get(f"{base}{world.subject.pk}/")
    comment = client.post(f"{base}{world.subject.pk}/comments/", {"text": "很好"}, format="json")
    missing = client.get(f"{base}{world.other_subject.pk}/")
    # then
    assert listing.status_code == 200
    assert listing.json()["count"] == 1
    assert listing.json()["results"][0]["participant"]["id"] == world.subject.pk
    assert detail.status_code == 200
    assert comment.status_code == 201
    assert comment.json()["author_role"] == "trainer"
    assert missing.status_code == 404


def test_trainer_list_query_count_is_constant(api_as) -> None:
    counts = []
    for size in (2, 6):
        world = released_world(participants=size)
        for participant in world.world.subjects:
            if participant.user is None:
                continue
            action_plan_save(
                participant=participant,
                campaign=world.campaign,
                goals=[
                    GoalInput(
                        item_ids=world.world.item_ids(0),
                        title="目标",
                        actions="行动",
                        measure="衡量",
                        due_on=dt.date(2025, 10, 1),
                    )
                ],
                by=participant.user,
            )
        client = api_as(world.trainer)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/api/v1/campaigns/{world.campaign.pk}/action-plans/").status_code
        counts.append(len(queries))

    assert counts[0] == counts[1]
