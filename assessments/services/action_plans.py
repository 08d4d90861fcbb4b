"""Writes of action plans: the goals a participant sets after reading the report, the trainer's
comments and the participant's regular reviews (seed: 定期Review)."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from assessments import plan_emails
from assessments.access import may_comment_plan, may_write_plan
from assessments.models import ActionPlan, ActionPlanComment, Campaign, FocusItem, Goal, Review
from assessments.selectors.action_plans import report_released_on
from courses.models import Item
from participants.models import Participant, User

MAX_GOALS = 5
MAX_GOAL_ITEMS = 3
MAX_FOCUS_ITEMS = MAX_GOALS * MAX_GOAL_ITEMS
MAX_COMMENT = 5000


@dataclass(frozen=True)
class GoalInput:
    """One goal as the participant writes it.

    `item_ids`: 1 to 3 key business activities of the campaign's framework, all of one
    dimension, which becomes the goal's; `dimension_id`, when given, must be that dimension.
    `goal_id` names the goal this one rewrites (its reviews and practice stay with it).
    """

    title: str
    actions: str
    measure: str
    due_on: dt.date
    item_ids: tuple[int, ...] = ()
    dimension_id: int | None = None
    goal_id: int | None = None


def _goal_errors(
    goals: Sequence[GoalInput],
    *,
    item_dimensions: dict[int, int],
    existing: set[int],
    earliest: dt.date | None,
) -> list[str]:
    errors: list[str] = []
    if not 1 <= len(goals) <= MAX_GOALS:
        errors.append(
            _("An action plan has between 1 and %(max)d goals; this one has %(n)d.")
            % {"max": MAX_GOALS, "n": len(goals)}
        )
    ids = [goal.goal_id for goal in goals if goal.goal_id is not None]
    if len(ids) != len(set(ids)) or not set(ids) <= existing:
        errors.append(_("A goal was changed in another window; reload the page and try again."))
    for number, goal in enumerate(goals, start=1):
        prefix = _("Goal %(n)d:") % {"n": number}
        items = set(goal.item_ids)
        if not 1 <= len(items) <= MAX_GOAL_ITEMS:
            errors.append(
                f"{prefix} "
                + _("choose 1 to %(max)d key business activities of the report.")
                % {"max": MAX_GOAL_ITEMS}
            )
        elif not items <= item_dimensions.keys():
            errors.append(f"{prefix} " + _("choose activities of this campaign's framework."))
        else:
            dimensions = {item_dimensions[item] for item in items}
            if len(dimensions) > 1:
                errors.append(
                    f"{prefix} " + _("the activities of one goal belong to one dimension.")
                )
            elif goal.dimension_id is not None and dimensions != {goal.dimension_id}:
                errors.append(
                    f"{prefix} " + _("the activities chosen are not of the goal's dimension.")
                )
        for value, label in (
            (goal.title, _("the goal")),
            (goal.actions, _("the actions")),
            (goal.measure, _("the measure of success")),
        ):
            if not value.strip():
                errors.append(f"{prefix} " + _("write %(what)s.") % {"what": label})
        if earliest is not None and goal.due_on < earliest:
            errors.append(
                f"{prefix} "
                + _("the due date cannot be before the report's release (%(date)s).")
                % {"date": earliest.isoformat()}
            )
    return errors


def _framework_items(campaign: Campaign) -> dict[int, int]:
    """Item id → dimension id, for every item of the campaign's framework."""
    return dict(
        Item.objects.filter(dimension__framework_id=campaign.framework_id).values_list(
            "pk", "dimension_id"
        )
    )


def _plan_locked(*, participant: Participant, campaign: Campaign) -> ActionPlan:
    # One writer at a time per plan: the row lock serialises two tabs saving together.
    plan = (
        ActionPlan.objects.select_for_update()
        .filter(participant=participant, campaign=campaign)
        .first()
    )
    if plan is not None:
        return plan
    try:
        with transaction.atomic():
            return ActionPlan.objects.create(participant=participant, campaign=campaign)
    except IntegrityError:
        return ActionPlan.objects.select_for_update().get(
            participant=participant, campaign=campaign
        )


