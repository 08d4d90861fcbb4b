"""A released campaign with everyone the report pages care about, for the page/API tests.

world = released_world()       # 吴迪 and another participant rated, a trainer, HR, strangers
world.users["participant_own"] …
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import Group
from django.utils import timezone

from assessments.models import Campaign
from participants.models import HR_GROUP, TRAINERS_GROUP, Participant, User
from tests import factories
from tests.assessments.report_data import World, build_campaign

DIMENSION_NAMES = (
    ("制定、协同、执行大客户战略的领导者", "Leader of key-account strategy"),
    ("跨区域高绩效团队的开发者", "Developer of cross-regional teams"),
)
RELEASED_AT = dt.datetime(2025, 3, 10, 2, 0, tzinfo=dt.UTC)


@dataclass
class ReportWorld:
    world: World
    subject: Participant
    other_subject: Participant
    trainer: User
    users: dict[str, Any] = field(default_factory=dict)

    @property
    def campaign(self) -> Campaign:
        return self.world.campaign


def _in_group(user: User, name: str) -> User:
    user.groups.add(Group.objects.get(name=name))
    return user


def rate_subject(world: World, subject: Participant, *, shift: int = 0) -> None:
    """Self, a manager, three peers (shown) and two direct reports (hidden under k = 3)."""
    n = len(world.items)

    def row(base: int) -> list[int | None]:
        return [max(1, min(5, base + shift + (i % 2))) for i in range(n)]

    world.rate(subject, "self", row(4), comment="我需要更多地关注团队。")
    world.rate(subject, "manager", row(3), comment="战略清晰,执行需加强。")
    world.rate(subject, "peer", row(3), times=3, comment="乐于分享经验。")
    world.rate(subject, "direct_report", row(2), times=2, comment="不应出现的下属评语")


def released_world(
    *, participants: int = 2, items: list[int] | None = None, status: str = Campaign.Status.RELEASED
) -> ReportWorld:
    world = build_campaign(items=items or [2, 1], status=status)
    campaign = world.campaign
    for dimension, (name, name_en) in zip(world.dimensions, DIMENSION_NAMES, strict=False):
        dimension.name, dimension.name_en = name, name_en
        dimension.save(update_fields=["name", "name_en"])
    if status == Campaign.Status.RELEASED:
        campaign.released_at = RELEASED_AT
        campaign.closes_at = RELEASED_AT - dt.timedelta(days=3)
        campaign.opens_at = RELEASED_AT - dt.timedelta(days=20)
        campaign.save(update_fields=["released_at", "closes_at", "opens_at"])
    trainer = _in_group(factories.UserFactory(full_name="常兴"), TRAINERS_GROUP)
    campaign.cohort.trainers.add(trainer)
    subject = world.subject(name="吴迪", name_en="Wu Di", with_user=True, is_incumbent=True)
    other = world.subject(name="李明", name_en="Li Ming", with_user=True)
    rate_subject(world, subject)
    rate_subject(world, other, shift=-1)
    for index in range(max(participants - 2, 0)):
        extra = world.subject(name=f"学员{index}", is_incumbent=index % 2 == 0, with_user=True)
        rate_subject(world, extra, shift=index % 3 - 1)
    other_trainer = _in_group(factories.UserFactory(full_name="Other trainer"), TRAINERS_GROUP)
    factories.CohortFactory().trainers.add(other_trainer)
    hr = _in_group(factories.UserFactory(full_name="HR"), HR_GROUP)
    users = {
        "anonymous": None,
        "participant_own": subject.user,
        "participant_other": other.user,
        "trainer_own": trainer,
        "trainer_other": other_trainer,
        "hr": hr,
    }
    return ReportWorld(
        world=world, subject=subject, other_subject=other, trainer=trainer, users=users
    )


def now() -> dt.datetime:
    return timezone.now()
