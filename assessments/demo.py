"""Demo data of 360 feedback: a released campaign with ratings and an open one, and 吴迪's
action plan on two focus items of the released report, reviewed twice.

Runs after the courses and participants demos (cohort `kam-2026-02`, framework `strobe`,
confirmed participants incl. 吴迪). Idempotent: each campaign is created once, then left alone.
Ratings are drawn from a seeded generator, so every machine gets the same figures.
"""

import datetime as dt
import random
from collections.abc import Sequence

from django.conf import settings
from django.utils import timezone

from assessments.models import (
    ActionPlan,
    ActionPlanComment,
    Campaign,
    CampaignEvent,
    Comment,
    FocusItem,
    Goal,
    Invitation,
    Rating,
    Review,
)
from assessments.selectors.action_plans import report_released_on
from assessments.tokens import token_hash, token_new
from courses.access import system_actor
from courses.models import Cohort, Framework, Item
from participants.models import Enrollment, Participant, User

Login = tuple[str, str, str]

COHORT_CODE = "kam-2026-02"
FRAMEWORK_CODE = "strobe"
RELEASED_NAME = "课前360评估 · Pre-course 360°"
OPEN_NAME = "课后360评估 · Post-course 360°"
HR_EMAIL = "hr@kamtraining.local"
TRAINER_EMAIL = "changxing@kamtraining.local"
SEED = "kam-demo-360"
# A published demo link (one of 吴迪's peers in the open campaign), so the rater's page can be
# tried without reading any email. Made only when the loader is asked for it (`rater_link`);
# nothing else knows it: it opens the questionnaire through its hash, like any token.
DEMO_RATER_TOKEN = "demo-rater-wudi-peer-kam-2026-02-open-campaign"
DEMO_SUBJECT_EMAIL = "wudi@kamtraining.local"

G = Invitation.Group
S = Invitation.Status

FIRST_EN = [
    "Amir",
    "Sara",
    "James",
    "Lina",
    "Omar",
    "Grace",
    "Pedro",
    "Nadia",
    "Tom",
    "Aisha",
    "Carlos",
    "Mei",
    "Ivan",
    "Fatima",
    "Lucas",
    "Zara",
    "Daniel",
    "Nora",
    "Ahmed",
    "Elena",
    "Kofi",
    "Priya",
    "Hassan",
    "Julia",
]
LAST_EN = [
    "Haddad",
    "Okafor",
    "Smith",
    "Rahman",
    "Silva",
    "Petrov",
    "Tan",
    "Mensah",
    "Garcia",
    "Novak",
    "Nguyen",
    "Farah",
    "Costa",
]
NAMES_ZH = [
    "王磊",
    "李娜",
    "张伟",
    "刘洋",
    "陈静",
    "杨帆",
    "赵敏",
    "黄强",
    "周婷",
    "吴昊",
    "徐峰",
    "孙丽",
    "马骏",
    "朱琳",
    "胡斌",
    "郭蕾",
    "林涛",
    "何雪",
]

COMMENTS: dict[str, Sequence[str]] = {
    G.SELF: (
        "我在客户战略上投入较多，但团队培养的时间不够。",
        "I know the customer's strategy well; I need to build a lasting mechanism around it.",
        "跨部门资源协调是我的短板，希望通过本次培训提升。",
        "I focus on results; partnership with the customer's top management needs more work.",
    ),
    G.MANAGER: (
        "Sets a clear account strategy and follows it through; should delegate more.",
        "在客户高层关系上进步明显，建议加强跨部门协同。",
        "Strong on numbers and KPIs. Needs to grow successors in the team.",
        "经营意识强，风险意识需要进一步提高。",
    ),
    G.PEER: (
        "Always willing to share resources across regions.",
        "沟通直接高效，有时对其他系统部的诉求考虑不足。",
        "Brings the customer's voice into our planning meetings.",
        "Could involve peers earlier when a big deal changes course.",
        "跨文化团队管理经验丰富，值得大家学习。",
    ),
    G.DIRECT_REPORT: (
        "Gives us clear goals and backs us in front of the customer.",
        "希望主管多给一些辅导和成长机会。",
        "Very demanding, sometimes at the expense of the team's balance.",
        "对团队的价值观建设非常重视，氛围很好。",
        "Decisions are fast; the reasons behind them are not always explained.",
    ),
    G.OTHER: ("A reliable partner for our organisation.", "客户满意度工作做得扎实。"),
}
GROUP_BIAS: dict[str, float] = {
    G.SELF: 0.0,
    G.MANAGER: -0.2,
    G.PEER: 0.0,
    G.DIRECT_REPORT: 0.25,
    G.OTHER: 0.1,
}


