"""The campaign confirmation and reminder previews cost the same queries at any cohort size."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.models import Campaign, Invitation
from tests.assessments.test_progress import open_campaign_with

pytestmark = pytest.mark.django_db

SIZES = [2, 6]


def _transition(campaign: Campaign, transition: str) -> str:
    return reverse(
        "assessments:campaign-transition", kwargs={"pk": campaign.pk, "transition": transition}
    )


@pytest.mark.parametrize("size", SIZES)
def test_close_preview_queries_are_constant(
    django_assert_num_queries, hr_user, trainer_user, size: int
) -> None:  # type: ignore[no-untyped-def]
    setup = open_campaign_with(size, trainer_user)
    client = Client()
    client.force_login(hr_user)
    with django_assert_num_queries(6):
        response = client.get(_transition(setup.campaign, "close"))
    assert response.status_code == 200
    assert response.content.decode().count("<li><strong>") == size  # every one is short


@pytest.mark.parametrize("size", SIZES)
def test_release_preview_queries_are_constant(
    django_assert_num_queries, hr_user, trainer_user, size: int
) -> None:  # type: ignore[no-untyped-def]
    setup = open_campaign_with(size, trainer_user)
    Campaign.objects.filter(pk=setup.campaign.pk).update(status=Campaign.Status.CLOSED)
    client = Client()
    client.force_login(hr_user)
    with django_assert_num_queries(6):
        response = client.get(_transition(setup.campaign, "release"))
    assert response.status_code == 200
    assert f"The {size} participants can read their reports" in response.content.decode()


@pytest.mark.parametrize("size", SIZES)
def test_remind_preview_queries_are_constant(
    django_assert_num_queries, trainer_user, size: int
) -> None:  # type: ignore[no-untyped-def]
    setup = open_campaign_with(size, trainer_user)
    Campaign.objects.filter(pk=setup.campaign.pk).update(
        closes_at=timezone.now() + dt.timedelta(days=3)
    )
    Invitation.objects.filter(campaign=setup.campaign, group="self").update(status="sent")
    client = Client()
    client.force_login(trainer_user)
    with django_assert_num_queries(6):
        response = client.get(
            reverse("assessments:campaign-remind", kwargs={"pk": setup.campaign.pk})
        )
    assert response.status_code == 200
    html = response.content.decode()
    assert all(str(p) in html for p in setup.participants)
