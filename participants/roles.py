"""Model permissions of the role groups, kept in step with the models after every migrate."""

from typing import Any

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from participants.models import HR_GROUP, TRAINERS_GROUP

# HR runs the programme: every permission of the three domain apps.
HR_APPS = ("courses", "participants", "assessments")
# Trainers read the catalogue and schedule and keep attendance; object rules narrow the rest.
TRAINER_PERMISSIONS = (
    Q(content_type__app_label="courses", codename__startswith="view_")
    | Q(
        content_type__app_label="participants",
        codename__in=(
            "view_participant",
            "view_enrollment",
            "view_attendance",
            "change_attendance",
            "add_attendance",
        ),
    )
    | Q(content_type__app_label="assessments", codename__startswith="view_")
)


def role_permissions_sync(**_kwargs: Any) -> None:
    """Give the HR and Trainers groups their model permissions (idempotent)."""
    hr, _ = Group.objects.get_or_create(name=HR_GROUP)
    trainers, _ = Group.objects.get_or_create(name=TRAINERS_GROUP)
    hr.permissions.set(
        Permission.objects.filter(content_type__app_label__in=HR_APPS).exclude(
            content_type__model="user", codename__in=("delete_user",)
        )
    )
    trainers.permissions.set(Permission.objects.filter(TRAINER_PERMISSIONS))
