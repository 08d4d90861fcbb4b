"""DESIGN.md §4's amended rules 4 and 6 (and rule 10's rescore promise), worked by hand.
k = 3 throughout; every subject is rated by a manager only, so their others score is that
manager's score."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.models import Campaign, Invitation
from assessments.selectors.report import report_for
from assessments.selectors.summary import cohort_summary
from assessments.services.responses import response_submit
from tests import factories
from tests.assessments.report_data import World, build_campaign

pytestmark = pytest.mark.django_db


def _subject(world: World, others: int, *, incumbent: bool) -> Any:
    subject = world.subject(is_incumbent=incumbent)
    world.rate(subject, "manager", [others] * len(world.items))
    return subject


def _row(world: World, subject: Any) -> dict[str, Any]:
    return report_for(campaign=world.campaign, participant=subject)["dimensions"][0]


# §4.4 — the incumbent average cannot give the non-incumbents away


def test_incumbent_average_hidden_when_one_non_incumbent_would_fall_out() -> None:
    # given a cohort of 4: three incumbents (2, 4, 5) and one non-incumbent (1)
    world = build_campaign(items=[1])
    lone = _subject(world, 1, incumbent=False)
    incumbents = [_subject(world, score, incumbent=True) for score in (2, 4, 5)]
    row = _row(world, incumbents[0])
    # class = 12 / 4 = 3.00 is shown; incumbents 11 / 3 would give 4·3 − 3·3.67 = 1: hidden
    assert (row["class_average"], row["n_class"]) == (3.0, 4)
    assert (row["incumbent_average"], row["n_incumbent"]) == (None, 3)
    assert _row(world, lone)["incumbent_average"] is None
    # the summary follows the same rule
    (summary_row,) = cohort_summary(campaign=world.campaign)["dimensions"]
    assert summary_row["incumbent"] == {"average": None, "n": 3, "stdev": None}
    assert summary_row["class"]["average"] == 3.0


def test_incumbent_average_hidden_with_k_minus_one_non_incumbents() -> None:
    world = build_campaign(items=[1])
    for score in (1, 2):
        _subject(world, score, incumbent=False)
    subject = _subject(world, 4, incumbent=True)
    for score in (4, 5):
        _subject(world, score, incumbent=True)
    row = _row(world, subject)
    # 2 non-incumbents (1 ≤ 2 ≤ k − 1): 5·class − 3·incumbent = their sum 3 → hidden
    assert (row["class_average"], row["n_class"]) == (3.2, 5)
    assert (row["incumbent_average"], row["n_incumbent"]) == (None, 3)


def test_incumbent_average_shown_with_k_non_incumbents() -> None:
    world = build_campaign(items=[1])
    for score in (1, 2, 3):
        _subject(world, score, incumbent=False)
    subject = _subject(world, 4, incumbent=True)
    for score in (4, 5):
        _subject(world, score, incumbent=True)
    row = _row(world, subject)
    # class = 19 / 6 = 3.1666… → 3.17; incumbents = 13 / 3 = 4.333… → 4.33
    assert (row["class_average"], row["n_class"]) == (3.17, 6)
    assert (row["incumbent_average"], row["n_incumbent"]) == (4.33, 3)


def test_incumbent_average_shown_when_every_contributor_is_an_incumbent() -> None:
    world = build_campaign(items=[1])
    subject = _subject(world, 2, incumbent=True)
    for score in (3, 5):
        _subject(world, score, incumbent=True)
    # a non-incumbent without an others score (two peers only, < k) does not contribute
    outsider = world.subject(is_incumbent=False)
    world.rate(outsider, "peer", [1], times=2)
    row = _row(world, subject)
    # 0 contributing non-incumbents: incumbent = class = 10 / 3 = 3.33
    assert (row["class_average"], row["n_class"]) == (3.33, 3)
    assert (row["incumbent_average"], row["n_incumbent"]) == (3.33, 3)


def test_summary_shows_mean_spread_and_n_but_never_a_minimum_or_maximum() -> None:
    world = build_campaign(items=[1])
    for score in (1, 2, 3):
        _subject(world, score, incumbent=False)
    for score in (3, 4, 5):
        _subject(world, score, incumbent=True)
    (row,) = cohort_summary(campaign=world.campaign, include_participants=False)["dimensions"]
    # class: mean 18 / 6 = 3; variance (4 + 1 + 0 + 0 + 1 + 4) / 6 = 5/3, stdev 1.29
    assert row["class"] == {"average": 3.0, "n": 6, "stdev": 1.29}
    # incumbents: mean 4, variance 2/3, stdev 0.8165 → 0.82
    assert row["incumbent"] == {"average": 4.0, "n": 3, "stdev": 0.82}


def test_hr_summary_api_and_page_carry_no_minimum_or_maximum(api_as, hr_user) -> None:
    world = build_campaign(items=[1])
    for score in (1, 3, 5):
        _subject(world, score, incumbent=False)
    body = api_as(hr_user).get(f"/api/v1/campaigns/{world.campaign.pk}/summary/").json()
    for figures in body["dimensions"]:
        for name in ("class", "class_self", "incumbent"):
            assert set(figures[name]) == {"average", "n", "stdev"}
    client = Client()
    client.force_login(hr_user)
    html = client.get(reverse("assessments:cohort-debrief", args=[world.campaign.pk]))
    assert html.status_code == 200
    text = html.content.decode()
    assert "min – max" not in text
    assert "1.00 – 5.00" not in text  # the lowest and highest others score


# §4.6 — change only against a released campaign


def test_change_ignores_an_earlier_campaign_that_is_closed_but_not_released() -> None:
    now = dt.datetime(2027, 6, 1, tzinfo=dt.UTC)
    world = build_campaign(items=[1], closes_at=now)
    subject = world.subject()
    world.rate(subject, "manager", [4])
    released = world.another_campaign(
        status=Campaign.Status.RELEASED,
        opens_at=now - dt.timedelta(days=400),
        closes_at=now - dt.timedelta(days=380),
    )
    world.rate(subject, "manager", [1], campaign=released)
    unreleased = world.another_campaign(
        status=Campaign.Status.CLOSED,
        opens_at=now - dt.timedelta(days=60),
        closes_at=now - dt.timedelta(days=30),
    )
    world.rate(subject, "manager", [2], campaign=unreleased)
    result = report_for(campaign=world.campaign, participant=subject)
    # against the unreleased one, others − change = 4 − 2.00 would be its score: not used;
    # the change is against the released one: 4 − 1 = 3.00
    assert result["campaign"]["previous"] == {"id": released.pk, "name": released.name}
    assert result["dimensions"][0]["change"] == 3.0


def test_no_change_when_the_only_earlier_campaign_is_unreleased() -> None:
    now = dt.datetime(2027, 6, 1, tzinfo=dt.UTC)
    world = build_campaign(items=[1], closes_at=now)
    subject = world.subject()
    world.rate(subject, "manager", [4])
    unreleased = world.another_campaign(
        status=Campaign.Status.CLOSED, closes_at=now - dt.timedelta(days=30)
    )
    world.rate(subject, "manager", [2], campaign=unreleased)
    result = report_for(campaign=world.campaign, participant=subject)
    assert result["campaign"]["previous"] is None
    assert result["dimensions"][0]["change"] is None


# §4.10 — after release, nothing a late rater does changes what the subject has seen


def test_a_late_rater_cannot_answer_after_release() -> None:
    world = build_campaign(items=[1], status=Campaign.Status.RELEASED)
    subject = world.subject()
    world.rate(subject, "manager", [4])
    world.rate(subject, "peer", [3], times=3)
    late = factories.InvitationFactory(
        campaign=world.campaign,
        subject=subject,
        group=Invitation.Group.PEER,
        status=Invitation.Status.SENT,
        sent_at=timezone.now(),
    )
    before = report_for(campaign=world.campaign, participant=subject)
    with pytest.raises(ValidationError):
        response_submit(invitation=late, scores={world.items[0].pk: 1}, comment="")
    assert report_for(campaign=world.campaign, participant=subject) == before
