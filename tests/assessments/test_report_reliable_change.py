"""The report's change section: item-level change of the focus items and the reliable change
(`report_change.change_detail`, which the report page and its PDF show).

A tiny world worked by hand. One dimension of two items, k = 3, three subjects rated by their
manager alone (exempt: the "Others" cell is the manager's score).

Previous (released) campaign, manager scores (item 1, item 2) → dimension "Others":
  S1 (2, 2) → 2    S2 (3, 4) → 3.5    S3 (4, 4) → 4
  α: var(item 1) = 1, var(item 2) = 4/3, var(total 4, 7, 8) = 13/3
     α = 2 · (1 − (1 + 4/3) / (13/3)) = 2 · 6/13 = 12/13
  SD_pre² of (2, 3.5, 4) = 13/12
  denominator √2 · SD_pre · √(1 − α) = √(2 · 13/12 · 1/13) = √(1/6), so RCI = change · √6.
This campaign: S1 (4, 3) → 3.5, change +1.5, RCI 1.5·√6 = 3.67 → improvement;
  S2 (4, 4) → 4, change +0.5, RCI 1.22 → within noise; S3 (2, 2) → 2, change −2, RCI −4.90
  → decline. S1's item changes: 4 − 2 = +2 and 3 − 2 = +1.
"""

import math
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Campaign, Invitation
from assessments.selectors.report import report_for
from assessments.selectors.report_change import change_detail
from assessments.services.report_store import figures_store
from participants.models import Participant
from tests import factories
from tests.assessments.report_data import World, build_campaign

pytestmark = pytest.mark.django_db

BEFORE = {"S1": [2, 2], "S2": [3, 4], "S3": [4, 4]}
AFTER = {"S1": [4, 3], "S2": [4, 4], "S3": [2, 2]}


def _tiny(*, k_now: int = 3) -> tuple[World, Campaign, dict[str, object]]:
    world = build_campaign(items=[2], status=Campaign.Status.RELEASED)
    pre = world.campaign
    post = world.another_campaign(status=Campaign.Status.RELEASED, min_group_size=k_now)
    assert pre.closes_at is not None
    post.closes_at = pre.closes_at.replace(year=pre.closes_at.year + 1)  # later than pre
    post.save(update_fields=["closes_at"])
    subjects = {}
    for name in BEFORE:
        subject = world.subject(name=name, with_user=True)
        subjects[name] = subject
        world.rate(subject, "self", [3, 3])
        world.rate(subject, "manager", BEFORE[name])
        world.rate(subject, "self", [3, 3], campaign=post)
        world.rate(subject, "manager", AFTER[name], campaign=post)
    return world, post, subjects


def _detail(post: Campaign, subject: Participant) -> dict[str, Any]:
    detail = change_detail(campaign=post, report=report_for(campaign=post, participant=subject))
    assert detail is not None
    return detail


def test_reliable_change_per_dimension_by_hand() -> None:
    # given
    world, post, subjects = _tiny()
    # when
    reports = {
        name: report_for(campaign=post, participant=subject) for name, subject in subjects.items()
    }
    readings = {
        name: _detail(post, subject)["dimensions"]["A"] for name, subject in subjects.items()
    }
    # then
    assert {name: r["dimensions"][0]["change"] for name, r in reports.items()} == {
        "S1": 1.5,
        "S2": 0.5,
        "S3": -2.0,
    }
    assert round(1.5 * math.sqrt(6), 2) == 3.67
    assert readings["S1"] == {
        "index": 3.67,
        "reading": "improvement",
        "n": 3,
        "n_reliability": 3,
    }
    assert readings["S2"]["index"] == 1.22
    assert readings["S2"]["reading"] == "within_noise"
    assert readings["S3"]["index"] == -4.90
    assert readings["S3"]["reading"] == "decline"


def test_item_level_change_by_hand() -> None:
    # given
    world, post, subjects = _tiny()
    # when
    items = _detail(post, subjects["S1"])["items"]
    # then: 4 − 2 and 3 − 2
    assert items == {world.items[0].pk: 2.0, world.items[1].pk: 1.0}


