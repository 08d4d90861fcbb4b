"""Demo evaluation: the demo cohort's attendees (吴迪 aside, so he can answer) have answered.

The answers are written as the answering service writes them (a voter row apart from each
answer, ratings with no person), but without its window check: the demo cohort is still
running, and its results page should have something real to show. Idempotent: nothing is
added once the evaluation has answers.
"""

import random

from django.db import transaction

from courses.models import Cohort
from evaluations.models import Answer, ModuleRating, TrainerRating, Voter
from evaluations.selectors.evaluation import attendees, questionnaire_for
from evaluations.services.answers import evaluation_ensure

COHORT_CODE = "kam-2026-02"
LEFT_TO_ANSWER = "wudi@kamtraining.local"
# overall, relevance, engagement, confidence, commitment, recommend, comment, review
ANSWERS = (
    (5, 5, 4, 4, 5, 10, "案例贴近海外大客户的真实情况，铁三角演练很有收获。", "published"),
    (4, 5, 4, 3, 4, 9, "More time for the customer-visit role play, please.", "published"),
    (4, 4, 5, 4, 4, 8, "节奏有点快，希望课前能拿到阅读材料。", "trainer_only"),
    (3, 4, 3, 3, 4, 7, "", "pending"),
    (5, 4, 4, 4, 5, 9, "The STROBE roles finally make sense to me.", "pending"),
    (2, 3, 3, 2, 3, 5, "Too much theory on day two.", "hidden"),
)


@transaction.atomic
def load() -> list[tuple[str, str, str]]:
    cohort = Cohort.objects.filter(code=COHORT_CODE).first()
    if cohort is None:
        return []
    evaluation = evaluation_ensure(cohort=cohort)
    if evaluation.answers.exists():
        return []
    voters = list(
        attendees(cohort_ids=[cohort.pk])
        .exclude(participant__email=LEFT_TO_ANSWER)
        .order_by("participant__employee_number")
        .values_list("participant_id", flat=True)[: len(ANSWERS)]
    )
    asked = questionnaire_for(cohort=cohort)
    seeded = random.Random(cohort.pk)  # the same demo on every machine
    for participant_id, row in zip(voters, ANSWERS, strict=False):
        overall, relevance, engagement, confidence, commitment, recommend, comment, review = row
        Voter.objects.create(evaluation=evaluation, participant_id=participant_id)
        answer = Answer.objects.create(
            evaluation=evaluation,
            overall=overall,
            relevance=relevance,
            engagement=engagement,
            confidence=confidence,
            commitment=commitment,
            recommend=recommend,
            comment=comment,
            comment_status=review if comment else Answer.CommentStatus.PENDING,
        )
        ModuleRating.objects.bulk_create(
            ModuleRating(
                answer=answer,
                module=module,
                score=max(1, min(5, overall + seeded.choice((-1, 0, 0, 1)))),
            )
            for module in asked["modules"]
        )
        TrainerRating.objects.bulk_create(
            TrainerRating(answer=answer, trainer=trainer, score=min(5, overall + 1))
            for trainer in asked["trainers"]
        )
    return []
