"""Each rule of DESIGN.md §4, with the numbers worked by hand in the comments. k = 3 throughout
unless a test says otherwise; "item i" is the i-th item of the questionnaire (1-based)."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

import pytest

from assessments.models import Campaign, Invitation
from assessments.selectors.report import report_for
from assessments.selectors.scores import round2
from tests import factories
from tests.assessments.report_data import World, build_campaign

pytestmark = pytest.mark.django_db

SUBMITTED = Invitation.Status.SUBMITTED


def report(world: World, subject: Any) -> dict[str, Any]:
    return report_for(campaign=world.campaign, participant=subject)


def item(result: dict[str, Any], number: int) -> dict[str, Any]:
    return result["items"][number - 1]


def dimension(result: dict[str, Any], code: str) -> dict[str, Any]:
    return next(row for row in result["dimensions"] if row["code"] == code)


# §4.1 — group item cells


def test_rule_not_observed_is_left_out_of_every_mean() -> None:
    # given four peers; one marks item 1 "not observed" (NULL)
    world = build_campaign(items=[1])
    subject = world.subject()
    world.rate(subject, "manager", [2])
    for score in (4, 2, None, 3):
        world.rate(subject, "peer", [score])
    # when
    result = report(world, subject)
    # then peer cell = (4 + 2 + 3) / 3 = 3.00, not 9 / 4 = 2.25
    assert item(result, 1)["peer"] == 3.0
    # others pool = manager 2 + peers 4, 2, 3 = 11 / 4 = 2.75 (the NULL counts nowhere)
    assert item(result, 1)["others"] == 2.75


def test_rule_group_item_cell_is_the_mean_of_its_raters_scores() -> None:
    world = build_campaign(items=[1])
    subject = world.subject()
    for score in (4, 4, 5):
        world.rate(subject, "direct_report", [score])
    for score in (3, 4):
        world.rate(subject, "manager", [score])  # two managers: the cell is their mean too
    result = report(world, subject)
    # direct reports (4 + 4 + 5) / 3 = 4.333… → 4.33; managers (3 + 4) / 2 = 3.5
    assert item(result, 1)["direct_report"] == 4.33
    assert item(result, 1)["manager"] == 3.5


def test_rule_self_and_manager_are_shown_however_few() -> None:
    # given one self and one manager: fewer than k = 3, both exempt
    world = build_campaign(items=[1])
    subject = world.subject()
    world.rate(subject, "self", [5])
    world.rate(subject, "manager", [2])
    result = report(world, subject)
    assert result["groups"]["self"]["reportable"] is True
    assert result["groups"]["manager"]["reportable"] is True
    assert (item(result, 1)["self"], item(result, 1)["manager"]) == (5.0, 2.0)
    # others = the manager alone: U = 0 (the manager is never counted in U), so shown
    assert item(result, 1)["others"] == 2.0
    assert dimension(result, "A")["self"] == 5.0


# §4.2 — reportable groups


def test_rule_peer_group_of_two_shows_nothing_and_cannot_be_recovered() -> None:
    # given two submitted peers (a third declined), a manager and three direct reports
    world = build_campaign(items=[2])
    subject = world.subject()
    world.rate(subject, "manager", [4, 4], comment="Manager says")
    world.rate(subject, "peer", [1, 1], times=2, comment="Peer says")
    world.invite(subject, "peer", status=Invitation.Status.DECLINED)
    world.rate(subject, "direct_report", [3, 5], times=3)
    result = report(world, subject)
    # then peers: not reportable, no cell, no dimension score, no comment
    assert result["groups"]["peer"] == {
        "invited": 3,
        "submitted": 2,
        "declined": 1,
        "reportable": False,
    }
    assert [item(result, n)["peer"] for n in (1, 2)] == [None, None]
    assert dimension(result, "A")["peer"] is None
    assert result["comments"]["peer"] == []
    # and the others leave the two peers out (alone they are 2 < k): item 1 = (4 + 3·3) / 4
    # = 3.25, item 2 = (4 + 5·3) / 4 = 4.75. With peers it would be (4 + 9 + 2) / 6 = 2.5.
    assert item(result, 1)["others"] == 3.25
    assert item(result, 2)["others"] == 4.75
    # so others − manager − direct reports isolates nobody: 3.25·4 − 4 − 9 = 0 raters' worth
    assert item(result, 1)["others"] * 4 - 4 - item(result, 1)["direct_report"] * 3 == 0


def test_rule_small_groups_join_the_others_when_together_they_are_k() -> None:
    # given 2 peers and 1 "other": both under k, together 3 = k
    world = build_campaign(items=[2])
    subject = world.subject()
    world.rate(subject, "manager", [5, 5])
    world.rate(subject, "peer", [2, None], times=2)
    world.rate(subject, "other", [3, 3])
    result = report(world, subject)
    # then neither group shows a cell
    assert [item(result, 1)["peer"], item(result, 1)["other"]] == [None, None]
    # item 1: pool = manager 5 + peers 2, 2 + other 3 = 12 / 4 = 3.00; U = 3 scorers (peers 2 +
    # other 1, no shown cell among them) ≥ k, so shown
    assert item(result, 1)["others"] == 3.0
    # item 2: peers "not observed": U = 1 (the other) — 0 < 1 < k, so hidden: shown it would be
    # (5 + 3) / 2 and give away the single "other" rater's 3
    assert item(result, 2)["others"] is None
    # others dimension = mean of shown others cells = 3.00
    assert dimension(result, "A")["others"] == 3.0


def test_rule_small_groups_stay_out_of_the_others_when_together_under_k() -> None:
    # given 2 peers and no "other" raters: together 2 < k
    world = build_campaign(items=[1])
    subject = world.subject()
    world.rate(subject, "manager", [2])
    world.rate(subject, "peer", [5], times=2)
    result = report(world, subject)
    # then others = the manager alone = 2.00, not (2 + 5 + 5) / 3 = 4.00
    assert item(result, 1)["others"] == 2.0


def test_rule_item_cell_with_fewer_than_k_scorers_is_hidden() -> None:
    # given 3 peers (reportable); item 2 is scored by only two of them
    world = build_campaign(items=[2])
    subject = world.subject()
    world.rate(subject, "peer", [4, 5])
    world.rate(subject, "peer", [2, 3])
    world.rate(subject, "peer", [3, None])
    result = report(world, subject)
    # then item 1 = (4 + 2 + 3) / 3 = 3.00 shown, item 2 (2 scorers < k) hidden
    assert item(result, 1)["peer"] == 3.0
    assert item(result, 2)["peer"] is None
    # peer dimension = mean of the SHOWN cells only = 3.00 (not (3 + 4) / 2 = 3.5 with the
    # hidden (5 + 3) / 2 = 4, which the dimension would otherwise give away)
    assert dimension(result, "A")["peer"] == 3.0
    # others item 2: U = the 2 peers whose cell is hidden → 0 < 2 < k → hidden too
    assert item(result, 2)["others"] is None
    assert dimension(result, "A")["others"] == 3.0


def test_rule_others_cell_shown_when_exposed_raters_reach_k() -> None:
    # given 3 peers and 3 direct reports, each group with one "not observed" on item 1
    world = build_campaign(items=[1])
    subject = world.subject()
    world.rate(subject, "manager", [1])
    world.rate(subject, "peer", [4], times=2)
    world.rate(subject, "peer", [None])
    world.rate(subject, "direct_report", [2], times=2)
    world.rate(subject, "direct_report", [None])
    result = report(world, subject)
    # then both group cells are hidden (2 scorers each) ...
    assert (item(result, 1)["peer"], item(result, 1)["direct_report"]) == (None, None)
    # ... but U = 2 + 2 = 4 ≥ k: others = (1 + 4 + 4 + 2 + 2) / 5 = 2.60 is shown
    assert item(result, 1)["others"] == 2.6


def test_rule_others_cell_shown_when_no_rater_is_exposed() -> None:
    # given every non-exempt scorer in a shown cell: U = 0
    world = build_campaign(items=[1])
    subject = world.subject()
    world.rate(subject, "manager", [5])
    world.rate(subject, "peer", [3], times=3)
    result = report(world, subject)
    # others = (5 + 3·3) / 4 = 3.50
    assert item(result, 1)["others"] == 3.5


def test_rule_dimension_score_is_the_mean_of_item_means() -> None:
    # given peers scoring two items of one dimension, item 1 by three, item 2 by four raters
    world = build_campaign(items=[2])
    subject = world.subject()
    world.rate(subject, "peer", [2, 5])
    world.rate(subject, "peer", [3, 5])
    world.rate(subject, "peer", [4, 5])
    world.rate(subject, "peer", [None, 4])
    result = report(world, subject)
    # item 1 = 9 / 3 = 3.00, item 2 = 19 / 4 = 4.75; dimension = (3 + 4.75) / 2 = 3.875 → 3.88
    # (half-up), not the pooled 28 / 7 = 4.00
    assert dimension(result, "A")["peer"] == 3.88
    # others: the same raters: others cells 3.00 and 4.75, dimension 3.88
    assert dimension(result, "A")["others"] == 3.88


# §4.4 — class, class self and incumbent averages


def _subject_with(world: World, *, others: int, self_score: int | None, **fields: Any) -> Any:
    """A subject rated `others` by a manager and `self_score` by themself, on every item."""
    subject = world.subject(**fields)
    world.rate(subject, "manager", [others] * len(world.items))
    if self_score is not None:
        world.rate(subject, "self", [self_score] * len(world.items))
    return subject


def test_rule_class_averages_weigh_each_subject_the_same() -> None:
    world = build_campaign(items=[1])
    # given subject 1 rated by a manager 5 and five peers 2, and three subjects by a manager
    first = world.subject(is_incumbent=True)
    world.rate(first, "manager", [5])
    world.rate(first, "peer", [2], times=5)
    world.rate(first, "self", [4])
    # others of subject 1 = (5 + 2·5) / 6 = 2.5
    second = _subject_with(world, others=4, self_score=3, is_incumbent=True)
    third = _subject_with(world, others=3, self_score=None)
    _subject_with(world, others=5, self_score=5)
    world.subject()  # invited nowhere yet: no score, skipped
    result = report(world, second)
    row = dimension(result, "A")
    # class = mean of the four others scores (2.5 + 4 + 3 + 5) / 4 = 3.625 → 3.63, n = 4
    # (pooling the ratings instead would weigh subject 1 six times: (15 + 4 + 3 + 5) / 9 = 3)
    assert (row["class_average"], row["n_class"]) == (3.63, 4)
    # class self = (4 + 3 + 5) / 3 = 4.00 (subject 3 has no self score)
    assert row["class_self_average"] == 4.0
    # incumbents = subjects 1 and 2: n = 2 < k = 3 → null, n still given
    assert (row["incumbent_average"], row["n_incumbent"]) == (None, 2)
    assert report(world, third)["dimensions"][0]["class_average"] == 3.63


def test_rule_class_averages_are_null_under_k_subjects() -> None:
    world = build_campaign(items=[1])
    first = _subject_with(world, others=2, self_score=2, is_incumbent=True)
    _subject_with(world, others=3, self_score=None, is_incumbent=True)
    row = dimension(report(world, first), "A")
    # 2 subjects with an others score < k = 3; 1 with a self score < k
    assert (row["class_average"], row["n_class"]) == (None, 2)
    assert row["class_self_average"] is None
    assert (row["incumbent_average"], row["n_incumbent"]) == (None, 2)
    # a third incumbent makes all three of them k
    _subject_with(world, others=5, self_score=4, is_incumbent=True)
    row = dimension(report(world, first), "A")
    # (2 + 3 + 5) / 3 = 3.33; incumbents the same three
    assert (row["class_average"], row["n_class"]) == (3.33, 3)
    assert (row["incumbent_average"], row["n_incumbent"]) == (3.33, 3)
    assert row["class_self_average"] is None  # self scores: 2 and 4 only, n = 2


def test_rule_incumbent_average_counts_incumbents_only() -> None:
    world = build_campaign(items=[1])
    subject = _subject_with(world, others=1, self_score=None, is_incumbent=False)
    for score in (1, 3):
        _subject_with(world, others=score, self_score=None, is_incumbent=False)
    for score in (2, 4, 5):
        _subject_with(world, others=score, self_score=None, is_incumbent=True)
    row = dimension(report(world, subject), "A")
    # class = (1 + 1 + 3 + 2 + 4 + 5) / 6 = 2.666… → 2.67; incumbents = 11 / 3 = 3.666… → 3.67
    # (three non-incumbents = k: the incumbent average may be shown)
    assert (row["class_average"], row["n_class"]) == (2.67, 6)
    assert (row["incumbent_average"], row["n_incumbent"]) == (3.67, 3)


def test_rule_class_average_uses_the_others_score_under_the_k_rules() -> None:
    world = build_campaign(items=[1])
    # subject 1: a manager 4 and two peers 1 (left out, 2 < k): others = 4, not (4+1+1)/3 = 2
    first = world.subject()
    world.rate(first, "manager", [4])
    world.rate(first, "peer", [1], times=2)
    _subject_with(world, others=4, self_score=None)
    _subject_with(world, others=1, self_score=None)
    # class = (4 + 4 + 1) / 3 = 3.00
    assert dimension(report(world, first), "A")["class_average"] == 3.0


# §4.5 — gap, blind spots, hidden strengths, strengths and development areas


def test_rule_gap_is_self_minus_others() -> None:
    world = build_campaign(items=[2])
    subject = world.subject()
    world.rate(subject, "self", [5, 2])
    world.rate(subject, "manager", [3, 4])
    world.rate(subject, "peer", [3, 3], times=3)
    result = report(world, subject)
    # item 1: 5 − (3 + 9) / 4 = 5 − 3 = 2.00; item 2: 2 − (4 + 9) / 4 = 2 − 3.25 = −1.25
    assert (item(result, 1)["gap"], item(result, 2)["gap"]) == (2.0, -1.25)
    # dimension: self (5 + 2) / 2 = 3.5, others (3 + 3.25) / 2 = 3.125; gap = 0.375 → 0.38
    row = dimension(result, "A")
    assert (row["self"], row["others"], row["gap"]) == (3.5, 3.13, 0.38)


def test_rule_blind_spot_and_hidden_strength_at_the_threshold_exactly() -> None:
    world = build_campaign(items=[4], threshold="1.00")
    subject = world.subject()
    world.rate(subject, "self", [4, 4, 2, 2])
    world.rate(subject, "manager", [3, 4, 3, 4])
    world.rate(subject, "peer", [3, 4, 3, 3], times=2)
    world.rate(subject, "peer", [3, 3, 3, 3])
    result = report(world, subject)
    # others: item 1 = 12/4 = 3; item 2 = (4+4+4+3)/4 = 3.75; item 3 = 3; item 4 = (4+3+3+3)/4
    # = 3.25. Gaps: 1.00 (= threshold: blind spot), 0.25, −1.00 (= −threshold: hidden
    # strength), −1.25 (hidden strength, further away so first)
    ids = [row["id"] for row in result["items"]]
    assert [row["gap"] for row in result["items"]] == [1.0, 0.25, -1.0, -1.25]
    assert result["blind_spots"] == [ids[0]]
    assert result["hidden_strengths"] == [ids[3], ids[2]]


def test_rule_gap_threshold_is_the_campaigns() -> None:
    world = build_campaign(items=[2], threshold="0.50")
    subject = world.subject()
    world.rate(subject, "self", [4, 3])
    world.rate(subject, "manager", [3, 4])
    world.rate(subject, "manager", [4, 3])
    # others = the two managers' mean, 3.5 on both items: gaps 4 − 3.5 = 0.50, 3 − 3.5 = −0.50
    result = report(world, subject)
    ids = [row["id"] for row in result["items"]]
    assert [row["gap"] for row in result["items"]] == [0.5, -0.5]
    assert (result["blind_spots"], result["hidden_strengths"]) == ([ids[0]], [ids[1]])


def test_rule_gap_just_inside_the_threshold_is_neither() -> None:
    world = build_campaign(items=[1], threshold="1.00")
    subject = world.subject()
    world.rate(subject, "self", [4])
    world.rate(subject, "manager", [3])
    world.rate(subject, "peer", [3], times=2)
    world.rate(subject, "peer", [4])
    # others = (3 + 3 + 3 + 4) / 4 = 3.25; gap = 0.75 < 1
    result = report(world, subject)
    assert item(result, 1)["gap"] == 0.75
    assert (result["blind_spots"], result["hidden_strengths"]) == ([], [])


def test_rule_top_and_bottom_five_with_ties() -> None:
    # given 7 items over dimensions A (order 1: 4 items) and B (order 2: 3 items), rated by a
    # manager alone, so others = the manager's score
    world = build_campaign(items=[4, 3])
    subject = world.subject()
    #                     A1 A2 A3 A4 B1 B2 B3
    world.rate(subject, "manager", [3, 5, 3, 1, 5, 3, 1])
    result = report(world, subject)
    a1, a2, a3, a4, b1, b2, b3 = (row["id"] for row in result["items"])
    # highest first: 5s (A2 before B1: lower dimension order), then the 3s A1, A3 (A before B,
    # then item order) and B2 left out as the sixth
    assert result["strengths"] == [a2, b1, a1, a3, b2]
    # lowest first: the 1s A4 then B3, then the 3s A1, A3, B2
    assert result["development_areas"] == [a4, b3, a1, a3, b2]


def test_rule_strengths_skip_items_without_an_others_figure() -> None:
    world = build_campaign(items=[2])
    subject = world.subject()
    world.rate(subject, "manager", [4, None])
    result = report(world, subject)
    first = result["items"][0]["id"]
    assert result["strengths"] == [first]
    assert result["development_areas"] == [first]


def test_rule_dimension_order_breaks_ties_even_when_created_later() -> None:
    # given dimension B created first but ordered after A
    world = build_campaign(items=[1, 1])
    world.dimensions[0].order, world.dimensions[1].order = 5, 2
    for dim in world.dimensions:
        dim.save(update_fields=["order"])
    subject = world.subject()
    world.rate(subject, "manager", [4, 4])
    result = report(world, subject)
    # then B (order 2) comes first everywhere, and wins the tie
    assert [row["code"] for row in result["dimensions"]] == ["B", "A"]
    first_b = result["items"][0]
    assert first_b["dimension"] == "B"
    assert result["strengths"][0] == first_b["id"]


# §4.6 — change


def test_rule_change_against_the_earlier_closed_campaign() -> None:
    now = dt.datetime(2027, 6, 1, tzinfo=dt.UTC)
    world = build_campaign(items=[1, 1], closes_at=now)
    subject = world.subject()
    world.rate(subject, "manager", [4, 3])
    world.rate(subject, "peer", [4, 5], times=3)
    # others now: A = (4 + 12) / 4 = 4.00, B = (3 + 15) / 4 = 4.50
    earlier = world.another_campaign(
        status=Campaign.Status.RELEASED,
        opens_at=now - dt.timedelta(days=200),
        closes_at=now - dt.timedelta(days=180),
    )
    world.rate(subject, "manager", [2, 4], campaign=earlier)
    world.rate(subject, "direct_report", [3, 3], times=3, campaign=earlier)
    # others then: A = (2 + 9) / 4 = 2.75, B = (4 + 9) / 4 = 3.25
    # an even earlier one must not be the one compared with
    oldest = world.another_campaign(
        opens_at=now - dt.timedelta(days=400), closes_at=now - dt.timedelta(days=380)
    )
    world.rate(subject, "manager", [1, 1], campaign=oldest)
    result = report(world, subject)
    # change: A = 4.00 − 2.75 = 1.25, B = 4.50 − 3.25 = 1.25
    assert [row["change"] for row in result["dimensions"]] == [1.25, 1.25]
    assert result["campaign"]["previous"] == {"id": earlier.pk, "name": earlier.name}


@pytest.mark.parametrize(
    "why",
    ["still open", "other framework", "later", "not a subject there"],
)
def test_rule_no_change_without_an_earlier_closed_campaign_on_the_framework(why: str) -> None:
    now = dt.datetime(2027, 6, 1, tzinfo=dt.UTC)
    world = build_campaign(items=[1], closes_at=now)
    subject = world.subject()
    world.rate(subject, "manager", [4])
    before = {"opens_at": now - dt.timedelta(days=60), "closes_at": now - dt.timedelta(days=30)}
    if why == "still open":
        other = world.another_campaign(status=Campaign.Status.OPEN, **before)
    elif why == "other framework":
        other = world.another_campaign(framework=factories.FrameworkFactory(), **before)
    elif why == "later":
        other = world.another_campaign(
            opens_at=now + dt.timedelta(days=30), closes_at=now + dt.timedelta(days=60)
        )
    else:
        other = world.another_campaign(**before)
        world.rate(world.subject(), "manager", [1], campaign=other)
    if why != "not a subject there":
        world.rate(subject, "manager", [1], campaign=other)
    result = report(world, subject)
    assert result["dimensions"][0]["change"] is None
    assert result["campaign"]["previous"] is None


def test_rule_change_is_null_where_either_others_score_is_hidden() -> None:
    now = dt.datetime(2027, 6, 1, tzinfo=dt.UTC)
    world = build_campaign(items=[1], closes_at=now)
    subject = world.subject()
    world.rate(subject, "peer", [4], times=2)  # now: no others score (peers 2 < k, no manager)
    earlier = world.another_campaign(
        status=Campaign.Status.RELEASED, closes_at=now - dt.timedelta(days=30)
    )
    world.rate(subject, "manager", [3], campaign=earlier)
    result = report(world, subject)
    assert result["dimensions"][0]["others"] is None
    assert result["dimensions"][0]["change"] is None
    assert result["campaign"]["previous"]["id"] == earlier.pk


# §4.7 — comments


def test_rule_comments_not_in_submission_order_and_self_apart() -> None:
    world = build_campaign(items=[1])
    subject = world.subject()
    base = dt.datetime(2027, 5, 1, tzinfo=dt.UTC)
    # submitted in the order b, C, a
    for minutes, text in enumerate(["b: listens", "C: clear goals", "a: follows up"]):
        world.rate(
            subject,
            "peer",
            [3],
            comment=text,
            submitted_at=base + dt.timedelta(minutes=minutes),
        )
    world.rate(subject, "self", [4], comment="I plan well")
    world.rate(subject, "manager", [4], comment="Reliable")
    result = report(world, subject)
    # then by text, case-folded: a, b, C — whatever the submission order
    assert result["comments"]["peer"] == ["a: follows up", "b: listens", "C: clear goals"]
    assert result["comments"]["self"] == ["I plan well"]
    assert result["comments"]["manager"] == ["Reliable"]
    assert (result["comments"]["direct_report"], result["comments"]["other"]) == ([], [])


def test_rule_raters_are_never_named() -> None:
    world = build_campaign(items=[1])
    subject = world.subject()
    invitations = world.rate(subject, "peer", [3], times=3, comment="Good")
    invitations += world.rate(subject, "manager", [3], comment="Fine")
    text = repr(report(world, subject))
    for invitation in invitations:
        assert invitation.rater_name not in text
        assert invitation.rater_email not in text


# Only submitted invitations count; §4.8 response rates


def test_rule_only_submitted_invitations_count() -> None:
    world = build_campaign(items=[1])
    subject = world.subject()
    world.rate(subject, "peer", [4], times=3, comment="Counted")
    # a peer still drafting (ratings saved, not submitted) and one who declined after a draft
    world.rate(subject, "peer", [1], status=Invitation.Status.STARTED, comment="Draft")
    world.rate(subject, "peer", [1], status=Invitation.Status.DECLINED)
    world.invite(subject, "peer", status=Invitation.Status.SENT)
    world.invite(subject, "peer", status=Invitation.Status.NOMINATED)
    world.invite(subject, "direct_report", status=Invitation.Status.APPROVED, times=2)
    result = report(world, subject)
    # then the cell is 12 / 3 = 4.00, not (12 + 1 + 1) / 5 = 2.80
    assert item(result, 1)["peer"] == 4.0
    assert result["comments"]["peer"] == ["Counted"] * 3
    # invited: all but the nominated one (3 submitted, started, declined, sent = 6)
    assert result["groups"]["peer"] == {
        "invited": 6,
        "submitted": 3,
        "declined": 1,
        "reportable": True,
    }
    assert result["groups"]["direct_report"] == {
        "invited": 2,
        "submitted": 0,
        "declined": 0,
        "reportable": False,
    }


# §4.9 — rounding


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2.345", 2.35),
        ("2.675", 2.68),  # binary floats would give 2.67
        ("2.665", 2.67),  # banker's rounding would give 2.66
        ("-2.345", -2.35),
        ("2.344999", 2.34),
        ("3", 3.0),
        ("-0.004", 0.0),
    ],
)
def test_rule_round_half_up(value: str, expected: float) -> None:
    assert round2(Fraction(value)) == expected
    assert round2(Decimal(value)) == float(Decimal(value).quantize(Decimal("0.01"), ROUND_HALF_UP))


def test_rule_rounding_half_up_in_the_report() -> None:
    # given 8 self scores summing to 21: self dimension = 21 / 8 = 2.625 exactly
    world = build_campaign(items=[8])
    subject = world.subject()
    world.rate(subject, "self", [3, 3, 3, 3, 3, 2, 2, 2])
    result = report(world, subject)
    # half-up gives 2.63 (Python's round(2.625, 2) gives 2.62)
    assert dimension(result, "A")["self"] == 2.63
    assert round(2.625, 2) == 2.62


def test_rule_rounding_never_gives_negative_zero() -> None:
    # a gap of −0.004 rounds to 0.00, printed as 0.0 in the JSON, not −0.0
    assert str(round2(Fraction("-0.004"))) == "0.0"