@system_actor()
def load(*, rater_link: bool = False) -> list[Login]:
    """Create the two demo campaigns once; return the demo rater link as a login line.

    The published rater link is made only with `rater_link` (the loaddemo command asks for it
    in DEBUG or when forced); otherwise that rater gets a random token like every other.
    """
    cohort = Cohort.objects.filter(code=COHORT_CODE).first()
    framework = Framework.objects.filter(code=FRAMEWORK_CODE).first()
    if cohort is None or framework is None:
        return []  # the courses demo has not run: nothing to attach campaigns to
    participants = list(
        Participant.objects.filter(
            enrollments__cohort=cohort, enrollments__status=Enrollment.Status.CONFIRMED
        ).order_by("employee_number")
    )
    items = list(
        Item.objects.filter(dimension__framework=framework)
        .select_related("dimension")
        .order_by("dimension__order", "order", "pk")
    )
    if not participants or not items:
        return []
    hr = User.objects.filter(email=HR_EMAIL).first()
    if not Campaign.objects.filter(cohort=cohort, name=RELEASED_NAME).exists():
        _released_campaign(cohort, framework, participants, items, hr)
    if not Campaign.objects.filter(cohort=cohort, name=OPEN_NAME).exists():
        _open_campaign(cohort, framework, participants, items, hr, rater_link=rater_link)
    _action_plan(cohort, items)
    if Invitation.objects.filter(token_hash=token_hash(DEMO_RATER_TOKEN)).exists():
        return [("rater link", f"{settings.SITE_URL}/rate/{DEMO_RATER_TOKEN}/", "")]
    return []


def _at_nine(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9, 0), tzinfo=dt.UTC)


def _events(
    campaign: Campaign, steps: Sequence[tuple[str, str, dt.datetime]], by: User | None
) -> None:
    CampaignEvent.objects.bulk_create(
        CampaignEvent(campaign=campaign, from_status=a, to_status=b, at=at, by=by)
        for a, b, at in steps
    )


