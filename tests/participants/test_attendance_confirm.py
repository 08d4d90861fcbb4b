"""Marking a session that has not started asks first, with and without a script."""

import pytest
from django.test import Client
from django.urls import reverse

from courses.models import Session
from participants.models import Attendance
from tests.participants.zone_data import cohort_world

pytestmark = pytest.mark.django_db


def _sheet(session: Session) -> str:
    return reverse("participants:attendance-sheet", kwargs={"pk": session.pk})


def test_marking_a_future_session_without_a_script_asks_and_saves_nothing(client: Client) -> None:
    # given a session that starts in two days
    world = cohort_world(people=2, past=0, upcoming=1, mark=None)
    session = world.upcoming[0]
    a, b = world.enrollments
    client.force_login(world.trainer)
    # when the trainer saves the sheet
    response = client.post(
        _sheet(session), {f"status-{a.pk}": "present", f"status-{b.pk}": "late", "action": "save"}
    )
    # then a confirm step re-posting the same marks, and nothing saved yet
    html = response.content.decode()
    assert response.status_code == 200
    assert "This session has not started yet. Mark attendance anyway?" in html
    assert f'name="status-{a.pk}" value="present"' in html
    assert f'name="status-{b.pk}" value="late"' in html
    assert 'name="confirm_early" value="1"' in html
    assert _sheet(session) in html  # the way back, without saving
    assert not Attendance.objects.exists()


def test_confirming_the_step_saves_the_marks(client: Client) -> None:
    world = cohort_world(people=2, past=0, upcoming=1, mark=None)
    session = world.upcoming[0]
    a, b = world.enrollments
    client.force_login(world.trainer)
    response = client.post(
        _sheet(session),
        {f"status-{a.pk}": "present", f"status-{b.pk}": "late", "confirm_early": "1"},
        follow=True,
    )
    assert "Attendance saved (2 changed)." in response.content.decode()
    marks = dict(Attendance.objects.filter(session=session).values_list("enrollment", "status"))
    assert marks == {a.pk: "present", b.pk: "late"}


def test_the_confirm_step_keeps_mark_everyone_present(client: Client) -> None:
    world = cohort_world(people=2, past=0, upcoming=1, mark=None)
    session = world.upcoming[0]
    a, b = world.enrollments
    client.force_login(world.trainer)
    html = client.post(
        _sheet(session), {f"status-{a.pk}": "absent", "action": "all_present"}
    ).content.decode()
    assert 'name="action" value="all_present"' in html
    client.post(
        _sheet(session),
        {f"status-{a.pk}": "absent", "action": "all_present", "confirm_early": "1"},
    )
    marks = dict(Attendance.objects.filter(session=session).values_list("enrollment", "status"))
    assert marks == {a.pk: "absent", b.pk: "present"}


def test_a_script_click_on_a_future_session_is_refused_until_confirmed(client: Client) -> None:
    world = cohort_world(people=1, past=0, upcoming=1, mark=None)
    session = world.upcoming[0]
    (a,) = world.enrollments
    client.force_login(world.trainer)
    fetch = {"X-Requested-With": "fetch"}
    refused = client.post(_sheet(session), {f"status-{a.pk}": "late"}, headers=fetch)
    assert refused.status_code == 409
    assert "has not started" in refused.json()["confirm"]
    assert not Attendance.objects.exists()
    accepted = client.post(
        _sheet(session), {f"status-{a.pk}": "late", "confirm_early": "1"}, headers=fetch
    )
    assert accepted.json() == {"saved": 1}
    assert Attendance.objects.get().status == "late"


def test_a_started_session_needs_no_confirmation(client: Client) -> None:
    world = cohort_world(people=1, past=1, upcoming=0, mark=None)
    (a,) = world.enrollments
    client.force_login(world.trainer)
    client.post(_sheet(world.past[0]), {f"status-{a.pk}": "present"})
    assert Attendance.objects.get().status == "present"


def test_the_sheet_tells_the_script_whether_the_session_has_started(client: Client) -> None:
    world = cohort_world(people=1, past=1, upcoming=1, mark=None)
    client.force_login(world.trainer)
    assert 'data-not-started="true"' in client.get(_sheet(world.upcoming[0])).content.decode()
    assert 'data-not-started="false"' in client.get(_sheet(world.past[0])).content.decode()
