"""A trainer of cohort B cannot reach cohort A through the admin; actions refuse, never fail."""

from typing import Any

import pytest
from django.contrib import admin, messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.test import Client, RequestFactory
from django.urls import reverse

from assessments.models import Campaign, CampaignEvent
from courses.models import Cohort
from kamtraining.admin_access import run_action
from participants.models import Attendance, Enrollment
from tests import factories
from tests.admin_world import (
    SECRET_PARTICIPANT_EMAIL,
    SECRET_PARTICIPANT_NAME,
    SECRET_RATER_EMAIL,
    SECRET_RATER_NAME,
    World,
    build_world,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_world()


def _as(world: World, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def _act(client: Client, changelist: str, action: str, *pks: int) -> Any:
    return client.post(
        reverse(f"admin:{changelist}_changelist"),
        {"action": action, "_selected_action": list(pks), "index": 0},
    )


@pytest.mark.parametrize("action", ["close_campaigns", "release_campaigns", "start_nomination"])
def test_trainer_of_another_cohort_cannot_move_the_campaign(world: World, action: str) -> None:
    # when
    response = _act(_as(world, "trainer_b"), "assessments_campaign", action, world.campaign_a.pk)
    # then
    assert response.status_code == 302
    world.campaign_a.refresh_from_db()
    assert world.campaign_a.status == Campaign.Status.OPEN
    assert not world.campaign_a.events.exists()


def test_trainer_of_the_cohort_cannot_close_it_either(world: World) -> None:
    # Moving a campaign through its statuses is HR's, as in the API.
    _act(_as(world, "trainer_a"), "assessments_campaign", "close_campaigns", world.campaign_a.pk)
    world.campaign_a.refresh_from_db()
    assert world.campaign_a.status == Campaign.Status.OPEN


def test_hr_closes_the_campaign(world: World) -> None:
    _act(_as(world, "hr"), "assessments_campaign", "close_campaigns", world.campaign_a.pk)
    world.campaign_a.refresh_from_db()
    assert world.campaign_a.status == Campaign.Status.CLOSED


@pytest.mark.parametrize("role", ["trainer_a", "trainer_b"])
def test_trainers_cannot_cancel_an_enrolment(world: World, role: str) -> None:
    response = _act(
        _as(world, role), "participants_enrollment", "cancel_selected", world.enrollment_a.pk
    )
    assert response.status_code in (200, 302)  # no action offered, or the action refused
    world.enrollment_a.refresh_from_db()
    assert world.enrollment_a.status == Enrollment.Status.CONFIRMED
    assert not world.enrollment_a.history.exists()


def test_trainer_of_another_cohort_cannot_change_the_attendance(world: World) -> None:
    # given
    mark = world.attendance_a
    url = reverse("admin:participants_attendance_change", args=[mark.pk])
    form = {"enrollment": mark.enrollment_id, "session": mark.session_id, "status": "absent"}
    # when
    response = _as(world, "trainer_b").post(url, form)
    # then
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    mark.refresh_from_db()
    assert mark.status == Attendance.Status.PRESENT


def test_trainer_of_another_cohort_cannot_add_a_mark_in_it(world: World) -> None:
    mark = world.attendance_a
    url = reverse("admin:participants_attendance_add")
    form = {"enrollment": mark.enrollment_id, "session": mark.session_id, "status": "absent"}
    response = _as(world, "trainer_b").post(url, form)
    assert response.status_code == 200  # the form again: no such enrolment or session to pick
    assert SECRET_PARTICIPANT_NAME not in response.content.decode()  # nor named by its id
    mark.refresh_from_db()
    assert mark.status == Attendance.Status.PRESENT


def test_trainer_of_the_cohort_changes_its_attendance(world: World) -> None:
    mark = world.attendance_a
    url = reverse("admin:participants_attendance_change", args=[mark.pk])
    form = {"enrollment": mark.enrollment_id, "session": mark.session_id, "status": "absent"}
    response = _as(world, "trainer_a").post(url, form)
    assert response.status_code == 302
    mark.refresh_from_db()
    assert mark.status == Attendance.Status.ABSENT


@pytest.mark.parametrize(
    ("changelist", "action", "row"),
    [
        ("assessments_invitation", "remind", "invitation_a"),
        ("assessments_campaign", "remind_pending", "campaign_a"),
    ],
)
def test_trainer_of_another_cohort_cannot_remind_its_raters(
    world: World, mailoutbox, django_capture_on_commit_callbacks, changelist, action, row
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _act(_as(world, "trainer_b"), changelist, action, getattr(world, row).pk)
    assert mailoutbox == []


def test_a_mixed_selection_reminds_only_the_raters_the_trainer_may_reach(
    world: World, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = _act(
            _as(world, "trainer_a"),
            "assessments_invitation",
            "remind",
            world.invitation_a.pk,
            world.invitation_b.pk,
        )
    # then
    assert response.status_code == 302
    assert [message.to for message in mailoutbox] == [
        [f"{SECRET_RATER_NAME} <{SECRET_RATER_EMAIL}>"]
    ]


@pytest.mark.parametrize(
    ("changelist", "secrets"),
    [
        ("participants_participant", (SECRET_PARTICIPANT_NAME, SECRET_PARTICIPANT_EMAIL)),
        ("participants_enrollment", (SECRET_PARTICIPANT_NAME,)),
        ("participants_attendance", (SECRET_PARTICIPANT_NAME,)),
        ("assessments_invitation", (SECRET_RATER_NAME, SECRET_RATER_EMAIL)),
    ],
)
def test_trainer_of_another_cohort_does_not_list_its_people(
    world: World, changelist: str, secrets: tuple[str, ...]
) -> None:
    url = reverse(f"admin:{changelist}_changelist")
    mine = _as(world, "trainer_a").get(url).content.decode()
    theirs = _as(world, "trainer_b").get(url).content.decode()
    for secret in secrets:
        assert secret in mine
        assert secret not in theirs


def test_trainer_of_another_cohort_finds_nothing_of_it_by_search(world: World) -> None:
    url = reverse("admin:participants_participant_changelist")
    content = _as(world, "trainer_b").get(url, {"q": SECRET_PARTICIPANT_EMAIL}).content.decode()
    assert SECRET_PARTICIPANT_NAME not in content


def test_cohort_filter_offers_only_the_trainers_cohorts(world: World) -> None:
    # given: cohort B's trainer also trains a third cohort, so the filter is shown
    third = factories.CohortFactory(name="Cohort Gamma")
    third.trainers.add(world.users["trainer_b"])
    factories.EnrollmentFactory(cohort=third)
    url = reverse("admin:participants_enrollment_changelist")
    # when
    content = _as(world, "trainer_b").get(url).content.decode()
    # then
    assert f"cohort__id__exact={world.cohort_b.pk}" in content
    assert f"cohort__id__exact={third.pk}" in content
    assert f"cohort__id__exact={world.cohort_a.pk}" not in content


def test_autocomplete_offers_only_the_trainers_cohorts(world: World) -> None:
    response = _as(world, "trainer_b").get(
        reverse("admin:autocomplete"),
        {"app_label": "courses", "model_name": "session", "field_name": "cohort", "term": ""},
    )
    ids = {row["id"] for row in response.json()["results"]}
    assert ids == {str(world.cohort_b.pk)}


def test_raw_id_lookup_of_participants_is_scoped(world: World) -> None:
    url = reverse("admin:participants_participant_changelist")
    content = _as(world, "trainer_b").get(url, {"_popup": 1, "_to_field": "id"}).content.decode()
    assert SECRET_PARTICIPANT_NAME not in content


def test_participant_change_form_hides_other_cohorts_enrolments(world: World) -> None:
    # given: cohort A's participant is enrolled in cohort B too
    participant = world.enrollment_a.participant
    Enrollment.objects.create(participant=participant, cohort=world.cohort_b, status="confirmed")
    url = reverse("admin:participants_participant_change", args=[participant.pk])
    # when
    content = _as(world, "trainer_a").get(url).content.decode()
    # then
    assert world.cohort_a.name in content
    assert world.cohort_b.name not in content


def test_only_a_superuser_deletes_an_attendance_mark(world: World) -> None:
    url = reverse("admin:participants_attendance_delete", args=[world.attendance_a.pk])
    assert _as(world, "hr").post(url, {"post": "yes"}).status_code == 403
    assert Attendance.objects.filter(pk=world.attendance_a.pk).exists()
    assert _as(world, "superuser").post(url, {"post": "yes"}).status_code == 302
    assert not Attendance.objects.filter(pk=world.attendance_a.pk).exists()


def test_only_a_superuser_deletes_a_campaign_and_its_history(world: World) -> None:
    # given: a draft with nothing but its first event
    campaign = factories.CampaignFactory(cohort=world.cohort_a)
    CampaignEvent.objects.create(campaign=campaign, to_status=Campaign.Status.DRAFT)
    url = reverse("admin:assessments_campaign_delete", args=[campaign.pk])
    # when / then
    assert _as(world, "hr").post(url, {"post": "yes"}).status_code == 403
    assert CampaignEvent.objects.filter(campaign=campaign).exists()
    assert _as(world, "superuser").post(url, {"post": "yes"}).status_code == 302
    assert not Campaign.objects.filter(pk=campaign.pk).exists()


def test_only_a_superuser_deletes_a_cohort_and_its_trainer_history(world: World) -> None:
    cohort = factories.CohortFactory()
    url = reverse("admin:courses_cohort_delete", args=[cohort.pk])
    assert _as(world, "hr").post(url, {"post": "yes"}).status_code == 403
    assert _as(world, "superuser").post(url, {"post": "yes"}).status_code == 302
    assert not Cohort.objects.filter(pk=cohort.pk).exists()


class _Admin(admin.ModelAdmin):
    def has_touch_permission(self, request: Any, obj: Any = None) -> bool:
        return obj != "theirs"


def test_run_action_refuses_rows_out_of_reach_with_a_message(db: None) -> None:
    # given
    request = RequestFactory().post("/")
    request.session = {}  # type: ignore[attr-defined]
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    done: list[str] = []

    def step(obj: str) -> None:
        if obj == "bad":
            raise ValidationError("Not now.")
        done.append(obj)

    # when
    count = run_action(
        _Admin(Campaign, admin.site),
        request,
        ["mine", "theirs", "bad"],
        permission="touch",
        step=step,
        done=lambda n: f"{n} done",
    )
    # then
    assert (count, done) == (1, ["mine"])
    shown = [(m.level, str(m)) for m in messages.get_messages(request)]
    assert (messages.ERROR, "bad: Not now.") in shown
    assert (messages.ERROR, "You may not do this to 1 of the selected rows: theirs.") in shown
    assert (messages.SUCCESS, "1 done") in shown


@pytest.mark.parametrize(
    "changelist",
    [
        "participants_participant",
        "participants_enrollment",
        "participants_attendance",
        "assessments_invitation",
        "assessments_campaign",
        "courses_session",
    ],
)
def test_a_trainers_scoped_changelist_costs_the_same_at_two_sizes(
    world: World, changelist: str, django_assert_max_num_queries
) -> None:
    # given
    client = _as(world, "trainer_a")
    url = reverse(f"admin:{changelist}_changelist")
    client.get(url)  # warm: session and content types
    with django_assert_max_num_queries(16) as small:
        client.get(url)
    # when: ten more of everything in cohort A
    for _ in range(10):
        enrollment = factories.EnrollmentFactory(cohort=world.cohort_a)
        session = factories.SessionFactory(cohort=world.cohort_a)
        factories.AttendanceFactory(enrollment=enrollment, session=session)
        factories.InvitationFactory(campaign=world.campaign_a, subject=enrollment.participant)
        factories.CampaignFactory(cohort=world.cohort_a)
    # then
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)
