"""cohort_summary: class and incumbent figures with n and spread, response rates, rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from assessments.models import Invitation
from assessments.selectors.summary import cohort_summary
from tests.assessments.report_data import World, build_campaign, populate

pytestmark = pytest.mark.django_db


def _rated(world: World, *, others: int, self_score: int | None = None, **fields: object):  # type: ignore[no-untyped-def]
    subject = world.subject(**fields)
    world.rate(subject, "manager", [others] * len(world.items))
    if self_score is not None:
        world.rate(subject, "self", [self_score] * len(world.items))
    return subject


def test_cohort_summary_aggregates_with_n_and_spread() -> None:
    world = build_campaign(items=[1])
    # others scores 2, 3, 4, 5 (incumbents: 3, 4, 5); self scores 4, 4, 5
    _rated(world, others=2, self_score=4, name="D")
    _rated(world, others=3, self_score=4, is_incumbent=True, name="C")
    _rated(world, others=4, is_incumbent=True, name="B")
    _rated(world, others=5, self_score=5, is_incumbent=True, name="A")
    summary = cohort_summary(campaign=world.campaign)
    (row,) = summary["dimensions"]
    # class: mean 14 / 4 = 3.5; population variance (2.25 + 0.25 + 0.25 + 2.25) / 4 = 1.25,
    # stdev √1.25 = 1.1180… → 1.12
    assert row["class"] == {"average": 3.5, "n": 4, "stdev": 1.12}
    # incumbents: 3 of 4, so D alone is not one: 4·3.5 − 3·4 = 2 would be D's score → hidden
    assert row["incumbent"] == {"average": None, "n": 3, "stdev": None}
    # self: mean 13 / 3 = 4.333 → 4.33; variance (1/9 + 1/9 + 4/9) / 3 = 2/9, stdev 0.4714 → 0.47
    assert row["class_self"] == {"average": 4.33, "n": 3, "stdev": 0.47}
    assert row["code"] == "A"


def test_cohort_summary_hides_everything_but_n_under_k() -> None:
    world = build_campaign(items=[1])
    _rated(world, others=2, is_incumbent=True)
    _rated(world, others=5, is_incumbent=True)
    (row,) = cohort_summary(campaign=world.campaign)["dimensions"]
    hidden = {"average": None, "stdev": None}
    assert row["class"] == {**hidden, "n": 2}
    assert row["incumbent"] == {**hidden, "n": 2}
    assert row["class_self"] == {**hidden, "n": 0}


def test_cohort_summary_response_rates_per_group() -> None:
    world = build_campaign(items=[1])
    first, second = world.subject(), world.subject()
    world.rate(first, "peer", [3], times=3)
    world.invite(first, "peer", status=Invitation.Status.DECLINED)
    world.invite(second, "peer", status=Invitation.Status.SENT, times=2)
    world.invite(second, "peer", status=Invitation.Status.NOMINATED)  # not invited yet
    world.rate(second, "self", [4])
    world.invite(first, "self", status=Invitation.Status.STARTED)
    summary = cohort_summary(campaign=world.campaign)
    # peers: invited 3 + 1 + 2 = 6, submitted 3, declined 1 → rate 0.5
    assert summary["response_rates"]["peer"] == {
        "invited": 6,
        "submitted": 3,
        "declined": 1,
        "rate": 0.5,
    }
    assert summary["response_rates"]["self"] == {
        "invited": 2,
        "submitted": 1,
        "declined": 0,
        "rate": 0.5,
    }
    assert summary["response_rates"]["other"]["rate"] is None  # nobody invited
    # total leaves self out: the peers alone
    assert summary["response_total"] == summary["response_rates"]["peer"]


def test_cohort_summary_rows_per_participant_for_trainers_only() -> None:
    world = build_campaign(items=[1, 1])
    late = _rated(world, others=4, self_score=2, name="Zhao")
    early = world.subject(name="An")
    world.rate(early, "peer", [5, 5], times=2)  # 2 peers < k, no manager: no others score
    with translation.override("zh-hans"):  # a Chinese viewer: rows by the Chinese name
        full = cohort_summary(campaign=world.campaign)
        aggregates_only = cohort_summary(campaign=world.campaign, include_participants=False)
    assert [row["id"] for row in full["participants"]] == [early.pk, late.pk]
    assert full["participants"][1]["others"] == {"A": 4.0, "B": 4.0}
    assert full["participants"][1]["self"] == {"A": 2.0, "B": 2.0}
    assert full["participants"][0]["others"] == {"A": None, "B": None}
    assert aggregates_only["participants"] is None
    assert aggregates_only["dimensions"] == full["dimensions"]


def test_cohort_summary_query_count_is_constant() -> None:
    small = build_campaign(items=[2, 3])
    populate(small, subjects=3, panel={"self": 1, "manager": 1, "peer": 3})
    large = build_campaign(items=[2, 3])
    populate(large, subjects=12, panel={"self": 1, "manager": 1, "peer": 5, "other": 4})
    for include_participants, expected in ((True, 5), (False, 4)):
        counts = []
        for world in (small, large):
            with CaptureQueriesContext(connection) as queries:
                cohort_summary(campaign=world.campaign, include_participants=include_participants)
            counts.append(len(queries))
        assert counts == [expected, expected]
