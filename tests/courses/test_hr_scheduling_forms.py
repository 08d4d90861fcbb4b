"""Scheduling through the programme office's pages: local times, confirmations, clashes."""

import datetime as dt
import zoneinfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from courses.models import Cohort, Room, Session, SessionChange, Venue
from participants.models import Enrollment, User
from tests import factories

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")


@pytest.fixture
def hr(client: Client, hr_user: User) -> Client:
    client.force_login(hr_user)
    return client


@pytest.fixture
def london_cohort() -> Cohort:
    return factories.CohortFactory(
        name="KAM London",
        time_zone="Europe/London",
        starts_on=dt.date(2027, 6, 1),
        ends_on=dt.date(2027, 6, 4),
    )


def session_data(**values: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": "Role S",
        "title_en": "",
        "module": "",
        "starts_local": "2027-06-01T09:00",
        "ends_local": "2027-06-01T12:00",
        "room": "",
        "online_url": "",
    }
    data.update(values)
    return data


def create_session(client: Client, cohort: Cohort, **values: object):
    return client.post(reverse("courses:session-create", args=[cohort.pk]), session_data(**values))


def form_errors(response) -> dict[str, list[str]]:
    return {name: list(errors) for name, errors in response.context["form"].errors.items()}


# --- Sessions: times in the cohort's zone ---------------------------------------------------


def test_a_london_nine_oclock_stays_nine_london(hr: Client, london_cohort: Cohort) -> None:
    response = create_session(hr, london_cohort)

    assert response.status_code == 302
    session = london_cohort.sessions.get()
    # 1 June is summer time: 09:00 BST is 08:00 UTC
    assert session.starts_at == dt.datetime(2027, 6, 1, 8, tzinfo=dt.UTC)
    assert session.starts_at.astimezone(LONDON).hour == 9
    page = hr.get(reverse("courses:cohort-sessions", args=[london_cohort.pk])).content.decode()
    assert "09:00–12:00 Europe/London" in page


def test_the_edit_form_shows_the_local_time(hr: Client, london_cohort: Cohort) -> None:
    start = dt.datetime(2027, 6, 1, 9, tzinfo=LONDON)
    session = factories.SessionFactory(
        cohort=london_cohort, starts_at=start, ends_at=start + dt.timedelta(hours=3)
    )

    page = hr.get(reverse("courses:session-edit", args=[session.pk])).content.decode()

    assert 'value="2027-06-01T09:00"' in page
    assert "Starts (Europe/London)" in page


def test_a_time_the_clocks_skip_is_a_form_error(hr: Client, london_cohort: Cohort) -> None:
    response = create_session(
        hr, london_cohort, starts_local="2027-03-28T01:30", ends_local="2027-03-28T09:30"
    )

    assert response.status_code == 200
    assert "does not exist in Europe/London" in " ".join(form_errors(response)["starts_local"])
    assert not Session.objects.exists()


def test_a_time_the_clocks_show_twice_is_a_form_error(hr: Client, london_cohort: Cohort) -> None:
    response = create_session(
        hr,
        london_cohort,
        starts_local="2027-10-31T01:30",
        ends_local="2027-10-31T09:00",
        confirm_unusual_time="on",
    )

    assert response.status_code == 200
    assert "happens twice in Europe/London" in " ".join(form_errors(response)["starts_local"])


def test_garbage_in_a_time_is_a_form_error(hr: Client, london_cohort: Cohort) -> None:
    response = create_session(hr, london_cohort, starts_local="tomorrow-ish")

    assert response.status_code == 200
    assert "starts_local" in form_errors(response)


def test_an_end_before_the_start_is_a_form_error(hr: Client, london_cohort: Cohort) -> None:
    response = create_session(hr, london_cohort, ends_local="2027-06-01T08:00")

    assert "ends_local" in form_errors(response)


def test_an_unusual_hour_asks_for_confirmation(hr: Client, london_cohort: Cohort) -> None:
    # when: 05:00 is typed
    first = create_session(
        hr, london_cohort, starts_local="2027-06-01T05:00", ends_local="2027-06-01T07:00"
    )

    # then: the form comes back with the box to tick, and nothing is saved
    assert first.status_code == 200
    assert 'name="confirm_unusual_time"' in first.content.decode()
    assert "outside the usual 07:00–22:00" in " ".join(form_errors(first)["confirm_unusual_time"])
    assert not Session.objects.exists()

    # when: confirmed
    second = create_session(
        hr,
        london_cohort,
        starts_local="2027-06-01T05:00",
        ends_local="2027-06-01T07:00",
        confirm_unusual_time="on",
    )

    # then
    assert second.status_code == 302
    assert london_cohort.sessions.get().starts_at.astimezone(LONDON).hour == 5