def _rater_name(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return rng.choice(NAMES_ZH)
    return f"{rng.choice(FIRST_EN)} {rng.choice(LAST_EN)}"


def _raters(participant: Participant, rng: random.Random) -> list[tuple[str, str, str]]:
    """(group, name, email) of a participant's raters: a manager, 3–5 peers, 3–5 reports."""
    key = participant.employee_number.lower()
    raters: list[tuple[str, str, str]] = [
        (G.MANAGER, _rater_name(rng), f"manager.{key}@raters.kamtraining.local")
    ]
    for group, prefix in ((G.PEER, "peer"), (G.DIRECT_REPORT, "report")):
        for i in range(rng.randint(3, 5)):
            raters.append(
                (group, _rater_name(rng), f"{prefix}{i + 1}.{key}@raters.kamtraining.local")
            )
    return raters


class _Profile:
    """One participant's plausible level per dimension, and how they see themselves."""

    def __init__(self, participant: Participant, items: Sequence[Item]) -> None:
        self.rng = random.Random(f"{SEED}-{participant.employee_number}")
        dimensions = sorted({item.dimension.code for item in items})
        base = self.rng.uniform(2.9, 3.9)
        self.level = {code: base + self.rng.uniform(-0.8, 0.8) for code in dimensions}
        # Some see themselves higher than others do in a role (blind spot), some lower.
        self.self_bias = {code: self.rng.uniform(-1.2, 1.4) for code in dimensions}
        self.item_shift = {item.pk: self.rng.uniform(-0.4, 0.4) for item in items}
        # The demo's own participant gets a comment from every rater, so his report shows
        # every section whatever the generator draws for the others.
        self.always_comments = participant.email == DEMO_SUBJECT_EMAIL

    def score(self, item: Item, group: str, *, can_skip: bool) -> int | None:
        if can_skip and self.rng.random() < 0.07:
            return None  # "not observed"
        code = item.dimension.code
        mean = self.level[code] + self.item_shift[item.pk] + GROUP_BIAS[group]
        if group == G.SELF:
            mean += self.self_bias[code]
        value = round(self.rng.gauss(mean, 0.55))
        return min(max(value, 1), 5)


def _fill(
    invitations: Sequence[Invitation],
    profiles: dict[int, _Profile],
    items: Sequence[Item],
    *,
    partial: bool = False,
) -> None:
    """Ratings (all items, or a draft's first part) and some comments for these invitations."""
    ratings, comments = [], []
    for invitation in invitations:
        profile = profiles[invitation.subject_id]
        chosen = items[: max(len(items) // 3, 1)] if partial else items
        for item in chosen:
            score = profile.score(item, invitation.group, can_skip=invitation.group != G.SELF)
            ratings.append(
                Rating(
                    invitation=invitation,
                    campaign_id=invitation.campaign_id,
                    item=item,
                    score=score,
                )
            )
        if not partial and (profile.rng.random() < 0.6 or profile.always_comments):
            text = profile.rng.choice(COMMENTS[invitation.group])
            comments.append(Comment(invitation=invitation, text=text))
    Rating.objects.bulk_create(ratings, batch_size=2000)
    Comment.objects.bulk_create(comments)


def _self_invitation(campaign: Campaign, participant: Participant, **fields: object) -> Invitation:
    return Invitation(
        campaign=campaign,
        subject=participant,
        rater_name=participant.name,
        rater_email=participant.email.lower(),
        rater_language=participant.language,
        group=G.SELF,
        **fields,
    )


def _released_campaign(
    cohort: Cohort,
    framework: Framework,
    participants: Sequence[Participant],
    items: Sequence[Item],
    hr: User | None,
) -> None:
    now = timezone.now()
    closes = min(_at_nine(cohort.starts_on - dt.timedelta(days=7)), now - dt.timedelta(days=2))
    opens = closes - dt.timedelta(days=21)
    nominating = opens - dt.timedelta(days=14)
    released = min(closes + dt.timedelta(days=3), now - dt.timedelta(hours=1))
    campaign = Campaign.objects.create(
        cohort=cohort,
        framework=framework,
        name=RELEASED_NAME,
        kind=Campaign.Kind.PRE,
        status=Campaign.Status.RELEASED,
        nomination_opens_at=nominating,
        nomination_closes_at=opens,
        opens_at=opens,
        closes_at=closes,
        closed_at=closes,
        released_at=released,
    )
    _events(
        campaign,
        [
            ("", Campaign.Status.DRAFT, nominating - dt.timedelta(days=3)),
            (Campaign.Status.DRAFT, Campaign.Status.NOMINATING, nominating),
            (Campaign.Status.NOMINATING, Campaign.Status.OPEN, opens),
            (Campaign.Status.OPEN, Campaign.Status.CLOSED, closes),
            (Campaign.Status.CLOSED, Campaign.Status.RELEASED, released),
        ],
        hr,
    )
    profiles = {p.pk: _Profile(p, items) for p in participants}
    invitations = []
    for participant in participants:
        rng = profiles[participant.pk].rng

        def answered(rng: random.Random = rng) -> dict[str, object]:
            sent = opens + dt.timedelta(minutes=5)
            started = sent + dt.timedelta(hours=rng.randint(2, 200))
            return {
                "status": S.SUBMITTED,
                "nominated_at": nominating + dt.timedelta(days=2),
                "approved_at": nominating + dt.timedelta(days=5),
                "sent_at": sent,
                "started_at": started,
                "submitted_at": started + dt.timedelta(minutes=rng.randint(8, 40)),
            }

        invitations.append(_self_invitation(campaign, participant, **answered()))
        for group, name, email in _raters(participant, rng):
            invitations.append(
                Invitation(
                    campaign=campaign,
                    subject=participant,
                    rater_name=name,
                    rater_email=email,
                    group=group,
                    **answered(),
                )
            )
    Invitation.objects.bulk_create(invitations)
    _fill(invitations, profiles, items)


def _action_plan(cohort: Cohort, items: Sequence[Item]) -> None:
    """吴迪 marks two activities of one dimension on the report and plans a goal on them,
    reviewed twice, with the trainer's comment; once."""
    campaign = Campaign.objects.filter(cohort=cohort, name=RELEASED_NAME).first()
    wudi = Participant.objects.filter(email=DEMO_SUBJECT_EMAIL).select_related("user").first()
    if campaign is None or wudi is None or wudi.user is None:
        return
    if ActionPlan.objects.filter(participant=wudi, campaign=campaign).exists():
        return
    chosen = [item for item in items if item.dimension_id == items[0].dimension_id][:2]
    released_on = report_released_on(campaign=campaign) or timezone.localdate()
    today = timezone.localdate()
    FocusItem.objects.bulk_create(
        FocusItem(participant=wudi, campaign=campaign, item=item) for item in chosen
    )
    plan = ActionPlan.objects.create(participant=wudi, campaign=campaign)
    ActionPlan.objects.filter(pk=plan.pk).update(created_at=_at_nine(released_on))
    goal = Goal.objects.create(
        plan=plan,
        dimension_id=chosen[0].dimension_id,
        order=1,
        title="与客户高层共同制定年度合作规划",
        actions="每月一次客户高层拜访；与铁三角一起准备客户战略地图。",
        measure="客户签署联合年度规划；两项新项目进入立项。",
        due_on=released_on + dt.timedelta(days=180),
    )
    goal.items.set(chosen)
    trainer = User.objects.filter(email=TRAINER_EMAIL).first()
    for weeks, progress, note in (
        (2, 20, "完成第一次高层拜访。"),
        (6, 45, "战略地图初稿获客户认可。"),
    ):
        reviewed_on = min(released_on + dt.timedelta(weeks=weeks), today)
        Review.objects.create(
            plan=plan,
            goal=goal,
            reviewed_on=reviewed_on,
            progress=progress,
            note=note,
            created_by=wudi.user,
            created_at=_at_nine(reviewed_on),
        )
    if trainer is not None:
        ActionPlanComment.objects.create(
            plan=plan,
            author=trainer,
            text="目标清晰；请把“两项新项目”写成具体的客户项目名称。",
            created_at=_at_nine(min(released_on + dt.timedelta(weeks=3), today)),
        )


def _open_campaign(
    cohort: Cohort,
    framework: Framework,
    participants: Sequence[Participant],
    items: Sequence[Item],
    hr: User | None,
    *,
    rater_link: bool,
) -> None:
    now = timezone.now().replace(microsecond=0)
    opens = now - dt.timedelta(days=5)
    campaign = Campaign.objects.create(
        cohort=cohort,
        framework=framework,
        name=OPEN_NAME,
        kind=Campaign.Kind.POST,
        status=Campaign.Status.OPEN,
        nomination_opens_at=opens - dt.timedelta(days=10),
        nomination_closes_at=opens,
        opens_at=opens,
        closes_at=now + dt.timedelta(days=21),
    )
    _events(
        campaign,
        [
            ("", Campaign.Status.DRAFT, opens - dt.timedelta(days=12)),
            (Campaign.Status.DRAFT, Campaign.Status.NOMINATING, opens - dt.timedelta(days=10)),
            (Campaign.Status.NOMINATING, Campaign.Status.OPEN, opens),
        ],
        hr,
    )
    profiles = {p.pk: _Profile(p, items) for p in participants}
    invitations, started, submitted = [], [], []
    demo_token_used = False
    for participant in participants:
        rng = random.Random(f"{SEED}-open-{participant.employee_number}")
        is_demo_subject = participant.email.lower() == DEMO_SUBJECT_EMAIL
        own = _self_invitation(
            campaign, participant, status=S.SENT, sent_at=opens, approved_at=opens
        )
        invitations.append(own)
        for group, name, email in _raters(participant, rng):
            invitation = Invitation(
                campaign=campaign,
                subject=participant,
                rater_name=name,
                rater_email=email,
                group=group,
                status=S.SENT,
                approved_at=opens - dt.timedelta(days=1),
                sent_at=opens,
            )
            _raw, invitation.token_hash = token_new()  # the raw token of a demo rater is dropped
            draw = rng.random()
            if is_demo_subject and group == G.PEER and not demo_token_used:
                # This rater stays "sent", published link or not, so the data is the same.
                if rater_link:
                    invitation.token_hash = token_hash(DEMO_RATER_TOKEN)
                demo_token_used = True
            elif draw < 0.4:
                invitation.status = S.SUBMITTED
                invitation.started_at = opens + dt.timedelta(hours=rng.randint(1, 90))
                invitation.submitted_at = invitation.started_at + dt.timedelta(minutes=20)
                submitted.append(invitation)
            elif draw < 0.65:
                invitation.status = S.STARTED
                invitation.started_at = opens + dt.timedelta(hours=rng.randint(1, 90))
                started.append(invitation)
            invitations.append(invitation)
    Invitation.objects.bulk_create(invitations)
    _fill(submitted, profiles, items)
    _fill(started, profiles, items, partial=True)
