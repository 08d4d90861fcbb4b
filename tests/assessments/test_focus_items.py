"""Report → plan: activities marked "focus on this", goals of 1 to 3 items of one dimension."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from assessments.models import FocusItem, Goal
from assessments.services.action_plans import (
    MAX_FOCUS_ITEMS,
    GoalInput,
    action_plan_save,
    focus_item_set,
)
from assessments.services.plan_reviews import review_add
from tests import factories
from tests.assessments.report_ui_world import ReportWorld

pytestmark = pytest.mark.django_db

DUE = dt.date(2025, 9, 30)


def goal(items: tuple[int, ...], **changes: object) -> GoalInput:
    values: dict[str, object] = {
        "item_ids": items,
        "title": "理解客户战略",
        "actions": "每月拜访一次客户高层",
        "measure": "客户战略地图获得认可",
        "due_on": DUE,
    }
    values.update(changes)
    return GoalInput(**values)  # type: ignore[arg-type]


def save(world: ReportWorld, goals: list[GoalInput]):  # type: ignore[no-untyped-def]
    return action_plan_save(
        participant=world.subject, campaign=world.campaign, goals=goals, by=world.subject.user
    )


def focus(world: ReportWorld, item_id: int, on: bool = True) -> bool:
    return focus_item_set(
        participant=world.subject,
        campaign=world.campaign,
        item_id=item_id,
        focus=on,
        by=world.subject.user,
    )


# Goals carry their items


def test_a_goal_takes_its_dimension_from_its_items(world: ReportWorld) -> None:
    items = world.world.item_ids(1, n=1)

    plan = save(world, [goal(items)])

    saved = plan.goals.get()
    assert saved.dimension_id == world.world.dimensions[1].pk
    assert [item.pk for item in saved.items.all()] == list(items)


@pytest.mark.parametrize("count", [0, 4])
def test_a_goal_has_one_to_three_items(count: int) -> None:
    world_ = _world_with_items([4, 1])
    items = world_.world.item_ids(0, n=4)[:count]

    with pytest.raises(ValidationError, match="1 to 3 key business activities"):
        save(world_, [goal(items)])

    save(world_, [goal(world_.world.item_ids(0, n=3))])  # three is fine
    assert Goal.objects.get().items.count() == 3


def test_items_of_two_dimensions_are_refused(world: ReportWorld) -> None:
    items = world.world.item_ids(0) + world.world.item_ids(1)

    with pytest.raises(ValidationError, match="belong to one dimension"):
        save(world, [goal(items)])
    assert not Goal.objects.exists()


def test_a_dimension_that_is_not_the_items_is_refused(world: ReportWorld) -> None:
    with pytest.raises(ValidationError, match="not of the goal's dimension"):
        save(world, [goal(world.world.item_ids(0), dimension_id=world.world.dimensions[1].pk)])


def test_an_edit_keeps_the_goal_its_reviews_and_its_items(world: ReportWorld) -> None:
    # given a goal with a review
    plan = save(world, [goal(world.world.item_ids(0))])
    first = plan.goals.get()
    review_add(plan=plan, goal=first, progress=20, by=world.subject.user)
    # when the participant rewrites it and adds another goal
    save(
        world,
        [
            goal(world.world.item_ids(0, n=2), goal_id=first.pk, title="改写的目标"),
            goal(world.world.item_ids(1), title="新目标"),
        ],
    )
    # then the first goal is the same row, reviewed, with its new items
    first.refresh_from_db()
    assert first.title == "改写的目标"
    assert first.reviews.count() == 1
    assert first.items.count() == 2
    assert plan.goals.count() == 2


def test_a_reviewed_goal_cannot_be_dropped(world: ReportWorld) -> None:
    plan = save(world, [goal(world.world.item_ids(0))])
    kept = plan.goals.get()
    review_add(plan=plan, goal=kept, progress=20, by=world.subject.user)

    with pytest.raises(ValidationError, match="has reviews"):
        save(world, [goal(world.world.item_ids(1), title="另一个目标")])
    assert list(plan.goals.all()) == [kept]


def test_a_goal_of_another_participant_cannot_be_rewritten(world: ReportWorld) -> None:
    # given the other participant's goal
    other = action_plan_save(
        participant=world.other_subject,
        campaign=world.campaign,
        goals=[goal(world.world.item_ids(0), title="李明的目标")],
        by=world.other_subject.user,
    ).goals.get()
    # when 吴迪 names it in their plan
    with pytest.raises(ValidationError, match="reload the page"):
        save(world, [goal(world.world.item_ids(0), goal_id=other.pk, title="偷来的")])
    # then it is untouched
    other.refresh_from_db()
    assert other.title == "李明的目标"


def test_a_participant_cannot_write_or_review_another_participants_plan(
    world: ReportWorld,
) -> None:
    other_plan = action_plan_save(
        participant=world.other_subject,
        campaign=world.campaign,
        goals=[goal(world.world.item_ids(0))],
        by=world.other_subject.user,
    )

    with pytest.raises(PermissionDenied):
        action_plan_save(
            participant=world.other_subject,
            campaign=world.campaign,
            goals=[goal(world.world.item_ids(0))],
            by=world.subject.user,
        )
    with pytest.raises(PermissionDenied):
        review_add(plan=other_plan, progress=50, by=world.subject.user)
    with pytest.raises(PermissionDenied):
        focus_item_set(
            participant=world.other_subject,
            campaign=world.campaign,
            item_id=world.world.items[0].pk,
            focus=True,
            by=world.subject.user,
        )


# Focus items


def test_focus_marks_and_unmarks_an_item_once(world: ReportWorld) -> None:
    item = world.world.items[0].pk

    assert focus(world, item) is True
    assert focus(world, item) is True  # twice is once
    assert FocusItem.objects.filter(participant=world.subject).count() == 1
    assert focus(world, item, on=False) is False
    assert not FocusItem.objects.exists()


def test_focus_refuses_an_item_of_another_framework(world: ReportWorld) -> None:
    with pytest.raises(ValidationError, match="activity of this report"):
        focus(world, factories.ItemFactory().pk)


def test_focus_has_a_limit() -> None:
    world_ = _world_with_items([MAX_FOCUS_ITEMS, 1])
    for item in world_.world.items[:MAX_FOCUS_ITEMS]:
        focus(world_, item.pk)

    with pytest.raises(ValidationError, match="at most"):
        focus(world_, world_.world.items[-1].pk)


def test_the_report_page_marks_focus_without_javascript(client: Client, world: ReportWorld) -> None:
    # given
    client.force_login(world.subject.user)
    item = world.world.items[0]
    report_url = reverse("assessments:me-report", args=[world.campaign.pk])
    # when the participant presses "Focus on this" (a plain form post)
    response = client.post(
        reverse("assessments:me-focus-item", args=[world.campaign.pk, item.pk]), {"focus": "1"}
    )
    # then they come back to the item, now marked
    assert response.status_code == 302
    assert response["Location"] == f"{report_url}#item-{item.pk}"
    page = client.get(report_url).content.decode()
    assert page.count("In my focus ✓") == 1
    assert page.count("Focus on this</button>") == len(world.world.items) - 1


def test_the_plan_form_opens_with_the_focus_items(client: Client, world: ReportWorld) -> None:
    # given two items of one dimension and one of another marked on the report
    first, second = world.world.item_ids(0, n=2)
    third = world.world.item_ids(1)[0]
    for item in (first, second, third):
        focus(world, item)
    client.force_login(world.subject.user)
    # when the participant opens the plan
    response = client.get(reverse("assessments:me-action-plan", args=[world.campaign.pk]))
    # then one goal row per dimension holds its items
    formset = response.context["formset"]
    assert formset.forms[0].initial["items"] == [first, second]
    assert formset.forms[1].initial["items"] == [third]
    assert "(my focus)" in response.content.decode()


def test_the_trainer_report_and_the_pdf_have_no_focus_buttons(
    client: Client, world: ReportWorld
) -> None:
    client.force_login(world.trainer)

    page = client.get(
        reverse("assessments:trainer-report", args=[world.campaign.pk, world.subject.pk])
    ).content.decode()

    assert "focus-form" not in page


def test_the_api_marks_focus_and_shows_the_items_of_goals(api_as, world: ReportWorld) -> None:
    # given
    client = api_as(world.subject.user)
    base = f"/api/v1/me/action-plans/{world.campaign.pk}/"
    item = world.world.item_ids(0)[0]
    # when
    marked = client.put(f"{base}focus/{item}/")
    plan = client.put(
        base,
        {
            "goals": [
                {
                    "items": [item],
                    "title": "目标",
                    "actions": "行动",
                    "measure": "衡量",
                    "due_on": "2025-10-31",
                }
            ]
        },
        format="json",
    )
    wrong = client.put(
        base,
        {
            "goals": [
                {
                    "items": [item, world.world.item_ids(1)[0]],
                    "title": "目标",
                    "actions": "行动",
                    "measure": "衡量",
                    "due_on": "2025-10-31",
                }
            ]
        },
        format="json",
    )
    listed = client.get(f"{base}focus/")
    unmarked = client.delete(f"{base}focus/{item}/")
    # then
    assert marked.json()["id"] == item
    assert [row["id"] for row in listed.json()["results"]] == [item]
    body = plan.json()
    assert [row["id"] for row in body["goals"][0]["items"]] == [item]
    assert body["goals"][0]["dimension"]["code"] == world.world.dimensions[0].code
    assert [row["id"] for row in body["focus_items"]] == [item]
    assert wrong.status_code == 400
    assert unmarked.status_code == 204
    assert client.get(f"{base}focus/").json()["count"] == 0
    assert [row["id"] for row in client.get(base).json()["goals"][0]["items"]] == [item]


def _world_with_items(items: list[int]) -> ReportWorld:
    from tests.assessments.report_ui_world import released_world

    return released_world(items=items)


def test_the_next_reports_change_section_shows_the_previous_goals_with_their_items(
    client: Client, world: ReportWorld
) -> None:
    # given a plan after the first report, with one goal on two items
    items = world.world.item_ids(0, n=2)
    save(world, [goal(items, title="先理解客户战略")])
    # when the participant is assessed again on the same framework
    later = world.world.another_campaign(status="released")
    later.closes_at = world.campaign.closes_at.replace(year=2028)
    later.save(update_fields=["closes_at"])
    for group, times, base in (("self", 1, 5), ("manager", 1, 4), ("peer", 3, 4)):
        world.world.rate(
            world.subject, group, [base] * len(world.world.items), times=times, campaign=later
        )
    client.force_login(world.subject.user)
    html = client.get(reverse("assessments:me-report", args=[later.pk])).content.decode()
    # then the change section names the goal and each of its items
    change = html[html.index('id="change"') :]
    assert "The goals of the previous action plan" in change
    assert "先理解客户战略" in change
    for item in world.world.items[:2]:
        assert str(item) in change


def test_the_page_rewrites_a_goal_in_place_and_removes_another(
    client: Client, world: ReportWorld
) -> None:
    # given two goals
    plan = save(
        world,
        [goal(world.world.item_ids(0), title="留下"), goal(world.world.item_ids(1), title="删掉")],
    )
    kept, dropped = plan.goals.all()
    client.force_login(world.subject.user)
    data = {
        "goal-TOTAL_FORMS": "2",
        "goal-INITIAL_FORMS": "0",
        "goal-MIN_NUM_FORMS": "0",
        "goal-MAX_NUM_FORMS": "5",
    }
    for index, (row, title) in enumerate(((kept, "留下并改写"), (dropped, "删掉"))):
        data |= {
            f"goal-{index}-goal_id": str(row.pk),
            f"goal-{index}-items": [str(item.pk) for item in row.items.all()],
            f"goal-{index}-title": title,
            f"goal-{index}-actions": "行动",
            f"goal-{index}-measure": "衡量",
            f"goal-{index}-due_on": "2025-09-30",
        }
    data["goal-1-DELETE"] = "on"
    # when
    response = client.post(reverse("assessments:me-action-plan", args=[world.campaign.pk]), data)
    # then
    assert response.status_code == 302
    assert list(plan.goals.values_list("pk", "title")) == [(kept.pk, "留下并改写")]
