"""Who reaches which report page, debrief, action plan page and endpoint; everyone else gets 404.

Roles: anonymous, the participant (own report), another participant of the same campaign (who
reaches only their own), a participant outside the campaign, a trainer of the cohort, a
trainer of another cohort, HR.
"""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from assessments.models import Campaign
from assessments.services.action_plans import GoalInput, action_plan_save
from tests import factories
from tests.assessments.report_ui_world import ReportWorld, released_world

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous",
    "participant_own",
    "participant_other",
    "participant_outside",
    "trainer_own",
    "trainer_other",
    "hr",
)
LOGIN = "login"  # pages: anonymous is sent to the login page
DENIED = "denied"  # API: anonymous gets 401/403


@pytest.fixture
def world(monkeypatch: pytest.MonkeyPatch) -> ReportWorld:
    # The matrix is about who gets in, not about rendering: a stand-in PDF keeps it fast.
    monkeypatch.setattr("assessments.services.report_pdfs.html_to_pdf", lambda *a, **k: b"%PDF-1.7")
    world = released_world()
    world.users["participant_outside"] = factories.ParticipantFactory(with_user=True).user
    for participant in (world.subject, world.other_subject):
        action_plan_save(
            participant=participant,
            campaign=world.campaign,
            goals=[
                GoalInput(
                    item_ids=world.world.item_ids(0),
                    title=f"目标 {participant.name}",
                    actions="行动",
                    measure="衡量",
                    due_on=dt.date(2025, 10, 1),
                )
            ],
            by=participant.user,
        )
    return world


def request(kind: str, world: ReportWorld, role: str, method: str, url: str, data: Any = None):
    user = world.users[role]
    if kind == "page":
        client: Any = Client()
        if user is not None:
            client.force_login(user)
        return getattr(client, method)(url, data or {})
    api = APIClient()
    api.force_authenticate(user=user)
    return getattr(api, method)(url, data or {}, format="json")


def check(response: Any, expected: Any) -> None:
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    elif expected == DENIED:
        assert response.status_code in (401, 403)
    else:
        assert response.status_code == expected, response.content[:300]


Url = Callable[[ReportWorld], str]
OWN = {"participant_own": 200, "participant_other": 200}
TRAINER = {"trainer_own": 200}
HR = {"hr": 200}

# (kind, method, url, data, who gets what; everyone else logged in: 404)
MATRIX: list[tuple[str, str, str, Url, dict | None, dict[str, int]]] = [
    ("report", "page", "get", lambda w: f"/me/reports/{w.campaign.pk}/", None, OWN),
    ("report pdf", "page", "get", lambda w: f"/me/reports/{w.campaign.pk}/report.pdf", None, OWN),
    (
        "trainer report",
        "page",
        "get",
        lambda w: f"/trainer/campaigns/{w.campaign.pk}/participants/{w.subject.pk}/report/",
        None,
        TRAINER,
    ),
    (
        "trainer report pdf",
        "page",
        "get",
        lambda w: f"/trainer/campaigns/{w.campaign.pk}/participants/{w.subject.pk}/report.pdf",
        None,
        TRAINER,
    ),
    (
        "debrief",
        "page",
        "get",
        lambda w: f"/trainer/campaigns/{w.campaign.pk}/",
        None,
        {**TRAINER, **HR},
    ),
    ("my plan", "page", "get", lambda w: f"/me/action-plans/{w.campaign.pk}/", None, OWN),
    (
        "my plan review",
        "page",
        "post",
        lambda w: f"/me/action-plans/{w.campaign.pk}/reviews/",
        {"reviewed_on": "2025-04-01", "progress": "10"},
        {"participant_own": 302, "participant_other": 302},
    ),
    (
        "my plan comment",
        "page",
        "post",
        lambda w: f"/me/action-plans/{w.campaign.pk}/comments/",
        {"text": "好"},
        {"participant_own": 302, "participant_other": 302},
    ),
    (
        "trainer plan",
        "page",
        "get",
        lambda w: f"/trainer/campaigns/{w.campaign.pk}/participants/{w.subject.pk}/action-plan/",
        None,
        TRAINER,
    ),
    (
        "trainer plan comment",
        "page",
        "post",
        lambda w: (
            f"/trainer/campaigns/{w.campaign.pk}/participants/{w.subject.pk}/action-plan/comments/"
        ),
        {"text": "好"},
        {"trainer_own": 302},
    ),
    ("api my plan", "api", "get", lambda w: f"/api/v1/me/action-plans/{w.campaign.pk}/", None, OWN),
    (
        "api my plan put",
        "api",
        "put",
        lambda w: f"/api/v1/me/action-plans/{w.campaign.pk}/",
        "goals",
        OWN,
    ),
    (
        "api my reviews",
        "api",
        "post",
        lambda w: f"/api/v1/me/action-plans/{w.campaign.pk}/reviews/",
        {"reviewed_on": "2025-04-01", "progress": 10},
        {"participant_own": 201, "participant_other": 201},
    ),
    (
        "api my comments",
        "api",
        "post",
        lambda w: f"/api/v1/me/action-plans/{w.campaign.pk}/comments/",
        {"text": "好"},
        {"participant_own": 201, "participant_other": 201},
    ),
    (
        "api plans",
        "api",
        "get",
        lambda w: f"/api/v1/campaigns/{w.campaign.pk}/action-plans/",
        None,
        TRAINER,
    ),
    (
        "api plan",
        "api",
        "get",
        lambda w: f"/api/v1/campaigns/{w.campaign.pk}/action-plans/{w.subject.pk}/",
        None,
        TRAINER,
    ),
    (
        "api plan comment",
        "api",
        "post",
        lambda w: f"/api/v1/campaigns/{w.campaign.pk}/action-plans/{w.subject.pk}/comments/",
        {"text": "好"},
        {"trainer_own": 201},
    ),
    (
        "focus on an item",
        "page",
        "post",
        lambda w: f"/me/reports/{w.campaign.pk}/focus/{w.world.items[0].pk}/",
        {"focus": "1"},
        {"participant_own": 302, "participant_other": 302},
    ),
    (
        "api focus list",
        "api",
        "get",
        lambda w: f"/api/v1/me/action-plans/{w.campaign.pk}/focus/",
        None,
        OWN,
    ),
    (
        "api focus put",
        "api",
        "put",
        lambda w: f"/api/v1/me/action-plans/{w.campaign.pk}/focus/{w.world.items[0].pk}/",
        None,
        OWN,
    ),
    (
        "api focus delete",
        "api",
        "delete",
        lambda w: f"/api/v1/me/action-plans/{w.campaign.pk}/focus/{w.world.items[0].pk}/",
        None,
        {"participant_own": 204, "participant_other": 204},
    ),
    (
        "trainer plan cadence",
        "page",
        "post",
        lambda w: (
            f"/trainer/campaigns/{w.campaign.pk}/participants/{w.subject.pk}/action-plan/cadence/"
        ),
        {"every_weeks": "2"},
        {"trainer_own": 302},
    ),
    (
        "cohort cadence",
        "page",
        "post",
        lambda w: f"/trainer/campaigns/{w.campaign.pk}/review-cadence/",
        {"every_weeks": "3"},
        {"trainer_own": 302},
    ),
    (
        "api plan cadence",
        "api",
        "put",
        lambda w: f"/api/v1/campaigns/{w.campaign.pk}/action-plans/{w.subject.pk}/cadence/",
        {"every_weeks": 2},
        TRAINER,
    ),
    (
        "api cohort cadence",
        "api",
        "put",
        lambda w: f"/api/v1/campaigns/{w.campaign.pk}/review-cadence/",
        {"every_weeks": 3},
        TRAINER,
    ),
]


