"""Deleting a user never erases who did what: a user with history is protected (deactivate them).

The admin answers with Django's "cannot delete, protected" page, never a 500, and the history
still names them.
"""

import datetime as dt
from collections.abc import Callable

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.test import Client
from django.urls import reverse

from assessments.models import ActionPlan, ActionPlanComment, CampaignEvent
from courses.services.trainers import cohort_trainers_set
from participants.models import (
    HR_GROUP,
    Attendance,
    AttendanceChange,
    EnrollmentStatusChange,
    User,
)
from participants.services.attendance import attendance_mark
from participants.services.enrollment import enrollment_cancel, enrollment_create
from practice.services.assignments import assignment_create
from tests import factories

pytestmark = pytest.mark.django_db

# A participant's login is their profile, not a record of what they did: deleting the account
# leaves the profile without one.
NOT_HISTORY = {("participants", "Participant", "user")}


def _superuser_client() -> Client:
    admin = factories.UserFactory(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    return client


def _as_hr(user: User) -> None:
    user.groups.add(Group.objects.get_or_create(name=HR_GROUP)[0])
    user.__dict__.pop("_group_name_cache", None)


def _marked_attendance(user: User) -> None:
    session = factories.SessionFactory()
    session.cohort.trainers.add(user)
    enrollment = factories.EnrollmentFactory(cohort=session.cohort)
    attendance_mark(enrollment=enrollment, session=session, status="late", by=user)


def _changed_enrolment(user: User) -> None:
    _as_hr(user)
    enrollment = enrollment_create(
        participant=factories.ParticipantFactory(), cohort=factories.CohortFactory(), by=user
    )
    enrollment_cancel(enrollment=enrollment, by=user, reason="Changed jobs")


def _commented(user: User) -> None:
    participant = factories.ParticipantFactory()
    campaign = factories.CampaignFactory()
    plan = ActionPlan.objects.create(participant=participant, campaign=campaign)
    ActionPlanComment.objects.create(plan=plan, author=user, text="Good goals.")


def _campaign_event(user: User) -> None:
    CampaignEvent.objects.create(
        campaign=factories.CampaignFactory(), from_status="draft", to_status="nominating", by=user
    )


def _allowed_a_conflict(user: User) -> None:
    factories.SessionFactory(
        allow_conflict=True, conflict_note="Two rooms", conflict_allowed_by=user
    )


def _changed_trainers(user: User) -> None:
    _as_hr(user)
    cohort_trainers_set(
        cohort=factories.CohortFactory(), trainers=[factories.UserFactory()], by=user
    )


def _set_practice(user: User) -> None:
    _as_hr(user)
    item = factories.ItemFactory()
    cohort = factories.CohortFactory(
        course=factories.CourseFactory(framework=item.dimension.framework)
    )
    assignment_create(
        cohort=cohort,
        title="Renewal",
        brief="Run it",
        due_on=dt.date(2027, 5, 1),
        items=[item],
        by=user,
    )


HISTORIES: dict[str, Callable[[User], None]] = {
    "marked attendance": _marked_attendance,
    "changed an enrolment": _changed_enrolment,
    "commented on an action plan": _commented,
    "changed a campaign": _campaign_event,
    "allowed a schedule conflict": _allowed_a_conflict,
    "changed a cohort's trainers": _changed_trainers,
    "set a practice": _set_practice,
}


@pytest.mark.parametrize("what", list(HISTORIES))
def test_admin_refuses_to_delete_a_user_with_history_and_says_why(what: str) -> None:
    # given a trainer who did something that is kept as history
    trainer = factories.UserFactory(full_name="Trainer Zhao")
    HISTORIES[what](trainer)
    client = _superuser_client()
    url = reverse("admin:participants_user_delete", args=[trainer.pk])
    # when a superuser tries to delete them
    page = client.get(url)
    confirmed = client.post(url, {"post": "yes"})
    # then Django's "cannot delete" page answers (naming what is protected, or the kind of
    # record the admin never deletes), and nothing is deleted
    html = page.content.decode()
    assert page.status_code == 200
    assert "<title>Cannot delete user" in html
    assert "protected related objects" in html or "permission to delete" in html
    assert confirmed.status_code == 200
    assert User.objects.filter(pk=trainer.pk).exists()


def test_admin_bulk_delete_of_users_with_history_is_refused_cleanly() -> None:
    trainer = factories.UserFactory()
    _marked_attendance(trainer)
    client = _superuser_client()

    response = client.post(
        reverse("admin:participants_user_changelist"),
        {"action": "delete_selected", "_selected_action": [trainer.pk], "post": "yes"},
    )

    assert response.status_code == 200
    assert "protected related objects" in response.content.decode()
    assert User.objects.filter(pk=trainer.pk).exists()


def test_a_user_without_history_can_still_be_deleted() -> None:
    stranger = factories.UserFactory()
    client = _superuser_client()

    response = client.post(
        reverse("admin:participants_user_delete", args=[stranger.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not User.objects.filter(pk=stranger.pk).exists()


def test_a_deactivated_user_is_still_named_in_the_history() -> None:
    # given a trainer who marked attendance and changed an enrolment, then left
    trainer = factories.UserFactory(full_name="Trainer Zhao")
    _marked_attendance(trainer)
    _changed_enrolment(trainer)
    trainer.is_active = False
    trainer.save()
    # then every history row still names them
    assert str(Attendance.objects.get().marked_by) == "Trainer Zhao"
    assert str(AttendanceChange.objects.get().by) == "Trainer Zhao"
    assert {str(c.by) for c in EnrollmentStatusChange.objects.all()} == {"Trainer Zhao"}


def _user_foreign_keys() -> list[models.ForeignKey]:
    keys = []
    for label in ("courses", "participants", "assessments", "practice", "certificates"):
        for model in apps.get_app_config(label).get_models():
            for field in model._meta.get_fields():
                if (
                    isinstance(field, models.ForeignKey)
                    and field.related_model._meta.label == settings.AUTH_USER_MODEL
                ):
                    keys.append(field)
    return keys


def test_every_actor_of_a_history_row_is_protected() -> None:
    # One policy for every record of who did what (see participants.models): PROTECT.
    keys = _user_foreign_keys()
    assert {(f.model._meta.label, f.name) for f in keys} >= {
        ("participants.Attendance", "marked_by"),
        ("participants.AttendanceChange", "by"),
        ("participants.EnrollmentStatusChange", "by"),
        ("assessments.CampaignEvent", "by"),
        ("assessments.ActionPlanComment", "author"),
        ("assessments.Review", "created_by"),
        ("courses.Session", "conflict_allowed_by"),
        ("courses.CohortTrainerChange", "by"),
        ("practice.Assignment", "created_by"),
        ("practice.Attachment", "uploaded_by"),
        ("practice.PracticeEvent", "by"),
    }
    loose = [
        f"{f.model._meta.label}.{f.name}"
        for f in keys
        if f.remote_field.on_delete is not models.PROTECT
        and (f.model._meta.app_label, f.model.__name__, f.name) not in NOT_HISTORY
    ]
    assert loose == []