def test_a_usual_hour_needs_no_confirmation(hr: Client, london_cohort: Cohort) -> None:
    page = create_session(hr, london_cohort)

    assert page.status_code == 302


def test_a_module_of_another_course_is_a_form_error(hr: Client, london_cohort: Cohort) -> None:
    foreign = factories.ModuleFactory()

    response = create_session(hr, london_cohort, module=foreign.pk)

    assert response.status_code == 200
    assert "cohort’s own course" in " ".join(form_errors(response)["module"])


def test_only_the_cohorts_modules_are_offered(hr: Client, london_cohort: Cohort) -> None:
    own = factories.ModuleFactory(course=london_cohort.course, title_en="Own module")
    factories.ModuleFactory(title_en="Foreign module")

    page = hr.get(reverse("courses:session-create", args=[london_cohort.pk])).content.decode()

    assert f'value="{own.pk}"' in page
    assert "Own module" in page
    assert "Foreign module" not in page


# --- Sessions: the clash check and its override ---------------------------------------------


@pytest.fixture
def busy_trainer(trainer_user: User) -> User:
    start = dt.datetime(2027, 6, 1, 10, tzinfo=LONDON)
    other = factories.SessionFactory(
        title="Elsewhere", starts_at=start, ends_at=start + dt.timedelta(hours=1)
    )
    other.trainers.add(trainer_user)
    return trainer_user


def test_a_clash_is_the_services_message_and_offers_the_override(
    hr: Client, london_cohort: Cohort, busy_trainer: User
) -> None:
    response = create_session(hr, london_cohort, trainers=[busy_trainer.pk])

    assert response.status_code == 200
    errors = " ".join(form_errors(response)["starts_local"])
    assert "already teaches “Elsewhere”" in errors
    page = response.content.decode()
    assert 'name="allow_conflict"' in page
    assert 'name="conflict_note"' in page
    assert london_cohort.sessions.count() == 0


def test_the_override_needs_a_note(hr: Client, london_cohort: Cohort, busy_trainer: User) -> None:
    response = create_session(hr, london_cohort, trainers=[busy_trainer.pk], allow_conflict="on")

    assert "conflict_note" in form_errors(response)
    assert london_cohort.sessions.count() == 0


def test_the_override_with_a_note_is_recorded(
    hr: Client, hr_user: User, london_cohort: Cohort, busy_trainer: User
) -> None:
    response = create_session(
        hr,
        london_cohort,
        trainers=[busy_trainer.pk],
        allow_conflict="on",
        conflict_note="Co-teaching the first hour",
    )

    assert response.status_code == 302
    session = london_cohort.sessions.get()
    assert session.allow_conflict
    assert session.conflict_note == "Co-teaching the first hour"
    assert session.conflict_allowed_by == hr_user


def test_editing_a_session_moves_it_in_local_time(hr: Client, london_cohort: Cohort) -> None:
    start = dt.datetime(2027, 6, 1, 9, tzinfo=LONDON)
    session = factories.SessionFactory(
        cohort=london_cohort, starts_at=start, ends_at=start + dt.timedelta(hours=3)
    )

    response = hr.post(
        reverse("courses:session-edit", args=[session.pk]),
        session_data(starts_local="2027-06-02T10:00", ends_local="2027-06-02T13:00"),
    )

    assert response.status_code == 302
    session.refresh_from_db()
    assert session.starts_at == dt.datetime(2027, 6, 2, 10, tzinfo=LONDON)
    assert session.sequence == 1
    assert SessionChange.objects.filter(session=session).count() == 1


def test_cancelling_asks_first_then_cancels(hr: Client, london_cohort: Cohort) -> None:
    session = factories.SessionFactory(cohort=london_cohort, title="Role T")
    url = reverse("courses:session-cancel", args=[session.pk])

    page = hr.get(url).content.decode()
    session.refresh_from_db()
    assert "Yes, cancel the session" in page
    assert session.status == Session.Status.SCHEDULED

    response = hr.post(url)

    assert response.status_code == 302
    session.refresh_from_db()
    assert session.status == Session.Status.CANCELLED
    assert session.sequence == 1


# --- Cohorts --------------------------------------------------------------------------------


