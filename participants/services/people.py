"""Writes about participant profiles (one at a time; many at once: services.importing)."""

from typing import TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from participants.access import may_manage_people, require
from participants.models import Participant, User
from participants.services.accounts import accounts_link_or_create

EDITABLE = Participant.EDITABLE_FIELDS


class ParticipantValues(TypedDict, total=False):
    """The profile fields a create or an update may give (Participant.EDITABLE_FIELDS)."""

    employee_number: str
    name: str
    name_en: str
    email: str
    position: str
    is_incumbent: bool
    region: str
    country: str
    org_unit: str
    time_zone: str
    language: str
    manager: Participant | None
    manager_email: str


def _check_manager(participant: Participant) -> None:
    manager = participant.manager
    seen = {participant.pk}
    while manager is not None:
        if manager.pk in seen:
            raise ValidationError(
                {"manager": _("A participant cannot manage themself, directly or through others.")}
            )
        seen.add(manager.pk)
        manager = manager.manager


def _apply(participant: Participant, values: ParticipantValues) -> list[str]:
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {', '.join(sorted(unknown))}")
    changed = []
    for name, value in values.items():
        if name == "email" and isinstance(value, str):
            value = value.strip().lower()
        if getattr(participant, name) != value:
            setattr(participant, name, value)
            changed.append(name)
    return changed


@transaction.atomic
def participant_create(*, by: User | None, **values: Unpack[ParticipantValues]) -> Participant:
    """Add a participant profile and its account (services.accounts: not yet activated)."""
    require(by, may_manage_people)
    participant = Participant()
    _apply(participant, values)
    participant.full_clean()
    participant.save()
    _check_manager(participant)
    accounts_link_or_create(participants=[participant], by=by)
    return participant


@transaction.atomic
def participant_update(
    *, participant: Participant, by: User | None, **values: Unpack[ParticipantValues]
) -> Participant:
    """Change a participant's profile; only the fields given."""
    require(by, may_manage_people)
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    changed = _apply(participant, values)
    if not changed:
        return participant
    participant.full_clean()
    _check_manager(participant)
    participant.save(update_fields=[*changed, "updated_at"])
    return participant


@transaction.atomic
def participant_delete(*, participant: Participant, by: User | None) -> None:
    """Delete a profile entered by mistake; one with an enrolment history is kept."""
    require(by, may_manage_people)
    if participant.enrollments.exists():
        raise ValidationError(
            _(
                "%(name)s has enrolments, whose history is kept; cancel the enrolments instead "
                "of deleting the participant."
            )
            % {"name": participant}
        )
    participant.delete()
