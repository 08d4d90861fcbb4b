"""My Zone (/me/): my sessions in my time zone, my syllabus, attendance and calendar."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from courses.models import Session
from participants.models import Attendance, Enrollment
from tests import factories
from tests.participants.zone_data import cohort_world, day_at

pytestmark = pytest.mark.django_db
URL = "/me/"


def test_me_requires_login(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_me_without_participant_profile_explains(client: Client) -> None:
    # given a staff user with no participant profile
    client.force_login(factories.UserFactory(email="staff@example.com"))
    # when
    response = client.get(URL)
    # then a clear page, not an error
    assert response.status_code == 200
    assert "has no participant profile" in response.content.decode()


def test_me_shows_upcoming_sessions_in_my_zone_with_the_cohort_time_beside() -> None:
    # given a participant in Dubai (UTC+4) in a cohort meeting in Shanghai (UTC+8)
    world = cohort_world(people=1, past=0, upcoming=1)
    participant = world.participants[0]
    client = Client()
    client.force_login(participant.user)
    # when
    response = client.get(URL)
    # then 01:00–04:00 UTC reads 05:00–08:00 for me, 09:00–12:00 Asia/Shanghai beside it
    html = response.content.decode()
    upcoming = html[html.index('id="upcoming"') : html.index('id="attendance"')]
    assert "05:00–08:00" in upcoming
    assert "09:00–12:00 Asia/Shanghai" in upcoming
    assert "Asia/Dubai" in html
    assert str(world.upcoming[0]) in upcoming


def test_me_hides_the_cohort_time_when_the_offsets_match() -> None:
    world = cohort_world(people=1, past=0, upcoming=1, time_zone="Asia/Dubai")
    client = Client()
    client.force_login(world.participants[0].user)
    html = client.get(URL).content.decode()
    assert "05:00–08:00" in html
    assert "cohort-time" not in html


def test_me_marks_a_session_crossing_midnight_in_my_zone() -> None:
    # given a session 19:00–22:00 UTC: 23:00–02:00 (+1) in Dubai
    world = cohort_world(people=1, past=0, upcoming=1)
    Session.objects.filter(pk=world.upcoming[0].pk).update(
        starts_at=day_at(3, 19), ends_at=day_at(3, 22)
    )
    client = Client()
    client.force_login(world.participants[0].user)
    html = client.get(URL).content.decode()
    assert "23:00–02:00 <small>(+1)</small>" in html


def test_me_strikes_through_a_cancelled_session() -> None:
    world = cohort_world(people=1, past=0, upcoming=2)
    Session.objects.filter(pk=world.upcoming[0].pk).update(status=Session.Status.CANCELLED)
    client = Client()
    client.force_login(world.participants[0].user)
    html = client.get(URL).content.decode()
    assert 'class="cancelled"' in html
    assert "Cancelled" in html


def test_me_shows_my_attendance_record_and_rate() -> None:
    # given four past sessions: present, late, absent and excused
    world = cohort_world(people=1, past=4, upcoming=1, mark=None)
    enrollment = world.enrollments[0]
    for session, status in zip(
        world.past,
        (
            Attendance.Status.PRESENT,
            Attendance.Status.LATE,
            Attendance.Status.ABSENT,
            Attendance.Status.EXCUSED,
        ),
        strict=True,
    ):
        factories.AttendanceFactory(enrollment=enrollment, session=session, status=status)
    client = Client()
    client.force_login(enrollment.participant.user)
    # when
    html = client.get(URL).content.decode()
    # then 2 attended of 3 counted (excused leaves the denominator): 67 %
    section = html[html.index('id="attendance"') : html.index('id="syllabus"')]
    assert "67 % attended" in section
    assert "below the completion threshold" in section
    for label in ("Present", "Late", "Absent", "Excused"):
        assert label in section


def test_me_shows_the_syllabus_with_each_module_role() -> None:
    world = cohort_world(people=1, past=1, upcoming=2)
    client = Client()
    client.force_login(world.participants[0].user)
    html = client.get(URL).content.decode()
    section = html[html.index('id="syllabus"') : html.index('id="calendar"')]
    for module in world.cohort.course.modules.all():
        assert module.title_en in section
    assert 'title="S Strategist">S</span>' in section


def test_me_waitlisted_enrolment_shows_my_place_but_no_sessions() -> None:
    # given a full cohort where I am second on the waitlist
    world = cohort_world(people=0, past=0, upcoming=1, capacity=0)
    first = factories.EnrollmentFactory(
        cohort=world.cohort, status=Enrollment.Status.WAITLISTED, waitlisted_at=day_at(-2, 1)
    )
    me = factories.EnrollmentFactory(
        cohort=world.cohort,
        status=Enrollment.Status.WAITLISTED,
        waitlisted_at=day_at(-1, 1),
        participant=factories.ParticipantFactory(with_user=True),
    )
    assert first.waitlisted_at < me.waitlisted_at
    client = Client()
    client.force_login(me.participant.user)
    # when
    html = client.get(URL).content.decode()
    # then
    assert "number 2 on the waitlist" in html
    assert str(world.upcoming[0]) not in html


def test_me_offers_to_make_a_calendar_link_then_only_to_reset_it() -> None:
    world = cohort_world(people=1, past=0, upcoming=1)
    user = world.participants[0].user
    client = Client()
    client.force_login(user)
    reset = reverse("participants:calendar-reset")

    # given no link yet: an offer to make one, and the download
    html = client.get(URL).content.decode()
    assert f'action="{reset}"' in html
    assert "Make my calendar address" in html
    assert f'href="{reverse("participants:calendar-download")}"' in html

    # when one is made: the address is shown once, then never again
    made = client.post(reset, {"next": URL}).content.decode()
    feed = feed_path_shown(made)
    assert f'value="http://testserver{feed}"' in made
    html = client.get(URL).content.decode()
    assert feed not in html
    assert "webcal://" not in html
    assert "Your calendar address is set up" in html
    assert f'action="{reset}"' in html


def feed_path_shown(html: str) -> str:
    match = re.search(r'value="http://testserver(/calendar/[^"]+\.ics)"', html)
    assert match, "the new address is shown"
    return match.group(1)


def test_me_shows_only_my_own_sessions() -> None:
    mine = cohort_world(people=1, past=1, upcoming=1)
    other = cohort_world(people=1, past=1, upcoming=1)
    client = Client()
    client.force_login(mine.participants[0].user)
    html = client.get(URL).content.decode()
    assert str(mine.upcoming[0]) in html
    assert str(other.upcoming[0]) not in html
    assert str(other.past[0]) not in html


@pytest.mark.parametrize("size", [1, 3])
def test_me_query_count_is_constant(django_assert_num_queries, size: int) -> None:  # type: ignore[no-untyped-def]
    # given a participant in `size` cohorts, each with 3×size sessions and marks
    participant = factories.ParticipantFactory(with_user=True, time_zone="Asia/Dubai")
    for _ in range(size):
        world = cohort_world(people=2 * size, past=2 * size, upcoming=size)
        enrollment = factories.EnrollmentFactory(participant=participant, cohort=world.cohort)
        for session in world.past:
            factories.AttendanceFactory(enrollment=enrollment, session=session)
    client = Client()
    client.force_login(participant.user)
    # then the same queries at any size: 11, 1 for the evaluations to answer (read once for
    # the box and the timeline), and 5 for the learning timeline (My Zone's enrolments reused)
    with django_assert_num_queries(16):
        response = client.get(URL)
    assert response.status_code == 200


def test_me_speaks_chinese_to_a_chinese_user() -> None:
    world = cohort_world(people=1, past=1, upcoming=1)
    user = world.participants[0].user
    user.language = "zh-hans"
    user.save()
    client = Client()
    client.force_login(user)
    html = client.get(URL).content.decode()
    for text in ("我的学习专区", "即将进行的场次", "课程大纲", "日历订阅", "出勤 100 %", "出席"):
        assert text in html


def test_a_new_session_and_a_moved_one_show_at_once_on_my_zone() -> None:
    # given a participant who has just looked at My Zone
    world = cohort_world(people=1, past=1, upcoming=1)
    participant = world.participants[0]
    client = Client()
    client.force_login(participant.user)
    assert client.get(URL).status_code == 200

    # when HR adds a session and renames the upcoming one
    factories.SessionFactory(
        cohort=world.cohort, title="新增辅导", title_en="Added coaching", starts_at=day_at(5, 1)
    )
    moved = world.upcoming[0]
    moved.title_en = "Key account planning (moved)"
    moved.save()

    # then the very next view shows both
    html = client.get(URL).content.decode()
    assert "Added coaching" in html
    assert "Key account planning (moved)" in html