def cohort_data(course_id: int, **values: object) -> dict[str, object]:
    data: dict[str, object] = {
        "course": course_id,
        "code": "kam-2027-09",
        "name": "KAM 2027-09",
        "starts_on": "2027-09-06",
        "ends_on": "2027-09-09",
        "time_zone": "Europe/London",
        "venue": "",
        "capacity": "20",
        "status": Cohort.Status.SCHEDULED,
        "enrolment_opens_at": "2027-07-01T09:00",
        "enrolment_closes_at": "2027-08-31T17:00",
    }
    data.update(values)
    return data


def test_hr_creates_a_cohort_with_trainers_and_a_local_enrolment_window(
    hr: Client, trainer_user: User
) -> None:
    course = factories.CourseFactory()

    response = hr.post(
        reverse("courses:cohort-create"), cohort_data(course.pk, trainers=[trainer_user.pk])
    )

    assert response.status_code == 302
    cohort = Cohort.objects.get(code="kam-2027-09")
    assert response["Location"] == reverse("courses:cohort-sessions", args=[cohort.pk])
    assert cohort.time_zone == "Europe/London"
    assert list(cohort.trainers.all()) == [trainer_user]
    assert cohort.enrolment_opens_at == dt.datetime(2027, 7, 1, 9, tzinfo=LONDON)


def test_an_unknown_time_zone_is_a_form_error(hr: Client) -> None:
    course = factories.CourseFactory()

    response = hr.post(
        reverse("courses:cohort-create"), cohort_data(course.pk, time_zone="Mars/Olympus")
    )

    assert response.status_code == 200
    assert "not a known time zone" in " ".join(form_errors(response)["time_zone"])
    assert not Cohort.objects.exists()


def test_a_taken_code_is_a_form_error(hr: Client) -> None:
    taken = factories.CohortFactory(code="kam-2027-09")

    response = hr.post(reverse("courses:cohort-create"), cohort_data(taken.course_id))

    assert response.status_code == 200
    assert "code" in form_errors(response)


def test_the_time_zone_field_offers_the_iana_list(hr: Client) -> None:
    page = hr.get(reverse("courses:cohort-create")).content.decode()

    assert 'list="time-zones"' in page
    assert '<option value="Europe/London">' in page


def test_raising_the_capacity_promotes_the_waitlist(hr: Client) -> None:
    # given: a full cohort of one with one person waiting
    cohort = factories.CohortFactory(capacity=1)
    factories.EnrollmentFactory(cohort=cohort, status=Enrollment.Status.CONFIRMED)
    waiting = factories.EnrollmentFactory(
        cohort=cohort, status=Enrollment.Status.WAITLISTED, waitlisted_at=timezone.now()
    )

    # when
    response = hr.post(
        reverse("courses:cohort-edit", args=[cohort.pk]),
        cohort_data(
            cohort.course_id,
            code=cohort.code,
            name=cohort.name,
            starts_on=cohort.starts_on.isoformat(),
            ends_on=cohort.ends_on.isoformat(),
            time_zone=cohort.time_zone,
            capacity="2",
            enrolment_opens_at="",
            enrolment_closes_at="",
        ),
    )

    # then
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == Enrollment.Status.CONFIRMED


def test_hr_copies_a_cohort_from_its_page(hr: Client, london_cohort: Cohort) -> None:
    start = dt.datetime(2027, 6, 1, 9, tzinfo=LONDON)
    factories.SessionFactory(
        cohort=london_cohort, starts_at=start, ends_at=start + dt.timedelta(hours=3)
    )

    response = hr.post(
        reverse("courses:cohort-copy", args=[london_cohort.pk]),
        {"code": "kam-london-2", "name": "", "starts_on": "2027-11-02"},
    )

    assert response.status_code == 302
    copy = Cohort.objects.get(code="kam-london-2")
    assert copy.sessions.get().starts_at == dt.datetime(2027, 11, 2, 9, tzinfo=LONDON)


def test_a_clashing_copy_lists_the_clashes(
    hr: Client, london_cohort: Cohort, trainer_user: User
) -> None:
    start = dt.datetime(2027, 6, 1, 9, tzinfo=LONDON)
    session = factories.SessionFactory(
        cohort=london_cohort, starts_at=start, ends_at=start + dt.timedelta(hours=3)
    )
    session.trainers.add(trainer_user)
    other = factories.SessionFactory(
        title="Elsewhere",
        starts_at=start + dt.timedelta(days=7),
        ends_at=start + dt.timedelta(days=7, hours=1),
    )
    other.trainers.add(trainer_user)

    response = hr.post(
        reverse("courses:cohort-copy", args=[london_cohort.pk]),
        {"code": "kam-london-2", "name": "", "starts_on": "2027-06-08"},
    )

    assert response.status_code == 200
    assert "already teaches “Elsewhere”" in response.content.decode()
    assert not Cohort.objects.filter(code="kam-london-2").exists()


