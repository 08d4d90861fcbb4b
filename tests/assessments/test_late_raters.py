"""Late raters after release (DESIGN.md §4 rule 10): HR's page, the rater's link, the rescore rule.

Everything goes through the HTTP client: HR closes and releases, invites a late rater on the
campaign pages, the rater answers by the emailed link, the subject reads their page and the API.
"""

import datetime as dt
import re
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.models import Campaign, CampaignEvent, Invitation, InvitationStatusChange
from assessments.selectors.report import report_for
from tests.assessments.report_ui_world import ReportWorld, released_world

pytestmark = pytest.mark.django_db

Commits = Any  # django_capture_on_commit_callbacks: emails go out once a request commits


@pytest.fixture
def commits(django_capture_on_commit_callbacks: Commits) -> Commits:
    return django_capture_on_commit_callbacks


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def _released(client: Client) -> ReportWorld:
    """The report world, closed and released by HR through the campaign pages."""
    world = released_world(participants=3, status=Campaign.Status.OPEN)
    client.force_login(world.users["hr"])
    for transition in ("close", "release"):
        url = reverse("assessments:campaign-transition", args=[world.campaign.pk, transition])
        assert client.post(url, {"confirm": "1"}).status_code == 302
    assert Campaign.objects.get(pk=world.campaign.pk).status == Campaign.Status.RELEASED
    return world


def _late_url(world: ReportWorld) -> str:
    return reverse("assessments:campaign-late-rater", args=[world.campaign.pk, world.subject.pk])


def _invite(client: Client, world: ReportWorld, group: str, email: str, commits: Commits) -> str:
    """HR invites a late rater on the page; return the token link emailed to them."""
    client.force_login(world.users["hr"])
    mail.outbox.clear()
    data = {
        "rater_name": "Late Rater",
        "rater_email": email,
        "group": group,
        "rater_language": "en",
    }
    with commits(execute=True):
        response = client.post(_late_url(world), data)
    assert response.status_code == 302, response.content.decode()
    (message,) = mail.outbox
    assert message.to == [f"Late Rater <{email}>"]
    match = re.search(r"/rate/([^/\s]+)/", str(message.body))
    assert match is not None
    return f"/rate/{match.group(1)}/"


def _answer(link: str, world: ReportWorld, score: int, commits: Commits) -> None:
    """The late rater answers every item by their link, reviews and submits."""
    rater = Client()
    assert rater.get(link).status_code == 200
    data = {f"item-{item.pk}": str(score) for item in world.world.items}
    assert rater.post(link, {**data, "action": "review", "comment": ""}).status_code == 200
    with commits(execute=True):
        assert rater.post(link, {"action": "submit"}).status_code == 302
    assert Invitation.objects.filter(
        answer_by__isnull=False, status=Invitation.Status.SUBMITTED
    ).exists()


def _seen(client: Client, world: ReportWorld) -> dict[str, Any]:
    """The subject's report page (without its per-request CSRF token) and report API."""
    client = Client()  # a session of their own: no message of HR's pages
    client.force_login(world.subject.user)
    page = client.get(reverse("assessments:me-report", args=[world.campaign.pk]))
    api = client.get(f"/api/v1/campaigns/{world.campaign.pk}/reports/{world.subject.pk}/")
    assert page.status_code == 200
    assert api.status_code == 200
    return {"page": CSRF.sub("", page.content.decode()), "api": api.json()}


def _updates_for(world: ReportWorld) -> list[Any]:
    return [m for m in mail.outbox if world.subject.email in m.to[0] and "已更新" in m.subject]


def test_one_late_peer_changes_nothing_the_second_updates_the_peers_and_tells_the_subject(
    client: Client, commits: Commits
) -> None:
    # given: released; 3 peers rated [3, 4, 3] (shown, k = 3)
    world = _released(client)
    before = _seen(client, world)
    assert [row["peer"] for row in before["api"]["items"]] == [3.0, 4.0, 3.0]

    # when: one late peer answers all fives
    first = _invite(client, world, "peer", "late.one@example.com", commits)
    mail.outbox.clear()
    _answer(first, world, 5, commits)

    # then: every figure of the page and the API is unchanged, and the subject is not told
    assert _seen(client, world) == before
    assert _updates_for(world) == []
    live = report_for(campaign=world.campaign, participant=world.subject)
    assert live["groups"]["peer"]["submitted"] == 4  # the live computation did move

    # when: a second late peer answers all fives
    second = _invite(client, world, "peer", "late.two@example.com", commits)
    mail.outbox.clear()
    _answer(second, world, 5, commits)

    # then: the peers' cells count both: (3·3 + 2·5) / 5 = 3.8 and (3·4 + 2·5) / 5 = 4.4;
    # dimension A (3.8 + 4.4) / 2 = 4.1, dimension B 3.8
    after = _seen(client, world)
    report = after["api"]
    assert report["groups"]["peer"] == {
        "invited": 5,
        "submitted": 5,
        "declined": 0,
        "reportable": True,
    }
    assert [row["peer"] for row in report["items"]] == [3.8, 4.4, 3.8]
    assert [row["peer"] for row in report["dimensions"]] == [4.1, 3.8]
    assert after["page"] != before["page"]
    assert "4.4" in after["page"]
    (notice,) = _updates_for(world)
    assert "/me/reports/" in notice.body
    assert "Late Rater" not in notice.body


