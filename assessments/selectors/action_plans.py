"""Reads of action plans: a participant's plan with its goals, comments and reviews."""

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from assessments.models import ActionPlan, ActionPlanComment, Campaign, Goal, Review
from courses.models import Dimension
from participants.models import Participant


def _plans() -> QuerySet[ActionPlan]:
    return ActionPlan.objects.select_related("participant", "campaign").prefetch_related(
        Prefetch("goals", queryset=Goal.objects.select_related("dimension").order_by("order")),
        Prefetch(
            "comments",
            queryset=ActionPlanComment.objects.select_related("author").order_by(
                "created_at", "pk"
            ),
        ),
        Prefetch(
            "reviews",
            queryset=Review.objects.select_related("created_by").order_by("reviewed_on", "pk"),
        ),
    )


def action_plan_get(*, participant: Participant, campaign: Campaign) -> ActionPlan | None:
    """The participant's plan for the campaign, goals, comments and reviews prefetched."""
    return _plans().filter(participant=participant, campaign=campaign).first()


def action_plans_for_campaign(*, campaign: Campaign) -> QuerySet[ActionPlan]:
    """Every plan written after the campaign's report, for the cohort's trainers."""
    return _plans().filter(campaign=campaign).order_by("participant__name", "pk")


def campaign_dimensions(*, campaign: Campaign) -> QuerySet[Dimension]:
    return Dimension.objects.filter(framework_id=campaign.framework_id).order_by("order", "code")


def report_released_on(*, campaign: Campaign) -> dt.date | None:
    """The day the report was released, in the cohort's time zone: goals fall due after it."""
    if campaign.released_at is None:
        return None
    try:
        zone = zoneinfo.ZoneInfo(campaign.cohort.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    return timezone.localtime(campaign.released_at, zone).date()


@dataclass(frozen=True)
class HistoryEntry:
    """One line of a plan's history: a trainer's or participant's comment, or a review."""

    kind: str  # "comment" or "review"
    at: dt.datetime
    author: Any
    text: str
    reviewed_on: dt.date | None = None
    progress: int | None = None


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
        )
        for r in plan.reviews.all()
    ]
    return sorted(entries, key=lambda entry: entry.at)
