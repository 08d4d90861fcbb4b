"""Build a campaign with given ratings in a few lines, for the report tests.

world = build_campaign(items=[2, 1])      # dimension A with 2 items, B with 1
subject = world.subject()
world.rate(subject, "self", [4, 3, None])  # one score per item, None = not observed
world.rate(subject, "peer", [3, 3, 2], times=3)
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from assessments.models import Campaign, Comment, Invitation, Rating
from courses.models import Cohort, Dimension, Framework, Item
from participants.models import Participant
from tests import factories

_emails = itertools.count(1)


@dataclass
class World:
    campaign: Campaign
    framework: Framework
    dimensions: list[Dimension]
    items: list[Item]
    subjects: list[Participant] = field(default_factory=list)

    def item_ids(self, dimension: int = 0, n: int = 1) -> tuple[int, ...]:
        """The first n items of the dimension at this index, as a goal names them."""
        code = self.dimensions[dimension].pk
        return tuple(item.pk for item in self.items if item.dimension_id == code)[:n]

    def subject(self, **fields: object) -> Participant:
        participant = factories.ParticipantFactory(**fields)
        self.subjects.append(participant)
        return participant

    def rate(
        self,
        subject: Participant,
        group: str,
        scores: list[int | None],
        *,
        times: int = 1,
        status: str = Invitation.Status.SUBMITTED,
        comment: str = "",
        campaign: Campaign | None = None,
        submitted_at: dt.datetime | None = None,
    ) -> list[Invitation]:
        """Add `times` raters of the group who each gave these scores (one per item)."""
        assert len(scores) == len(self.items), "one score per item"
        campaign = campaign or self.campaign
        invitations = []
        for _ in range(times):
            n = next(_emails)
            invitation = Invitation.objects.create(
                campaign=campaign,
                subject=subject,
                rater_name=f"Rater {n}",
                rater_email=f"rater-{n}@example.com",
                group=group,
                status=status,
                submitted_at=(submitted_at or timezone.now())
                if status == Invitation.Status.SUBMITTED
                else None,
            )
            Rating.objects.bulk_create(
                Rating(invitation=invitation, campaign=campaign, item=item, score=score)
                for item, score in zip(self.items, scores, strict=True)
            )
            if comment:
                Comment.objects.create(invitation=invitation, text=comment)
            invitations.append(invitation)
        return invitations

    def invite(self, subject: Participant, group: str, *, status: str, times: int = 1) -> None:
        """Add raters who gave no ratings (pending, declined, nominated…)."""
        for _ in range(times):
            n = next(_emails)
            Invitation.objects.create(
                campaign=self.campaign,
                subject=subject,
                rater_name=f"Rater {n}",
                rater_email=f"rater-{n}@example.com",
                group=group,
                status=status,
                submitted_at=timezone.now() if status == Invitation.Status.SUBMITTED else None,
            )

    def another_campaign(self, **fields: object) -> Campaign:
        """A campaign of the same cohort on the same framework."""
        values: dict[str, object] = {
            "cohort": self.campaign.cohort,
            "framework": self.framework,
            "status": Campaign.Status.CLOSED,
        }
        values.update(fields)
        return factories.CampaignFactory(**values)


def build_campaign(
    *,
    items: list[int] | None = None,
    k: int = 3,
    threshold: str = "1.00",
    status: str = Campaign.Status.CLOSED,
    cohort: Cohort | None = None,
    closes_at: dt.datetime | None = None,
) -> World:
    """A campaign on a fresh framework with len(items) dimensions of items[i] items each."""
    framework = factories.FrameworkFactory()
    dimensions: list[Dimension] = []
    all_items: list[Item] = []
    for position, count in enumerate(items or [2]):
        dimension = factories.DimensionFactory(
            framework=framework, code="ABCDEFGH"[position], order=position + 1
        )
        dimensions.append(dimension)
        for order in range(1, count + 1):
            all_items.append(
                factories.ItemFactory(
                    dimension=dimension,
                    order=order,
                    text=f"活动 {dimension.code}{order}",
                    text_en=f"Activity {dimension.code}{order}",
                )
            )
    campaign_fields: dict[str, object] = {
        "framework": framework,
        "min_group_size": k,
        "gap_threshold": Decimal(threshold),
        "status": status,
    }
    if cohort is not None:
        campaign_fields["cohort"] = cohort
    if closes_at is not None:
        campaign_fields["opens_at"] = closes_at - dt.timedelta(days=14)
        campaign_fields["closes_at"] = closes_at
    campaign = factories.CampaignFactory(**campaign_fields)
    return World(campaign=campaign, framework=framework, dimensions=dimensions, items=all_items)


DEFAULT_PANEL = {"self": 1, "manager": 1, "peer": 4, "direct_report": 3, "other": 1}


def populate(
    world: World,
    *,
    subjects: int,
    panel: dict[str, int] | None = None,
    campaign: Campaign | None = None,
    comments: bool = True,
) -> list[Participant]:
    """Add `subjects` participants, each rated on every item by `panel` raters per group.

    Bulk inserts, deterministic scores (1–5 with a "not observed" now and then).
    """
    campaign = campaign or world.campaign
    panel = panel or DEFAULT_PANEL
    created = [world.subject(is_incumbent=n % 2 == 0) for n in range(subjects)]
    now = timezone.now()
    invitations = [
        Invitation(
            campaign=campaign,
            subject=subject,
            rater_name=f"Rater {n}",
            rater_email=f"bulk-{n}@example.com",
            group=group,
            status=Invitation.Status.SUBMITTED,
            submitted_at=now,
        )
        for subject in created
        for group, count in panel.items()
        for _ in range(count)
        for n in [next(_emails)]
    ]
    Invitation.objects.bulk_create(invitations)
    invitations = list(
        Invitation.objects.filter(campaign=campaign, subject__in=created).order_by("pk")
    )
    # Scores follow a serial kept on the world, not the primary keys: PostgreSQL does not
    # reuse ids between tests, so scores drawn from ids would differ from run to run.
    first = getattr(world, "rating_serial", 0) + 1
    world.rating_serial = first + len(invitations)  # type: ignore[attr-defined]
    Rating.objects.bulk_create(
        Rating(
            invitation=invitation,
            campaign=campaign,
            item=item,
            score=None if (serial + position) % 11 == 0 else 1 + (serial * 7 + position * 3) % 5,
        )
        for serial, invitation in enumerate(invitations, start=first)
        for position, item in enumerate(world.items)
    )
    if comments:
        Comment.objects.bulk_create(
            Comment(invitation=invitation, text=f"Comment {invitation.pk}")
            for invitation in invitations
        )
    return created
