"""The impact page: class before and after, the mean change, RCI, all computed by hand."""

from fractions import Fraction

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.selectors.reliable_change import (
    cronbach_alpha,
    reliable_change_index,
    sample_variance,
)
from evaluations.selectors.impact import impact_for
from tests import factories
from tests.evaluations.world import World

pytestmark = pytest.mark.django_db

PRE = ((2, 2), (3, 4), (4, 5))  # per subject: the manager's scores of the dimension's 2 items
POST = ((4, 4), (3, 4), (4, 4))


def _campaigns(world: World, pre=PRE, post=POST, status="closed"):  # type: ignore[no-untyped-def]
    framework = factories.FrameworkFactory()
    dimension = factories.DimensionFactory(framework=framework, code="S")
    items = [factories.ItemFactory(dimension=dimension) for _ in range(2)]
    subjects = [factories.ParticipantFactory() for _ in pre]
    for kind, rows in (("pre", pre), ("post", post)):
        campaign = factories.CampaignFactory(
            cohort=world.cohort, framework=framework, kind=kind, status=status, min_group_size=3
        )
        for subject, scores in zip(subjects, rows, strict=True):
            invitation = factories.InvitationFactory(
                campaign=campaign,
                subject=subject,
                group="manager",
                status="submitted",
                submitted_at=timezone.now(),
            )
            for item, score in zip(items, scores, strict=True):
                factories.RatingFactory(invitation=invitation, item=item, score=score)
    return subjects


def test_alpha_variance_and_rci_by_hand() -> None:
    rows = [[Fraction(v) for v in row] for row in PRE]
    # item variances 1 and 7/3, total variance 19/3: α = 2 · (1 − (10/3) / (19/3)) = 18/19
    assert cronbach_alpha(rows) == Fraction(18, 19)
    # dimension scores 2, 3.5, 4.5: sample variance 19/12
    assert sample_variance([Fraction(2), Fraction(7, 2), Fraction(9, 2)]) == Fraction(19, 12)
    # √(2 · 19/12 · 1/19) = √(1/6); RCI of +2 = 2·√6 = 4.899
    rci = reliable_change_index(
        pre=Fraction(2), post=Fraction(4), variance_pre=Fraction(19, 12), alpha=Fraction(18, 19)
    )
    assert rci == pytest.approx(4.89898, abs=1e-5)
    assert (
        reliable_change_index(
            pre=Fraction(2), post=Fraction(4), variance_pre=Fraction(1), alpha=Fraction(1)
        )
        is None
    )


def test_impact_per_dimension_by_hand(world: World) -> None:
    _campaigns(world)
    impact = impact_for(cohort=world.cohort)
    assert impact is not None
    (row,) = impact["dimensions"]
    assert row["before"] == {"average": 3.33, "n": 3}  # (2 + 3.5 + 4.5) / 3
    assert row["after"] == {"average": 3.83, "n": 3}  # (4 + 3.5 + 4) / 3
    # changes +2, 0, −0.5: mean 0.5, population spread √(3.5 / 3) = 1.08
    assert row["change"] == {"average": 0.5, "stdev": 1.08, "n": 3}
    assert row["reliability"] == 0.95  # 18/19
    # RCI: +4.90 (reliable improvement), 0 and −1.22 (within noise)
    assert row["reliable"] == {"n": 3, "improved": 33.33, "within_noise": 66.67, "declined": 0.0}


def test_under_k_participants_nothing_is_shown(world: World) -> None:
    _campaigns(world, pre=PRE[:2], post=POST[:2])
    (row,) = impact_for(cohort=world.cohort)["dimensions"]  # type: ignore[index]
    assert row["before"] == {"average": None, "n": 2}
    assert row["change"]["average"] is None
    assert row["reliable"]["improved"] is None


def test_open_campaigns_give_no_impact(world: World) -> None:
    _campaigns(world, status="open")
    assert impact_for(cohort=world.cohort) is None


def test_impact_page_for_hr_and_own_trainer_only(world: World) -> None:
    _campaigns(world)
    url = reverse("evaluations:cohort-impact", args=[world.cohort.pk])
    for user, status in (
        (world.hr, 200),
        (world.trainer, 200),
        (world.other_trainer, 404),
        (world.attendee, 404),
        (world.no_show, 404),
    ):
        client = Client()
        client.force_login(user)
        assert client.get(url).status_code == status
    client = Client()
    client.force_login(world.trainer)
    page = client.get(url).content.decode()
    assert "33.33&nbsp;%" in page
    assert "+0.5 ± 1.08" in page
    assert Client().get(url).status_code == 302


