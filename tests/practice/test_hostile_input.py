"""Hostile input answers 400 (or 404), never 500, and changes nothing."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from practice.models import Assignment, PracticeEvent
from practice.services.observers import observer_invite
from tests.practice.world import World

pytestmark = pytest.mark.django_db

HUGE = 10**30


def _api(world: World, user: str = "owner") -> APIClient:
    client = APIClient()
    client.force_authenticate(getattr(world, user))
    return client


@pytest.mark.parametrize(
    "body",
    [
        {"text": "a\x00b"},
        {"text": HUGE},
        {"text": ["list"]},
        {"text": "x" * 20001},
        {},
    ],
)
def test_phase_draft(world: World, body: dict) -> None:  # type: ignore[type-arg]
    url = reverse("api:practice-phase", args=[world.practice.pk, "prepare"])
    assert _api(world).put(url, body, format="json").status_code == 400
    assert not PracticeEvent.objects.filter(kind="draft_saved").exists()


@pytest.mark.parametrize(
    "body",
    [
        {"completed_on": "99999-01-01", "text": "x"},
        {"completed_on": HUGE, "text": "x"},
        {"text": "\x00"},
    ],
)
def test_phase_complete(world: World, body: dict) -> None:  # type: ignore[type-arg]
    url = reverse("api:practice-phase-complete", args=[world.practice.pk, "prepare"])
    assert _api(world).post(url, body, format="json").status_code == 400


@pytest.mark.parametrize(
    "body",
    [
        {"title": "T\x00", "brief": "B", "due_on": "2027-06-01", "items": [1]},
        {"title": "T", "brief": "B", "due_on": "2027-06-01", "items": [HUGE]},
        {"title": "T", "brief": "B", "due_on": "2027-06-01", "dimension": HUGE},
        {"title": "T", "brief": "B", "due_on": "2027-06-01", "items": ["1.5"]},
        {"title": "T", "brief": "B", "due_on": "2027-06-01", "target_level": HUGE, "items": []},
        {"title": "T", "brief": "B", "due_on": "0001-01-01"},
    ],
)
def test_assignment(world: World, body: dict) -> None:  # type: ignore[type-arg]
    before = Assignment.objects.count()
    url = reverse("api:practice-assignments", args=[world.cohort.pk])
    assert _api(world, "trainer").post(url, body, format="json").status_code == 400
    assert Assignment.objects.count() == before


@pytest.mark.parametrize(
    "body",
    [
        {"goal": HUGE},
        {"goal": "x"},
        {"goal": 999999},
    ],
)
def test_goal(world: World, body: dict) -> None:  # type: ignore[type-arg]
    url = reverse("api:practice-goal", args=[world.practice.pk])
    assert _api(world).put(url, body, format="json").status_code == 400


def test_huge_ids_in_paths_are_404(world: World) -> None:
    client = _api(world, "hr")
    assert client.get(f"/api/v1/practice/{HUGE}/").status_code == 404
    assert client.get(f"/api/v1/practice/cohorts/{HUGE}/assignments/").status_code == 404
    page = Client()
    page.force_login(world.hr)
    assert page.get(f"/practice/{HUGE}/").status_code == 404
    assert page.get(f"/practice/attachments/{HUGE}/").status_code == 404
    assert page.get(f"/practice/cohorts/{HUGE}/").status_code == 404


def test_unknown_phase_is_404(world: World) -> None:
    url = reverse("api:practice-phase", args=[world.practice.pk, "nope"])
    assert _api(world).put(url, {"text": "x"}, format="json").status_code == 404


def test_observer_email_and_role(world: World) -> None:
    url = reverse("api:practice-observers", args=[world.practice.pk])
    for body in (
        {"role": "boss", "name": "A", "email": "a@x.example"},
        {"role": "account", "name": "A\x00", "email": "a@x.example"},
        {"role": "account", "name": "A", "email": "not-an-email"},
    ):
        assert _api(world).post(url, body, format="json").status_code == 400


def test_observer_page_hostile_scores(world: World) -> None:
    _observer, raw = observer_invite(
        practice=world.practice,
        role=world.role("account"),
        name="A",
        email="a@x.example",
        by=world.owner,
    )
    url = reverse("practice:observe", args=[raw])
    response = Client().post(
        url,
        {
            f"item-{world.items[0].pk}": str(HUGE),
            "item-99999999999999999999999": "3",
            "observation": "x\x00",
        },
    )
    assert response.status_code == 400
    api = APIClient().post(
        reverse("api:practice-observe", args=[raw]),
        {"scores": {str(world.items[0].pk): HUGE}, "observation": "x"},
        format="json",
    )
    assert api.status_code == 400


def test_page_posts_with_nul_are_form_errors(world: World) -> None:
    client = Client()
    client.force_login(world.owner)
    url = reverse("practice:practice-detail", args=[world.practice.pk])
    for data in (
        {"action": "save", "phase": "prepare", "text": "a\x00b"},
        {"action": "nope"},
        {"action": "detach", "attachment": str(HUGE)},
        {"action": "complete", "phase": "prepare", "text": "x", "completed_on": "99999-99-99"},
    ):
        assert client.post(url, data).status_code == 400, data
