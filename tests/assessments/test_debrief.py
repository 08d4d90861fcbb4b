"""The trainer's cohort debrief: a heatmap of others scores; HR sees aggregates only."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Campaign
from assessments.services.action_plans import GoalInput, action_plan_save
from tests.assessments.report_ui_world import RELEASED_AT, released_world

pytestmark = pytest.mark.django_db


def debrief_url(campaign: Campaign) -> str:
    return reverse("assessments:cohort-debrief", args=[campaign.pk])


def test_trainer_sees_a_heatmap_row_per_participant_with_links(client: Client) -> None:
    # given
    world = released_world(participants=3, status=Campaign.Status.CLOSED)
    client.force_login(world.trainer)
    # when
    html = client.get(debrief_url(world.campaign)).content.decode()
    # then
    heatmap = html[html.index('class="heatmap"') : html.index('id="class-figures"')]
    rows = re.findall(r"<tr>\s*<th scope=\"row\">", heatmap)
    assert len(rows) == 3
    assert "吴迪" in heatmap
    assert "李明" in heatmap
    assert (
        reverse("assessments:trainer-report", args=[world.campaign.pk, world.subject.pk]) in heatmap
    )
    assert (
        reverse("assessments:trainer-action-plan", args=[world.campaign.pk, world.subject.pk])
        in heatmap
    )


def test_heatmap_cells_carry_the_number_and_a_shade(client: Client) -> None:
    world = released_world(status=Campaign.Status.CLOSED)
    client.force_login(world.trainer)

    html = client.get(debrief_url(world.campaign)).content.decode()

    # A shade is a class (static/css/report.css), never an inline style the CSP would refuse.
    cells = re.findall(r'<td class="heat ?([^"]*)">([^<]*)</td>', html)
    assert cells
    for shade, text in cells:
        if text == "—":
            assert not shade
        else:
            assert re.fullmatch(r"\d\.\d\d", text)
            assert re.fullmatch(r"heat-\d+", shade)


def test_darker_cells_mean_higher_scores(client: Client) -> None:
    world = released_world(status=Campaign.Status.CLOSED)
    client.force_login(world.trainer)

    html = client.get(debrief_url(world.campaign)).content.decode()

    pairs = [
        (float(text), int(step))
        for step, text in re.findall(r'<td class="heat heat-(\d+)">(\d\.\d\d)<', html)
    ]
    assert len({score for score, _ in pairs}) >= 2
    ordered = sorted(pairs)
    # A higher step is a darker shade (heat_css writes them from heat_style).
    assert all(a[1] <= b[1] for a, b in zip(ordered, ordered[1:], strict=False))


def test_hr_sees_class_figures_and_rates_but_no_participant(client: Client) -> None:
    world = released_world(status=Campaign.Status.CLOSED)
    client.force_login(world.users["hr"])

    html = client.get(debrief_url(world.campaign)).content.decode()

    assert "Class and incumbent averages" in html
    assert "Response rates by group" in html
    assert 'class="heatmap"' not in html
    assert "吴迪" not in html
    assert "李明" not in html
    assert "/participants/" not in html


def test_debrief_before_close_says_when_results_appear(client: Client) -> None:
    world = released_world(status=Campaign.Status.OPEN)
    client.force_login(world.trainer)

    html = client.get(debrief_url(world.campaign)).content.decode()

    assert "once the campaign is closed" in html
    assert "吴迪" not in html


def test_debrief_marks_who_has_written_an_action_plan(client: Client) -> None:
    world = released_world()
    action_plan_save(
        participant=world.subject,
        campaign=world.campaign,
        goals=[
            GoalInput(
                item_ids=world.world.item_ids(0),
                title="更好地理解客户战略",
                actions="每月一次客户高层拜访",
                measure="客户战略地图",
                due_on=RELEASED_AT.date().replace(year=2027, month=9),
            )
        ],
        by=world.subject.user,
    )
    client.force_login(world.trainer)

    html = client.get(debrief_url(world.campaign)).content.decode()

    assert html.count("No action plan yet") == 1


def test_debrief_query_count_is_constant_in_the_cohort_size(client: Client) -> None:
    counts = []
    for size in (2, 8):
        world = released_world(participants=size, items=[2, 2], status=Campaign.Status.CLOSED)
        for viewer in (world.trainer, world.users["hr"]):
            client.force_login(viewer)
            client.get(debrief_url(world.campaign))
            with CaptureQueriesContext(connection) as queries:
                assert client.get(debrief_url(world.campaign)).status_code == 200
            counts.append(len(queries))

    assert counts[0] == counts[2]
    assert counts[1] == counts[3]
    assert counts[:2] == [13, 10]  # the trainer reads the cohort's review cadence too


def test_every_heatmap_shade_meets_wcag_aa_contrast() -> None:
    import colorsys

    from assessments.charts import svg

    for step in range(svg.HEAT_STEPS):
        lightness, ink = svg.heat_colours(step / (svg.HEAT_STEPS - 1))
        background = svg.luminance(
            *colorsys.hls_to_rgb(svg.HEAT_HUE / 360, lightness / 100, svg.HEAT_SATURATION / 100)
        )
        ratio = svg.contrast_ratio(svg.INKS[ink], background)
        assert ratio >= 4.5, f"heat-{step}: {ratio:.2f}"


def test_contrast_ratio_matches_wcag_reference_values() -> None:
    from assessments.charts import svg

    white, black = svg.luminance(1, 1, 1), svg.luminance(0, 0, 0)
    assert svg.contrast_ratio(white, black) == pytest.approx(21)
    grey = svg.luminance(*(0x76 / 255,) * 3)  # #767676: the lightest grey AA allows on white
    assert svg.contrast_ratio(white, grey) == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize(
    ("language", "first", "second"),
    [
        ("en", ("Li Ming", "李明"), ("Wu Di", "吴迪")),
        ("zh-hans", ("吴迪", "Wu Di"), ("李明", "Li Ming")),
    ],
)
def test_heatmap_names_both_scripts_in_the_viewers_order(
    client: Client, language: str, first: tuple[str, str], second: tuple[str, str]
) -> None:
    # given a trainer reading in English or Chinese (Li < Wu, but 吴 < 李 by the Chinese name)
    world = released_world(participants=2, status=Campaign.Status.CLOSED)
    world.trainer.language = language
    world.trainer.save(update_fields=["language"])
    client.force_login(world.trainer)
    # when
    html = client.get(debrief_url(world.campaign)).content.decode()
    # then each row shows the viewer's script first, the other beside it, rows in that order
    heatmap = html[html.index('class="heatmap"') : html.index('id="class-figures"')]
    names = re.findall(
        r'<th scope="row">([^<]*)<span class="other-name" lang="[^"]+">([^<]*)<', heatmap
    )
    assert [(shown.strip(), other) for shown, other in names] == [first, second]
