"""Reads of action plans: a participant's plan with its goals, comments and reviews."""

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from assessments.models import (
    ActionPlan,
    ActionPlanComment,
    Campaign,
    FocusItem,
    Goal,
    Review,
    ReviewCadence,
)
from courses.models import Cohort, Dimension, Item
from participants.models import Participant

DEFAULT_REVIEW_WEEKS = 4


def _zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def _plans() -> QuerySet[ActionPlan]:
    return ActionPlan.objects.select_related(
        "participant", "campaign__cohort__review_cadence"
    ).prefetch_related(
        Prefetch(
            "goals",
            queryset=Goal.objects.select_related("dimension")
            .prefetch_related(Prefetch("items", queryset=Item.objects.select_related("dimension")))
            .order_by("order"),
        ),
        Prefetch(
            "comments",
            queryset=ActionPlanComment.objects.select_related("author").order_by(
                "created_at", "pk"
            ),
        ),
        Prefetch(
            "reviews",
            queryset=Review.objects.select_related("created_by", "goal").order_by(
                "reviewed_on", "pk"
            ),
        ),
    )


def action_plan_get(*, participant: Participant, campaign: Campaign) -> ActionPlan | None:
    """The participant's plan for the campaign, goals, comments and reviews prefetched."""
    return _plans().filter(participant=participant, campaign=campaign).first()


def action_plans_for_campaign(*, campaign: Campaign) -> QuerySet[ActionPlan]:
    """Every plan written after the campaign's report, for the cohort's trainers."""
    return _plans().filter(campaign=campaign).order_by("participant__name", "pk")


def action_plans_released() -> QuerySet[ActionPlan]:
    """Every plan of a released campaign (those whose reviews fall due), prefetched."""
    return _plans().filter(campaign__status=Campaign.Status.RELEASED).order_by("pk")


def action_plans_for_participant(*, participant: Participant) -> QuerySet[ActionPlan]:
    """The participant's plans, newest campaign first, prefetched like one plan."""
    return _plans().filter(participant=participant).order_by("-campaign__released_at", "-pk")


def action_plans_for_cohort(*, cohort: Cohort) -> QuerySet[ActionPlan]:
    """Every plan of the cohort's campaigns, for the trainer's cohort page."""
    return _plans().filter(campaign__cohort=cohort)


def focus_items_for(*, participant: Participant, campaign: Campaign) -> list[Item]:
    """The activities the participant marked to focus on, in the report's order."""
    return [
        mark.item
        for mark in FocusItem.objects.filter(participant=participant, campaign=campaign)
        .select_related("item__dimension")
        .order_by("item__dimension__order", "item__order", "pk")
    ]


def goals_of_plan(*, participant: Participant, campaign_id: int) -> list[Goal]:
    """The goals (with their items) of the participant's plan after that campaign's report."""
    return list(
        Goal.objects.filter(plan__participant=participant, plan__campaign_id=campaign_id)
        .select_related("dimension")
        .prefetch_related(Prefetch("items", queryset=Item.objects.select_related("dimension")))
        .order_by("order", "pk")
    )


def focus_for_plans(plans: list[ActionPlan]) -> dict[int, list[Item]]:
    """Participant id → focus items, for plans of one campaign each; one query."""
    found: dict[int, list[Item]] = {}
    if not plans:
        return found
    marks = (
        FocusItem.objects.filter(
            campaign_id__in={plan.campaign_id for plan in plans},
            participant_id__in={plan.participant_id for plan in plans},
        )
        .select_related("item__dimension")
        .order_by("item__dimension__order", "item__order", "pk")
    )
    for mark in marks:
        found.setdefault(mark.participant_id, []).append(mark.item)
    return found


def campaign_items(*, campaign: Campaign) -> QuerySet[Item]:
    return (
        Item.objects.filter(dimension__framework_id=campaign.framework_id)
        .select_related("dimension")
        .order_by("dimension__order", "order", "pk")
    )


