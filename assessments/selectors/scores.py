"""The 360 scoring rules of DESIGN.md §4, computed once over a whole campaign.

Every figure is computed exactly (integer sums and counts from the database, `Fraction` in
Python) and rounded half-up to 2 decimals only when it leaves for the JSON, so a gap that sits
exactly on the threshold is judged on the exact value, not on two rounded ones.

The database does the heavy part in two grouped queries per campaign (whatever the number of
raters, items or subjects): invitation counts per subject × group × status, and per subject ×
group × item the sum and count of the non-NULL scores of submitted invitations (a mean is
sum / count, "not observed" being NULL is left out by both). The k-anonymity rules then run per
subject in Python over those few rows.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.db import connections
from django.db.models import Count, F, Sum

from assessments.models import Campaign, Invitation, Rating
from courses.models import Dimension, Item

SELF = Invitation.Group.SELF.value
MANAGER = Invitation.Group.MANAGER.value
PEER = Invitation.Group.PEER.value
DIRECT_REPORT = Invitation.Group.DIRECT_REPORT.value
OTHER = Invitation.Group.OTHER.value
GROUPS: tuple[str, ...] = tuple(str(g) for g in Invitation.GROUP_ORDER)
EXEMPT: frozenset[str] = frozenset(str(g) for g in Invitation.EXEMPT_GROUPS)
NON_EXEMPT: tuple[str, ...] = tuple(g for g in GROUPS if g not in EXEMPT)
# "Invited" counts every invitation that went past nomination (approved, sent, started,
# submitted, declined): a name merely proposed may still be struck off by the trainer.
NOT_YET_INVITED: frozenset[str] = frozenset({Invitation.Status.NOMINATED.value})

Sums = dict[str, dict[int, tuple[int, int]]]  # group → item id → (sum of scores, scorers)


def round2(value: Fraction | Decimal | int | None) -> float | None:
    """Round half-up (away from zero) to 2 decimals, exactly: 2.345 → 2.35, −2.345 → −2.35."""
    if value is None:
        return None
    exact = Fraction(value)
    hundredths = math.floor(abs(exact) * 100 + Fraction(1, 2))
    if hundredths == 0:
        return 0.0  # never −0.0
    rounded = Decimal(hundredths).scaleb(-2)
    return float(-rounded if exact < 0 else rounded)


def _mean_of_ratios(pairs: Sequence[tuple[int, int]]) -> Fraction | None:
    """Mean of the fractions s/n, in integers until the end (this runs for every subject)."""
    if not pairs:
        return None
    numerator, denominator = 0, 1
    for s, n in pairs:
        numerator = numerator * n + s * denominator
        denominator *= n
    return Fraction(numerator, denominator * len(pairs))


@dataclass(frozen=True)
class FrameworkItems:
    """The dimensions and items a campaign measures, in questionnaire order."""

    dimensions: list[Dimension]
    items: list[Item]
    item_ids_by_dimension: dict[int, list[int]]


def framework_of(campaign: Campaign) -> FrameworkItems:
    """Load the campaign's dimensions and items (two queries)."""
    dimensions = list(
        Dimension.objects.filter(framework_id=campaign.framework_id).order_by("order", "code", "pk")
    )
    items = list(
        Item.objects.filter(dimension__framework_id=campaign.framework_id).order_by(
            "dimension__order", "dimension__code", "dimension_id", "order", "pk"
        )
    )
    by_dimension: dict[int, list[int]] = {dimension.pk: [] for dimension in dimensions}
    for item in items:
        by_dimension[item.dimension_id].append(item.pk)
    return FrameworkItems(dimensions=dimensions, items=items, item_ids_by_dimension=by_dimension)


@dataclass
class GroupCount:
    invited: int = 0
    submitted: int = 0
    declined: int = 0


@dataclass
class SubjectData:
    """What the database says about one subject: invitation counts and rating sums."""

    is_incumbent: bool = False
    counts: dict[str, GroupCount] = field(default_factory=lambda: {g: GroupCount() for g in GROUPS})
    sums: Sums = field(default_factory=lambda: {g: {} for g in GROUPS})


