"""Action plans: goals saved atomically under the rules, comments, regular reviews, the pages."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.models import ActionPlan, ActionPlanComment, Campaign, Goal, Review
from assessments.selectors.action_plans import action_plan_get, action_plan_history
from assessments.services.action_plans import (
    GoalInput,
    action_plan_comment_add,
    action_plan_save,
)
from assessments.services.plan_reviews import review_add
from tests import factories
from tests.assessments.report_ui_world import RELEASED_AT, ReportWorld, released_world

pytestmark = pytest.mark.django_db

DUE = dt.date(2025, 9, 30)


def goal(world: ReportWorld, index: int = 0, **changes: object) -> GoalInput:
    values: dict[str, object] = {
        "item_ids": world.world.item_ids(index % len(world.world.dimensions)),
        "title": f"目标 {index + 1}",
        "actions": "每月拜访一次客户高层",
        "measure": "客户战略地图获得认可",
        "due_on": DUE,
    }
    values.update(changes)
    return GoalInput(**values)  # type: ignore[arg-type]


def save(world: ReportWorld, goals: list[GoalInput]) -> ActionPlan:
    return action_plan_save(
        participant=world.subject, campaign=world.campaign, goals=goals, by=world.subject.user
    )


def test_save_creates_the_plan_with_its_goals_in_order(world: ReportWorld) -> None:
    plan = save(world, [goal(world, 0), goal(world, 1)])

    assert [(g.order, g.title) for g in plan.goals.order_by("order")] == [
        (1, "目标 1"),
        (2, "目标 2"),
    ]


def test_save_replaces_every_goal_at_once(world: ReportWorld) -> None:
    # given
    plan = save(world, [goal(world, 0), goal(world, 1), goal(world, 2)])
    # when
    again = save(world, [goal(world, 4, title="唯一目标")])
    # then
    assert again.pk == plan.pk
    assert list(Goal.objects.filter(plan=plan).values_list("title", flat=True)) == ["唯一目标"]


@pytest.mark.parametrize("count", [0, 6])
def test_save_refuses_fewer_than_one_or_more_than_five_goals(world: ReportWorld, count) -> None:
    with pytest.raises(ValidationError, match="between 1 and 5 goals"):
        save(world, [goal(world, i) for i in range(count)])

    assert not ActionPlan.objects.exists()


def test_a_refused_save_keeps_the_previous_goals(world: ReportWorld) -> None:
    plan = save(world, [goal(world, 0)])

    with pytest.raises(ValidationError):
        save(world, [goal(world, 0, title="新目标"), goal(world, 1, measure="  ")])

    assert list(plan.goals.values_list("title", flat=True)) == ["目标 1"]


def test_save_refuses_an_item_of_another_framework(world: ReportWorld) -> None:
    foreign = factories.ItemFactory()

    with pytest.raises(ValidationError, match="activities of this campaign's framework"):
        save(world, [goal(world, item_ids=(foreign.pk,))])


def test_save_refuses_a_due_date_before_the_release(world: ReportWorld) -> None:
    released_on = RELEASED_AT.date()  # 10:00 in Shanghai, same day

    with pytest.raises(ValidationError, match="before the report's release"):
        save(world, [goal(world, due_on=released_on - dt.timedelta(days=1))])
    save(world, [goal(world, due_on=released_on)])  # the day itself is fine


def test_save_refuses_before_the_report_is_released() -> None:
    world = released_world(status=Campaign.Status.CLOSED)

    with pytest.raises(ValidationError, match="once the report is released"):
        save(world, [goal(world)])


def test_only_the_participant_writes_their_plan(world: ReportWorld) -> None:
    with pytest.raises(PermissionDenied):
        action_plan_save(
            participant=world.subject,
            campaign=world.campaign,
            goals=[goal(world)],
            by=world.trainer,
        )


def test_trainer_and_participant_comment_strangers_do_not(world: ReportWorld) -> None:
    plan = save(world, [goal(world)])

    action_plan_comment_add(plan=plan, by=world.trainer, text="目标清晰,衡量标准可以更具体。")
    action_plan_comment_add(plan=plan, by=world.subject.user, text="好的,我会补充。")
    for stranger in (world.users["trainer_other"], world.users["hr"], world.other_subject.user):
        with pytest.raises(PermissionDenied):
            action_plan_comment_add(plan=plan, by=stranger, text="?")

    assert ActionPlanComment.objects.filter(plan=plan).count() == 2


def test_an_empty_comment_is_refused(world: ReportWorld) -> None:
    plan = save(world, [goal(world)])

    with pytest.raises(ValidationError, match="Write a comment"):
        action_plan_comment_add(plan=plan, by=world.trainer, text="   ")


def test_review_logs_progress_and_the_history_lists_everything_in_order(
    world: ReportWorld,
) -> None:
    # given
    plan = save(world, [goal(world)])
    action_plan_comment_add(plan=plan, by=world.trainer, text="先从S开始。")
    # when
    review_add(
        plan=plan,
        reviewed_on=dt.date(2025, 4, 10),
        progress=30,
        note="已拜访两次",
        by=world.subject.user,
    )
    review_add(
        plan=plan, reviewed_on=dt.date(2025, 5, 10), progress=55, note="", by=world.subject.user
    )
    # then
    history = action_plan_history(
        plan=action_plan_get(participant=world.subject, campaign=world.campaign)
    )
    assert [entry.kind for entry in history] == ["comment", "review", "review"]
    assert [entry.progress for entry in history if entry.kind == "review"] == [30, 55]


@pytest.mark.parametrize("progress", [-1, 101])
def test_review_progress_is_a_percentage(world: ReportWorld, progress: int) -> None:
    plan = save(world, [goal(world)])

    with pytest.raises(ValidationError, match="0 to 100"):
        review_add(
            plan=plan,
            reviewed_on=dt.date(2025, 4, 1),
            progress=progress,
            note="",
            by=world.subject.user,
        )


def test_review_cannot_be_dated_before_the_release_or_in_the_future(world: ReportWorld) -> None:
    plan = save(world, [goal(world)])

    with pytest.raises(ValidationError, match="before the report's release"):
        review_add(
            plan=plan, reviewed_on=dt.date(2025, 3, 1), progress=10, note="", by=world.subject.user
        )
    with pytest.raises(ValidationError, match="in the future"):
        review_add(
            plan=plan,
            reviewed_on=timezone.localdate() + dt.timedelta(days=400),
            progress=10,
            note="",
            by=world.subject.user,
        )
    assert not Review.objects.exists()


def test_only_the_participant_logs_reviews(world: ReportWorld) -> None:
    plan = save(world, [goal(world)])

    with pytest.raises(PermissionDenied):
        review_add(
            plan=plan, reviewed_on=dt.date(2025, 4, 1), progress=10, note="", by=world.trainer
        )


# Pages


def goal_post(world: ReportWorld, rows: list[dict[str, str]]) -> dict[str, str]:
    data = {
        "goal-TOTAL_FORMS": "5",
        "goal-INITIAL_FORMS": "0",
        "goal-MIN_NUM_FORMS": "0",
        "goal-MAX_NUM_FORMS": "5",
    }
    for index in range(5):
        row = rows[index] if index < len(rows) else {}
        for name in ("title", "actions", "measure", "due_on"):
            data[f"goal-{index}-{name}"] = row.get(name, "")
        if row.get("items"):
            data[f"goal-{index}-items"] = row["items"]
    return data


def test_participant_writes_the_plan_on_the_page(client: Client, world: ReportWorld) -> None:
    # given
    client.force_login(world.subject.user)
    url = reverse("assessments:me-action-plan", args=[world.campaign.pk])
    row = {
        "items": [str(pk) for pk in world.world.item_ids(0)],
        "title": "理解客户战略",
        "actions": "客户高层拜访",
        "measure": "战略地图",
        "due_on": "2025-09-30",
    }
    # when two rows are filled and three left blank
    response = client.post(url, goal_post(world, [row, {**row, "title": "建立长效机制"}]))
    # then
    assert response.status_code == 302
    plan = ActionPlan.objects.get(participant=world.subject, campaign=world.campaign)
    assert list(plan.goals.values_list("title", flat=True)) == ["理解客户战略", "建立长效机制"]
    page = client.get(url).content.decode()
    assert "理解客户战略" in page
    assert "Log a review" in page


def test_page_shows_the_rule_broken(client: Client, world: ReportWorld) -> None:
    client.force_login(world.subject.user)
    url = reverse("assessments:me-action-plan", args=[world.campaign.pk])
    row = {
        "items": [str(pk) for pk in world.world.item_ids(0)],
        "title": "目标",
        "actions": "行动",
        "measure": "衡量",
        "due_on": "2025-01-01",
    }

    response = client.post(url, goal_post(world, [row]))

    assert response.status_code == 200
    assert "before the report&#x27;s release" in response.content.decode()
    assert not ActionPlan.objects.exists()


def test_page_with_no_goal_filled_asks_for_one(client: Client, world: ReportWorld) -> None:
    client.force_login(world.subject.user)
    url = reverse("assessments:me-action-plan", args=[world.campaign.pk])

    response = client.post(url, goal_post(world, []))

    assert "between 1 and 5 goals" in response.content.decode()


def test_review_and_comments_on_the_pages(client: Client, world: ReportWorld) -> None:
    # given a plan
    save(world, [goal(world)])
    client.force_login(world.subject.user)
    # when the participant logs a review, and the trainer comments
    client.post(
        reverse("assessments:me-action-plan-review", args=[world.campaign.pk]),
        {
            "goal": str(Goal.objects.get().pk),
            "reviewed_on": "2025-04-15",
            "progress": "40",
            "note": "进展顺利",
        },
    )
    client.force_login(world.trainer)
    trainer_url = reverse(
        "assessments:trainer-action-plan", args=[world.campaign.pk, world.subject.pk]
    )
    client.post(
        reverse(
            "assessments:trainer-action-plan-comment", args=[world.campaign.pk, world.subject.pk]
        ),
        {"text": "很好,继续保持。"},
    )
    # then both see the history
    trainer_page = client.get(trainer_url).content.decode()
    client.force_login(world.subject.user)
    own_page = client.get(
        reverse("assessments:me-action-plan", args=[world.campaign.pk])
    ).content.decode()
    for page in (trainer_page, own_page):
        assert "进展顺利" in page
        assert "progress 40 %" in page
        assert "很好,继续保持。" in page


def test_trainer_page_before_any_plan(client: Client, world: ReportWorld) -> None:
    client.force_login(world.trainer)

    page = client.get(
        reverse("assessments:trainer-action-plan", args=[world.campaign.pk, world.subject.pk])
    ).content.decode()

    assert "has not written an action plan" in page
