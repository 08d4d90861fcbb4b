"""Did behaviour change? A cohort's pre and post 360 campaigns, per dimension, beyond noise.

Per dimension of the framework both campaigns measure:

- the class "Others" score before and after (DESIGN.md §4.4: each subject weighs the same,
  null under k subjects), each with its n;
- the mean change over the subjects scored in both, with its spread (population standard
  deviation, as the cohort summary gives it) and n, null under k;
- the reliable change index of each of those subjects,
  RCI = (post − pre) / (√2 · SD_pre · √(1 − r)), with SD_pre the sample standard deviation of
  the pre "Others" dimension scores and r Cronbach's α of the dimension's items in the pre
  campaign (over the subjects with an "Others" cell on every item of it, sample variances);
  |RCI| > 1.96 is a reliable improvement or decline, the rest "within noise". Only the shares
  are shown, and only with n ≥ k; without r (fewer than two items, or too few subjects) or
  with r ≥ 1 no RCI can be computed and none is claimed.

Every per-subject figure is the subject's own report figure, already under the k rules. Both
campaigns must be closed or released (when the cohort's trainers may read them). A fixed
number of queries: the campaigns, the framework, two per campaign.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from assessments.models import Campaign
from assessments.selectors.action_plans import goal_items_by_participant
from assessments.selectors.reliable_change import (
    RELIABLE,
    cronbach_alpha,
    item_rows,
    others_by_subject,
    reliable_change_index,
    sample_variance,
)
from assessments.selectors.scores import (
    FrameworkItems,
    SubjectScores,
    aggregate,
    campaign_data,
    framework_of,
    round2,
    score_subject,
)
from courses.models import Cohort, Module
from evaluations.selectors.results import module_usefulness
from kamtraining.i18n import localized

READABLE = (Campaign.Status.CLOSED, Campaign.Status.RELEASED)


@dataclass(frozen=True)
class Pair:
    pre: Campaign
    post: Campaign


def campaign_pair(*, cohort: Cohort) -> Pair | None:
    """The cohort's latest readable post campaign and its latest readable pre one on the same
    framework (one query)."""
    campaigns = list(
        Campaign.objects.filter(
            cohort_id=cohort.pk,
            status__in=READABLE,
            kind__in=(Campaign.Kind.PRE, Campaign.Kind.POST),
        ).order_by("-pk")
    )
    for post in (c for c in campaigns if c.kind == Campaign.Kind.POST):
        for pre in campaigns:
            if pre.kind == Campaign.Kind.PRE and pre.framework_id == post.framework_id:
                return Pair(pre=pre, post=post)
    return None


def _scores(campaign: Campaign, framework: FrameworkItems) -> dict[int, SubjectScores]:
    data = campaign_data(campaign)
    return {
        subject: score_subject(k=campaign.min_group_size, data=d, framework=framework)
        for subject, d in data.items()
    }


def _share(count: int, n: int) -> float | None:
    return round2(Fraction(100 * count, n)) if n else None


def impact_for(*, cohort: Cohort) -> dict[str, Any] | None:
    """The impact table of the cohort, or None without a readable pre and post campaign."""
    pair = campaign_pair(cohort=cohort)
    if pair is None:
        return None
    k = max(pair.pre.min_group_size, pair.post.min_group_size)
    framework = framework_of(pair.pre)
    before = _scores(pair.pre, framework)
    after = _scores(pair.post, framework)
    dimensions = []
    for dimension in framework.dimensions:
        item_ids = framework.item_ids_by_dimension[dimension.pk]
        pre_scores = others_by_subject(before, dimension.pk)
        post_scores = others_by_subject(after, dimension.pk)
        pre_agg = aggregate(list(pre_scores.values()), k=k)
        post_agg = aggregate(list(post_scores.values()), k=k)
        rows = item_rows(before, item_ids)
        alpha = cronbach_alpha(rows) if len(rows) >= k else None
        variance = sample_variance(list(pre_scores.values())) if len(pre_scores) >= k else None
        both = sorted(set(pre_scores) & set(post_scores))
        deltas = [post_scores[s] - pre_scores[s] for s in both]
        change = aggregate(deltas, k=k, spread=True)
        indexes = [
            reliable_change_index(
                pre=pre_scores[s],
                post=post_scores[s],
                variance_pre=variance,
                alpha=alpha,
            )
            for s in both
        ]
        counted = [i for i in indexes if i is not None]
        shown = len(counted) >= k
        improved = sum(1 for i in counted if i > RELIABLE)
        declined = sum(1 for i in counted if i < -RELIABLE)
        n = len(counted)
        dimensions.append(
            {
                "code": dimension.code,
                "name": localized(dimension, "name"),
                "before": {"average": round2(pre_agg.average), "n": pre_agg.n},
                "after": {"average": round2(post_agg.average), "n": post_agg.n},
                "change": {
                    "average": round2(change.average),
                    "stdev": round2(change.stdev) if change.stdev is not None else None,
                    "n": change.n,
                },
                "reliability": round2(alpha) if alpha is not None else None,
                "reliable": {
                    "n": n,
                    "improved": _share(improved, n) if shown else None,
                    "within_noise": _share(n - improved - declined, n) if shown else None,
                    "declined": _share(declined, n) if shown else None,
                },
            }
        )
    return {
        "pre": pair.pre,
        "post": pair.post,
        "k": k,
        "dimensions": dimensions,
        "focus": _focus(pair=pair, k=k, framework=framework, before=before, after=after),
        "modules": _module_grid(cohort=cohort, k=k, framework=framework, dimensions=dimensions),
    }


def _mean_change(
    before: SubjectScores, after: SubjectScores, item_ids: Iterable[int]
) -> Fraction | None:
    """The subject's mean change over those items, where both reports show the "Others" cell."""
    changes = []
    for item_id in item_ids:
        pre, post = before.item_others.get(item_id), after.item_others.get(item_id)
        if pre is not None and post is not None:
            changes.append(post - pre)
    return sum(changes, Fraction(0)) / len(changes) if changes else None


