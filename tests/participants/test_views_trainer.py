"""Trainer pages: my cohorts, a cohort's roster and sessions, one session's attendance sheet."""

import pytest
from django.test import Client
from django.urls import reverse

from courses.models import Session
from participants.models import Attendance
from tests import factories
from tests.participants.zone_data import cohort_world, make_trainer, waitlisted

pytestmark = pytest.mark.django_db


def _sheet(session: Session) -> str:
    return reverse("participants:attendance-sheet", kwargs={"pk": session.pk})


def _roster(world) -> str:  # type: ignore[no-untyped-def]
    return reverse("participants:cohort-roster", kwargs={"pk": world.cohort.pk})


def test_trainer_home_lists_my_cohorts_with_roster_count_and_next_session(client: Client) -> None:
    # given two cohorts of mine and one of someone else
    trainer = make_trainer()
    mine = cohort_world(trainer=trainer, people=3, past=1, upcoming=2)
    cohort_world(trainer=trainer, people=1, past=0, upcoming=0)
    other = cohort_world(people=2)
    waitlisted(mine.cohort)
    client.force_login(trainer)
    # when
    html = client.get("/trainer/").content.decode()
    # then
    assert str(mine.cohort) in html
    assert str(other.cohort) not in html
    assert "3 / 30" in html  # the waitlisted one is not on the roster count
    assert mine.upcoming[0].title_en in html
    assert "No upcoming session." in html


def test_roster_shows_each_person_with_position_region_zone_status_and_rate(
    client: Client,
) -> None:
    # given one participant present at 1 of 2 past sessions
    world = cohort_world(people=1, past=2, upcoming=1, mark=None)
    enrollment = world.enrollments[0]
    participant = enrollment.participant
    participant.region = "Middle East"
    participant.save()
    factories.AttendanceFactory(enrollment=enrollment, session=world.past[0])
    client.force_login(world.trainer)
    # when
    html = client.get(_roster(world)).content.decode()
    # then
    for text in (
        str(participant),
        "Key account manager (KAM)",
        "Middle East",
        "Asia/Dubai",
        "Confirmed",
        "50&nbsp;%",
    ):
        assert text in html
    for session in world.past + world.upcoming:
        assert _sheet(session) in html


def test_attendance_sheet_lists_the_whole_roster_with_four_choices_each(client: Client) -> None:
    world = cohort_world(people=3, past=1, upcoming=1, mark=None)
    waitlisted(world.cohort)
    client.force_login(world.trainer)
    html = client.get(_sheet(world.past[0])).content.decode()
    for enrollment in world.enrollments:
        for status in Attendance.Status.values:
            assert f'name="status-{enrollment.pk}" value="{status}"' in html
    assert html.count('type="radio"') == 3 * 4  # the waitlist is not on the sheet


def test_attendance_sheet_saves_without_javascript(client: Client) -> None:
    # given
    world = cohort_world(people=3, past=1, upcoming=0, mark=None)
    session = world.past[0]
    a, b, c = world.enrollments
    client.force_login(world.trainer)
    # when one form post with a choice per person (no script)
    response = client.post(
        _sheet(session),
        {f"status-{a.pk}": "present", f"status-{b.pk}": "late", f"status-{c.pk}": "excused"},
        follow=True,
    )
    # then
    marks = dict(Attendance.objects.filter(session=session).values_list("enrollment", "status"))
    assert marks == {a.pk: "present", b.pk: "late", c.pk: "excused"}
    assert Attendance.objects.get(enrollment=a, session=session).marked_by == world.trainer
    assert "Attendance saved (3 changed)." in response.content.decode()
    assert 'value="late" checked' in response.content.decode()


def test_attendance_sheet_changes_only_what_changed(client: Client) -> None:
    world = cohort_world(people=2, past=1, upcoming=0, mark="present")
    session = world.past[0]
    a, b = world.enrollments
    before = Attendance.objects.get(enrollment=a, session=session).marked_at
    client.force_login(world.trainer)
    client.post(_sheet(session), {f"status-{a.pk}": "present", f"status-{b.pk}": "absent"})
    assert Attendance.objects.get(enrollment=a, session=session).marked_at == before
    assert Attendance.objects.get(enrollment=b, session=session).status == "absent"


