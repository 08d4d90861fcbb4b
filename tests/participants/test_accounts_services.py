"""Accounts for participants: created with the profile, linked by email, invited by HR."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from participants.account_tokens import user_is_activated
from participants.models import Participant, User
from participants.services.accounts import (
    account_invitations_send,
    accounts_link_or_create,
    profile_update,
)
from participants.services.importing import participants_import
from participants.services.people import participant_create
from tests import factories

pytestmark = pytest.mark.django_db


def test_participant_create_gives_an_account_that_cannot_log_in_yet(hr_user: User) -> None:
    participant = participant_create(
        by=hr_user, employee_number="K1", name="阿米拉", email="Amira@Example.com"
    )

    user = participant.user
    assert user is not None
    assert user.email == "amira@example.com"
    assert user.is_active
    assert not user.has_usable_password()
    assert not user_is_activated(user)


def test_participant_create_links_an_existing_user_whatever_the_case(hr_user: User) -> None:
    existing = factories.UserFactory(email="Carlos@Example.com")

    participant = participant_create(
        by=hr_user, employee_number="K2", name="卡洛斯", email="carlos@example.com"
    )

    assert participant.user == existing
    assert User.objects.filter(email__iexact="carlos@example.com").count() == 1


def test_import_gives_every_new_participant_an_account(hr_user: User) -> None:
    data = b"employee_number,name,email\nK1,A,a@example.com\nK2,B,b@example.com\n"

    result = participants_import(data=data, by=hr_user)

    assert not result.errors
    assert set(Participant.objects.values_list("user__email", flat=True)) == {
        "a@example.com",
        "b@example.com",
    }


def test_accounts_link_or_create_refuses_a_participant(hr_user: User) -> None:
    participant = factories.ParticipantFactory(with_user=True)
    other = factories.ParticipantFactory()

    with pytest.raises(PermissionDenied):
        accounts_link_or_create(participants=[other], by=participant.user)


def test_invitations_create_missing_accounts_and_say_who_was_not_reached(
    hr_user: User, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    # given one without an account, one who already logs in and one switched off
    fresh = factories.ParticipantFactory()
    active = factories.ParticipantFactory(with_user=True)
    off = factories.ParticipantFactory(with_user=True)
    off.user.set_unusable_password()
    off.user.is_active = False
    off.user.save()

    with django_capture_on_commit_callbacks(execute=True):
        result = account_invitations_send(participants=[fresh, active, off], by=hr_user)

    fresh.refresh_from_db()
    assert fresh.user is not None
    assert result.sent == [fresh]
    assert {u.participant for u in result.unreached} == {active, off}
    assert [m.to for m in mail.outbox] == [[fresh.email]]


def test_invitation_is_written_in_the_participant_language(
    hr_user: User, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    chinese = factories.ParticipantFactory(language="zh-hans")
    english = factories.ParticipantFactory(language="en")

    with django_capture_on_commit_callbacks(execute=True):
        account_invitations_send(participants=[chinese, english], by=hr_user)

    by_address = {m.to[0]: m for m in mail.outbox}
    assert "设置密码" in by_address[chinese.email].subject
    assert "set your password" in by_address[english.email].subject
    assert "/accounts/activate/" in by_address[english.email].body


def test_whoever_set_a_password_before_the_send_is_sent_no_link(
    hr_user: User, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    # given: an invitation waiting to be sent (as on a busy worker)
    participant = factories.ParticipantFactory()
    with django_capture_on_commit_callbacks() as callbacks:
        account_invitations_send(participants=[participant], by=hr_user)
    # when: the person sets a password through an older link before the task runs
    participant.refresh_from_db()
    participant.user.set_password("a-Long-new-passw0rd")
    participant.user.save()
    for callback in callbacks:
        callback()
    # then
    assert mail.outbox == []


def test_invitations_refuse_a_trainer(trainer_user: User) -> None:
    with pytest.raises(PermissionDenied):
        account_invitations_send(participants=[factories.ParticipantFactory()], by=trainer_user)


def test_profile_update_sets_zone_language_and_both_names() -> None:
    participant = factories.ParticipantFactory(with_user=True)
    user = participant.user

    profile_update(
        user=user,
        by=user,
        time_zone="Asia/Dubai",
        language="en",
        full_name="Amira",
        name="阿米拉",
        name_en="Amira Haddad",
    )

    user.refresh_from_db()
    participant.refresh_from_db()
    assert (user.time_zone, user.language, user.full_name) == ("Asia/Dubai", "en", "Amira")
    assert (participant.name, participant.name_en, participant.time_zone) == (
        "阿米拉",
        "Amira Haddad",
        "Asia/Dubai",
    )


def test_profile_update_refuses_someone_else(hr_user: User) -> None:
    user = factories.UserFactory()

    with pytest.raises(PermissionDenied):
        profile_update(user=user, by=hr_user, time_zone="Asia/Dubai")


def test_emails_needing_a_login_carry_the_set_password_link_until_activated() -> None:
    from assessments.emails import nomination_request_messages

    campaign = factories.CampaignFactory()
    waiting = factories.ParticipantFactory(with_user=True, language="en")
    waiting.user.set_unusable_password()
    waiting.user.save()
    activated = factories.ParticipantFactory(with_user=True, language="en")

    messages = nomination_request_messages(campaign=campaign, participants=[waiting, activated])

    by_address = {m.to[0].split("<")[-1].rstrip(">"): m.body for m in messages}
    assert "/accounts/activate/" in by_address[waiting.email]
    assert "/accounts/activate/" not in by_address[activated.email]