# --- Venues ---------------------------------------------------------------------------------


def venue_data(**values: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "Shenzhen campus",
        "address": "1 Bantian Road",
        "city": "Shenzhen",
        "time_zone": "Asia/Shanghai",
        "rooms-TOTAL_FORMS": "2",
        "rooms-INITIAL_FORMS": "0",
        "rooms-MIN_NUM_FORMS": "0",
        "rooms-MAX_NUM_FORMS": "1000",
        "rooms-0-name": "A101",
        "rooms-0-capacity": "30",
        "rooms-1-name": "",
        "rooms-1-capacity": "",
    }
    data.update(values)
    return data


def test_hr_creates_a_venue_with_rooms(hr: Client) -> None:
    response = hr.post(reverse("courses:venue-create"), venue_data())

    assert response.status_code == 302
    venue = Venue.objects.get(name="Shenzhen campus")
    assert [(r.name, r.capacity) for r in venue.rooms.all()] == [("A101", 30)]


def test_hr_renames_adds_and_removes_rooms(hr: Client) -> None:
    venue = factories.VenueFactory(name="Dubai office", time_zone="Asia/Dubai")
    keep = factories.RoomFactory(venue=venue, name="Old name")
    drop = factories.RoomFactory(venue=venue, name="Spare")

    response = hr.post(
        reverse("courses:venue-edit", args=[venue.pk]),
        venue_data(
            name="Dubai office",
            time_zone="Asia/Dubai",
            **{
                "rooms-TOTAL_FORMS": "3",
                "rooms-INITIAL_FORMS": "2",
                "rooms-0-id": keep.pk,
                "rooms-0-name": "Majlis",
                "rooms-0-capacity": "12",
                "rooms-1-id": drop.pk,
                "rooms-1-name": "Spare",
                "rooms-1-DELETE": "on",
                "rooms-2-name": "Studio",
                "rooms-2-capacity": "",
            },
        ),
    )

    assert response.status_code == 302
    assert sorted(venue.rooms.values_list("name", flat=True)) == ["Majlis", "Studio"]


def test_a_room_with_sessions_cannot_be_removed(hr: Client) -> None:
    room = factories.RoomFactory(name="Booked")
    factories.SessionFactory(room=room)

    response = hr.post(
        reverse("courses:venue-edit", args=[room.venue_id]),
        venue_data(
            name=room.venue.name,
            **{
                "rooms-TOTAL_FORMS": "1",
                "rooms-INITIAL_FORMS": "1",
                "rooms-0-id": room.pk,
                "rooms-0-name": "Booked",
                "rooms-0-DELETE": "on",
            },
        ),
    )

    assert response.status_code == 200
    assert "cannot be removed" in response.content.decode()
    assert Room.objects.filter(pk=room.pk).exists()


def test_a_room_of_another_venue_cannot_be_changed(hr: Client) -> None:
    venue = factories.VenueFactory()
    foreign = factories.RoomFactory(name="Theirs")

    response = hr.post(
        reverse("courses:venue-edit", args=[venue.pk]),
        venue_data(
            name=venue.name,
            **{
                "rooms-TOTAL_FORMS": "1",
                "rooms-INITIAL_FORMS": "1",
                "rooms-0-id": foreign.pk,
                "rooms-0-name": "Mine now",
            },
        ),
    )

    assert response.status_code == 200
    foreign.refresh_from_db()
    assert foreign.name == "Theirs"


def test_a_trainer_outside_the_trainers_group_is_kept_on_edit(hr: Client) -> None:
    # given: a cohort trained by someone who has since left the Trainers group
    former = factories.UserFactory(full_name="Former Trainer")
    cohort = factories.CohortFactory()
    cohort.trainers.add(former)

    # when: HR opens the cohort and saves it as shown
    page = hr.get(reverse("courses:cohort-edit", args=[cohort.pk]))
    form = page.context["form"]
    data = {
        name: form.initial.get(name) or ""
        for name in form.fields
        if name not in ("trainers", "enrolment_opens_at", "enrolment_closes_at")
    }
    response = hr.post(
        reverse("courses:cohort-edit", args=[cohort.pk]), {**data, "trainers": [former.pk]}
    )

    # then: they are offered, ticked and still there
    assert "Former Trainer" in page.content.decode()
    assert response.status_code == 302
    assert list(cohort.trainers.all()) == [former]
