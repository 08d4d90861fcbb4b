"""Programme office: every cohort at a glance, one cohort's overview, enrol and cancel there."""

import pytest
from django.test import Client
from django.urls import reverse

from participants.models import Attendance, Enrollment
from participants.selectors.attendance import cohort_attendance_rate
from participants.selectors.hr import cohort_attendance_rates
from tests import factories
from tests.participants.zone_data import cohort_world, day_at, make_trainer, waitlisted

pytestmark = pytest.mark.django_db


def _overview(cohort) -> str:  # type: ignore[no-untyped-def]
    return reverse("participants:cohort-overview", kwargs={"pk": cohort.pk})


@pytest.fixture
def hr_client(client: Client, hr_user) -> Client:  # type: ignore[no-untyped-def]
    client.force_login(hr_user)
    return client


def test_hr_home_lists_cohorts_with_capacity_places_waitlist_and_rate(hr_client: Client) -> None:
    # given 3 places of 3 taken, one waiting, and 1 of 2 people present at the past session
    world = cohort_world(people=3, past=1, upcoming=1, capacity=3, mark=None)
    factories.AttendanceFactory(enrollment=world.enrollments[0], session=world.past[0])
    factories.AttendanceFactory(
        enrollment=world.enrollments[1], session=world.past[0], status=Attendance.Status.ABSENT
    )
    waitlisted(world.cohort)
    # when
    html = hr_client.get("/hr/").content.decode()
    # then
    row = html[html.index(str(world.cohort)) :]
    row = row[: row.index("</tr>")]
    cells = [cell.split(">", 1)[1].strip() for cell in row.split("<td")[1:]]
    assert cells[2:6] == [
        "3</td>",
        '3 <span class="badge warn">full</span></td>',
        "1</td>",
        "33&nbsp;%</td>",
    ]


def test_batched_cohort_rates_agree_with_the_attendance_selector() -> None:
    worlds = [cohort_world(people=3, past=3, upcoming=1, mark=None) for _ in range(3)]
    statuses = list(Attendance.Status.values)
    for w, world in enumerate(worlds):
        for i, enrollment in enumerate(world.enrollments):
            for j, session in enumerate(world.past[: 1 + (i + w) % 3]):
                factories.AttendanceFactory(
                    enrollment=enrollment, session=session, status=statuses[(i + j + w) % 4]
                )
    no_show = world.enrollments[0]
    no_show.status = Enrollment.Status.NO_SHOW
    no_show.save()
    batched = cohort_attendance_rates(cohort_ids=[w.cohort.pk for w in worlds])
    for world in worlds:
        assert batched[world.cohort.pk] == pytest.approx(
            cohort_attendance_rate(cohort=world.cohort)
        )


def test_cohort_overview_shows_counts_waitlist_in_order_and_rate(hr_client: Client) -> None:
    world = cohort_world(people=2, past=1, upcoming=1, capacity=2)
    second = waitlisted(world.cohort, waitlisted_at=day_at(-1, 2))
    first = waitlisted(world.cohort, waitlisted_at=day_at(-1, 1))
    html = hr_client.get(_overview(world.cohort)).content.decode()
    stats = html[html.index('id="stats"') : html.index('id="enrol"')]
    assert "<strong>2</strong>capacity" in stats
    assert "<strong>2</strong>places taken" in stats
    assert "<strong>0</strong>free" in stats
    assert "<strong>2</strong>on the waitlist" in stats
    assert "<strong>100&nbsp;%</strong>attendance" in stats
    waitlist = html[html.index('id="waitlist"') : html.index('id="conflicts"')]
    assert waitlist.index(str(first.participant)) < waitlist.index(str(second.participant))


def test_cohort_overview_shows_trainer_and_participant_conflicts(hr_client: Client) -> None:
    # given a trainer and a participant booked into overlapping sessions of two cohorts
    world = cohort_world(people=1, past=0, upcoming=1)
    other = cohort_world(trainer=world.trainer, people=0, past=0, upcoming=1)
    factories.EnrollmentFactory(participant=world.participants[0], cohort=other.cohort)
    # when
    html = hr_client.get(_overview(world.cohort)).content.decode()
    # then both clashes are named
    section = html[html.index('id="conflicts"') :]
    assert f"{world.trainer} already teaches “{other.upcoming[0]}”" in section
    assert f"{world.participants[0]} is also booked on “{other.upcoming[0]}”" in section


def test_cohort_overview_finds_participants_to_enrol(hr_client: Client) -> None:
    world = cohort_world(people=1, past=0, upcoming=1)
    free = factories.ParticipantFactory(name_en="Amira Haddad")
    html = hr_client.get(_overview(world.cohort), {"q": "haddad"}).content.decode()
    assert "Amira Haddad" in html
    assert f'name="participant" value="{free.pk}"' in html
    enrolled = world.participants[0]
    html = hr_client.get(_overview(world.cohort), {"q": enrolled.email}).content.decode()
    assert f'name="participant" value="{enrolled.pk}"' not in html
    assert "is free to enrol" in html


