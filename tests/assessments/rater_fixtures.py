"""Builders for questionnaire tests: an open campaign and invitations with tokens.

The `q` fixture (tests/assessments/conftest.py) is one `questionnaire()`. Rate-limit counters
live in the cache, which tests/conftest.py empties around every test.
"""

import dataclasses
from typing import Any

from assessments.models import Campaign, Invitation
from assessments.tokens import token_new
from courses.models import Item
from tests import factories


@dataclasses.dataclass
class Questionnaire:
    campaign: Campaign
    items: list[Item]
    invitation: Invitation
    token: str

    @property
    def url(self) -> str:
        return f"/rate/{self.token}/"

    @property
    def api_url(self) -> str:
        return f"/api/v1/rater/{self.token}/"

    def all_scores(self, score: int | None = 3) -> dict[int, int | None]:
        return {item.pk: score for item in self.items}


def open_campaign(*, dimensions: int = 2, items_per_dimension: int = 2, **kwargs: Any) -> Campaign:
    """An open campaign on a fresh framework of `dimensions` × `items_per_dimension` items."""
    framework = factories.FrameworkFactory()
    for d in range(dimensions):
        dimension = factories.DimensionFactory(
            framework=framework, code=f"R{d}", name=f"角色{d}", name_en=f"Role {d}", order=d
        )
        for i in range(items_per_dimension):
            factories.ItemFactory(
                dimension=dimension, order=i, text=f"活动{d}.{i}", text_en=f"Activity {d}.{i}"
            )
    kwargs.setdefault("status", Campaign.Status.OPEN)
    return factories.CampaignFactory(framework=framework, **kwargs)


def invitation_with_token(*, campaign: Campaign, **kwargs: Any) -> tuple[Invitation, str]:
    """A sent invitation whose link token is returned; only its hash is stored, as in production."""
    raw, digest = token_new()
    invitation = factories.InvitationFactory(campaign=campaign, token_hash=digest, **kwargs)
    return invitation, raw


def questionnaire(**kwargs: Any) -> Questionnaire:
    invitation_kwargs = kwargs.pop("invitation", {})
    campaign = open_campaign(**kwargs)
    invitation, token = invitation_with_token(campaign=campaign, **invitation_kwargs)
    items = list(
        Item.objects.filter(dimension__framework=campaign.framework).order_by(
            "dimension__order", "order"
        )
    )
    return Questionnaire(campaign=campaign, items=items, invitation=invitation, token=token)