def test_no_reliable_change_under_k_subjects_but_the_n_is_said() -> None:
    # given: this campaign's k = 4, the previous one has 3 subjects
    world, post, subjects = _tiny(k_now=4)
    # when
    reading = _detail(post, subjects["S1"])["dimensions"]["A"]
    # then: no index is claimed (the participant's own change stays in the report)
    assert report_for(campaign=post, participant=subjects["S1"])["dimensions"][0]["change"] == 1.5
    assert reading == {"index": None, "reading": None, "n": 3, "n_reliability": 3}


def test_without_an_earlier_campaign_there_is_no_detail() -> None:
    world, post, subjects = _tiny()
    Campaign.objects.filter(pk=world.campaign.pk).update(status=Campaign.Status.CLOSED)
    report = report_for(campaign=post, participant=subjects["S1"])
    assert report["dimensions"][0]["change"] is None
    assert change_detail(campaign=post, report=report) is None


def test_a_late_rater_held_back_in_the_earlier_campaign_stays_out_of_the_change() -> None:
    # given: in the earlier campaign S1 also had 3 peers who scored like the manager (2, 2:
    # "Others" still 2); its figures were stored; then one late peer of S1 answered 5, 5
    # (held back under the rescore rule, so the released figures do not count it; counting it
    # would make each "Others" cell (2 + 3·2 + 5) / 5 = 2.6 and the change 0.9)
    world, post, subjects = _tiny()
    world.rate(subjects["S1"], "peer", [2, 2], times=3)
    figures_store(campaign=world.campaign)
    (late,) = world.rate(subjects["S1"], "peer", [5, 5])
    Invitation.objects.filter(pk=late.pk).update(answer_by=late.submitted_at)
    figures_store(campaign=world.campaign)
    # when
    report = report_for(campaign=post, participant=subjects["S1"])
    # then: the change is against what was released (2), not against the live figures
    assert report["dimensions"][0]["change"] == 1.5
    assert _detail(post, subjects["S1"])["items"] == {
        world.items[0].pk: 2.0,
        world.items[1].pk: 1.0,
    }


def test_report_page_shows_the_focus_items_change_and_the_reading(client: Client) -> None:
    # given: S1's plan after the earlier campaign has a goal on item 1; figures stored
    world, post, subjects = _tiny()
    figures_store(campaign=post)
    s1 = subjects["S1"]
    plan = factories.ActionPlanFactory(campaign=world.campaign, participant=s1)
    goal = factories.GoalFactory(plan=plan, dimension=world.dimensions[0], title="Lead the plan")
    goal.items.set([world.items[0]])
    client.force_login(s1.user)
    # when
    html = client.get(reverse("assessments:me-report", args=[post.pk])).content.decode()
    # then: the goal's item with its own change (+2.00) beside the dimension's (+1.50)
    goals = html[html.index("Lead the plan") :]
    assert goals.index("+2.00") < goals.index("+1.50")
    assert "Reliable improvement" in html
    assert "RCI +3.67, n = 3" in html


def test_report_page_in_chinese_reads_the_change(client: Client) -> None:
    world, post, subjects = _tiny()
    user = subjects["S3"].user
    user.language = "zh-hans"
    user.save(update_fields=["language"])
    client.force_login(user)
    html = client.get(reverse("assessments:me-report", args=[post.pk])).content.decode()
    assert '<html lang="zh-hans"' in html
    assert "可靠下降" in html
    assert "是否超出测量误差？" in html


def test_report_page_with_a_change_section_query_count_is_constant(client: Client) -> None:
    # given: the tiny world, then the same with three more subjects in both campaigns
    counts = []
    for extra in (0, 3):
        world, post, subjects = _tiny()
        for index in range(extra):
            subject = world.subject(name=f"X{index}")
            for campaign, scores in ((world.campaign, [3, 3]), (post, [4, 4])):
                world.rate(subject, "manager", scores, campaign=campaign)
        figures_store(campaign=post)
        client.force_login(subjects["S1"].user)
        url = reverse("assessments:me-report", args=[post.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert 'id="change"' in client.get(url).content.decode()
        counts.append(len(queries))
    # then
    assert counts[0] == counts[1]
