"""One participant's 360 report: the JSON of DESIGN.md §5 under the rules of §4.

`report_for` returns plain data (the API serialises it as is; pages and the PDF read it):

- `campaign`: {"id", "name", "kind", "status", "min_group_size", "gap_threshold",
  "previous": {"id", "name"} | null} — `previous` is the campaign `change` compares with.
- `participant`: {"id", "name", "name_en", "is_incumbent"} — `name` as stored (Chinese for the
  seed course), `name_en` its English twin (may be blank).
- `scale`: {"min", "max"}.
- `groups`: for each of self, manager, peer, direct_report, other: {"invited", "submitted",
  "declined", "reportable"}; "invited" counts every invitation past nomination (approved, sent,
  started, submitted, declined).
- `dimensions` (framework order) and `items` (questionnaire order) with one cell per group, the
  others figure and the gap; dimension names and item texts in the active language.
- `strengths` / `development_areas`: the 5 items with the highest / lowest others mean, ties to
  the lower dimension order, then the lower item order. `blind_spots` (gap ≥ threshold) and
  `hidden_strengths` (gap ≤ −threshold): largest distance first, then questionnaire order.
- `comments`: for each group, its comments when the group is reportable (else []), sorted by
  text so that their order says nothing of who answered when; self comments under "self".

Numbers are JSON numbers rounded half-up to 2 decimals; null where hidden or missing. Raters
are never named. A fixed number of queries (6, or 8 when there is an earlier campaign to compare
with, 9 when that one's figures are stored), whatever the number of subjects, raters or items.
The change's detail (per item, and whether it is beyond noise) is `report_change.change_detail`.
"""

from __future__ import annotations

from collections.abc import Collection
from fractions import Fraction
from typing import Any

from django.db.models import F
from django.db.models.functions import Coalesce

from assessments.models import Campaign, Comment, Invitation
from assessments.selectors.rescore import held_back
from assessments.selectors.scores import (
    GROUPS,
    SELF,
    FrameworkItems,
    SubjectData,
    SubjectScores,
    campaign_data,
    class_figures,
    framework_of,
    round2,
    score_subject,
)
from kamtraining.i18n import localized
from participants.models import Participant

TOP = 5


def campaign_info(campaign: Campaign, *, previous: Campaign | None = None) -> dict[str, Any]:
    return {
        "id": campaign.pk,
        "name": campaign.name,
        "kind": campaign.kind,
        "status": campaign.status,
        "min_group_size": campaign.min_group_size,
        "gap_threshold": round2(Fraction(campaign.gap_threshold)),
        "previous": {"id": previous.pk, "name": previous.name} if previous else None,
    }


def participant_info(participant: Participant) -> dict[str, Any]:
    return {
        "id": participant.pk,
        "name": participant.name,
        "name_en": participant.name_en,
        "is_incumbent": participant.is_incumbent,
    }


def earlier_campaign(*, campaign: Campaign, participant: Participant) -> Campaign | None:
    """The participant's latest released campaign on the same framework before this one.

    "Before" compares close times (creation time when a campaign has none). Only a released
    one: the change against a closed, unreleased campaign would give its scores away
    (others − change) before the participant may read them.
    """
    when = campaign.closes_at or campaign.created_at
    return (
        Campaign.objects.filter(
            framework_id=campaign.framework_id,
            status=Campaign.Status.RELEASED,
            invitations__subject_id=participant.pk,
        )
        .exclude(pk=campaign.pk)
        .alias(when=Coalesce(F("closes_at"), F("created_at")))
        .filter(when__lt=when)
        .order_by("-when", "-pk")
        .distinct()
        .first()
    )


