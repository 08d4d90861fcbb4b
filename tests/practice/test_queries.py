"""Lists cost the same number of queries whatever the number of practices."""

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from practice.services.observers import observation_submit, observer_invite
from practice.services.phases import phase_complete
from tests.practice.world import World, build_world, participant_in

pytestmark = pytest.mark.django_db


def _grow(world: World, extra: int) -> None:
    from practice.services.assignments import practices_ensure

    for _ in range(extra):
        participant_in(world.cohort)
    practices_ensure(cohort=world.cohort)


def _count(run: Callable[[], int]) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert run() == 200
    return len(captured)


@pytest.mark.parametrize(
    "url",
    [
        lambda w: reverse("practice:cohort-assignments", args=[w.cohort.pk]),
        lambda w: reverse("practice:practice-list"),
        lambda w: reverse("api:practice-list"),
        lambda w: reverse("api:practice-assignments", args=[w.cohort.pk]),
    ],
)
def test_staff_lists_are_constant(url) -> None:  # type: ignore[no-untyped-def]
    world = build_world()
    client = Client()
    client.force_login(world.trainer)
    small = _count(lambda: client.get(url(world)).status_code)
    _grow(world, 8)
    large = _count(lambda: client.get(url(world)).status_code)
    assert large == small


def test_practice_page_is_constant_in_history_and_observers() -> None:
    world = build_world()
    client = Client()
    client.force_login(world.owner)
    url = reverse("practice:practice-detail", args=[world.practice.pk])
    observer_invite(
        practice=world.practice,
        role=world.role("fulfilment"),
        name="f",
        email="f@x.example",
        by=world.owner,
    )
    small = _count(lambda: client.get(url).status_code)
    phase_complete(practice=world.practice, phase="prepare", text="Plan", by=world.owner)
    for code, email in (("account", "a@x.example"), ("solution", "s@x.example")):
        observer, _raw = observer_invite(
            practice=world.practice, role=world.role(code), name=code, email=email, by=world.owner
        )
        # each answer's scores are named by their items: fetched with the ratings
        observation_submit(
            observer=observer, scores={item.pk: 3 for item in world.items[:2]}, observation="Ok"
        )
    large = _count(lambda: client.get(url).status_code)
    assert large == small
