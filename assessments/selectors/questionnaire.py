"""The questionnaire one invitation answers: what the rater sees, and whether they still may."""

import datetime as dt
import enum
import math
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from assessments.models import Campaign, Comment, Invitation, Rating
from courses.models import Item
from courses.page_cache import framework_items, framework_version
from kamtraining.i18n import localized


class Availability(enum.StrEnum):
    """Whether an invitation can be answered now, and if not, why."""

    OPEN = "open"
    SUBMITTED = "submitted"
    DECLINED = "declined"
    CLOSED = "closed"
    NOT_OPEN = "not_open"

    @property
    def is_final(self) -> bool:
        """A questionnaire that will never again accept answers (the link is gone for good)."""
        return self in (Availability.SUBMITTED, Availability.DECLINED, Availability.CLOSED)


# Invitations of raters are answerable once they have been sent; the participant's own
# (self) invitation has no link to send, so it is answerable as soon as the campaign is open.
ANSWERABLE_STATUSES = frozenset({Invitation.Status.SENT, Invitation.Status.STARTED})
SELF_ANSWERABLE_STATUSES = ANSWERABLE_STATUSES | {
    Invitation.Status.NOMINATED,
    Invitation.Status.APPROVED,
}


def invitation_availability(
    *, invitation: Invitation, now: dt.datetime | None = None
) -> Availability:
    """Tell whether the invitation takes answers now: campaign open, before close, not final.

    A late rater (`answer_by` set) answers while the campaign is released, until `answer_by`.
    """
    now = now or timezone.now()
    campaign = invitation.campaign
    if invitation.status == Invitation.Status.SUBMITTED:
        return Availability.SUBMITTED
    if invitation.status == Invitation.Status.DECLINED:
        return Availability.DECLINED
    if invitation.answer_by is not None:
        # A late rater, invited after release: answerable until their own deadline.
        if campaign.status != Campaign.Status.RELEASED or now >= invitation.answer_by:
            return Availability.CLOSED
        if invitation.status not in ANSWERABLE_STATUSES:
            return Availability.NOT_OPEN
        return Availability.OPEN
    if campaign.status in (Campaign.Status.CLOSED, Campaign.Status.RELEASED) or (
        campaign.closes_at is not None and now >= campaign.closes_at
    ):
        return Availability.CLOSED
    if campaign.status != Campaign.Status.OPEN:
        return Availability.NOT_OPEN
    allowed = (
        SELF_ANSWERABLE_STATUSES
        if invitation.group == Invitation.Group.SELF
        else ANSWERABLE_STATUSES
    )
    if invitation.status not in allowed:
        return Availability.NOT_OPEN
    return Availability.OPEN


def questionnaire_items(*, campaign: Campaign) -> QuerySet[Item]:
    """Every item of the campaign's framework, in questionnaire order, with its dimension."""
    return (
        Item.objects.filter(dimension__framework_id=campaign.framework_id)
        .select_related("dimension")
        .order_by("dimension__order", "dimension__code", "order", "pk")
    )


# What the page and the emails promise a rater: 15 seconds an item and 3 minutes to write the
# comment, rounded up to the next 5 minutes (40 items: "about 15 minutes").
SECONDS_PER_ITEM = 15
COMMENT_MINUTES = 3


def answer_minutes(item_count: int) -> int:
    minutes = math.ceil(item_count * SECONDS_PER_ITEM / 60) + COMMENT_MINUTES
    return max(5, math.ceil(minutes / 5) * 5)


def answer_minutes_by_framework(*, framework_ids: Iterable[int]) -> dict[int, int]:
    """The time to answer each framework's questionnaire, in one query."""
    counts = dict(
        Item.objects.filter(dimension__framework_id__in=set(framework_ids))
        .values_list("dimension__framework_id")
        .annotate(n=Count("pk"))
        .values_list("dimension__framework_id", "n")
    )
    return {pk: answer_minutes(counts.get(pk, 0)) for pk in set(framework_ids)}


def scale_labels(*, campaign: Campaign) -> list[dict[str, Any]]:
    """The scale's scores with their labels in the active language (the other one as a fallback)."""
    language = (get_language() or "en").lower()
    fallback = "en" if language.startswith("zh") else "zh-hans"
    labels: dict[str, Any] = campaign.scale_labels or {}
    options = []
    for score in range(campaign.scale_min, campaign.scale_max + 1):
        by_language = labels.get(str(score)) or {}
        if not isinstance(by_language, dict):
            by_language = {"en": str(by_language)}
        label = by_language.get(language) or by_language.get(fallback) or ""
        options.append({"score": score, "label": str(label)})
    return options


def questionnaire_for(*, invitation: Invitation) -> dict[str, Any]:
    """Return the questionnaire with the current draft, in two queries whatever its size.

    The framework's items come from the cache (courses.page_cache.framework_items: a change to
    an item, a dimension or a framework makes the next read fresh).

    The invitation must come with its campaign (and the campaign's cohort) and subject loaded,
    as `rater_access.invitation_by_token` and the self-assessment page fetch it.
    """
    campaign = invitation.campaign
    ratings = {
        item_id: score
        for item_id, score in Rating.objects.filter(invitation=invitation).values_list(
            "item_id", "score"
        )
    }
    comment = (
        Comment.objects.filter(invitation=invitation).values_list("text", flat=True).first() or ""
    )
    dimensions: list[dict[str, Any]] = []
    version = framework_version()
    items = framework_items(framework_id=campaign.framework_id, version=version)
    for number, item in enumerate(items, start=1):
        dimension = item.dimension
        if not dimensions or dimensions[-1]["id"] != dimension.pk:
            dimensions.append(
                {
                    "id": dimension.pk,
                    "code": dimension.code,
                    "name": localized(dimension, "name"),
                    "items": [],
                }
            )
        dimensions[-1]["items"].append(
            {
                "id": item.pk,
                "number": number,
                "text": localized(item, "text"),
                "answered": item.pk in ratings,
                "score": ratings.get(item.pk),
            }
        )
    total = sum(len(d["items"]) for d in dimensions)
    return {
        "minutes": answer_minutes(total),
        "invitation_id": invitation.pk,
        "campaign": {
            "id": campaign.pk,
            "framework_id": campaign.framework_id,
            # The framework's cache version these items were read under (the form's key).
            "framework_version": version,
            "name": campaign.name,
            # The rater's deadline: a late rater's own, else the campaign's close.
            "closes_at": invitation.answer_by or campaign.closes_at,
            "time_zone": campaign.cohort.time_zone,
            "min_group_size": campaign.min_group_size,
        },
        "subject": {"name": localized(invitation.subject, "name")},
        "group": invitation.group,
        "group_label": invitation.get_group_display(),
        "status": invitation.status,
        "scale": {
            "min": campaign.scale_min,
            "max": campaign.scale_max,
            "labels": scale_labels(campaign=campaign),
            "not_observed_label": _("Not observed"),
        },
        "dimensions": dimensions,
        "scores": ratings,
        "comment": comment,
        "answered": len(ratings),
        "total": total,
        "started_at": invitation.started_at,
        "submitted_at": invitation.submitted_at,
    }


def missing_items(*, questionnaire: dict[str, Any]) -> list[dict[str, Any]]:
    """Items of a questionnaire with neither a score nor “not observed”."""
    return [
        item
        for dimension in questionnaire["dimensions"]
        for item in dimension["items"]
        if not item["answered"]
    ]