def review_every_weeks(*, plan: ActionPlan) -> int:
    """The plan's own cadence, else its cohort's, else every four weeks (uses the join)."""
    if plan.review_every_weeks:
        return plan.review_every_weeks
    try:
        cadence = plan.campaign.cohort.review_cadence
    except ReviewCadence.DoesNotExist:
        return DEFAULT_REVIEW_WEEKS
    return cadence.every_weeks


def cohort_review_every_weeks(*, cohort: Cohort) -> int:
    """The cohort's cadence, or every four weeks when its trainers have not set one."""
    cadence = ReviewCadence.objects.filter(cohort=cohort).values_list("every_weeks", flat=True)
    return next(iter(cadence), DEFAULT_REVIEW_WEEKS)


def plan_started_on(*, plan: ActionPlan) -> dt.date:
    return timezone.localtime(plan.created_at, _zone(plan.participant.time_zone)).date()


def goal_last_reviewed_on(*, plan: ActionPlan, goal: Goal) -> dt.date | None:
    """The latest review of the goal, a plan-wide one (written before goals) counting too."""
    dates = [
        review.reviewed_on
        for review in plan.reviews.all()
        if review.goal_id is None or review.goal_id == goal.pk
    ]
    return max(dates, default=None)


def review_due_on(*, plan: ActionPlan) -> dt.date | None:
    """When the next review falls due: the goal reviewed longest ago, plus the cadence.

    None for a plan without goals. Uses the prefetch of `_plans()`.
    """
    goals = list(plan.goals.all())
    if not goals:
        return None
    started = plan_started_on(plan=plan)
    last = min(goal_last_reviewed_on(plan=plan, goal=goal) or started for goal in goals)
    return last + dt.timedelta(weeks=review_every_weeks(plan=plan))


def local_today(*, participant: Participant) -> dt.date:
    return timezone.localtime(timezone.now(), _zone(participant.time_zone)).date()


def campaign_dimensions(*, campaign: Campaign) -> QuerySet[Dimension]:
    return Dimension.objects.filter(framework_id=campaign.framework_id).order_by("order", "code")


def report_released_on(*, campaign: Campaign) -> dt.date | None:
    """The day the report was released, in the cohort's time zone: goals fall due after it."""
    if campaign.released_at is None:
        return None
    return timezone.localtime(campaign.released_at, _zone(campaign.cohort.time_zone)).date()


@dataclass(frozen=True)
class HistoryEntry:
    """One line of a plan's history: a trainer's or participant's comment, or a review."""

    kind: str  # "comment" or "review"
    at: dt.datetime
    author: Any
    text: str
    reviewed_on: dt.date | None = None
    progress: int | None = None
    goal: Goal | None = None


def action_plan_history(*, plan: ActionPlan) -> list[HistoryEntry]:
    """Comments and reviews of a plan in the order they were written (uses the prefetch)."""
    entries = [
        HistoryEntry(kind="comment", at=c.created_at, author=c.author, text=c.text)
        for c in plan.comments.all()
    ]
    entries += [
        HistoryEntry(
            kind="review",
            at=r.created_at,
            author=r.created_by,
            text=r.note,
            reviewed_on=r.reviewed_on,
            progress=r.progress,
            goal=r.goal,
        )
        for r in plan.reviews.all()
    ]
    return sorted(entries, key=lambda entry: entry.at)


def goal_items_by_participant(*, campaign_id: int) -> dict[int, set[int]]:
    """Participant id → the items their goals carry, in the plans after that campaign; one
    query."""
    found: dict[int, set[int]] = {}
    rows = Goal.items.through.objects.filter(goal__plan__campaign_id=campaign_id).values_list(
        "goal__plan__participant_id", "item_id"
    )
    for participant_id, item_id in rows:
        found.setdefault(participant_id, set()).add(item_id)
    return found
