"""An independent reading of DESIGN.md §4, for checking the report against: plain data in,
plain numbers out, exact fractions throughout, nothing shared with the code it checks.

A cohort is a list of `Subject`s; each holds the submitted raters (group and one score or None
per item) and, apart, the invitations that must not count (pending, declined, drafts). Items
are numbered 0…n−1 in questionnaire order; `dimensions` lists each dimension's item numbers,
in dimension order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

GROUPS = ("self", "manager", "peer", "direct_report", "other")
EXEMPT = ("self", "manager")
NON_EXEMPT = ("peer", "direct_report", "other")


@dataclass
class Rater:
    group: str
    scores: list[int | None]
    comment: str = ""


@dataclass
class Subject:
    incumbent: bool
    raters: list[Rater]  # submitted only
    invited: dict[str, int] = field(default_factory=dict)  # past nomination, per group
    declined: dict[str, int] = field(default_factory=dict)


def mean(values: list[Fraction]) -> Fraction | None:
    return sum(values, Fraction(0)) / len(values) if values else None


def rounded(value: Fraction | None) -> float | None:
    """Half-up (away from zero) to 2 decimals, via Decimal: §4.9."""
    if value is None:
        return None
    with localcontext() as context:
        context.prec = 60
        exact = Decimal(value.numerator) / Decimal(value.denominator)
        result = float(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
    return 0.0 if result == 0 else result


@dataclass
class SubjectFigures:
    reportable: dict[str, bool]
    cells: dict[str, list[Fraction | None]]  # group → per item
    others: list[Fraction | None]  # per item
    dimension: dict[str, list[Fraction | None]]  # group or "others" → per dimension
    comments: dict[str, list[str]]


def subject_figures(subject: Subject, *, k: int, dimensions: list[list[int]]) -> SubjectFigures:
    n_items = sum(len(items) for items in dimensions)
    by_group = {group: [r for r in subject.raters if r.group == group] for group in GROUPS}
    # §4.2 reportable groups
    reportable = {g: g in EXEMPT or len(by_group[g]) >= k for g in GROUPS}

    # §4.1 group item cells
    cells: dict[str, list[Fraction | None]] = {}
    for group in GROUPS:
        row: list[Fraction | None] = []
        for item in range(n_items):
            scores = [
                Fraction(r.scores[item]) for r in by_group[group] if r.scores[item] is not None
            ]
            if not reportable[group] or not scores:
                row.append(None)
            elif group in EXEMPT or len(scores) >= k:
                row.append(mean(scores))
            else:
                row.append(None)
        cells[group] = row

    # §4.3 the pool P of the others
    small = [g for g in NON_EXEMPT if not reportable[g]]
    pool_groups = ["manager"] + [g for g in NON_EXEMPT if reportable[g]]
    if sum(len(by_group[g]) for g in small) >= k:
        pool_groups += small
    pool = [r for r in subject.raters if r.group in pool_groups]
    others: list[Fraction | None] = []
    for item in range(n_items):
        scorers = [r for r in pool if r.scores[item] is not None]
        exposed = [r for r in scorers if r.group != "manager" and cells[r.group][item] is None]
        if scorers and (len(exposed) == 0 or len(exposed) >= k):
            others.append(mean([Fraction(r.scores[item]) for r in scorers]))  # type: ignore[arg-type]
        else:
            others.append(None)

    # dimension scores: means of the shown cells only
    dimension: dict[str, list[Fraction | None]] = {}
    for name, row in [*cells.items(), ("others", others)]:
        dimension[name] = [
            mean([row[i] for i in items if row[i] is not None])
            for items in dimensions  # type: ignore[misc]
        ]

    # §4.7 comments of reportable groups only
    comments = {
        group: sorted(r.comment for r in by_group[group] if r.comment) if reportable[group] else []
        for group in GROUPS
    }
    return SubjectFigures(reportable, cells, others, dimension, comments)


@dataclass
class ClassFigure:
    average: Fraction | None
    n: int
    stdev: float | None


def _figure(values: list[Fraction], *, k: int) -> ClassFigure:
    if len(values) < k or not values:
        return ClassFigure(None, len(values), None)
    average = mean(values)
    assert average is not None
    variance = sum(((v - average) ** 2 for v in values), Fraction(0)) / len(values)
    with localcontext() as context:
        context.prec = 60
        root = (Decimal(variance.numerator) / Decimal(variance.denominator)).sqrt()
        stdev = float(root.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
    return ClassFigure(average, len(values), stdev)


def class_figures(
    figures: list[SubjectFigures], incumbent: list[bool], *, k: int, dimension: int
) -> dict[str, ClassFigure]:
    """§4.4 for one dimension: class, class self and incumbent averages."""
    others = [
        (f.dimension["others"][dimension], inc) for f, inc in zip(figures, incumbent, strict=True)
    ]
    contributing = [(v, inc) for v, inc in others if v is not None]
    selves = [f.dimension["self"][dimension] for f in figures]
    result = {
        "class": _figure([v for v, _inc in contributing], k=k),
        "class_self": _figure([v for v in selves if v is not None], k=k),
        "incumbent": _figure([v for v, inc in contributing if inc], k=k),
    }
    not_incumbents = sum(1 for _v, inc in contributing if not inc)
    if 1 <= not_incumbents <= k - 1:
        result["incumbent"] = ClassFigure(None, result["incumbent"].n, None)
    return result


def ranked(values: list[Fraction | None], positions: list[tuple[int, int]], *, top: int) -> tuple:
    """§4.5 strengths and development areas: item numbers, ties to lower dimension then item."""
    rated = [(v, positions[i], i) for i, v in enumerate(values) if v is not None]
    high = sorted(rated, key=lambda row: (-row[0], row[1]))[:top]
    low = sorted(rated, key=lambda row: (row[0], row[1]))[:top]
    return [row[2] for row in high], [row[2] for row in low]


def gap(a: Fraction | None, b: Fraction | None) -> Fraction | None:
    return None if a is None or b is None else a - b


def half_up_rate(submitted: int, invited: int) -> float | None:
    return rounded(Fraction(submitted, invited)) if invited else None