def campaign_data(
    campaign: Campaign, *, subject_id: int | None = None, excluding: Collection[int] = ()
) -> dict[int, SubjectData]:
    """Counts and rating sums of every subject of the campaign, or of one (two queries).

    `excluding`: invitations left out as if they did not exist (late raters the stored figures
    do not count yet).
    """
    invitations = Invitation.objects.filter(campaign_id=campaign.pk)
    # Through the rating's own campaign (indexed), not the invitation's: that would scan every
    # rating of every campaign.
    ratings = Rating.objects.filter(
        campaign_id=campaign.pk, invitation__status=Invitation.Status.SUBMITTED
    )
    if excluding:
        invitations = invitations.exclude(pk__in=list(excluding))
        ratings = ratings.exclude(invitation_id__in=list(excluding))
    if subject_id is not None:
        invitations = invitations.filter(subject_id=subject_id)
        ratings = ratings.filter(invitation__subject_id=subject_id)
    data: dict[int, SubjectData] = {}
    count_rows = (
        invitations.order_by()
        .values_list("subject_id", "subject__is_incumbent", "group", "status")
        .annotate(n=Count("pk"))
    )
    for subject, is_incumbent, group, status, n in count_rows:
        subject_data = data.get(subject)
        if subject_data is None:
            subject_data = data[subject] = SubjectData(is_incumbent=is_incumbent)
        count = subject_data.counts.get(group)
        if count is None:  # a group this code does not know: ignore rather than guess
            continue
        if status not in NOT_YET_INVITED:
            count.invited += n
        if status == Invitation.Status.SUBMITTED:
            count.submitted += n
        elif status == Invitation.Status.DECLINED:
            count.declined += n
    # order_by() drops Rating's default ordering, which would otherwise join the GROUP BY.
    sum_rows = (
        ratings.order_by()
        .values_list(F("invitation__subject_id"), F("invitation__group"), "item_id")
        .annotate(total=Sum("score"), n=Count("score"))
    )
    # The SQL is the ORM's; its rows are read straight from the cursor: this is the one large
    # result (subjects × groups × items) and Django's per-row converters would double its cost.
    sql, params = sum_rows.query.sql_with_params()
    with connections[sum_rows.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    for subject, group, item_id, total, n in rows:
        subject_data = data.get(subject)
        if n and subject_data is not None:
            group_sums = subject_data.sums.get(group)
            if group_sums is not None:
                group_sums[item_id] = (int(total), int(n))
    return data


@dataclass
class SubjectScores:
    """One subject's figures under the rules, exact (None where hidden or missing)."""

    reportable: dict[str, bool]
    # item id → group → cell; item id → others cell
    item_cells: dict[int, dict[str, Fraction | None]]
    item_others: dict[int, Fraction | None]
    # dimension id → group (and "others") → score
    dimension_scores: dict[int, dict[str, Fraction | None]]


def score_subject(
    *, k: int, data: SubjectData, framework: FrameworkItems, full: bool = True
) -> SubjectScores:
    """Apply §4.1–4.3 to one subject; `full=False` computes only the self and others scores.

    `full=False` is what the class figures need of every subject, so it skips the item cells and
    the other groups' scores (item_cells is then empty and item_others holds no values).
    """
    submitted = {group: data.counts[group].submitted for group in GROUPS}
    reportable = {group: group in EXEMPT or submitted[group] >= k for group in GROUPS}
    small = [group for group in NON_EXEMPT if not reportable[group]]
    pooled = [group for group in NON_EXEMPT if reportable[group]]
    if sum(submitted[group] for group in small) >= k:
        pooled += small  # small groups join the others only when together they are ≥ k raters
    sums = data.sums
    manager_sums = sums[MANAGER]
    # (sums, whether its cells can be shown at all) for every non-manager group of the pool P
    pool = [(sums[group], reportable[group]) for group in pooled]
    cell_groups = GROUPS if full else (SELF,)
    item_cells: dict[int, dict[str, Fraction | None]] = {}
    item_others: dict[int, Fraction | None] = {}
    dimension_scores: dict[int, dict[str, Fraction | None]] = {}
    for dimension_id, item_ids in framework.item_ids_by_dimension.items():
        shown: dict[str, list[tuple[int, int]]] = {group: [] for group in cell_groups}
        others_shown: list[tuple[int, int]] = []
        for item_id in item_ids:
            cells: dict[str, Fraction | None] = {}
            for group in cell_groups:
                pair = sums[group].get(item_id)
                if pair is not None and reportable[group] and (group in EXEMPT or pair[1] >= k):
                    shown[group].append(pair)
                    if full:
                        cells[group] = Fraction(*pair)
                elif full:
                    cells[group] = None
            if full:
                item_cells[item_id] = cells
            # Others (§4.3): all scores of the pool; shown only when the raters it would expose
            # by subtraction (U: scorers outside the manager and outside shown cells) are 0 or ≥ k.
            total, scorers = manager_sums.get(item_id, (0, 0))
            exposed = 0
            for group_sums, group_reportable in pool:
                pair = group_sums.get(item_id)
                if pair is not None:
                    total += pair[0]
                    scorers += pair[1]
                    if not (group_reportable and pair[1] >= k):
                        exposed += pair[1]
            if scorers and (exposed == 0 or exposed >= k):
                others_shown.append((total, scorers))
                if full:
                    item_others[item_id] = Fraction(total, scorers)
            elif full:
                item_others[item_id] = None
        scores: dict[str, Fraction | None] = {group: None for group in GROUPS}
        for group, pairs in shown.items():
            scores[group] = _mean_of_ratios(pairs)
        scores["others"] = _mean_of_ratios(others_shown)
        dimension_scores[dimension_id] = scores
    return SubjectScores(
        reportable=reportable,
        item_cells=item_cells,
        item_others=item_others,
        dimension_scores=dimension_scores,
    )


def fraction_sum(values: Sequence[Fraction]) -> Fraction:
    """Exact sum over a common denominator: one lcm instead of a gcd per addition."""
    if not values:
        return Fraction(0)
    denominator = math.lcm(*(value.denominator for value in values))
    return Fraction(
        sum(value.numerator * (denominator // value.denominator) for value in values),
        denominator,
    )


@dataclass(frozen=True)
class Aggregate:
    """A mean over subjects with its n and spread; `average` is None when n < k.

    No minimum or maximum: each is one person's score (DESIGN.md §4.4).
    """

    average: Fraction | None
    n: int
    stdev: Decimal | None


def aggregate(values: list[Fraction], *, k: int, spread: bool = False) -> Aggregate:
    """Mean and n (with `spread`: the population standard deviation); hidden when n < k."""
    n = len(values)
    if n < k or n == 0:
        return Aggregate(average=None, n=n, stdev=None)
    average = fraction_sum(values) / n
    if not spread:
        return Aggregate(average=average, n=n, stdev=None)
    # A square root is irrational anyway: 28 significant digits are plenty before rounding.
    mean_decimal = Decimal(average.numerator) / Decimal(average.denominator)
    deviations = [Decimal(v.numerator) / Decimal(v.denominator) - mean_decimal for v in values]
    stdev = (sum((d * d for d in deviations), Decimal(0)) / n).sqrt()
    return Aggregate(average=average, n=n, stdev=stdev)


@dataclass(frozen=True)
class ClassFigures:
    """Per dimension id: class (others), class self and incumbent (others) aggregates."""

    by_dimension: dict[int, dict[str, Aggregate]]


def class_figures(
    *,
    k: int,
    framework: FrameworkItems,
    scores: dict[int, SubjectScores],
    data: dict[int, SubjectData],
    spread: bool = False,
) -> ClassFigures:
    """§4.4: each subject weighs the same; subjects without a score are skipped.

    The incumbent average is also hidden while the non-incumbents who count in the class
    average number 1 to k − 1: n·class − n_inc·incumbent would otherwise give their scores away.
    """
    by_dimension: dict[int, dict[str, Aggregate]] = {}
    for dimension in framework.dimensions:
        others: list[Fraction] = []
        selves: list[Fraction] = []
        incumbents: list[Fraction] = []
        for subject_id, subject_scores in scores.items():
            dimension_scores = subject_scores.dimension_scores[dimension.pk]
            other_score = dimension_scores["others"]
            if other_score is not None:
                others.append(other_score)
                if data[subject_id].is_incumbent:
                    incumbents.append(other_score)
            self_score = dimension_scores[SELF]
            if self_score is not None:
                selves.append(self_score)
        incumbent = aggregate(incumbents, k=k, spread=spread)
        if 0 < len(others) - len(incumbents) < k:
            incumbent = Aggregate(average=None, n=incumbent.n, stdev=None)
        by_dimension[dimension.pk] = {
            "class": aggregate(others, k=k, spread=spread),
            "class_self": aggregate(selves, k=k, spread=spread),
            "incumbent": incumbent,
        }
    return ClassFigures(by_dimension=by_dimension)
