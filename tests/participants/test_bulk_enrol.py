"""Bulk enrolment from the cohort page: ticked people and pasted emails or employee numbers."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from courses.models import Cohort
from participants.models import Enrollment
from participants.services.enrollment import enrollments_create_each
from tests import factories
from tests.participants.zone_data import cohort_world

pytestmark = pytest.mark.django_db


def _enrol_url(cohort: Cohort) -> str:
    return reverse("participants:cohort-enrol", kwargs={"pk": cohort.pk})


def test_bulk_enrol_sorts_everyone_into_one_summary(hr_user) -> None:  # type: ignore[no-untyped-def]
    # given one free place, one person already in, and a pasted list with an unknown token
    world = cohort_world(people=1, past=0, upcoming=1, capacity=2)
    first = factories.ParticipantFactory(employee_number="E100")
    second = factories.ParticipantFactory(email="second@example.com")
    # when
    result = enrollments_create_each(
        cohort=world.cohort,
        by=hr_user,
        participants=[first],
        tokens=["E100", "SECOND@example.com", world.participants[0].email, "nobody@x.org", "E9"],
    )
    # then the first takes the free place, the second waits, the rest are reported
    assert result.confirmed == [first]
    assert result.waitlisted == [second]
    assert result.already_enrolled == [world.participants[0]]
    assert result.unknown == ["nobody@x.org", "E9"]
    assert Enrollment.objects.get(participant=second).status == Enrollment.Status.WAITLISTED
    assert Enrollment.objects.filter(participant=first).count() == 1  # named twice, enrolled once


def test_bulk_enrol_keeps_the_others_when_one_is_refused(hr_user) -> None:  # type: ignore[no-untyped-def]
    # given a participant booked at the same time in another cohort
    world = cohort_world(people=0, past=0, upcoming=1)
    other = cohort_world(people=1, past=0, upcoming=0)
    factories.SessionFactory(
        cohort=other.cohort,
        starts_at=world.upcoming[0].starts_at,
        ends_at=world.upcoming[0].ends_at,
    )
    busy = other.participants[0]
    free = factories.ParticipantFactory()
    # when
    result = enrollments_create_each(cohort=world.cohort, by=hr_user, participants=[busy, free])
    # then
    assert result.confirmed == [free]
    assert [p for p, _why in result.refused] == [busy]
    assert "would clash" in result.refused[0][1]


def test_bulk_enrol_asks_the_access_rule(trainer_user) -> None:  # type: ignore[no-untyped-def]
    world = cohort_world(people=0, past=0, upcoming=1, trainer=trainer_user)
    with pytest.raises(PermissionDenied):
        enrollments_create_each(
            cohort=world.cohort, by=trainer_user, participants=[factories.ParticipantFactory()]
        )
    assert not Enrollment.objects.exists()


def test_pasted_list_splits_on_lines_and_commas(client: Client, hr_user) -> None:  # type: ignore[no-untyped-def]
    world = cohort_world(people=0, past=0, upcoming=1, capacity=1)
    a = factories.ParticipantFactory(employee_number="A1", name_en="Ada", name="Ada")
    b = factories.ParticipantFactory(email="bo@example.com", name_en="Bo", name="Bo")
    client.force_login(hr_user)
    response = client.post(
        _enrol_url(world.cohort), {"tokens": "A1,\n bo@example.com ; ghost-7\n"}, follow=True
    )
    html = response.content.decode()
    assert "Confirmed (1): Ada." in html
    assert "Waitlisted, the cohort is full (1): Bo." in html
    assert "(1): ghost-7." in html
    statuses = dict(
        Enrollment.objects.filter(cohort=world.cohort).values_list("participant", "status")
    )
    assert statuses == {a.pk: "confirmed", b.pk: "waitlisted"}


def test_ticked_search_results_enrol_together(client: Client, hr_user) -> None:  # type: ignore[no-untyped-def]
    world = cohort_world(people=0, past=0, upcoming=1)
    people = [factories.ParticipantFactory(name_en=f"Haddad {i}") for i in range(3)]
    client.force_login(hr_user)
    overview = reverse("participants:cohort-overview", kwargs={"pk": world.cohort.pk})
    page = client.get(overview, {"q": "haddad"}).content.decode()
    assert page.count('type="checkbox" name="participant"') == 3
    response = client.post(
        _enrol_url(world.cohort), {"participant": [p.pk for p in people[:2]]}, follow=True
    )
    assert "Confirmed (2):" in response.content.decode()
    assert Enrollment.objects.filter(cohort=world.cohort).count() == 2


def test_an_empty_or_oversized_paste_changes_nothing(client: Client, hr_user) -> None:  # type: ignore[no-untyped-def]
    world = cohort_world(people=0, past=0, upcoming=1)
    client.force_login(hr_user)
    response = client.post(_enrol_url(world.cohort), {"tokens": " ,\n"}, follow=True)
    assert "Tick people in the search results" in response.content.decode()
    response = client.post(
        _enrol_url(world.cohort), {"tokens": ",".join(f"E{i}" for i in range(501))}, follow=True
    )
    assert response.status_code == 200
    assert "at most 500" in response.content.decode()
    assert not Enrollment.objects.exists()


@pytest.mark.parametrize("who", ["trainer", "participant", "anon"])
def test_only_hr_may_bulk_enrol(client: Client, who: str) -> None:
    world = cohort_world(people=1, past=0, upcoming=1)
    if who == "trainer":
        client.force_login(world.trainer)
    elif who == "participant":
        client.force_login(world.participants[0].user)
    response = client.post(_enrol_url(world.cohort), {"tokens": "x@example.com"})
    assert response.status_code in (302, 404) if who == "anon" else response.status_code == 404
    if who == "anon":
        assert "/accounts/login/" in response["Location"]
    assert Enrollment.objects.count() == 1


@pytest.mark.parametrize("size", [2, 6])
def test_the_enrol_page_and_its_search_cost_the_same_queries_at_any_size(
    django_assert_num_queries, hr_user, size: int
) -> None:  # type: ignore[no-untyped-def]
    # given a cohort of `size` people, `size` more to find, one waiting
    cohort = factories.CohortFactory(capacity=size)
    for _ in range(size):
        factories.EnrollmentFactory(cohort=cohort)
    factories.EnrollmentFactory(
        cohort=cohort, status=Enrollment.Status.WAITLISTED, waitlisted_at=timezone.now()
    )
    for index in range(size):
        factories.ParticipantFactory(email=f"found{index}@acme.example")
    client = Client()
    client.force_login(hr_user)
    url = reverse("participants:cohort-overview", kwargs={"pk": cohort.pk})
    # when HR searches on the cohort page, then the query count does not grow with the sizes
    # 13, 10 for the completion counts the cohort page shows, 1 for its enrolment history
    with django_assert_num_queries(24):
        response = client.get(url, {"q": "acme.example"})
    assert response.content.decode().count('name="participant"') == size
