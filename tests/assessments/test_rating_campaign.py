"""Every rating names its invitation's campaign, whoever wrote it."""

import pytest
from django.db.models import F

from assessments.models import Rating
from assessments.services.responses import response_save_draft, response_submit
from tests.assessments.rater_fixtures import Questionnaire, invitation_with_token

pytestmark = pytest.mark.django_db


def test_ratings_written_by_the_services_name_the_invitations_campaign(q: Questionnaire) -> None:
    # given: a draft on one item, then a submission of every item, and a second rater
    first, *rest = q.items
    response_save_draft(invitation=q.invitation, scores={first.pk: 4}, comment="")
    response_submit(invitation=q.invitation, scores={item.pk: 3 for item in q.items})
    other, _ = invitation_with_token(campaign=q.campaign, group="peer")
    response_submit(invitation=other, scores={item.pk: None for item in q.items})

    # then
    ratings = Rating.objects.all()
    assert ratings.count() == 2 * len(q.items)
    assert not ratings.exclude(campaign_id=F("invitation__campaign_id")).exists()
    assert set(ratings.values_list("campaign_id", flat=True)) == {q.campaign.pk}
