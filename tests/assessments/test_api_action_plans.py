"""Action plan API: the participant writes and reviews; the cohort's trainers read and comment."""

import datetime as dt
from typing import Any

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


# The permission matrix: every route of the action-plan API, for every role, beside the pages.

ROLES = (
    "anonymous",
    "participant_own",
    "participant_other",
    "trainer_own",
    "trainer_other",
    "hr",
)
# The "me" routes name no participant: each participant reaches their own plan, nobody else's.
MINE = {"participant_own": 200, "participant_other": 200}
TRAINER = {"trainer_own": 200}


def _plans_for_both(world: ReportWorld) -> None:
    for participant in (world.subject, world.other_subject):
        action_plan_save(
            participant=participant,
            campaign=world.campaign,
            goals=[
                GoalInput(
                    item_ids=world.world.item_ids(0),
                    title=f"目标 {participant.name}",
                    actions="行动",
                    measure="衡量",
                    due_on=dt.date(2025, 10, 1),
                )
            ],
            by=participant.user,
        )


def _trainer_url(world: ReportWorld, suffix: str = "") -> str:
    return f"/api/v1/campaigns/{world.campaign.pk}/action-plans/{world.subject.pk}/{suffix}"


def _item(world: ReportWorld) -> int:
    return world.world.item_ids(0)[0]


Route = tuple[str, Any, Any, dict[str, int]]
ROUTES: dict[str, Route] = {
    "read mine": ("get", lambda w: me_url(w), None, MINE),
    "write mine": ("put", lambda w: me_url(w), lambda w: goals_payload(w, 1), MINE),
    "review mine": (
        "post",
        lambda w: me_url(w, "reviews/"),
        lambda w: {"progress": 30, "note": "进展"},
        {"participant_own": 201, "participant_other": 201},
    ),
    "answer on mine": (
        "post",
        lambda w: me_url(w, "comments/"),
        lambda w: {"text": "谢谢"},
        {"participant_own": 201, "participant_other": 201},
    ),
    "list my focus": ("get", lambda w: me_url(w, "focus/"), None, MINE),
    "mark a focus": ("put", lambda w: me_url(w, f"focus/{_item(w)}/"), None, MINE),
    "unmark a focus": (
        "delete",
        lambda w: me_url(w, f"focus/{_item(w)}/"),
        None,
        {"participant_own": 204, "participant_other": 204},
    ),
    "cohort cadence": (
        "put",
        lambda w: f"/api/v1/campaigns/{w.campaign.pk}/review-cadence/",
        lambda w: {"every_weeks": 3},
        TRAINER,
    ),
    "plan cadence": (
        "put",
        lambda w: _trainer_url(w, "cadence/"),
        lambda w: {"every_weeks": 2},
        TRAINER,
    ),
    "list plans": (
        "get",
        lambda w: f"/api/v1/campaigns/{w.campaign.pk}/action-plans/",
        None,
        TRAINER,
    ),
    "read a plan": ("get", lambda w: _trainer_url(w), None, TRAINER),
    "comment on a plan": (
        "post",
        lambda w: _trainer_url(w, "comments/"),
        lambda w: {"text": "很好"},
        {"trainer_own": 201},
    ),
}


def _wudis_plan(world: ReportWorld) -> list[Any]:
    from assessments.models import ActionPlanComment, FocusItem, ReviewCadence

    plan = ActionPlan.objects.get(participant=world.subject, campaign=world.campaign)
    return [
        list(plan.goals.values_list("pk", "title")),
        list(plan.reviews.values_list("pk", "progress")),
        list(ActionPlanComment.objects.filter(plan=plan).values_list("pk", "text")),
        list(FocusItem.objects.filter(participant=world.subject).values_list("item_id")),
        plan.review_every_weeks,
        list(ReviewCadence.objects.values_list("cohort_id", "every_weeks")),
    ]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", list(ROUTES))
def test_every_action_plan_route_answers_each_role(
    api_as, world: ReportWorld, route: str, role: str
) -> None:
    # given both participants' plans, 吴迪's focus on one item
    _plans_for_both(world)
    api_as(world.subject.user).put(me_url(world, f"focus/{_item(world)}/"))
    method, url, body, allowed = ROUTES[route]
    before = _wudis_plan(world)

    # when
    client = api_as(world.users[role])
    response = getattr(client, method)(url(world), body(world) if body else None, format="json")

    # then: anonymous is asked to log in; everyone else not allowed learns nothing (404)
    expected = 401 if role == "anonymous" else allowed.get(role, 404)
    assert response.status_code == expected, response.content
    if role not in ("participant_own", "trainer_own") or expected >= 400:
        assert _wudis_plan(world) == before  # 吴迪's plan is his and his trainer's only
    if role == "participant_other" and method == "get":
        assert "吴迪" not in response.content.decode()


@pytest.mark.parametrize("status", ["open", "closed", "released"])
@pytest.mark.parametrize("role", ROLES[1:])
def test_the_cohort_cadence_page_and_api_agree(
    api_as, client, world: ReportWorld, role: str, status: str
) -> None:  # type: ignore[no-untyped-def]
    # given the campaign at any status: the cadence belongs to the cohort, not to the 360
    from assessments.models import Campaign, ReviewCadence

    Campaign.objects.filter(pk=world.campaign.pk).update(status=status)
    client.force_login(world.users[role])

    page = client.post(
        f"/trainer/campaigns/{world.campaign.pk}/review-cadence/", {"every_weeks": "3"}
    )
    api = api_as(world.users[role]).put(
        f"/api/v1/campaigns/{world.campaign.pk}/review-cadence/", {"every_weeks": 5}, format="json"
    )

    allowed = role == "trainer_own"
    assert page.status_code == (302 if allowed else 404)
    assert api.status_code == (200 if allowed else 404)
    assert list(ReviewCadence.objects.values_list("every_weeks", flat=True)) == (
        [5] if allowed else []
    )


@pytest.mark.parametrize("role", ROLES[1:])
def test_the_plan_pages_open_the_same_doors(client, world: ReportWorld, role: str) -> None:  # type: ignore[no-untyped-def]
    _plans_for_both(world)
    client.force_login(world.users[role])

    mine = client.get(f"/me/action-plans/{world.campaign.pk}/")
    trainers = client.get(
        f"/trainer/campaigns/{world.campaign.pk}/participants/{world.subject.pk}/action-plan/"
    )

    assert mine.status_code == MINE.get(role, 404)
    assert trainers.status_code == TRAINER.get(role, 404)
    if role == "participant_other":
        assert "目标 吴迪" not in mine.content.decode()
