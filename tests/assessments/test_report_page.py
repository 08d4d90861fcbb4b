"""The participant's report page and the trainer's view of it."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Campaign
from assessments.report_display import report_display
from tests.assessments.report_fixtures import REPORT, first_report
from tests.assessments.report_ui_world import released_world

pytestmark = pytest.mark.django_db

SECTION_ORDER = [
    'id="response-rates"',
    'id="dimensions"',
    'id="self-vs-others"',
    'id="activities"',
    'id="strengths"',
    'id="blind-spots"',
    'id="comments"',
]


def own_url(campaign: Campaign) -> str:
    return reverse("assessments:me-report", args=[campaign.pk])


def test_report_page_shows_the_sections_in_order(client: Client) -> None:
    # given
    world = released_world()
    client.force_login(world.subject.user)
    # when
    html = client.get(own_url(world.campaign)).content.decode()
    # then
    positions = [html.index(marker) for marker in SECTION_ORDER]
    assert positions == sorted(positions)
    assert "吴迪" in html
    assert "Leader of key-account strategy" in html
    assert "Developer of cross-regional teams" in html


def test_report_page_draws_inline_svg_charts_with_their_numbers_beside(client: Client) -> None:
    world = released_world()
    client.force_login(world.subject.user)

    html = client.get(own_url(world.campaign)).content.decode()

    # dimensions, self vs others, one activity chart per dimension
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg"') == 2 + 2
    assert html.count('role="img"') == 4
    assert "<script" not in html.lower()
    # self 4 / manager 3 / peers 3 on item A1: the numbers are written in the tables too
    assert '<td class="num">4.00</td>' in html
    assert '<td class="num">3.00</td>' in html


def test_report_page_hides_small_groups_and_says_why(client: Client) -> None:
    world = released_world()
    client.force_login(world.subject.user)

    html = client.get(own_url(world.campaign)).content.decode()

    # two direct reports < k = 3: no cell, no comment, an explanation
    assert "hidden (fewer than 3 raters)" in html
    assert 'class="hidden-cell"' in html
    assert "at least 3 of its raters answered" in html
    assert "不应出现的下属评语" not in html


def test_report_page_keeps_self_comments_apart(client: Client) -> None:
    world = released_world()
    client.force_login(world.subject.user)

    html = client.get(own_url(world.campaign)).content.decode()

    comments = html[html.index('id="comments"') :]
    assert comments.index("乐于分享经验。") < comments.index("Self-assessment")
    assert comments.index("Self-assessment") < comments.index("我需要更多地关注团队。")
    assert "战略清晰,执行需加强。" in comments


def test_report_page_shows_change_only_after_an_earlier_campaign(client: Client) -> None:
    # given a first campaign: no change section
    world = released_world()
    client.force_login(world.subject.user)
    assert 'id="change"' not in client.get(own_url(world.campaign)).content.decode()
    # when the participant is assessed again on the same framework
    later = world.world.another_campaign(status=Campaign.Status.RELEASED)
    later.closes_at = world.campaign.closes_at.replace(year=2028)
    later.save(update_fields=["closes_at"])
    for group, times, base in (("self", 1, 5), ("manager", 1, 4), ("peer", 3, 4)):
        world.world.rate(
            world.subject, group, [base] * len(world.world.items), times=times, campaign=later
        )
    html = client.get(own_url(later)).content.decode()
    # then
    assert 'id="change"' in html
    assert html.index('id="comments"') < html.index('id="change"')
    assert "+1.00" in html or "+0.50" in html


def test_report_page_links_the_pdf_and_the_action_plan(client: Client) -> None:
    world = released_world()
    client.force_login(world.subject.user)

    html = client.get(own_url(world.campaign)).content.decode()

    assert reverse("assessments:me-report-pdf", args=[world.campaign.pk]) in html
    assert reverse("assessments:me-action-plan", args=[world.campaign.pk]) in html


def test_trainer_view_links_back_to_the_cohort(client: Client) -> None:
    world = released_world(status=Campaign.Status.CLOSED)
    client.force_login(world.trainer)

    url = reverse("assessments:trainer-report", args=[world.campaign.pk, world.subject.pk])
    html = client.get(url).content.decode()

    assert "吴迪" in html
    assert reverse("assessments:cohort-debrief", args=[world.campaign.pk]) in html
    assert (
        reverse("assessments:trainer-report-pdf", args=[world.campaign.pk, world.subject.pk])
        in html
    )


def test_report_page_in_chinese(client: Client) -> None:
    world = released_world()
    world.subject.user.language = "zh-hans"
    world.subject.user.save(update_fields=["language"])
    client.force_login(world.subject.user)

    response = client.get(own_url(world.campaign))

    html = response.content.decode()
    assert '<html lang="zh-hans"' in html
    assert "制定、协同、执行大客户战略的领导者" in html
    assert "跨区域高绩效团队的开发者" in html
    assert "一、各评价者分组的回收率" in html
    assert "他评" in html  # "Others" of the report (everyone but self), not the "other" group


def count_queries(client: Client, url: str) -> int:
    client.get(url)  # warm the session and content types
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_report_page_query_count_is_constant_in_the_cohort_size(client: Client) -> None:
    # given a cohort of 2 and a cohort of 7, with more items and raters
    small = released_world(participants=2, items=[2, 1])
    large = released_world(participants=7, items=[4, 3])
    # when
    counts = []
    for world in (small, large):
        client.force_login(world.subject.user)
        counts.append(count_queries(client, own_url(world.campaign)))
        client.force_login(world.trainer)
        counts.append(
            count_queries(
                client,
                reverse("assessments:trainer-report", args=[world.campaign.pk, world.subject.pk]),
            )
        )
    # then
    assert counts[0] == counts[2]
    assert counts[1] == counts[3]
    assert counts[:2] == [14, 14]  # the participant reads their focus items too


def test_display_model_of_a_hand_written_report() -> None:
    display = report_display(REPORT, k=3)

    assert [row["key"] for row in display["group_rows"]] == [
        "self",
        "manager",
        "peer",
        "direct_report",
        "other",
    ]
    assert display["group_rows"][2]["rate"] == 80
    assert display["group_rows"][4]["rate"] is None
    assert [g["key"] for g in display["shown_groups"]] == ["self", "manager", "peer", "others"]
    assert [g["key"] for g in display["comment_groups"]] == ["manager", "peer"]
    assert display["self_comments"] == ["我需要更多地关注团队。"]
    assert [item["id"] for item in display["blind_spots"]] == [101]
    assert display["has_change"] is True
    assert report_display(first_report())["has_change"] is False
    assert re.search("at least 3", display["hidden_explanation"])


def test_my_reports_lists_released_campaigns_with_links(client: Client) -> None:
    world = released_world()
    closed = world.world.another_campaign(status=Campaign.Status.CLOSED)
    world.world.rate(world.subject, "self", [3] * len(world.world.items), campaign=closed)
    client.force_login(world.subject.user)

    html = client.get(reverse("assessments:me-report-list")).content.decode()

    assert reverse("assessments:me-report", args=[world.campaign.pk]) in html
    assert reverse("assessments:me-action-plan", args=[world.campaign.pk]) in html
    assert reverse("assessments:me-report", args=[closed.pk]) not in html


def test_my_reports_for_a_user_without_a_participant_profile(client: Client) -> None:
    world = released_world()
    client.force_login(world.trainer)

    response = client.get(reverse("assessments:me-report-list"))

    assert response.status_code == 200
    assert "no participant profile" in response.content.decode()
