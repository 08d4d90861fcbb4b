"""report_for as a whole: the §5 shape, languages, one pass over the campaign, query counts."""

import datetime as dt
from fractions import Fraction
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from assessments.models import Campaign
from assessments.selectors.report import report_for
from assessments.selectors.scores import round2
from tests.assessments.report_data import World, build_campaign, populate

pytestmark = pytest.mark.django_db

GROUP_KEYS = {"self", "manager", "peer", "direct_report", "other"}
DIMENSION_KEYS = GROUP_KEYS | {
    "code",
    "name",
    "others",
    "gap",
    "class_average",
    "class_self_average",
    "incumbent_average",
    "n_class",
    "n_incumbent",
    "change",
}
ITEM_KEYS = GROUP_KEYS | {"id", "dimension", "text", "others", "gap"}


def test_report_for_has_exactly_the_public_shape() -> None:
    world = build_campaign(items=[2, 3])
    (subject, *_) = populate(world, subjects=4)
    result = report_for(campaign=world.campaign, participant=subject)
    assert set(result) == {
        "campaign",
        "participant",
        "scale",
        "groups",
        "dimensions",
        "items",
        "strengths",
        "development_areas",
        "blind_spots",
        "hidden_strengths",
        "comments",
    }
    assert set(result["campaign"]) == {
        "id",
        "name",
        "kind",
        "status",
        "min_group_size",
        "gap_threshold",
        "previous",
    }
    assert result["participant"] == {
        "id": subject.pk,
        "name": subject.name,
        "name_en": subject.name_en,
        "is_incumbent": subject.is_incumbent,
    }
    assert result["scale"] == {"min": 1, "max": 5}
    assert set(result["groups"]) == GROUP_KEYS
    assert all(
        set(row) == {"invited", "submitted", "declined", "reportable"}
        for row in result["groups"].values()
    )
    assert [set(row) for row in result["dimensions"]] == [DIMENSION_KEYS] * 2
    assert [set(row) for row in result["items"]] == [ITEM_KEYS] * 5
    assert set(result["comments"]) == GROUP_KEYS
    item_ids = [item.pk for item in world.items]
    assert [row["id"] for row in result["items"]] == item_ids
    for key in ("strengths", "development_areas", "blind_spots", "hidden_strengths"):
        assert set(result[key]) <= set(item_ids)


def test_report_for_numbers_are_json_numbers_with_two_decimals_at_most() -> None:
    world = build_campaign(items=[3, 3])
    (subject, *_) = populate(world, subjects=5)
    result = report_for(campaign=world.campaign, participant=subject)
    values = [
        value
        for row in result["dimensions"] + result["items"]
        for key, value in row.items()
        if key not in ("code", "name", "text", "dimension", "id", "n_class", "n_incumbent")
    ]
    assert any(value is not None for value in values)
    for value in values:
        assert value is None or isinstance(value, float)
        assert value is None or round(value, 2) == value


def test_report_for_speaks_the_active_language() -> None:
    world = build_campaign(items=[1])
    subject = world.subject()
    world.rate(subject, "manager", [3])
    with translation.override("zh-hans"):
        chinese = report_for(campaign=world.campaign, participant=subject)
    with translation.override("en"):
        english = report_for(campaign=world.campaign, participant=subject)
    assert chinese["dimensions"][0]["name"] == world.dimensions[0].name
    assert chinese["items"][0]["text"] == "活动 A1"
    assert english["dimensions"][0]["name"] == world.dimensions[0].name_en
    assert english["items"][0]["text"] == "Activity A1"


def test_report_for_a_subject_nobody_answered_for_is_empty_not_an_error() -> None:
    world = build_campaign(items=[2])
    populate(world, subjects=3)
    newcomer = world.subject()
    world.invite(newcomer, "peer", status="sent", times=3)
    result = report_for(campaign=world.campaign, participant=newcomer)
    assert result["groups"]["peer"]["invited"] == 3
    assert all(row["others"] is None and row["self"] is None for row in result["items"])
    assert result["dimensions"][0]["n_class"] == 3  # the class is still the class
    assert result["strengths"] == []


def test_report_for_class_average_matches_each_subjects_own_others_score() -> None:
    # The one-pass class figure must equal the mean of every subject's own report.
    world = build_campaign(items=[3, 2], k=3)
    subjects = populate(
        world, subjects=5, panel={"self": 1, "manager": 1, "peer": 3, "direct_report": 2}
    )
    reports = [report_for(campaign=world.campaign, participant=s) for s in subjects]
    for position in range(2):
        figures = [r["dimensions"][position]["others"] for r in reports]
        per_subject = [Fraction(str(value)) for value in figures if value is not None]
        assert reports[0]["dimensions"][position]["n_class"] == len(per_subject) >= 3
        # the exact mean and the mean of rounded per-subject figures differ by < 0.005
        expected = sum(per_subject) / len(per_subject)
        got = reports[0]["dimensions"][position]["class_average"]
        assert abs(Fraction(str(got)) - expected) <= Fraction(1, 100)
        incumbents = [
            value
            for value, s in zip(figures, subjects, strict=True)
            if s.is_incumbent and value is not None
        ]
        assert reports[0]["dimensions"][position]["n_incumbent"] == len(incumbents)


def test_report_for_class_average_ignores_other_campaigns() -> None:
    world = build_campaign(items=[1])
    subjects = populate(world, subjects=3)
    other = world.another_campaign(status=Campaign.Status.OPEN)
    populate(world, subjects=3, campaign=other)
    result = report_for(campaign=world.campaign, participant=subjects[0])
    assert result["dimensions"][0]["n_class"] == 3  # not 6


def _sized_world(subjects: int, panel: dict[str, int], *, earlier: bool) -> tuple[World, Any]:
    now = dt.datetime(2027, 6, 1, tzinfo=dt.UTC)
    world = build_campaign(items=[3, 2, 4], closes_at=now)
    people = populate(world, subjects=subjects, panel=panel)
    if earlier:
        previous = world.another_campaign(
            status=Campaign.Status.RELEASED, closes_at=now - dt.timedelta(days=90)
        )
        world.rate(people[0], "manager", [3] * len(world.items), campaign=previous)
    return world, people[0]


@pytest.mark.parametrize("earlier", [False, True])
def test_report_for_query_count_is_constant(earlier: bool) -> None:
    small, small_subject = _sized_world(
        3, {"self": 1, "manager": 1, "peer": 3, "direct_report": 2}, earlier=earlier
    )
    large, large_subject = _sized_world(
        12, {"self": 1, "manager": 1, "peer": 6, "direct_report": 5, "other": 3}, earlier=earlier
    )
    counts = []
    for world, subject in ((small, small_subject), (large, large_subject)):
        with CaptureQueriesContext(connection) as queries:
            report_for(campaign=world.campaign, participant=subject)
        counts.append(len(queries))
    assert counts[0] == counts[1] == (8 if earlier else 6)


def test_round2_keeps_none() -> None:
    assert round2(None) is None
