"""Changing who trains a cohort: recorded (who, when, before, after), shown to its trainers,
and HR may not make itself a trainer (a trainer reads every report, HR does not)."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from courses.access import TRAINERS_GROUP
from courses.models import Cohort, CohortTrainerChange
from courses.services.trainers import cohort_trainers_set
from participants.models import User
from tests import factories

pytestmark = pytest.mark.django_db


def _trainer(name: str) -> User:
    user = factories.UserFactory(full_name=name)
    user.groups.add(Group.objects.get(name=TRAINERS_GROUP))
    return user


def _url(cohort: Cohort) -> str:
    return f"/api/v1/cohorts/{cohort.pk}/"


def test_hr_adding_itself_as_a_trainer_is_refused_and_changes_nothing(api_as, hr_user) -> None:  # type: ignore[no-untyped-def]
    # given a cohort trained by one trainer
    cohort = factories.CohortFactory()
    zhao = _trainer("Trainer Zhao")
    cohort.trainers.add(zhao)
    # when HR puts itself on the list
    response = api_as(hr_user).patch(
        _url(cohort), {"trainers": [zhao.pk, hr_user.pk]}, format="json"
    )
    # then a 400 says why, and neither the trainers nor the record changed
    assert response.status_code == 400, response.content
    assert "yourself a trainer" in str(response.json()["trainers"])
    assert list(cohort.trainers.values_list("pk", flat=True)) == [zhao.pk]
    assert not CohortTrainerChange.objects.exists()


def test_hr_changing_the_trainers_is_recorded_with_before_and_after(api_as, hr_user) -> None:  # type: ignore[no-untyped-def]
    cohort = factories.CohortFactory()
    zhao, qian, sun = _trainer("Zhao"), _trainer("Qian"), _trainer("Sun")
    cohort.trainers.add(zhao, qian)

    response = api_as(hr_user).patch(_url(cohort), {"trainers": [qian.pk, sun.pk]}, format="json")

    assert response.status_code == 200, response.content
    assert set(cohort.trainers.values_list("pk", flat=True)) == {qian.pk, sun.pk}
    change = CohortTrainerChange.objects.get()
    assert change.cohort == cohort
    assert change.by == hr_user
    assert change.added == [sun.pk]
    assert change.removed == [zhao.pk]
    assert change.before == sorted([zhao.pk, qian.pk])
    assert change.after == sorted([qian.pk, sun.pk])


def test_sending_the_same_trainers_records_nothing(api_as, hr_user) -> None:  # type: ignore[no-untyped-def]
    cohort = factories.CohortFactory()
    zhao = _trainer("Zhao")
    cohort.trainers.add(zhao)

    response = api_as(hr_user).patch(_url(cohort), {"trainers": [zhao.pk]}, format="json")

    assert response.status_code == 200
    assert not CohortTrainerChange.objects.exists()


def test_a_superuser_may_add_itself_and_it_is_recorded() -> None:
    cohort = factories.CohortFactory()
    root = factories.UserFactory(is_superuser=True, is_staff=True)

    cohort_trainers_set(cohort=cohort, trainers=[root], by=root)

    assert list(cohort.trainers.all()) == [root]
    assert CohortTrainerChange.objects.get().added == [root.pk]


def test_a_new_cohorts_trainers_are_recorded_too(api_as, hr_user) -> None:  # type: ignore[no-untyped-def]
    course = factories.CourseFactory()
    zhao = _trainer("Zhao")
    payload = {
        "course": course.pk,
        "code": "kam-2027-09",
        "name": "KAM 2027-09",
        "starts_on": "2027-09-01",
        "ends_on": "2027-09-03",
        "trainers": [zhao.pk],
    }

    response = api_as(hr_user).post("/api/v1/cohorts/", payload, format="json")

    assert response.status_code == 201, response.content
    change = CohortTrainerChange.objects.get()
    assert (change.by, change.added, change.removed) == (hr_user, [zhao.pk], [])


def test_the_cohorts_trainers_see_who_changed_the_trainers_on_the_roster(hr_user) -> None:  # type: ignore[no-untyped-def]
    # given HR swapped one trainer for another
    cohort = factories.CohortFactory()
    zhao, qian = _trainer("Trainer Zhao"), _trainer("Trainer Qian")
    cohort.trainers.add(zhao)
    cohort_trainers_set(cohort=cohort, trainers=[qian], by=hr_user)
    # when the remaining trainer opens the cohort's page
    client = Client()
    client.force_login(qian)
    page = client.get(reverse("participants:cohort-roster", args=[cohort.pk]))
    # then the change is there: who, added, removed
    assert page.status_code == 200
    html = page.content.decode()
    section = html[html.index('id="trainer-changes"') :]
    section = section[: section.index("</section>")]
    assert "HR Officer" in section
    assert "Trainer Qian" in section
    assert "Trainer Zhao" in section
    assert "<time datetime=" in section
