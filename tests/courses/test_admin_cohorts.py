"""Cohorts saved in the admin go through the cohort services; only HR changes them."""

from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from courses.models import Cohort, CohortTrainerChange
from participants.models import TRAINERS_GROUP
from tests import factories
from tests.admin_world import World, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_world()


def _as(world: World, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def _form(cohort: Cohort, **changes: Any) -> dict[str, Any]:
    return {
        "course": cohort.course_id,
        "code": cohort.code,
        "name": cohort.name,
        "status": cohort.status,
        "starts_on": cohort.starts_on.isoformat(),
        "ends_on": cohort.ends_on.isoformat(),
        "time_zone": cohort.time_zone,
        "capacity": cohort.capacity,
        "trainers": [t.pk for t in cohort.trainers.all()] if cohort.pk else [],
        "completion_threshold": cohort.completion_threshold,
        "sessions-TOTAL_FORMS": 0,
        "sessions-INITIAL_FORMS": 0,
        **changes,
    }


def test_hr_adds_a_cohort_with_its_trainers(world: World) -> None:
    # given
    trainer = world.users["trainer_a"]
    template = factories.CohortFactory.build(course=world.cohort_a.course, code="new-cohort")
    # when
    response = _as(world, "hr").post(
        reverse("admin:courses_cohort_add"), _form(template, trainers=[trainer.pk])
    )
    # then
    assert response.status_code == 302
    cohort = Cohort.objects.get(code="new-cohort")
    assert list(cohort.trainers.all()) == [trainer]


def test_hr_changes_a_cohorts_trainers(world: World) -> None:
    cohort = world.cohort_a
    url = reverse("admin:courses_cohort_change", args=[cohort.pk])
    trainers = [world.users["trainer_b"].pk]
    response = _as(world, "hr").post(url, _form(cohort, trainers=trainers, capacity=12))
    assert response.status_code == 302
    cohort.refresh_from_db()
    assert list(cohort.trainers.all()) == [world.users["trainer_b"]]
    assert cohort.capacity == 12


def test_a_trainer_cannot_change_their_cohort(world: World) -> None:
    cohort = world.cohort_a
    url = reverse("admin:courses_cohort_change", args=[cohort.pk])
    response = _as(world, "trainer_a").post(url, _form(cohort, capacity=12))
    assert response.status_code == 403
    cohort.refresh_from_db()
    assert cohort.capacity == 30


def test_hr_trainer_changes_in_the_admin_are_recorded(world: World) -> None:
    cohort = world.cohort_a
    url = reverse("admin:courses_cohort_change", args=[cohort.pk])
    trainers = [world.users["trainer_a"].pk, world.users["trainer_b"].pk]
    _as(world, "hr").post(url, _form(cohort, trainers=trainers))
    change = CohortTrainerChange.objects.get(cohort=cohort)
    assert change.by == world.users["hr"]
    assert change.added == [world.users["trainer_b"].pk]


def test_hr_cannot_make_itself_a_trainer_in_the_admin(world: World) -> None:
    # given: an HR officer who is also in the Trainers group, so offered as a trainer
    hr = world.users["hr"]
    hr.groups.add(Group.objects.get(name=TRAINERS_GROUP))
    cohort = world.cohort_a
    url = reverse("admin:courses_cohort_change", args=[cohort.pk])
    # when
    response = _as(world, "hr").post(url, _form(cohort, trainers=[hr.pk]), follow=True)
    # then
    assert response.status_code == 200
    assert "You cannot make yourself a trainer" in response.content.decode()
    assert list(cohort.trainers.all()) == [world.users["trainer_a"]]
    assert not CohortTrainerChange.objects.exists()
