"""Demo practice: one assignment for the demo cohort; 吴迪's practice tied to his action-plan
goal (its focus items), filled, observed, returned once and accepted.

Idempotent: the assignment is created once (by its title), then left alone.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from assessments.selectors.action_plans import action_plans_for_participant
from courses.models import Cohort, Item
from kamtraining.tokens import token_new
from participants.models import Participant, User
from practice.models import Assignment, Observer, Practice, TriangleRole
from practice.selectors.practices import practice_items
from practice.services.assignments import assignment_create
from practice.services.observers import observation_submit
from practice.services.phases import phase_complete, practice_goal_link
from practice.services.review import feedback_add, practice_accept, practice_return

COHORT_CODE = "kam-2026-02"
TRAINER_EMAIL = "changxing@kamtraining.local"
SUBJECT_EMAIL = "wudi@kamtraining.local"
TITLE = "铁三角客户拜访 · Iron-triangle customer visit"
PHASES = {
    "prepare": "梳理客户决策链,和解决方案、交付责任人一起准备拜访提纲。",
    "act": "与客户CIO及采购负责人会谈,提出三年合作规划。",
    "reflect": "客户对交付风险最关心;下次需要交付责任人提前准备案例。",
    "review": "两周后复盘:客户同意启动联合规划研讨会。",
}
OBSERVERS = (
    ("account", "Omar Haddad", "omar.haddad@example.com", 4, "Clear agenda; strong close."),
    ("solution", "Lina Chen", "lina.chen@example.com", 3, "解决方案部分可以更聚焦客户痛点。"),
    ("fulfilment", "James Okafor", "james.okafor@example.com", 4, "Delivery risks were answered."),
)


@transaction.atomic
def load() -> list[tuple[str, str, str]]:
    cohort = Cohort.objects.select_related("course").filter(code=COHORT_CODE).first()
    trainer = User.objects.filter(email=TRAINER_EMAIL).first()
    subject = Participant.objects.filter(email=SUBJECT_EMAIL).select_related("user").first()
    if cohort is None or trainer is None or subject is None or subject.user is None:
        return []
    framework_id = cohort.course.framework_id
    if framework_id is None or Assignment.objects.filter(cohort=cohort, title=TITLE).exists():
        return []
    items = list(
        Item.objects.filter(dimension__framework_id=framework_id).order_by(
            "dimension__order", "order"
        )[:3]
    )
    if not items:
        return []
    assignment = assignment_create(
        cohort=cohort,
        title=TITLE,
        brief="按PARR完成一次铁三角联合客户拜访,并邀请三位铁三角成员观察。",
        due_on=cohort.ends_on + dt.timedelta(days=45),
        items=items,
        by=trainer,
    )
    practice = Practice.objects.get(assignment=assignment, participant=subject)
    user = subject.user
    # The goal of his plan on the report's focus items (assessments.demo): practised here, so
    # the observers rate the goal's items, and the next 360 asks about the same behaviour.
    goal = next(
        (
            goal
            for plan in action_plans_for_participant(participant=subject)
            if plan.campaign.cohort_id == cohort.pk
            for goal in plan.goals.all()
        ),
        None,
    )
    if goal is not None:
        practice_goal_link(practice=practice, goal=goal, by=user)
    rated = practice_items(practice)
    today = timezone.localdate()
    for offset, (phase, text) in enumerate(PHASES.items()):
        phase_complete(
            practice=practice,
            phase=phase,
            text=text,
            completed_on=today - dt.timedelta(days=8 - 2 * offset),
            by=user,
        )
    for code, name, email, score, note in OBSERVERS:
        observer = Observer.objects.create(
            practice=practice,
            role=TriangleRole.objects.get(code=code),
            name=name,
            email=email,
            language="en",
            token_hash=token_new()[1],
        )
        observation_submit(
            observer=observer, scores={item.pk: score for item in rated}, observation=note
        )
    feedback_add(practice=practice, phase="act", comment="会谈准备充分。", by=trainer)
    practice_return(
        practice=practice, phase="reflect", comment="请写出下次具体怎么做。", by=trainer
    )
    phase_complete(
        practice=practice,
        phase="reflect",
        text=PHASES["reflect"] + " 下次拜访前一周与交付责任人演练风险问答。",
        by=user,
    )
    practice_accept(practice=practice, comment="实践通过。", by=trainer)
    return []
