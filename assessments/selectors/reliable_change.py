"""Reliable change between two campaigns on one framework: Cronbach's α and the RCI.

RCI = (post − pre) / (√2 · SD_pre · √(1 − r)), with SD_pre the sample standard deviation of
the pre campaign's "Others" dimension scores over its subjects and r Cronbach's α of the
dimension's items in the pre campaign (over the subjects with an "Others" cell on every item,
sample variances); |RCI| > 1.96 is a reliable improvement or decline, the rest "within noise".
Every input is a report figure, already under the k rules; a basis of fewer than k subjects
gives no α and no SD, so no index is claimed. Shared by the participant's report (its change
section) and the cohort's impact page (evaluations).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from assessments.selectors.scores import FrameworkItems, SubjectScores

RELIABLE = 1.96


def sample_variance(values: list[Fraction]) -> Fraction | None:
    """Σ (x − mean)² / (n − 1), exactly; None under two values."""
    n = len(values)
    if n < 2:
        return None
    mean = sum(values, Fraction(0)) / n
    return sum(((v - mean) ** 2 for v in values), Fraction(0)) / (n - 1)


def cronbach_alpha(rows: list[list[Fraction]]) -> Fraction | None:
    """α = m / (m − 1) · (1 − Σ var(item) / var(total)) over subjects' rows of m item scores."""
    if len(rows) < 2 or len(rows[0]) < 2:
        return None
    m = len(rows[0])
    item_variances = [sample_variance([row[i] for row in rows]) for i in range(m)]
    total_variance = sample_variance([sum(row, Fraction(0)) for row in rows])
    if not total_variance:
        return None
    items = sum((v or Fraction(0) for v in item_variances), Fraction(0))
    return Fraction(m, m - 1) * (1 - items / total_variance)


def reliable_change_index(
    *, pre: Fraction, post: Fraction, variance_pre: Fraction | None, alpha: Fraction | None
) -> float | None:
    """(post − pre) / (√2 · SD_pre · √(1 − r)); None where the denominator is not positive."""
    if variance_pre is None or alpha is None or variance_pre <= 0 or alpha >= 1:
        return None
    return float(post - pre) / math.sqrt(2 * float(variance_pre) * float(1 - alpha))


def reading(index: float | None) -> str | None:
    """ "improvement", "decline" or "within_noise" for an index; None without one."""
    if index is None:
        return None
    if index > RELIABLE:
        return "improvement"
    if index < -RELIABLE:
        return "decline"
    return "within_noise"


def others_by_subject(scores: dict[int, SubjectScores], dimension_id: int) -> dict[int, Fraction]:
    """Per subject: the "Others" score of the dimension, where the report shows one."""
    found: dict[int, Fraction] = {}
    for subject, subject_scores in scores.items():
        value = subject_scores.dimension_scores[dimension_id]["others"]
        if value is not None:
            found[subject] = value
    return found


def item_rows(scores: dict[int, SubjectScores], item_ids: list[int]) -> list[list[Fraction]]:
    """Per subject with an "Others" cell on every item: those cells, in item order."""
    rows = []
    for subject_scores in scores.values():
        cells = [subject_scores.item_others.get(i) for i in item_ids]
        row = [cell for cell in cells if cell is not None]
        if len(row) == len(item_ids):
            rows.append(row)
    return rows


@dataclass(frozen=True)
class Basis:
    """What the RCI of one dimension divides by, from the pre campaign; None under k."""

    variance: Fraction | None
    alpha: Fraction | None
    n: int  # subjects with an "Others" dimension score (SD_pre)
    n_reliability: int  # subjects with an "Others" cell on every item (α)


def rci_basis(
    *, scores: dict[int, SubjectScores], framework: FrameworkItems, k: int
) -> dict[int, Basis]:
    """Per dimension id: SD_pre² and α of the pre campaign's scores (full ones: item cells)."""
    bases = {}
    for dimension in framework.dimensions:
        pre_scores = others_by_subject(scores, dimension.pk)
        rows = item_rows(scores, framework.item_ids_by_dimension[dimension.pk])
        bases[dimension.pk] = Basis(
            variance=sample_variance(list(pre_scores.values())) if len(pre_scores) >= k else None,
            alpha=cronbach_alpha(rows) if len(rows) >= k else None,
            n=len(pre_scores),
            n_reliability=len(rows),
        )
    return bases