@transaction.atomic
def action_plan_save(
    *, participant: Participant, campaign: Campaign, goals: Sequence[GoalInput], by: User
) -> ActionPlan:
    """Write the participant's plan for the campaign: every goal at once, all or nothing.

    A goal given with its `goal_id` is rewritten in place, so its reviews and the practice
    tied to it stay; a goal left out is removed, unless it has been reviewed (history).
    """
    if not may_write_plan(by, participant):
        raise PermissionDenied
    if campaign.status != Campaign.Status.RELEASED:
        raise ValidationError(_("The action plan can be written once the report is released."))
    item_dimensions = _framework_items(campaign)
    plan = _plan_locked(participant=participant, campaign=campaign)
    current = {goal.pk: goal for goal in plan.goals.select_for_update()}
    errors = _goal_errors(
        goals,
        item_dimensions=item_dimensions,
        existing=set(current),
        earliest=report_released_on(campaign=campaign),
    )
    kept = {goal.goal_id for goal in goals if goal.goal_id is not None}
    dropped = [goal for pk, goal in current.items() if pk not in kept]
    reviewed = set(
        Review.objects.filter(goal__in=dropped).values_list("goal_id", flat=True).distinct()
    )
    for goal in dropped:
        if goal.pk in reviewed:
            errors.append(
                _("“%(goal)s” has reviews, so it stays in the plan; change it instead.")
                % {"goal": goal.title}
            )
    if errors:
        raise ValidationError({"goals": errors})
    Goal.objects.filter(pk__in=[goal.pk for goal in dropped]).delete()
    for order, data in enumerate(goals, start=1):
        row = current[data.goal_id] if data.goal_id is not None else Goal(plan=plan)
        row.dimension_id = item_dimensions[data.item_ids[0]]
        row.order = order
        row.title = data.title.strip()
        row.actions = data.actions.strip()
        row.measure = data.measure.strip()
        row.due_on = data.due_on
        row.full_clean(exclude=["plan"])
        row.save()
        row.items.set(sorted(set(data.item_ids)))
    plan.save(update_fields=["updated_at"])
    return plan


@transaction.atomic
def focus_item_set(
    *, participant: Participant, campaign: Campaign, item_id: int, focus: bool, by: User
) -> bool:
    """Mark (or unmark) one activity of the report to focus on; return whether it is marked."""
    if not may_write_plan(by, participant):
        raise PermissionDenied
    if campaign.status != Campaign.Status.RELEASED:
        raise ValidationError(_("The report is not released yet."))
    if item_id not in _framework_items(campaign):
        raise ValidationError({"item": [_("Choose an activity of this report.")]})
    marks = FocusItem.objects.filter(participant=participant, campaign=campaign)
    if not focus:
        marks.filter(item_id=item_id).delete()
        return False
    if marks.filter(item_id=item_id).exists():
        return True
    # Locking the participant's row keeps two tabs from passing the limit together.
    Participant.objects.select_for_update().filter(pk=participant.pk).first()
    if marks.count() >= MAX_FOCUS_ITEMS:
        raise ValidationError(
            {
                "item": [
                    _("Focus on at most %(max)d activities; remove one first.")
                    % {"max": MAX_FOCUS_ITEMS}
                ]
            }
        )
    mark = FocusItem(participant=participant, campaign=campaign, item_id=item_id)
    mark.full_clean()
    mark.save()
    return True


@transaction.atomic
def action_plan_comment_add(*, plan: ActionPlan, by: User, text: str) -> ActionPlanComment:
    """Add a comment by a trainer of the cohort or by the participant."""
    if not may_comment_plan(by, plan):
        raise PermissionDenied
    text = text.strip()
    if not text:
        raise ValidationError({"text": [_("Write a comment.")]})
    if len(text) > MAX_COMMENT:
        raise ValidationError(
            {"text": [_("Keep a comment under %(n)d characters.") % {"n": MAX_COMMENT}]}
        )
    comment = ActionPlanComment(plan=plan, author=by, text=text)
    comment.full_clean()
    comment.save()
    plan_emails.messages_send_on_commit(plan_emails.comment_messages(comment=comment))
    return comment