@pytest.mark.parametrize(
    ("kind", "method", "url", "data", "allowed"),
    [row[1:] for row in MATRIX],
    ids=[row[0] for row in MATRIX],
)
def test_permission_matrix(world: ReportWorld, kind, method, url, data, allowed) -> None:
    if data == "goals":
        data = {
            "goals": [
                {
                    "items": list(world.world.item_ids(1)),
                    "title": "新目标",
                    "actions": "行动",
                    "measure": "衡量",
                    "due_on": "2025-10-01",
                }
            ]
        }
    for role in ROLES:
        if role == "anonymous":
            expected: Any = LOGIN if kind == "page" else DENIED
        else:
            expected = allowed.get(role, 404)
        response = request(kind, world, role, method, url(world), data)
        try:
            check(response, expected)
        except AssertionError as error:
            raise AssertionError(f"{role}: {error}") from error


def test_the_other_participant_reaches_only_their_own_report(world: ReportWorld) -> None:
    client = Client()
    client.force_login(world.other_subject.user)

    html = client.get(f"/me/reports/{world.campaign.pk}/").content.decode()

    assert "李明" in html
    assert "吴迪" not in html


def test_participant_waits_for_the_release_trainer_for_the_close() -> None:
    world = released_world(status=Campaign.Status.CLOSED)
    participant, trainer = Client(), Client()
    participant.force_login(world.subject.user)
    trainer.force_login(world.trainer)
    trainer_url = f"/trainer/campaigns/{world.campaign.pk}/participants/{world.subject.pk}/report/"

    assert participant.get(f"/me/reports/{world.campaign.pk}/").status_code == 404
    assert participant.get(f"/me/action-plans/{world.campaign.pk}/").status_code == 404
    assert trainer.get(trainer_url).status_code == 200

    world.campaign.status = Campaign.Status.OPEN
    world.campaign.save(update_fields=["status"])
    assert trainer.get(trainer_url).status_code == 404


def test_unknown_campaign_or_participant_is_404_for_everyone(world: ReportWorld) -> None:
    trainer = Client()
    trainer.force_login(world.trainer)

    assert trainer.get("/trainer/campaigns/999999/").status_code == 404
    assert (
        trainer.get(
            f"/trainer/campaigns/{world.campaign.pk}/participants/999999/report/"
        ).status_code
        == 404
    )
    outsider = factories.ParticipantFactory()
    assert (
        trainer.get(
            f"/trainer/campaigns/{world.campaign.pk}/participants/{outsider.pk}/report/"
        ).status_code
        == 404
    )