def test_hr_enrols_a_participant_into_a_free_place(hr_client: Client, hr_user) -> None:  # type: ignore[no-untyped-def]
    world = cohort_world(people=0, past=0, upcoming=1, capacity=1)
    participant = factories.ParticipantFactory()
    url = reverse("participants:cohort-enrol", kwargs={"pk": world.cohort.pk})
    response = hr_client.post(url, {"participant": participant.pk}, follow=True)
    enrollment = Enrollment.objects.get(participant=participant, cohort=world.cohort)
    assert enrollment.status == Enrollment.Status.CONFIRMED
    assert enrollment.history.get().by == hr_user
    assert f"{participant} is enrolled (confirmed)." in response.content.decode()


def test_hr_enrolling_into_a_full_cohort_waitlists(hr_client: Client) -> None:
    world = cohort_world(people=1, past=0, upcoming=1, capacity=1)
    participant = factories.ParticipantFactory()
    url = reverse("participants:cohort-enrol", kwargs={"pk": world.cohort.pk})
    response = hr_client.post(url, {"participant": participant.pk}, follow=True)
    assert Enrollment.objects.get(participant=participant).status == Enrollment.Status.WAITLISTED
    assert f"The cohort is full: {participant} joins the waitlist." in response.content.decode()


def test_hr_enrolling_twice_is_a_clear_error(hr_client: Client) -> None:
    world = cohort_world(people=1, past=0, upcoming=1)
    url = reverse("participants:cohort-enrol", kwargs={"pk": world.cohort.pk})
    response = hr_client.post(url, {"participant": world.participants[0].pk}, follow=True)
    assert "is already enrolled" in response.content.decode()
    assert Enrollment.objects.count() == 1
    response = hr_client.post(url, {"participant": 999999}, follow=True)
    assert "Choose a participant from the search results." in response.content.decode()


def test_hr_cancels_a_place_and_the_head_of_the_waitlist_moves_up(hr_client: Client) -> None:
    world = cohort_world(people=1, past=0, upcoming=1, capacity=1)
    head = waitlisted(world.cohort, waitlisted_at=day_at(-2, 1))
    behind = waitlisted(world.cohort, waitlisted_at=day_at(-1, 1))
    place = world.enrollments[0]
    url = reverse("participants:enrollment-cancel", kwargs={"pk": place.pk})
    response = hr_client.post(url, {"reason": "Changed jobs"}, follow=True)
    html = response.content.decode()
    place.refresh_from_db()
    head.refresh_from_db()
    behind.refresh_from_db()
    assert place.status == Enrollment.Status.CANCELLED
    assert place.history.last().reason == "Changed jobs"
    assert head.status == Enrollment.Status.CONFIRMED
    assert behind.status == Enrollment.Status.WAITLISTED
    assert f"{place.participant}&#x27;s enrolment is cancelled." in html
    assert f"{head.participant} moves up from the waitlist and has a place." in html


def test_hr_cancelling_twice_is_a_clear_error(hr_client: Client) -> None:
    world = cohort_world(people=1, past=0, upcoming=1)
    url = reverse("participants:enrollment-cancel", kwargs={"pk": world.enrollments[0].pk})
    hr_client.post(url)
    response = hr_client.post(url, follow=True)
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()


def test_hr_pages_are_hr_only(client: Client) -> None:
    world = cohort_world(people=1, past=0, upcoming=1)
    client.force_login(world.trainer)
    assert client.get("/hr/").status_code == 403
    assert client.get(_overview(world.cohort)).status_code == 404
    url = reverse("participants:enrollment-cancel", kwargs={"pk": world.enrollments[0].pk})
    assert client.post(url).status_code == 404
    assert Enrollment.objects.get().status == Enrollment.Status.CONFIRMED


@pytest.mark.parametrize("size", [1, 4])
def test_hr_pages_query_counts_are_constant(django_assert_num_queries, hr_user, size: int) -> None:  # type: ignore[no-untyped-def]
    trainer = make_trainer()
    worlds = [
        cohort_world(
            trainer=trainer, people=3 * size, past=2 * size, upcoming=size, capacity=2 * size
        )
        for _ in range(size)
    ]
    elsewhere = cohort_world(trainer=trainer, people=0, past=0, upcoming=size)
    for world in worlds:
        for _ in range(size):
            waitlisted(world.cohort)
        # double-booked: the other cohort meets at the same times
        factories.EnrollmentFactory(participant=world.participants[0], cohort=elsewhere.cohort)
    client = Client()
    client.force_login(hr_user)
    with django_assert_num_queries(9):
        assert client.get("/hr/").status_code == 200
    # 18, 10 for the completion counts (the checklist of the whole cohort) and 1 for the
    # enrolment history, whatever its length
    with django_assert_num_queries(29):
        assert client.get(_overview(worlds[0].cohort), {"q": "Participant"}).status_code == 200
