"""Progress and class results exports: counts only, the summary's k and incumbent rules."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from assessments.models import Invitation
from assessments.selectors.summary import cohort_summary
from participants.models import TRAINERS_GROUP, User
from tests import factories
from tests.assessments.report_data import World, build_campaign
from tests.exports.files import rows_of

pytestmark = pytest.mark.django_db


def _trainer_client(world: World) -> Client:
    trainer: User = factories.UserFactory()
    trainer.groups.add(Group.objects.get(name=TRAINERS_GROUP))
    world.campaign.cohort.trainers.add(trainer)
    client = Client()
    client.force_login(trainer)
    return client


def _rated(world: World, *, others: int, self_score: int | None = None, **fields: object):  # type: ignore[no-untyped-def]
    subject = world.subject(**fields)
    world.rate(subject, "manager", [others] * len(world.items))
    if self_score is not None:
        world.rate(subject, "self", [self_score] * len(world.items))
    return subject


def _number(value: object) -> float | None:
    return None if value in ("", None) else float(value)  # type: ignore[arg-type]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_class_results_export_shows_what_the_summary_shows(fmt: str) -> None:
    # given: four subjects, three incumbents — the incumbent average would give D's score away
    world = build_campaign(items=[1])
    _rated(world, others=2, self_score=4, name="D")
    _rated(world, others=3, self_score=4, is_incumbent=True, name="C")
    _rated(world, others=4, is_incumbent=True, name="B")
    _rated(world, others=5, self_score=5, is_incumbent=True, name="A")
    url = reverse("assessments:cohort-results-export", args=[world.campaign.pk, fmt])
    # when
    response = _trainer_client(world).get(url)
    rows = rows_of(response, fmt)
    # then
    header, (row,) = rows[0], rows[1:]
    assert header[0] == "Code / 代码"
    assert "Incumbent average / 正职平均" in header
    (expected,) = cohort_summary(campaign=world.campaign, include_participants=False)["dimensions"]
    assert row[0] == expected["code"]
    assert _number(row[2]) == expected["class"]["average"] == 3.5
    assert int(row[3]) == 4
    assert _number(row[4]) == expected["class"]["stdev"]
    assert _number(row[5]) == expected["class_self"]["average"]
    assert int(row[6]) == 3
    assert _number(row[7]) is None  # hidden by the incumbent rule
    assert int(row[8]) == 3


def test_class_results_export_hides_averages_under_k() -> None:
    world = build_campaign(items=[1])
    _rated(world, others=2, is_incumbent=True)
    _rated(world, others=5, is_incumbent=True)
    url = reverse("assessments:cohort-results-export", args=[world.campaign.pk, "csv"])
    (row,) = rows_of(_trainer_client(world).get(url), "csv")[1:]
    assert row[2:] == ["", "2", "", "", "0", "", "2"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_progress_export_counts_per_group_and_never_names_a_rater(fmt: str) -> None:
    # given
    world = build_campaign(items=[1])
    subject = world.subject(name="吴迪", name_en="Wu Di")
    world.invite(subject, "self", status=Invitation.Status.SUBMITTED)
    world.rate(subject, "peer", [3], times=2)
    world.invite(subject, "peer", status=Invitation.Status.DECLINED)
    world.invite(subject, "peer", status=Invitation.Status.SENT)
    world.invite(subject, "manager", status=Invitation.Status.NOMINATED)
    url = reverse("assessments:campaign-progress-export", args=[world.campaign.pk, fmt])
    # when
    response = _trainer_client(world).get(url)
    rows = rows_of(response, fmt)
    # then
    header, body = rows[0], rows[1:]
    assert header[:4] == [
        "Name / 姓名",
        "Name (English) / 英文名",
        "Self-assessment / 自评",
        "Group / 评价组",
    ]
    assert len(body) == 4  # manager, peer, direct report, other
    by_group = {row[3].split(" / ")[0]: row for row in body}
    peer = by_group["Peers"]
    assert peer[0] == "吴迪"
    assert peer[2].startswith("Submitted / ")
    invited, started, submitted, declined = (int(v) for v in peer[7:11])
    assert (invited, submitted, declined) == (4, 2, 1)
    assert int(by_group["Manager"][5]) == 1
    text = "\n".join(str(cell) for row in rows for cell in row)
    assert "Rater" not in text
    assert "@example.com" not in text


def test_campaign_pages_offer_their_exports() -> None:
    world = build_campaign(items=[1])
    _rated(world, others=3, self_score=4)
    client = _trainer_client(world)
    pk = world.campaign.pk
    progress = client.get(reverse("assessments:campaign-progress", args=[pk])).content.decode()
    assert reverse("assessments:campaign-progress-export", args=[pk, "csv"]) in progress
    debrief = client.get(reverse("assessments:cohort-debrief", args=[pk])).content.decode()
    assert reverse("assessments:cohort-results-export", args=[pk, "xlsx"]) in debrief


def test_class_results_export_gives_hr_the_aggregates_only(hr_user: User) -> None:
    # given: named subjects, one of whom alone is not an incumbent
    world = build_campaign(items=[1])
    _rated(world, others=2, self_score=4, name="丁一", name_en="Ding Yi")
    for n, score in enumerate((3, 4, 5)):
        _rated(world, others=score, is_incumbent=True, name=f"正职{n}", name_en=f"Incumbent {n}")
    client = Client()
    client.force_login(hr_user)
    url = reverse("assessments:cohort-results-export", args=[world.campaign.pk, "csv"])
    # when
    rows = rows_of(client.get(url), "csv")
    trainer_rows = rows_of(_trainer_client(world).get(url), "csv")
    # then: one row per dimension, no person named, the same file as the cohort's trainers get
    assert len(rows) == 2
    text = "\n".join(",".join(row) for row in rows)
    for subject in world.subjects:
        assert subject.name not in text
        assert subject.name_en not in text
    assert rows == trainer_rows
    assert rows[1][7] == ""  # 4·class − 3·incumbent would be 丁一's own score
