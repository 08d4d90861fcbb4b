"""Evaluation results per cohort or per course, under the small-group rules.

- Nothing but counts is shown below `MIN_ANSWERS` answers (a mean of one or two answers is
  someone's answer); the same holds for each module's and each trainer's rating.
- Averages are flagged `low_response` when fewer than 20 % of the attendees answered.
- NPS = % promoters (9–10) − % detractors (0–6) of the 0–10 question.
- Comments: HR sees every comment with its review; a cohort's trainers see the published ones
  and those marked for trainers only; at course level only published ones are shown. Comments
  are ordered by their text, never by when they came in.

A fixed number of queries (five) whatever the number of cohorts, attendees and answers.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from django.db.models import Count, Q, Sum

from assessments.selectors.scores import round2
from evaluations.models import Answer, ModuleRating, TrainerRating
from evaluations.selectors.evaluation import attendee_count
from kamtraining.i18n import localized

MIN_ANSWERS = 3
LOW_RESPONSE = Fraction(1, 5)
QUESTIONS = ("overall", "relevance", "engagement", "confidence", "commitment")
PROMOTER_MIN = 9
DETRACTOR_MAX = 6


def _mean(total: int | None, n: int) -> float | None:
    if not n or n < MIN_ANSWERS or total is None:
        return None
    return round2(Fraction(int(total), n))


def results_for(*, cohort_ids: list[int], comments: str = "published") -> dict[str, Any]:
    """The results of the evaluations of these cohorts.

    `comments`: "all" (HR: every comment with its status), "trainer" (published and trainers
    only) or "published".
    """
    attendees = attendee_count(cohort_ids=cohort_ids)
    answers = Answer.objects.filter(evaluation__cohort_id__in=cohort_ids)
    totals = answers.aggregate(
        n=Count("pk"),
        promoters=Count("pk", filter=Q(recommend__gte=PROMOTER_MIN)),
        detractors=Count("pk", filter=Q(recommend__lte=DETRACTOR_MAX)),
        recommend=Sum("recommend"),
        **{question: Sum(question) for question in QUESTIONS},
    )
    n = int(totals["n"])
    shown = n >= MIN_ANSWERS
    low_response = bool(shown and attendees and Fraction(n, attendees) < LOW_RESPONSE)
    questions = [
        {"code": question, "average": _mean(totals[question], n), "n": n} for question in QUESTIONS
    ]
    nps = None
    if shown:
        nps = round2(Fraction(100 * (totals["promoters"] - totals["detractors"]), n))

    module_rows = (
        ModuleRating.objects.filter(
            answer__evaluation__cohort_id__in=cohort_ids, score__isnull=False
        )
        .order_by()
        .values("module_id", "module__number", "module__title", "module__title_en")
        .annotate(total=Sum("score"), n=Count("score"))
        .order_by("module__number", "module_id")
    )
    modules = []
    for row in module_rows:
        title = localized(_Titled(row["module__title"], row["module__title_en"]), "title")
        modules.append(
            {
                "id": row["module_id"],
                "number": row["module__number"],
                "title": title,
                "average": _mean(row["total"], row["n"]),
                "n": row["n"],
            }
        )
    trainer_rows = (
        TrainerRating.objects.filter(
            answer__evaluation__cohort_id__in=cohort_ids, score__isnull=False
        )
        .order_by()
        .values("trainer_id", "trainer__full_name", "trainer__email")
        .annotate(total=Sum("score"), n=Count("score"))
        .order_by("trainer__full_name", "trainer_id")
    )
    trainers = [
        {
            "id": row["trainer_id"],
            "name": row["trainer__full_name"] or row["trainer__email"],
            "average": _mean(row["total"], row["n"]),
            "n": row["n"],
        }
        for row in trainer_rows
    ]
    comment_rows = answers.exclude(comment="")
    visible: tuple[str, ...] | None
    if comments == "all":
        visible = None
    elif comments == "trainer":
        visible = (Answer.CommentStatus.PUBLISHED, Answer.CommentStatus.TRAINER_ONLY)
    else:
        visible = (Answer.CommentStatus.PUBLISHED,)
    if visible is not None:
        comment_rows = comment_rows.filter(comment_status__in=visible)
    # Below the threshold even a comment may say who wrote it: none is shown to trainers.
    comment_list: list[dict[str, Any]] = []
    if shown or comments == "all":
        comment_list = [
            {"id": str(pk), "text": text, "status": status}
            for pk, text, status in comment_rows.order_by("comment", "id").values_list(
                "id", "comment", "comment_status"
            )
        ]
        if comments != "all":
            comment_list = [{"text": c["text"]} for c in comment_list]
    return {
        "attendees": attendees,
        "answers": n,
        "shown": shown,
        "min_answers": MIN_ANSWERS,
        "response_rate": round2(Fraction(n, attendees)) if attendees else None,
        "low_response": low_response,
        "questions": questions,
        "nps": nps,
        "modules": modules if shown else [],
        "trainers": trainers if shown else [],
        "comments": comment_list,
    }


class _Titled:
    """What `localized` reads: the Chinese title and the English one."""

    def __init__(self, title: str, title_en: str) -> None:
        self.title = title
        self.title_en = title_en


def module_usefulness(*, cohort_ids: list[int]) -> dict[int, tuple[Fraction | None, int]]:
    """Per module id: the exact mean usefulness and its n (None under MIN_ANSWERS)."""
    rows = (
        ModuleRating.objects.filter(
            answer__evaluation__cohort_id__in=cohort_ids, score__isnull=False
        )
        .order_by()
        .values_list("module_id")
        .annotate(total=Sum("score"), n=Count("score"))
    )
    return {
        module_id: (Fraction(int(total), n) if n >= MIN_ANSWERS else None, n)
        for module_id, total, n in rows
    }
