"""Participant profiles saved in the admin go through the profile services."""

from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from participants.models import HR_GROUP, Participant, User
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr() -> User:
    user = factories.UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=HR_GROUP))
    return user


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _form(participant: Participant, **changes: Any) -> dict[str, Any]:
    data = {
        "employee_number": participant.employee_number,
        "name": participant.name,
        "name_en": participant.name_en,
        "email": participant.email,
        "position": participant.position,
        "region": participant.region,
        "country": participant.country,
        "org_unit": participant.org_unit,
        "manager": participant.manager_id or "",
        "manager_email": participant.manager_email,
        "time_zone": participant.time_zone,
        "language": participant.language,
        "enrollments-TOTAL_FORMS": 0,
        "enrollments-INITIAL_FORMS": 0,
        **changes,
    }
    return {k: v for k, v in data.items() if v is not None}


def test_hr_adds_a_participant(hr: User) -> None:
    template = factories.ParticipantFactory.build(email="New.Person@Example.com")
    response = _client(hr).post(reverse("admin:participants_participant_add"), _form(template))
    assert response.status_code == 302
    assert Participant.objects.get(email="new.person@example.com")  # as the service stores it


def test_a_manager_cycle_is_refused_with_a_message(hr: User) -> None:
    # given: B is managed by A
    a = factories.ParticipantFactory()
    b = factories.ParticipantFactory(manager=a)
    url = reverse("admin:participants_participant_change", args=[a.pk])
    # when: A would be managed by B
    response = _client(hr).post(url, _form(a, manager=b.pk), follow=True)
    # then
    assert response.status_code == 200
    assert "cannot manage themself" in response.content.decode()
    a.refresh_from_db()
    assert a.manager_id is None
