"""The answers export: every answer a report may draw on, with no rater named or placed."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.models import Invitation
from participants.models import TRAINERS_GROUP, User
from tests import factories
from tests.assessments.report_data import World, build_campaign
from tests.exports.files import rows_of

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _trainer(world: World) -> User:
    trainer: User = factories.UserFactory()
    trainer.groups.add(Group.objects.get(name=TRAINERS_GROUP))
    world.campaign.cohort.trainers.add(trainer)
    return trainer


def _url(world: World, fmt: str = "csv") -> str:
    return reverse("assessments:cohort-answers-export", args=[world.campaign.pk, fmt])


def _by_group(rows: list[list[object]], group_column: int) -> dict[str, list[list[object]]]:
    found: dict[str, list[list[object]]] = {}
    for row in rows[1:]:
        found.setdefault(str(row[group_column]).split(" / ")[0], []).append(row)
    return found


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_trainer_reads_every_answer_of_the_reportable_groups(fmt: str) -> None:
    # given: k = 3; three peers (reportable), two direct reports (not), one manager, self
    world = build_campaign(items=[2], k=3)
    subject = world.subject(name="吴迪", name_en="Wu Di")
    world.rate(subject, "self", [5, 4])
    world.rate(subject, "manager", [2, 3])
    world.rate(subject, "peer", [4, 3], times=3)
    world.rate(subject, "direct_report", [1, 1], times=2)
    world.invite(subject, "peer", status=Invitation.Status.STARTED)
    # when
    rows = rows_of(_client(_trainer(world)).get(_url(world, fmt)), fmt)
    # then
    header = rows[0]
    assert header[:5] == [
        "Participant / 参与者",
        "Name / 姓名",
        "Name (English) / 英文名",
        "Group / 评价组",
        "Rater / 评价人",
    ]
    assert header[5] == "A1 Activity A1 / A1 活动 A1"
    groups = _by_group(rows, 3)
    assert sorted(groups) == ["Manager", "Peers", "Self"]  # direct reports: 2 < k, left out
    assert [[int(v) for v in row[5:]] for row in groups["Peers"]] == [[4, 3]] * 3
    assert [int(v) for v in groups["Manager"][0][5:]] == [2, 3]
    assert {row[1] for row in rows[1:]} == {"吴迪"}
    assert {row[2] for row in rows[1:]} == {"Wu Di"}
    text = "\n".join(str(cell) for row in rows for cell in row)
    assert not re.search(r"Rater \d", text)  # the invitations' rater names
    assert "@example.com" not in text
    raters = [row[4] for row in rows[1:]]
    assert len(set(raters)) == 5
    assert all(str(r).startswith("R-") and len(str(r)) == 12 for r in raters)


def test_a_score_the_report_hides_is_left_out() -> None:
    # given: four peers, but only two of them scored the second item (rule 1: < k, no cell)
    world = build_campaign(items=[2], k=3)
    subject = world.subject()
    world.rate(subject, "peer", [4, 5], times=2)
    world.rate(subject, "peer", [3, None], times=2)
    world.rate(subject, "manager", [2, None])
    # when
    rows = rows_of(_client(_trainer(world)).get(_url(world)), "csv")
    # then: every peer's second score is blank; the first item (4 scorers) stays
    peers = _by_group(rows, 3)["Peers"]
    assert sorted(row[5] for row in peers) == ["3", "3", "4", "4"]
    assert {row[6] for row in peers} == {""}
    assert _by_group(rows, 3)["Manager"][0][5:] == ["2", ""]


def test_row_order_follows_no_submission_time() -> None:
    # given: five peers who submitted one a day apart
    world = build_campaign(items=[1], k=3)
    subject = world.subject()
    start = timezone.now() - dt.timedelta(days=10)
    for day in range(5):
        world.rate(subject, "peer", [day + 1], submitted_at=start + dt.timedelta(days=day))
    # when
    rows = rows_of(_client(_trainer(world)).get(_url(world)), "csv")
    # then: the rows are in pseudonym order, which no one can compute without the secret
    peers = _by_group(rows, 3)["Peers"]
    assert [row[4] for row in peers] == sorted(row[4] for row in peers)
    again = rows_of(_client(_trainer(world)).get(_url(world)), "csv")
    assert again == rows  # stable from one download to the next


def test_hr_reads_the_answers_with_no_participant_named(hr_user: User) -> None:
    world = build_campaign(items=[1], k=3)
    a = world.subject(name="丁一", name_en="Ding Yi")
    b = world.subject(name="王二", name_en="Wang Er")
    for subject in (a, b):
        world.rate(subject, "manager", [3])
        world.rate(subject, "peer", [4], times=3)
    # when
    hr_rows = rows_of(_client(hr_user).get(_url(world)), "csv")
    trainer_rows = rows_of(_client(_trainer(world)).get(_url(world)), "csv")
    # then: the same answers, the subjects as pseudonyms only
    assert hr_rows[0][:3] == ["Participant / 参与者", "Group / 评价组", "Rater / 评价人"]
    text = "\n".join(",".join(row) for row in hr_rows)
    for name in ("丁一", "Ding Yi", "王二", "Wang Er"):
        assert name not in text
    assert len({row[0] for row in hr_rows[1:]}) == 2
    assert all(row[0].startswith("S-") for row in hr_rows[1:])
    assert sorted((r[0], r[3], r[4], r[5]) for r in trainer_rows[1:]) == sorted(
        (r[0], r[1], r[2], r[3]) for r in hr_rows[1:]
    )


def test_pseudonyms_differ_between_campaigns() -> None:
    world = build_campaign(items=[1])
    subject = world.subject()
    world.rate(subject, "manager", [4])
    other = world.another_campaign()
    world.rate(subject, "manager", [4], campaign=other)
    trainer = _trainer(world)
    client = _client(trainer)
    first = rows_of(client.get(_url(world)), "csv")[1]
    second_url = reverse("assessments:cohort-answers-export", args=[other.pk, "csv"])
    second = rows_of(client.get(second_url), "csv")[1]
    assert first[0] != second[0]  # the same subject
    assert first[4] != second[4]


def test_debrief_offers_the_answers_export() -> None:
    world = build_campaign(items=[1])
    subject = world.subject()
    world.rate(subject, "manager", [3])
    page = _client(_trainer(world)).get(
        reverse("assessments:cohort-debrief", args=[world.campaign.pk])
    )
    assert _url(world, "xlsx") in page.content.decode()
