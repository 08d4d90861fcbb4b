"""Accounts for participants: created with their profile, activated by an emailed link.

A participant's account is created (or an existing user with the same email, in any case, is
linked) when the profile is added or imported. The new account is active but has an unusable
password, so nobody can log in with it until the person sets a password through the one-time
link of their invitation (participants.account_tokens). "Activated" means the account has a
usable password or has been logged into; until then HR sees it as "never logged in".
"""

import dataclasses
import secrets
from collections.abc import Sequence

from django.contrib.auth import password_validation
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.exceptions import ValidationError
from django.core.mail import get_connection
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from participants.access import is_own_user, may_manage_people, require
from participants.account_emails import invitation_message
from participants.account_tokens import user_is_activated
from participants.importing.bulk import bulk_insert_values, bulk_update_values
from participants.models import Participant, User


@dataclasses.dataclass(frozen=True)
class Unreached:
    participant: Participant
    reason: str


@dataclasses.dataclass
class InvitationResult:
    sent: list[Participant] = dataclasses.field(default_factory=list)
    unreached: list[Unreached] = dataclasses.field(default_factory=list)


def _new_user(participant: Participant, email: str) -> User:
    user = User(
        email=email,
        full_name=participant.name_en or participant.name,
        language=participant.language,
        time_zone=participant.time_zone,
    )
    # What `set_unusable_password` stores ("!" and 40 random characters), from one call to the
    # system's random source instead of 40: an import creates thousands of accounts at once.
    user.password = UNUSABLE_PASSWORD_PREFIX + secrets.token_hex(20)
    return user


@transaction.atomic
def accounts_link_or_create(*, participants: Sequence[Participant], by: User | None) -> int:
    """Give each participant without an account one, linking a user of the same email.

    A fixed number of queries however many participants: users are looked up and created in
    bulk. Returns how many participants got an account.
    """
    require(by, may_manage_people)
    linked = _accounts_assign(participants)
    bulk_update_values(linked, ["user"])
    return len(linked)


@transaction.atomic(savepoint=False)  # an import calls it inside its own transaction
def accounts_assign_unsaved(*, participants: Sequence[Participant], by: User | None) -> int:
    """As `accounts_link_or_create`, for participants about to be inserted (no pk yet).

    Each one's account is set on it, to be stored with it: an import inserts thousands of new
    participants and would otherwise update every one of them again afterwards.
    """
    require(by, may_manage_people)
    return len(_accounts_assign(participants, keep_users=False))


def _accounts_assign(
    participants: Sequence[Participant], keep_users: bool = True
) -> list[Participant]:
    """Set an account on each participant without one (users created in bulk); those set."""
    pending = [p for p in participants if p.user_id is None and p.email]
    if not pending:
        return []
    emails = {p.email.strip().lower() for p in pending}
    existing = _users_by_email(emails)
    taken = set(
        Participant.objects.filter(user__in=list(existing.values())).values_list(
            "user_id", flat=True
        )
    )
    new = {
        p.email.strip().lower(): _new_user(p, p.email.strip().lower())
        for p in pending
        if p.email.strip().lower() not in existing
    }
    bulk_insert_values(list(new.values()))
    if any(u.pk is None for u in new.values()):  # a backend that returns no ids
        existing |= _users_by_email(set(new))
    else:
        existing |= new
    linked = []
    for participant in pending:
        user = existing[participant.email.strip().lower()]
        if user.pk in taken:
            continue  # another profile holds that account: leave this one for HR to sort out
        if keep_users:
            participant.user = user
        else:  # the id alone: thousands of new users need not stay in memory
            participant.user_id = user.pk
        taken.add(user.pk)
        linked.append(participant)
    return linked


def _users_by_email(emails: set[str]) -> dict[str, User]:
    found: dict[str, User] = {}
    lowered = sorted(emails)
    for start in range(0, len(lowered), 500):
        chunk = lowered[start : start + 500]
        for user in User.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=chunk):
            found[user.email.lower()] = user
    return found


@transaction.atomic
def account_invitations_send(
    *, participants: Sequence[Participant], by: User | None
) -> InvitationResult:
    """Email each participant a link to set their password; say who could not be reached.

    Participants without an account get one first. Someone whose account is switched off, or
    who already set a password, is not sent a link (they use "Forgot your password?").
    """
    require(by, may_manage_people)
    accounts_link_or_create(participants=participants, by=by)
    result = InvitationResult()
    for participant in participants:
        user = participant.user
        if not participant.email:
            result.unreached.append(Unreached(participant, _("no email address")))
        elif user is None:
            result.unreached.append(
                Unreached(participant, _("the email address belongs to another participant"))
            )
        elif not user.is_active:
            result.unreached.append(Unreached(participant, _("the account is switched off")))
        elif user_is_activated(user):
            result.unreached.append(
                Unreached(participant, _("already has a password; no invitation needed"))
            )
        else:
            result.sent.append(participant)
    if result.sent:
        _invitations_deliver_on_commit([p.pk for p in result.sent])
    return result


