"""The detail of a report's change section: per item, and whether it is beyond noise.

`change_detail(campaign=, report=)` compares the participant's figures in this campaign with
those of the earlier campaign the report's `change` uses (`report["campaign"]["previous"]`):

- `items`: item id → this "Others" cell minus the earlier one, where both reports show it;
- `dimensions`: dimension code → {"index", "reading", "n", "n_reliability"}: the reliable
  change index of the dimension's change (`reliable_change`), with SD_pre and Cronbach's α
  from the earlier campaign's subjects; index and reading null when fewer than k of them
  (the larger k of the two campaigns) give them, n and n_reliability say how many did.

Both campaigns are scored as their stored figures are (late raters still held back left out),
exactly, from the database: a fixed number of queries (9, 11 with stored figures), whatever
the number of subjects, raters or items. Kept out of the report JSON, whose shape is public.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from assessments.models import Campaign
from assessments.selectors.reliable_change import rci_basis, reading, reliable_change_index
from assessments.selectors.rescore import held_back
from assessments.selectors.scores import campaign_data, framework_of, round2, score_subject


def change_detail(*, campaign: Campaign, report: dict[str, Any]) -> dict[str, Any] | None:
    """The item-level change and the reliable change per dimension; None without a change."""
    previous_info = (report.get("campaign") or {}).get("previous")
    participant_id = (report.get("participant") or {}).get("id")
    if not previous_info or participant_id is None:
        return None
    previous = Campaign.objects.filter(pk=previous_info["id"]).first()
    if previous is None:
        return None
    framework = framework_of(campaign)
    before_data = campaign_data(previous, excluding=held_back(campaign=previous))
    before = {
        subject: score_subject(k=previous.min_group_size, data=data, framework=framework)
        for subject, data in before_data.items()
    }
    now_data = campaign_data(
        campaign, subject_id=participant_id, excluding=held_back(campaign=campaign)
    ).get(participant_id)
    mine_before = before.get(participant_id)
    if now_data is None or mine_before is None:
        return None
    mine = score_subject(k=campaign.min_group_size, data=now_data, framework=framework)
    k = max(previous.min_group_size, campaign.min_group_size)
    basis = rci_basis(scores=before, framework=framework, k=k)
    items: dict[int, float | None] = {}
    for item in framework.items:
        pre, post = mine_before.item_others.get(item.pk), mine.item_others.get(item.pk)
        items[item.pk] = round2(post - pre) if pre is not None and post is not None else None
    dimensions: dict[str, dict[str, Any] | None] = {}
    for dimension in framework.dimensions:
        pre = mine_before.dimension_scores[dimension.pk]["others"]
        post = mine.dimension_scores[dimension.pk]["others"]
        if pre is None or post is None:
            dimensions[dimension.code] = None
            continue
        found = basis[dimension.pk]
        index = reliable_change_index(
            pre=pre, post=post, variance_pre=found.variance, alpha=found.alpha
        )
        dimensions[dimension.code] = {
            "index": round2(Fraction(index)) if index is not None else None,
            "reading": reading(index),
            "n": found.n,
            "n_reliability": found.n_reliability,
        }
    return {"items": items, "dimensions": dimensions}