def test_impact_page_query_count_is_constant(world: World) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _campaigns(world)
    client = Client()
    client.force_login(world.hr)
    url = reverse("evaluations:cohort-impact", args=[world.cohort.pk])
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    _campaigns(world, pre=PRE * 3, post=POST * 3)  # a later pair, three times the subjects
    with CaptureQueriesContext(connection) as large:
        page = client.get(url)
    assert page.status_code == 200
    assert len(large) == len(small)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_impact_export_matches_the_page(world: World, fmt: str) -> None:
    from tests.exports.files import rows_of

    _campaigns(world)
    url = reverse("evaluations:cohort-impact-export", args=[world.cohort.pk, fmt])
    client = Client()
    client.force_login(world.trainer)
    rows = rows_of(client.get(url), fmt)
    assert rows[0][0] == "Code / 代码"
    row, chosen, unchosen = rows[1:]
    assert row[0] == "S"
    # nobody wrote a goal: the focus rows say so with n = 0 and no figure
    assert (chosen[0], chosen[6], int(chosen[8])) == ("chosen", "", 0)
    assert unchosen[0] == "unchosen"
    assert float(unchosen[6]) == 0.5
    assert [float(v) for v in (row[2], row[4], row[6], row[7], row[9], row[10])] == [
        3.33,
        3.83,
        0.5,
        1.08,
        0.95,
        33.33,
    ]
    other = Client()
    other.force_login(world.other_trainer)
    assert other.get(url).status_code == 404


def test_module_grid_shows_usefulness_beside_the_change_when_both_have_k(world: World) -> None:
    _campaigns(world)
    from courses.models import Dimension

    dimension = Dimension.objects.filter(
        code="S", framework__campaigns__cohort=world.cohort
    ).first()
    rated = factories.ModuleFactory(course=world.cohort.course, number=7, dimension=dimension)
    thin = factories.ModuleFactory(course=world.cohort.course, number=8, dimension=dimension)
    for score in (4, 5, 3):
        answer = factories.AnswerFactory(evaluation=world.evaluation)
        factories.ModuleRatingFactory(answer=answer, module=rated, score=score)
        if score != 3:
            factories.ModuleRatingFactory(answer=answer, module=thin, score=score)
    grid = {m["number"]: m for m in impact_for(cohort=world.cohort)["modules"]}  # type: ignore[index]
    assert (grid[7]["usefulness"], grid[7]["usefulness_n"], grid[7]["change"]) == (4.0, 3, 0.5)
    assert (grid[8]["usefulness"], grid[8]["usefulness_n"], grid[8]["change"]) == (None, 2, None)


def _goals(world: World, subjects: list, chosen: list[int]) -> None:  # type: ignore[type-arg]
    """Each subject's plan after the pre campaign: one goal on their item (index), or none."""
    from assessments.models import Campaign
    from courses.models import Item

    pre = Campaign.objects.get(cohort=world.cohort, kind="pre")
    items = list(Item.objects.filter(dimension__framework=pre.framework).order_by("pk"))
    for subject, index in zip(subjects, chosen, strict=False):
        plan = factories.ActionPlanFactory(campaign=pre, participant=subject)
        goal = factories.GoalFactory(plan=plan, dimension=items[index].dimension)
        goal.items.set([items[index]])


def test_focus_items_change_beside_the_items_nobody_chose_by_hand(world: World) -> None:
    # given: all three chose the first item; nobody the second
    subjects = _campaigns(world)
    _goals(world, subjects, [0, 0, 0])
    # when
    focus = impact_for(cohort=world.cohort)["focus"]  # type: ignore[index]
    # then: first item 2→4, 3→3, 4→4: +2, 0, 0: mean 2/3, spread √((16/9 + 4/9 + 4/9) / 3)
    # = √(8/9) = 0.94; second item 2→4, 4→4, 5→4: +2, 0, −1: mean 1/3, spread √(14/9) = 1.25
    assert focus == {
        "chosen": {"average": 0.67, "stdev": 0.94, "n": 3, "items": 1},
        "unchosen": {"average": 0.33, "stdev": 1.25, "n": 3, "items": 1},
    }
    client = Client()
    client.force_login(world.trainer)
    page = client.get(reverse("evaluations:cohort-impact", args=[world.cohort.pk]))
    html = page.content.decode()
    assert "+0.67 ± 0.94" in html
    assert "+0.33 ± 1.25" in html


def test_focus_items_each_participant_counts_only_their_own_choice(world: World) -> None:
    # given: two chose the first item, one the second: nobody's item is left
    subjects = _campaigns(world)
    _goals(world, subjects, [0, 0, 1])
    # when
    focus = impact_for(cohort=world.cohort)["focus"]  # type: ignore[index]
    # then: +2 (first), 0 (first), −1 (second): mean 1/3, spread √((25 + 1 + 16) / 27) = 1.25
    assert focus["chosen"] == {"average": 0.33, "stdev": 1.25, "n": 3, "items": 2}
    assert focus["unchosen"] == {"average": None, "stdev": None, "n": 0, "items": 0}


def test_focus_items_under_k_participants_are_not_shown(world: World) -> None:
    # given: only two participants wrote a goal
    subjects = _campaigns(world)
    _goals(world, subjects, [0, 0])
    # when
    focus = impact_for(cohort=world.cohort)["focus"]  # type: ignore[index]
    # then: the chosen side has n = 2 < k = 3; the second item, nobody's, still shows
    assert focus["chosen"] == {"average": None, "stdev": None, "n": 2, "items": 1}
    assert focus["unchosen"] == {"average": 0.33, "stdev": 1.25, "n": 3, "items": 1}