def _invitations_deliver_on_commit(participant_ids: list[int]) -> None:
    from participants.tasks import account_invitations_notify

    # robust: the accounts stand even if the mail server or the broker is down (logged).
    transaction.on_commit(lambda: account_invitations_notify.delay(participant_ids), robust=True)


class InvitationsUndelivered(Exception):
    """The mail server failed part-way: who has not been sent their link yet, and why."""

    def __init__(self, error: OSError, participant_ids: list[int]) -> None:
        super().__init__(str(error))
        self.error = error
        self.participant_ids = participant_ids


def account_invitations_deliver(*, participant_ids: Sequence[int]) -> int:
    """Send the set-password links (the Celery task's work, inline without a broker).

    The link is made now, so it is fresh however long the message waited. Whoever set a
    password or lost their account meanwhile is skipped. The messages go through one
    connection, one by one: if the mail server fails, `InvitationsUndelivered` names those
    not sent yet, so a retry never sends anyone a second link. Returns how many were sent.
    """
    found = Participant.objects.select_related("user").filter(pk__in=participant_ids)
    by_pk = {p.pk: p for p in found}
    waiting = [
        (participant, participant.user)
        for participant in (by_pk.get(pk) for pk in dict.fromkeys(participant_ids))
        if participant is not None
        and participant.email
        and participant.user is not None
        and participant.user.is_active
        and not user_is_activated(participant.user)
    ]
    sent = 0
    try:
        if waiting:
            with get_connection() as connection:
                for participant, user in waiting:
                    message = invitation_message(participant=participant, user=user)
                    connection.send_messages([message])
                    sent += 1
    except OSError as error:
        raise InvitationsUndelivered(error, [p.pk for p, _user in waiting[sent:]]) from error
    return sent


@transaction.atomic
def account_password_set(*, user: User, password: str) -> User:
    """Set the first password through an invitation link (the link has been checked)."""
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    return user


PROFILE_FIELDS = ("full_name", "language", "time_zone")
PARTICIPANT_FIELDS = ("name", "name_en")


@transaction.atomic
def profile_update(
    *,
    user: User,
    by: User,
    full_name: str | None = None,
    language: str | None = None,
    time_zone: str | None = None,
    name: str | None = None,
    name_en: str | None = None,
) -> User:
    """Change one's own time zone, language and display names (both scripts on a profile).

    A value left as None is left as it is.
    """
    require(by, is_own_user, user)
    given = {"full_name": full_name, "language": language, "time_zone": time_zone}
    given |= {"name": name, "name_en": name_en}
    values = {field: value for field, value in given.items() if value is not None}
    changed = [f for f in PROFILE_FIELDS if f in values and getattr(user, f) != values[f]]
    for field in changed:
        setattr(user, field, values[field])
    user.full_clean(validate_unique=False)
    if changed:
        user.save(update_fields=changed)
    participant = Participant.objects.filter(user=user).select_for_update().first()
    if participant is not None:
        wanted = {f: values[f] for f in PARTICIPANT_FIELDS if f in values}
        wanted.update({f: values[f] for f in ("time_zone", "language") if f in values})
        fields = [f for f, v in wanted.items() if getattr(participant, f) != v]
        for field in fields:
            setattr(participant, field, wanted[field])
        if fields:
            if not participant.name:
                raise ValidationError({"name": _("Your name cannot be empty.")})
            participant.full_clean()
            participant.save(update_fields=[*fields, "updated_at"])
    return user


def account_invitation_resend(*, email: str) -> bool:
    """Send a fresh set-password link to a participant whose account is not activated yet.

    Asked for by the person themself (an expired link, "Forgot your password?"), so no actor
    is checked; it only ever mails the address that owns the account. Returns whether it sent.
    """
    user = (
        User.objects.annotate(email_lower=Lower("email"))
        .filter(email_lower=email.strip().lower(), is_active=True)
        .select_related("participant")
        .first()
    )
    if user is None or user_is_activated(user):
        return False
    participant = getattr(user, "participant", None)
    if participant is None:
        return False
    _invitations_deliver_on_commit([participant.pk])
    return True