def test_attendance_sheet_marks_everyone_not_marked_present(client: Client) -> None:
    world = cohort_world(people=3, past=1, upcoming=0, mark=None)
    session = world.past[0]
    a, b, c = world.enrollments
    client.force_login(world.trainer)
    client.post(_sheet(session), {f"status-{a.pk}": "absent", "action": "all_present"})
    marks = dict(Attendance.objects.filter(session=session).values_list("enrollment", "status"))
    assert marks == {a.pk: "absent", b.pk: "present", c.pk: "present"}


def test_attendance_sheet_saves_one_click_from_the_script(client: Client) -> None:
    world = cohort_world(people=2, past=1, upcoming=0, mark=None)
    session = world.past[0]
    a, b = world.enrollments
    client.force_login(world.trainer)
    response = client.post(
        _sheet(session), {f"status-{b.pk}": "late"}, headers={"X-Requested-With": "fetch"}
    )
    assert response.status_code == 200
    assert response.json() == {"saved": 1}
    assert list(Attendance.objects.filter(session=session).values_list("enrollment", "status")) == [
        (b.pk, "late")
    ]


def test_attendance_sheet_refuses_an_unknown_status_and_saves_nothing(client: Client) -> None:
    world = cohort_world(people=2, past=1, upcoming=0, mark=None)
    session = world.past[0]
    a, b = world.enrollments
    client.force_login(world.trainer)
    response = client.post(
        _sheet(session), {f"status-{a.pk}": "present", f"status-{b.pk}": "asleep"}, follow=True
    )
    assert "Choose present, late, absent or excused" in response.content.decode()
    assert not Attendance.objects.filter(session=session).exists()


def test_attendance_sheet_of_a_cancelled_session_takes_no_marks(client: Client) -> None:
    world = cohort_world(people=1, past=1, upcoming=0, mark=None)
    session = world.past[0]
    Session.objects.filter(pk=session.pk).update(status=Session.Status.CANCELLED)
    client.force_login(world.trainer)
    assert "was cancelled" in client.get(_sheet(session)).content.decode()
    response = client.post(
        _sheet(session), {f"status-{world.enrollments[0].pk}": "present"}, follow=True
    )
    assert "cancelled" in response.content.decode()
    assert not Attendance.objects.exists()


def test_hr_uses_the_attendance_sheet_too(client: Client, hr_user) -> None:  # type: ignore[no-untyped-def]
    world = cohort_world(people=1, past=1, upcoming=0, mark=None)
    client.force_login(hr_user)
    client.post(_sheet(world.past[0]), {f"status-{world.enrollments[0].pk}": "present"})
    assert Attendance.objects.get().marked_by == hr_user


def test_another_cohorts_trainer_gets_404(client: Client) -> None:
    world = cohort_world(people=1, past=1, upcoming=0, mark=None)
    client.force_login(make_trainer())
    assert client.get(_roster(world)).status_code == 404
    response = client.post(_sheet(world.past[0]), {f"status-{world.enrollments[0].pk}": "absent"})
    assert response.status_code == 404
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("size", [1, 4])
def test_trainer_pages_query_counts_are_constant(django_assert_num_queries, size: int) -> None:  # type: ignore[no-untyped-def]
    trainer = make_trainer()
    worlds = [
        cohort_world(trainer=trainer, people=3 * size, past=2 * size, upcoming=size)
        for _ in range(size)
    ]
    client = Client()
    client.force_login(trainer)
    with django_assert_num_queries(6):
        assert client.get("/trainer/").status_code == 200
    with django_assert_num_queries(16):  # 13, and 3 for what each participant needs followed up
        assert client.get(_roster(worlds[0])).status_code == 200
    with django_assert_num_queries(9):
        assert client.get(_sheet(worlds[0].past[0])).status_code == 200
    world = worlds[0]
    data = {f"status-{e.pk}": "late" for e in world.enrollments}
    with django_assert_num_queries(16):
        assert client.post(_sheet(world.past[0]), data).status_code == 302
