"""A campaign's cohort summary: class and incumbent figures, response rates, a heatmap's rows.

`cohort_summary` returns plain data:

- `campaign`, `scale`: as in the report.
- `response_rates`: for each group {"invited", "submitted", "declined", "rate"} summed over the
  subjects (rate = submitted / invited, 0–1, null when nobody was invited); `response_total`
  the same over every group but self.
- `dimensions` (framework order): {"code", "name", "class", "class_self", "incumbent"}, each
  {"average", "n", "stdev"} over the subjects' dimension scores (others for class and
  incumbent, self for class_self; stdev is the population standard deviation: the cohort is
  the whole population, not a sample). All but n are null when n < k, and the incumbent's
  also while 1 to k − 1 non-incumbents count in the class (§4.4). Never a minimum or a
  maximum: each would be one person's score.
- `participants`: one row per subject {"id", "name", "name_en", "is_incumbent", "others": {code:
  score}, "self": {code: score}}, by the name the viewer reads first (`person_sort_key`) —
  null when `include_participants` is false (what HR gets: aggregates and rates, never one
  person's scores).

A fixed number of queries (4, 5 with the participants) whatever the size of the cohort.
"""

from __future__ import annotations

from collections.abc import Collection
from fractions import Fraction
from typing import Any

from assessments.models import Campaign
from assessments.selectors.report import campaign_info
from assessments.selectors.scores import (
    GROUPS,
    SELF,
    Aggregate,
    campaign_data,
    class_figures,
    framework_of,
    round2,
    score_subject,
)
from kamtraining.i18n import localized, person_sort_key
from participants.models import Participant


def _aggregate(value: Aggregate) -> dict[str, Any]:
    return {
        "average": round2(value.average),
        "n": value.n,
        "stdev": round2(value.stdev),
    }


def _rate(invited: int, submitted: int, declined: int) -> dict[str, Any]:
    return {
        "invited": invited,
        "submitted": submitted,
        "declined": declined,
        "rate": round2(Fraction(submitted, invited)) if invited else None,
    }


def cohort_summary(
    *, campaign: Campaign, include_participants: bool = True, excluding: Collection[int] = ()
) -> dict[str, Any]:
    """Summarise the campaign for its trainers (with participants) or HR (without).

    `excluding`: invitations left out as if they did not exist (see `campaign_data`).
    """
    k = campaign.min_group_size
    framework = framework_of(campaign)
    data = campaign_data(campaign, excluding=excluding)
    scores = {
        subject_id: score_subject(k=k, data=one, framework=framework, full=False)
        for subject_id, one in data.items()
    }
    figures = class_figures(k=k, framework=framework, scores=scores, data=data, spread=True)

    totals = {group: [0, 0, 0] for group in GROUPS}
    for one in data.values():
        for group in GROUPS:
            count = one.counts[group]
            totals[group][0] += count.invited
            totals[group][1] += count.submitted
            totals[group][2] += count.declined
    everyone_but_self = [sum(totals[g][i] for g in GROUPS if g != SELF) for i in range(3)]

    participants: list[dict[str, Any]] | None = None
    if include_participants:
        participants = []
        people = sorted(Participant.objects.filter(pk__in=list(data)), key=person_sort_key)
        for participant in people:
            dimension_scores = scores[participant.pk].dimension_scores
            participants.append(
                {
                    "id": participant.pk,
                    "name": participant.name,
                    "name_en": participant.name_en,
                    "is_incumbent": participant.is_incumbent,
                    "others": {
                        dimension.code: round2(dimension_scores[dimension.pk]["others"])
                        for dimension in framework.dimensions
                    },
                    "self": {
                        dimension.code: round2(dimension_scores[dimension.pk][SELF])
                        for dimension in framework.dimensions
                    },
                }
            )

    return {
        "campaign": campaign_info(campaign),
        "scale": {"min": campaign.scale_min, "max": campaign.scale_max},
        "response_rates": {group: _rate(*totals[group]) for group in GROUPS},
        "response_total": _rate(*everyone_but_self),
        "dimensions": [
            {
                "code": dimension.code,
                "name": localized(dimension, "name"),
                **{
                    name: _aggregate(value)
                    for name, value in figures.by_dimension[dimension.pk].items()
                },
            }
            for dimension in framework.dimensions
        ],
        "participants": participants,
    }