def _comment_rows(
    *, campaign: Campaign, subject_id: int | None, excluding: Collection[int]
) -> dict[int, list[tuple[str, str]]]:
    """Subject id → (group, text) of the submitted comments, of one subject or of all."""
    rows = Comment.objects.filter(
        invitation__campaign_id=campaign.pk, invitation__status=Invitation.Status.SUBMITTED
    )
    if subject_id is not None:
        rows = rows.filter(invitation__subject_id=subject_id)
    if excluding:
        rows = rows.exclude(invitation_id__in=list(excluding))
    by_subject: dict[int, list[tuple[str, str]]] = {}
    for subject, group, text in rows.values_list(
        "invitation__subject_id", "invitation__group", "text"
    ):
        by_subject.setdefault(subject, []).append((group, text))
    return by_subject


def _comments(rows: list[tuple[str, str]], *, reportable: dict[str, bool]) -> dict[str, list[str]]:
    comments: dict[str, list[str]] = {group: [] for group in GROUPS}
    for group, text in rows:
        if group in comments and reportable[group] and text.strip():
            comments[group].append(text.strip())
    for texts in comments.values():
        # By text (case-folded, then as written): never the order of submission. Sorted here,
        # not in SQL, so SQLite and PostgreSQL collations cannot disagree.
        texts.sort(key=lambda text: (text.casefold(), text))
    return comments


def _gap(self_value: Fraction | None, others: Fraction | None) -> Fraction | None:
    if self_value is None or others is None:
        return None
    return self_value - others


def report_for(
    *, campaign: Campaign, participant: Participant, excluding: Collection[int] = ()
) -> dict[str, Any]:
    """Compute the participant's report for the campaign (see the module docstring).

    `excluding`: invitations left out as if they did not exist (see `campaign_data`).
    """
    k = campaign.min_group_size
    framework = framework_of(campaign)
    data = campaign_data(campaign, excluding=excluding)
    # One pass over the campaign: the subject in full, every other subject only as far as the
    # class averages need (self and others dimension scores).
    scores: dict[int, SubjectScores] = {
        subject_id: score_subject(
            k=k, data=one, framework=framework, full=subject_id == participant.pk
        )
        for subject_id, one in data.items()
    }
    figures = class_figures(k=k, framework=framework, scores=scores, data=data)
    comments = _comment_rows(campaign=campaign, subject_id=participant.pk, excluding=excluding)
    return _report(
        campaign=campaign,
        participant=participant,
        framework=framework,
        data=data,
        scores=scores,
        figures=figures,
        comments=comments.get(participant.pk, []),
    )


def campaign_reports(
    *, campaign: Campaign, excluding: Collection[int] = ()
) -> dict[int, dict[str, Any]]:
    """Every subject's report (participant id → what `report_for` returns), in one pass.

    The same assembly as `report_for`, so the two never differ; a fixed number of queries plus
    two per subject who has an earlier campaign to compare with.
    """
    k = campaign.min_group_size
    framework = framework_of(campaign)
    data = campaign_data(campaign, excluding=excluding)
    scores = {
        subject_id: score_subject(k=k, data=one, framework=framework)
        for subject_id, one in data.items()
    }
    figures = class_figures(k=k, framework=framework, scores=scores, data=data)
    comments = _comment_rows(campaign=campaign, subject_id=None, excluding=excluding)
    people = Participant.objects.in_bulk(list(data))
    return {
        pk: _report(
            campaign=campaign,
            participant=person,
            framework=framework,
            data=data,
            scores=scores,
            figures=figures,
            comments=comments.get(pk, []),
        )
        for pk, person in people.items()
    }


