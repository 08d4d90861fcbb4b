"""Demo evaluation: the demo cohort's attendees (吴迪 aside, so he can answer) have answered.

The answers are written as the answering service writes them (a voter row apart from each
answer, ratings with no person), but without its window check: the demo cohort is still
running, and its results page should have something real to show. Idempotent: nothing is
added once the evaluation has answers.

Then, for the impact page and the reports' change sections: a post-course 360° campaign on
the pre campaign's framework, run through the campaign services (created, raters nominated
as in the pre campaign, opened, every questionnaire submitted, closed and released), and the
follow-ups on 吴迪's goal, asked and answered by him and by his manager. Each made once.
"""

import datetime as dt
import random
from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from assessments.models import Campaign, Invitation, Rating
from assessments.services.campaigns.lifecycle import (
    campaign_close,
    campaign_open,
    campaign_release,
    campaign_start_nomination,
)
from assessments.services.campaigns.settings import campaign_create
from assessments.services.nominations import invitation_nominate
from assessments.services.responses import response_submit
from courses.models import Cohort, Item
from evaluations.models import Answer, FollowUp, ModuleRating, TrainerRating, Voter
from evaluations.selectors.evaluation import attendees, questionnaire_for
from evaluations.services.answers import evaluation_ensure
from evaluations.services.follow_ups import follow_up_answer, follow_ups_start
from participants.models import User

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


HR_EMAIL = "hr@kamtraining.local"
POST_NAME = "课后360评估（结课后）· Post-course 360°, after the course"
POST_SEED = "kam-demo-post-360"
# How much a participant's raters see them move on a dimension, in scale points: most a
# little, some a lot, a few slip back.
GAINS = (-0.3, 0.0, 0.3, 0.6, 0.6, 0.9, 1.2)
# What 吴迪 and his manager answer on his goal's follow-up.
# applied (%), what helped, what got in the way, what the manager observed
FOLLOW_UP_ANSWERS: dict[str, tuple[int, str, str, str]] = {
    FollowUp.Respondent.PARTICIPANT: (
        60,
        "每月的客户高层拜访已成惯例；铁三角一起准备客户战略地图很有用。",
        "项目交付压力大时，拜访容易被推迟。",
        "",
    ),
    FollowUp.Respondent.MANAGER: (
        50,
        "He prepares each CxO visit with the delivery and solution leads now.",
        "The joint annual plan still waits for the customer's budget cycle.",
        "Runs the monthly account review himself and brings the customer's view.",
    ),
}


@transaction.atomic
def load() -> list[tuple[str, str, str]]:
    cohort = Cohort.objects.filter(code=COHORT_CODE).first()
    if cohort is None:
        return []
    _answers(cohort)
    _post_campaign(cohort)
    _follow_ups(cohort)
    return []


def _answers(cohort: Cohort) -> None:
    evaluation = evaluation_ensure(cohort=cohort)
    if evaluation.answers.exists():
        return
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


def _post_campaign(cohort: Cohort) -> None:
    """The post campaign: the pre campaign's raters asked again, and seen to have moved."""
    pre = (
        Campaign.objects.filter(
            cohort=cohort,
            kind=Campaign.Kind.PRE,
            status__in=(Campaign.Status.CLOSED, Campaign.Status.RELEASED),
        )
        .order_by("-pk")
        .first()
    )
    hr = User.objects.filter(email=HR_EMAIL).first()
    if pre is None or hr is None or Campaign.objects.filter(cohort=cohort, name=POST_NAME).exists():
        return
    campaign = campaign_create(
        cohort=cohort,
        framework=pre.framework,
        name=POST_NAME,
        kind=Campaign.Kind.POST,
        by=hr,
        closes_at=timezone.now() + dt.timedelta(days=14),
    )
    campaign_start_nomination(campaign=campaign, by=hr)
    before = (
        Invitation.objects.filter(campaign=pre, status=Invitation.Status.SUBMITTED)
        .select_related("subject")
        .order_by("subject__employee_number", "pk")
    )
    for invitation in before.exclude(group=Invitation.Group.SELF):
        invitation_nominate(
            campaign=campaign,
            subject=invitation.subject,
            rater_name=invitation.rater_name,
            rater_email=invitation.rater_email,
            rater_language=invitation.rater_language,
            group=invitation.group,
            by=hr,
        )
    campaign_open(campaign=campaign, by=hr, override=True, note="Demo: the pre campaign's raters.")
    scores: dict[tuple[int, str], dict[int, int | None]] = defaultdict(dict)
    ratings = (
        Rating.objects.filter(invitation__in=before)
        .order_by("invitation_id", "item_id")
        .values_list("invitation__subject_id", "invitation__rater_email", "item_id", "score")
    )
    for subject_id, email, item_id, score in ratings:
        scores[subject_id, email.lower()][item_id] = score
    invitations = (
        Invitation.objects.filter(campaign=campaign)
        .select_related("subject")
        .order_by("subject__employee_number", "group", "rater_email")
    )
    dimension_of = dict(
        Item.objects.filter(dimension__framework=pre.framework).values_list("pk", "dimension__code")
    )
    for invitation in invitations:
        earlier = scores.get((invitation.subject_id, invitation.rater_email.lower()))
        if earlier is None:
            continue
        key = invitation.subject.employee_number
        gain = {
            code: random.Random(f"{POST_SEED}-{key}-{code}").choice(GAINS)
            for code in set(dimension_of.values())
        }
        noise = random.Random(f"{POST_SEED}-{invitation.rater_email}")
        response_submit(
            invitation=invitation,
            scores={
                item_id: None
                if score is None
                else min(
                    campaign.scale_max,
                    max(
                        campaign.scale_min,
                        round(score + gain[dimension_of[item_id]] + noise.uniform(-0.5, 0.5)),
                    ),
                )
                for item_id, score in earlier.items()
            },
        )
    campaign_close(campaign=campaign, by=hr)
    campaign_release(campaign=campaign, by=hr)


def _follow_ups(cohort: Cohort) -> None:
    """Ask the follow-ups on the cohort's goals (once) and answer 吴迪's, by him and his manager."""
    follow_ups_start(cohort=cohort)
    pending = FollowUp.objects.filter(
        cohort=cohort,
        status=FollowUp.Status.SENT,
        goal__plan__participant__email=LEFT_TO_ANSWER,
    ).order_by("pk")
    for follow_up in pending:
        applied, helped, hindered, observed = FOLLOW_UP_ANSWERS[follow_up.respondent]
        follow_up_answer(
            follow_up=follow_up,
            applied_percent=applied,
            helped=helped,
            hindered=hindered,
            observed=observed,
        )