def test_a_late_manager_counts_at_once_as_the_manager_group_is_exempt(
    client: Client, commits: Commits
) -> None:
    # given: a campaign that allows two managers; the first rated [3, 4, 3]
    world = _released(client)
    Campaign.objects.filter(pk=world.campaign.pk).update(manager_max=2)
    before = _seen(client, world)
    assert [row["manager"] for row in before["api"]["items"]] == [3.0, 4.0, 3.0]

    # when: one late manager answers all fives
    link = _invite(client, world, "manager", "late.boss@example.com", commits)
    mail.outbox.clear()
    _answer(link, world, 5, commits)

    # then: the manager cells are (3 + 5) / 2 = 4 and (4 + 5) / 2 = 4.5 at once; told
    report = _seen(client, world)["api"]
    assert [row["manager"] for row in report["items"]] == [4.0, 4.5, 4.0]
    assert [row["manager"] for row in report["dimensions"]] == [4.25, 4.0]
    assert len(_updates_for(world)) == 1


def test_late_rater_invitation_is_recorded_and_shown_on_the_pages(
    client: Client, commits: Commits
) -> None:
    # given
    world = _released(client)
    # when
    _invite(client, world, "direct_report", "late.dr@example.com", commits)
    # then: a campaign event, shown in the history; the late raters page lists the rater
    event = CampaignEvent.objects.filter(campaign=world.campaign).order_by("-pk").first()
    assert event is not None
    assert event.from_status == event.to_status == Campaign.Status.RELEASED
    assert event.by == world.users["hr"]
    assert event.changes["late_rater"]["group"] == "direct_report"
    progress = client.get(reverse("assessments:campaign-progress", args=[world.campaign.pk]))
    assert "Late rater invited (Direct reports of Wu Di)." in progress.content.decode()
    assert _late_url(world) in progress.content.decode()
    page = client.get(_late_url(world)).content.decode()
    assert "late.dr@example.com" in page
    invitation = Invitation.objects.get(rater_email="late.dr@example.com")
    assert invitation.status == Invitation.Status.SENT
    assert invitation.answer_by is not None
    assert invitation.answer_by - invitation.sent_at == dt.timedelta(days=14)  # type: ignore[operator]
    (step,) = InvitationStatusChange.objects.filter(invitation=invitation)
    assert (step.from_status, step.to_status, step.by) == ("", "sent", world.users["hr"])


def test_a_late_raters_link_closes_at_its_own_deadline(client: Client, commits: Commits) -> None:
    # given
    world = _released(client)
    link = _invite(client, world, "peer", "late.slow@example.com", commits)
    # when: the deadline passes
    Invitation.objects.filter(rater_email="late.slow@example.com").update(
        answer_by=timezone.now() - dt.timedelta(minutes=1)
    )
    # then: the link answers no more; nothing is stored
    response = Client().get(link)
    assert response.status_code == 410
    assert not Invitation.objects.filter(
        rater_email="late.slow@example.com", status=Invitation.Status.SUBMITTED
    ).exists()


def test_late_raters_are_refused_before_release_and_outside_the_group_limits(
    client: Client,
) -> None:
    # given: a closed campaign
    world = released_world(participants=2, status=Campaign.Status.CLOSED)
    client.force_login(world.users["hr"])
    data = {"rater_name": "Late", "rater_email": "late@example.com", "group": "peer"}
    # when / then: refused with a message, nothing created, nothing sent
    response = client.post(_late_url(world), data)
    assert response.status_code == 400
    assert "only once the reports are released" in response.content.decode()
    assert not Invitation.objects.filter(rater_email="late@example.com").exists()
    assert mail.outbox == []
    # and once released, a second manager is over the limit of one
    Campaign.objects.filter(pk=world.campaign.pk).update(status=Campaign.Status.RELEASED)
    response = client.post(_late_url(world), {**data, "group": "manager"})
    assert response.status_code == 400
    assert "At most 1 raters" in response.content.decode()
    assert not Invitation.objects.filter(rater_email="late@example.com").exists()


@pytest.mark.parametrize(
    ("who", "get_status", "may_add"),
    [
        ("anonymous", 302, False),
        ("participant_own", 404, False),
        ("participant_other", 404, False),
        ("trainer_other", 404, False),
        ("trainer_own", 200, True),
        ("hr", 200, True),
    ],
)
def test_late_rater_page_permissions(
    client: Client, commits: Commits, who: str, get_status: int, may_add: bool
) -> None:
    # given: a released campaign
    world = released_world(participants=2)
    user = world.users[who]
    if user is not None:
        client.force_login(user)
    # when
    page = client.get(_late_url(world))
    with commits(execute=True):
        added = client.post(
            _late_url(world),
            {"rater_name": "Late", "rater_email": "late@example.com", "group": "peer"},
        )
    # then
    assert page.status_code == get_status
    assert added.status_code == (302 if may_add else get_status)
    assert Invitation.objects.filter(rater_email="late@example.com").exists() is may_add
    assert len(mail.outbox) == (1 if may_add else 0)


def test_late_rater_page_query_count_is_constant(client: Client, commits: Commits) -> None:
    # given
    world = _released(client)
    counts = []
    for n, email in enumerate(("a@example.com", "b@example.com", "c@example.com")):
        _invite(client, world, "peer", email, commits)
        if n in (0, 2):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(_late_url(world)).status_code == 200
            counts.append(len(queries))
    # then: one late rater or three, the same queries
    assert counts[0] == counts[1]
