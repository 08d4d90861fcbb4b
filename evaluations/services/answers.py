"""Answering a course evaluation and HR's review of its comments."""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from courses.access import require
from courses.models import Cohort
from evaluations.access import may_answer_evaluation, may_manage_evaluation, may_review_comments
from evaluations.models import (
    RECOMMEND_MAX,
    SCALE_MAX,
    SCALE_MIN,
    Answer,
    Evaluation,
    ModuleRating,
    TrainerRating,
    Voter,
)
from evaluations.selectors.evaluation import questionnaire_for, window_for
from evaluations.selectors.results import QUESTIONS
from participants.models import Participant, User

MAX_COMMENT = 5000


def evaluation_ensure(*, cohort: Cohort) -> Evaluation:
    """The cohort's evaluation settings, made with the defaults on first use."""
    evaluation, _created = Evaluation.objects.get_or_create(cohort=cohort)
    return evaluation


@transaction.atomic
def evaluation_update(
    *, evaluation: Evaluation, open_days: int, follow_up_days: int, by: User
) -> Evaluation:
    """HR changes how long the evaluation stays open and when the follow-up goes out."""
    require(by, may_manage_evaluation, evaluation.cohort)
    evaluation.open_days = open_days
    evaluation.follow_up_days = follow_up_days
    evaluation.full_clean()
    evaluation.save(update_fields=["open_days", "follow_up_days"])
    return evaluation


def has_answered(*, evaluation: Evaluation, participant: Participant) -> bool:
    return Voter.objects.filter(evaluation=evaluation, participant=participant).exists()


def _score(value: Any, field: str, *, low: int = SCALE_MIN, high: int = SCALE_MAX) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValidationError(
            {field: _("Choose a value from %(low)d to %(high)d.") % {"low": low, "high": high}}
        )
    return value


def _optional(value: Any, field: str) -> int | None:
    return None if value is None else _score(value, field)


@transaction.atomic
def answer_submit(
    *,
    cohort: Cohort,
    participant: Participant,
    scores: Mapping[str, Any],
    modules: Mapping[int, int | None],
    trainers: Mapping[int, int | None],
    comment: str,
    by: User,
) -> None:
    """Record that the participant answered, and what was answered apart from it, once.

    The voter row and the answer are written in one transaction: both or neither. Nothing
    returned, nothing logged, nothing timed ties the answer back to the voter.
    """
    require(by, may_answer_evaluation, cohort)
    if participant.user_id != getattr(by, "pk", None):
        raise ValidationError(_("You can answer only for yourself."))
    evaluation = evaluation_ensure(cohort=cohort)
    if not window_for(cohort=cohort, evaluation=evaluation).is_open:
        raise ValidationError(_("This evaluation is not open."))
    values = {question: _score(scores.get(question), question) for question in QUESTIONS}
    recommend = _score(scores.get("recommend"), "recommend", low=0, high=RECOMMEND_MAX)
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT or "\x00" in comment:
        raise ValidationError({"comment": _("Write at most 5000 characters.")})
    asked = questionnaire_for(cohort=cohort)
    module_ids = {module.pk for module in asked["modules"]}
    trainer_ids = {trainer.pk for trainer in asked["trainers"]}
    if set(modules) - module_ids:
        raise ValidationError({"modules": _("Rate only the modules of this course.")})
    if set(trainers) - trainer_ids:
        raise ValidationError({"trainers": _("Rate only the trainers of this cohort.")})
    module_scores = {pk: _optional(value, "modules") for pk, value in modules.items()}
    trainer_scores = {pk: _optional(value, "trainers") for pk, value in trainers.items()}
    try:
        with transaction.atomic():
            Voter.objects.create(evaluation=evaluation, participant=participant)
    except IntegrityError:
        raise ValidationError(_("You have answered this evaluation already. Thank you.")) from None
    answer = Answer(
        evaluation=evaluation,
        recommend=recommend,
        comment=comment,
        comment_status=Answer.CommentStatus.PENDING,
        **values,
    )
    answer.full_clean()
    answer.save(force_insert=True)
    module_rows = [
        ModuleRating(answer=answer, module_id=pk, score=score)
        for pk, score in module_scores.items()
    ]
    trainer_rows = [
        TrainerRating(answer=answer, trainer_id=pk, score=score)
        for pk, score in trainer_scores.items()
    ]
    # Inserted in random order: not even the rows' physical order follows the form's.
    random.shuffle(module_rows)
    random.shuffle(trainer_rows)
    ModuleRating.objects.bulk_create(module_rows)
    TrainerRating.objects.bulk_create(trainer_rows)


@transaction.atomic
def comment_review(*, answer: Answer, status: str, by: User) -> Answer:
    """HR publishes a comment, shows it to the cohort's trainers only, or hides it."""
    answer = (
        Answer.objects.select_for_update().select_related("evaluation__cohort").get(pk=answer.pk)
    )
    require(by, may_review_comments, answer.evaluation.cohort)
    if status not in Answer.CommentStatus.values or status == Answer.CommentStatus.PENDING:
        raise ValidationError({"status": _("Choose publish, trainers only or hide.")})
    if not answer.comment:
        raise ValidationError(_("This answer has no comment."))
    answer.comment_status = status
    answer.full_clean()
    answer.save(update_fields=["comment_status"])
    return answer
