"""Writes of action plans: the goals a participant sets after reading the report, the trainer's
comments and the participant's regular reviews (seed: 定期Review)."""

import datetime as dt
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.access import is_plan_owner, may_comment_plan
from assessments.models import ActionPlan, ActionPlanComment, Campaign, Goal, Review
from assessments.selectors.action_plans import report_released_on
from courses.models import Dimension
from participants.access import is_own_participant
from participants.models import Participant

MAX_GOALS = 5
MAX_COMMENT = 5000


@dataclass(frozen=True)
class GoalInput:
    """One goal as the participant writes it; `dimension_id` is a dimension of the framework."""

    dimension_id: int
    title: str
    actions: str
    measure: str
    due_on: dt.date


def _goal_errors(
    goals: Sequence[GoalInput], *, dimensions: set[int], earliest: dt.date | None
) -> list[str]:
    errors: list[str] = []
    if not 1 <= len(goals) <= MAX_GOALS:
        errors.append(
            _("An action plan has between 1 and %(max)d goals; this one has %(n)d.")
            % {"max": MAX_GOALS, "n": len(goals)}
        )
    for number, goal in enumerate(goals, start=1):
        prefix = _("Goal %(n)d:") % {"n": number}
        if goal.dimension_id not in dimensions:
            errors.append(f"{prefix} " + _("choose a dimension of this campaign's framework."))
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


@transaction.atomic
def action_plan_save(
    *, participant: Participant, campaign: Campaign, goals: Sequence[GoalInput], by: Any
) -> ActionPlan:
    """Write the participant's plan for the campaign, replacing all its goals at once."""
    if not is_own_participant(by, participant):
        raise PermissionDenied
    if campaign.status != Campaign.Status.RELEASED:
        raise ValidationError(_("The action plan can be written once the report is released."))
    dimensions = set(
        Dimension.objects.filter(framework_id=campaign.framework_id).values_list("pk", flat=True)
    )
    errors = _goal_errors(
        goals, dimensions=dimensions, earliest=report_released_on(campaign=campaign)
    )
    if errors:
        raise ValidationError({"goals": errors})
    # One writer at a time per plan: the row lock serialises two tabs saving together.
    plan = (
        ActionPlan.objects.select_for_update()
        .filter(participant=participant, campaign=campaign)
        .first()
    )
    if plan is None:
        try:
            with transaction.atomic():
                plan = ActionPlan.objects.create(participant=participant, campaign=campaign)
        except IntegrityError:
            plan = ActionPlan.objects.select_for_update().get(
                participant=participant, campaign=campaign
            )
    rows = [
        Goal(
            plan=plan,
            dimension_id=goal.dimension_id,
            order=order,
            title=goal.title.strip(),
            actions=goal.actions.strip(),
            measure=goal.measure.strip(),
            due_on=goal.due_on,
        )
        for order, goal in enumerate(goals, start=1)
    ]
    for row in rows:
        row.full_clean(exclude=["plan"])
    plan.goals.all().delete()
    Goal.objects.bulk_create(rows)
    plan.save(update_fields=["updated_at"])
    return plan


@transaction.atomic
def action_plan_comment_add(*, plan: ActionPlan, by: Any, text: str) -> ActionPlanComment:
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
    return comment


@transaction.atomic
def review_add(
    *, plan: ActionPlan, reviewed_on: dt.date, progress: int, note: str, by: Any
) -> Review:
    """Log the participant's regular review of the plan: a date, the progress in % and a note."""
    if not is_plan_owner(by, plan):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    if not 0 <= progress <= 100:
        errors["progress"] = [_("Progress is a percentage from 0 to 100.")]
    released = report_released_on(campaign=plan.campaign)
    if released is not None and reviewed_on < released:
        errors["reviewed_on"] = [
            _("A review cannot be dated before the report's release (%(date)s).")
            % {"date": released.isoformat()}
        ]
    try:
        zone = zoneinfo.ZoneInfo(plan.participant.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    if reviewed_on > timezone.localtime(timezone.now(), zone).date():
        errors.setdefault("reviewed_on", []).append(_("A review cannot be dated in the future."))
    if errors:
        raise ValidationError(errors)
    review = Review(
        plan=plan, reviewed_on=reviewed_on, progress=progress, note=note.strip(), created_by=by
    )
    review.full_clean()
    review.save()
    plan.save(update_fields=["updated_at"])
    return review
