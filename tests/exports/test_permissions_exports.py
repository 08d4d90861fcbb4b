"""Who may download which export: each answers as the page it is offered on.

Roles: anonymous; a participant of the cohort; a trainer of the cohort and of another cohort;
HR. Expected: 200, `login` (302 to the login page) or 404 (nobody learns what exists).
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import Campaign
from participants.models import User
from tests.assessments.report_data import build_campaign
from tests.participants.zone_data import CohortWorld, cohort_world

pytestmark = pytest.mark.django_db

LOGIN = "login"
ROLES = ("anonymous", "participant", "trainer_own", "trainer_other", "hr")
STAFF = {"anonymous": LOGIN, "participant": 404, "trainer_own": 200, "trainer_other": 404}


@dataclass
class World:
    cohort: CohortWorld
    campaign: Campaign
    users: dict[str, User | None]


@pytest.fixture
def world(hr_user: User) -> World:
    a = cohort_world(people=2, past=1, upcoming=1)
    b = cohort_world(people=1, past=1, upcoming=1)
    campaign = build_campaign(items=[1], cohort=a.cohort, status=Campaign.Status.CLOSED).campaign
    return World(
        cohort=a,
        campaign=campaign,
        users={
            "anonymous": None,
            "participant": a.participants[0].user,
            "trainer_own": a.trainer,
            "trainer_other": b.trainer,
            "hr": hr_user,
        },
    )


Url = Callable[[World], str]


def _cohort(name: str, fmt: str) -> Url:
    return lambda w: reverse(f"participants:{name}", args=[w.cohort.cohort.pk, fmt])


def _session(name: str) -> Url:
    return lambda w: reverse(f"participants:{name}", args=[w.cohort.past[0].pk])


def _campaign(name: str, fmt: str) -> Url:
    return lambda w: reverse(f"assessments:{name}", args=[w.campaign.pk, fmt])


# export → (its URL, the page it is offered on)
EXPORTS: dict[str, tuple[Url, Url]] = {}
for _fmt in ("csv", "xlsx"):
    EXPORTS[f"roster.{_fmt}"] = (
        _cohort("cohort-roster-export", _fmt),
        lambda w: reverse("participants:cohort-roster", args=[w.cohort.cohort.pk]),
    )
    EXPORTS[f"attendance.{_fmt}"] = (
        _cohort("cohort-attendance-export", _fmt),
        lambda w: reverse("participants:cohort-roster", args=[w.cohort.cohort.pk]),
    )
    EXPORTS[f"progress.{_fmt}"] = (
        _campaign("campaign-progress-export", _fmt),
        lambda w: reverse("assessments:campaign-progress", args=[w.campaign.pk]),
    )
    EXPORTS[f"results.{_fmt}"] = (
        _campaign("cohort-results-export", _fmt),
        lambda w: reverse("assessments:cohort-debrief", args=[w.campaign.pk]),
    )
    EXPORTS[f"answers.{_fmt}"] = (
        _campaign("cohort-answers-export", _fmt),
        lambda w: reverse("assessments:cohort-debrief", args=[w.campaign.pk]),
    )
EXPORTS["sign-in"] = (_session("session-sign-in"), _session("attendance-sheet"))
EXPORTS["sign-in.pdf"] = (_session("session-sign-in-pdf"), _session("attendance-sheet"))

EXPECTED = {**STAFF, "hr": 200}


def _get(world: World, role: str, url: str) -> int | str:
    client = Client()
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return LOGIN
    return response.status_code


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("export", sorted(EXPORTS))
def test_export_answers_as_its_page(world: World, export: str, role: str) -> None:
    export_url, page_url = EXPORTS[export]
    got = _get(world, role, export_url(world))
    assert got == EXPECTED[role]
    assert got == _get(world, role, page_url(world))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["cohort-results-export", "cohort-answers-export"])
def test_campaign_results_exports_wait_for_the_close(world: World, role: str, name: str) -> None:
    # The debrief says the results come at the close; until then there is nothing to download
    # (answers read while raters still answer would say, download after download, who just did).
    world.campaign.status = Campaign.Status.OPEN
    world.campaign.save(update_fields=["status"])
    url = reverse(f"assessments:{name}", args=[world.campaign.pk, "csv"])
    assert _get(world, role, url) == (LOGIN if role == "anonymous" else 404)


@pytest.mark.parametrize("role", ["trainer_own", "hr"])
def test_export_of_an_unknown_format_or_object_is_404(world: World, role: str) -> None:
    cohort_pk = world.cohort.cohort.pk
    assert _get(world, role, f"/trainer/cohorts/{cohort_pk}/roster.exe") == 404
    assert _get(world, role, reverse("participants:cohort-roster-export", args=[0, "csv"])) == 404
    assert _get(world, role, reverse("assessments:cohort-results-export", args=[0, "csv"])) == 404
    assert _get(world, role, reverse("assessments:cohort-answers-export", args=[0, "csv"])) == 404
