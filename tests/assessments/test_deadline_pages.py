"""Pages show a campaign's deadlines through `|zoned`: in the viewer's zone and named, and on
the rater page (opened by link, so without a viewer's zone) in the cohort's zone, named."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from participants.models import User
from tests import factories
from tests.assessments.campaign_data import nominating_campaign
from tests.assessments.rater_fixtures import invitation_with_token, open_campaign

pytestmark = pytest.mark.django_db

CLOSES = dt.datetime(2030, 12, 9, 17, tzinfo=dt.UTC)  # 21:00 in Dubai


def test_the_rater_page_names_the_close_in_the_cohorts_zone(client: Client) -> None:
    campaign = open_campaign(
        cohort=factories.CohortFactory(time_zone="Asia/Dubai"), closes_at=CLOSES
    )
    _invitation, token = invitation_with_token(campaign=campaign, rater_language="en")

    html = client.get(f"/rate/{token}/").content.decode()

    assert "Open until 9 Dec 2030, 21:00 (Asia/Dubai)." in html


def test_the_rater_page_in_chinese_uses_the_chinese_style(client: Client) -> None:
    campaign = open_campaign(
        cohort=factories.CohortFactory(time_zone="Asia/Dubai"), closes_at=CLOSES
    )
    _invitation, token = invitation_with_token(campaign=campaign, rater_language="zh-hans")

    html = client.get(f"/rate/{token}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert "2030年12月9日 21:00（Asia/Dubai）" in html


def test_the_nomination_page_names_its_deadline_in_the_participants_zone(
    trainer_user: User,
) -> None:
    # given a campaign whose nominations close at 17:00 UTC, and a participant in Shanghai
    setup = nominating_campaign(
        n=1,
        trainer=trainer_user,
        opens_at=CLOSES + dt.timedelta(days=1),
        closes_at=CLOSES + dt.timedelta(days=14),
        nomination_closes_at=CLOSES,
    )
    user = setup.participants[0].user
    assert user is not None
    user.time_zone = "Asia/Shanghai"
    user.save()
    client = Client()
    client.force_login(user)

    # when they open their nomination page
    url = reverse("assessments:campaign-nominate", kwargs={"pk": setup.campaign.pk})
    html = client.get(url).content.decode()

    # then the deadline is in their zone (01:00 the next day), named
    assert "Nominations close on 10 Dec 2030, 01:00 (Asia/Shanghai)." in html
    # and My Zone's timeline gives the step's deadline the same way
    timeline = client.get(reverse("participants:me")).content.decode()
    assert "due 10 Dec 2030, 01:00 (Asia/Shanghai)" in timeline