def _report(
    *,
    campaign: Campaign,
    participant: Participant,
    framework: FrameworkItems,
    data: dict[int, SubjectData],
    scores: dict[int, SubjectScores],
    figures: Any,
    comments: list[tuple[str, str]],
) -> dict[str, Any]:
    k = campaign.min_group_size
    subject_data = data.get(participant.pk) or SubjectData(is_incumbent=participant.is_incumbent)
    mine = scores.get(participant.pk) or score_subject(k=k, data=subject_data, framework=framework)

    previous = earlier_campaign(campaign=campaign, participant=participant)
    previous_scores: SubjectScores | None = None
    if previous is not None:
        # Its late raters still held back stay out, as they stay out of what it released: a
        # change against its live figures would give their answers away.
        previous_data = campaign_data(
            previous, subject_id=participant.pk, excluding=held_back(campaign=previous)
        ).get(participant.pk)
        if previous_data is not None:
            previous_scores = score_subject(
                k=previous.min_group_size, data=previous_data, framework=framework, full=False
            )

    return {
        "campaign": campaign_info(campaign, previous=previous),
        "participant": participant_info(participant),
        "scale": {"min": campaign.scale_min, "max": campaign.scale_max},
        "groups": {
            group: {
                "invited": subject_data.counts[group].invited,
                "submitted": subject_data.counts[group].submitted,
                "declined": subject_data.counts[group].declined,
                "reportable": mine.reportable[group],
            }
            for group in GROUPS
        },
        "dimensions": _dimensions(framework, mine, figures, previous_scores),
        **_items(framework, mine, threshold=Fraction(campaign.gap_threshold)),
        "comments": _comments(comments, reportable=mine.reportable),
    }


def _dimensions(
    framework: FrameworkItems,
    mine: SubjectScores,
    figures: Any,
    previous_scores: SubjectScores | None,
) -> list[dict[str, Any]]:
    rows = []
    for dimension in framework.dimensions:
        scores = mine.dimension_scores[dimension.pk]
        others = scores["others"]
        aggregates = figures.by_dimension[dimension.pk]
        change = None
        if previous_scores is not None and others is not None:
            before = previous_scores.dimension_scores.get(dimension.pk, {}).get("others")
            change = others - before if before is not None else None
        rows.append(
            {
                "code": dimension.code,
                "name": localized(dimension, "name"),
                **{group: round2(scores[group]) for group in GROUPS},
                "others": round2(others),
                "gap": round2(_gap(scores[SELF], others)),
                "class_average": round2(aggregates["class"].average),
                "class_self_average": round2(aggregates["class_self"].average),
                "incumbent_average": round2(aggregates["incumbent"].average),
                "n_class": aggregates["class"].n,
                "n_incumbent": aggregates["incumbent"].n,
                "change": round2(change),
            }
        )
    return rows


def _items(
    framework: FrameworkItems, mine: SubjectScores, *, threshold: Fraction
) -> dict[str, Any]:
    dimension_order = {
        dimension.pk: position for position, dimension in enumerate(framework.dimensions)
    }
    codes = {dimension.pk: dimension.code for dimension in framework.dimensions}
    rows = []
    rated: list[tuple[Fraction, int, int, int]] = []  # (others, dimension pos, item pos, id)
    gaps: list[tuple[Fraction, int, int, int]] = []
    for position, item in enumerate(framework.items):
        cells = mine.item_cells[item.pk]
        others = mine.item_others[item.pk]
        gap = _gap(cells[SELF], others)
        rows.append(
            {
                "id": item.pk,
                "dimension": codes[item.dimension_id],
                "text": localized(item, "text"),
                **{group: round2(cells[group]) for group in GROUPS},
                "others": round2(others),
                "gap": round2(gap),
            }
        )
        # Positions follow framework_of's order: dimension order, then item order.
        key = (dimension_order[item.dimension_id], position, item.pk)
        if others is not None:
            rated.append((others, *key))
        if gap is not None:
            gaps.append((gap, *key))
    strengths = sorted(rated, key=lambda row: (-row[0], row[1], row[2]))[:TOP]
    development = sorted(rated, key=lambda row: (row[0], row[1], row[2]))[:TOP]
    blind = sorted((row for row in gaps if row[0] >= threshold), key=lambda r: (-r[0], r[1], r[2]))
    hidden = sorted((row for row in gaps if row[0] <= -threshold), key=lambda r: (r[0], r[1], r[2]))
    return {
        "items": rows,
        "strengths": [row[3] for row in strengths],
        "development_areas": [row[3] for row in development],
        "blind_spots": [row[3] for row in blind],
        "hidden_strengths": [row[3] for row in hidden],
    }