def _focus(
    *,
    pair: Pair,
    k: int,
    framework: FrameworkItems,
    before: dict[int, SubjectScores],
    after: dict[int, SubjectScores],
) -> dict[str, Any]:
    """Does focused practice move the needle? The change of the items the participants' goals
    carry (after the pre campaign's report), for those who chose them, beside the change of the
    items nobody chose, for everyone.

    Per participant scored both times: the mean change of their own chosen items (and of the
    items nobody chose); then the mean over participants, each weighing the same, null under k.
    One query (the goals' items).
    """
    chosen = goal_items_by_participant(campaign_id=pair.pre.pk)
    anyone = set().union(*chosen.values()) if chosen else set()
    nobody = [item.pk for item in framework.items if item.pk not in anyone]
    both = sorted(set(before) & set(after))
    focused = [
        change
        for s in both
        if chosen.get(s)
        and (change := _mean_change(before[s], after[s], sorted(chosen[s]))) is not None
    ]
    others = [
        change
        for s in both
        if nobody and (change := _mean_change(before[s], after[s], nobody)) is not None
    ]
    rows = {}
    for key, values, items in (
        ("chosen", focused, len(anyone)),
        ("unchosen", others, len(nobody)),
    ):
        agg = aggregate(values, k=k, spread=True)
        rows[key] = {
            "average": round2(agg.average),
            "stdev": round2(agg.stdev) if agg.stdev is not None else None,
            "n": agg.n,
            "items": items,
        }
    return rows


def _module_grid(
    *, cohort: Cohort, k: int, framework: FrameworkItems, dimensions: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Per module that develops a dimension: its usefulness beside that dimension's change.

    A row is shown only when both sides have n ≥ k (the usefulness also needs three answers);
    two queries: the modules and the ratings.
    """
    change_by_code = {d["code"]: d["change"] for d in dimensions}
    code_by_id = {dimension.pk: dimension.code for dimension in framework.dimensions}
    usefulness = module_usefulness(cohort_ids=[cohort.pk])
    modules = Module.objects.filter(
        course_id=cohort.course_id, dimension_id__in=list(code_by_id)
    ).order_by("number", "pk")
    grid = []
    for module in modules:
        mean, n = usefulness.get(module.pk, (None, 0))
        change = change_by_code[code_by_id[module.dimension_id]]  # type: ignore[index]
        both = mean is not None and n >= k and change["average"] is not None
        grid.append(
            {
                "number": module.number,
                "title": localized(module, "title"),
                "dimension": code_by_id[module.dimension_id],  # type: ignore[index]
                "usefulness": round2(mean) if both else None,
                "usefulness_n": n,
                "change": change["average"] if both else None,
                "change_n": change["n"],
            }
        )
    return grid
