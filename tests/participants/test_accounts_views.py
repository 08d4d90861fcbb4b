"""Account pages through the test client: the invitation link, reset, profile, HR's list."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from participants.models import User
from tests import factories

pytestmark = pytest.mark.django_db
PASSWORD = "a-Long-new-passw0rd"


def _link(body: str) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/(?:activate|reset)/\S+)", body)
    assert match, body
    return match.group(1)


def _invite(client: Client, hr_user: User, participant_ids: list[int], capture) -> str:  # type: ignore[no-untyped-def]
    client.force_login(hr_user)
    with capture(execute=True):
        response = client.post(
            reverse("participants:account-invite"), {"participants": participant_ids}
        )
    assert response.status_code == 200
    client.logout()
    return _link(mail.outbox[-1].body)


def test_invitation_link_sets_a_password_once(
    client: Client, hr_user: User, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    # given a participant invited by HR
    participant = factories.ParticipantFactory()
    link = _invite(client, hr_user, [participant.pk], django_capture_on_commit_callbacks)

    # when they open the link and set a password
    assert client.get(link).status_code == 200
    response = client.post(link, {"new_password1": PASSWORD, "new_password2": PASSWORD})

    # then they can log in with it
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.user.check_password(PASSWORD)
    assert client.login(username=participant.email, password=PASSWORD)
    client.logout()

    # and the link, opened again, says it was used and offers no second password
    again = client.get(link)
    assert again.status_code == 410
    assert "already been used" in again.content.decode()
    assert "Forgot your password?" in again.content.decode()


def test_expired_link_is_refused_and_a_new_one_can_be_sent(
    client: Client, hr_user: User, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    participant = factories.ParticipantFactory()
    link = _invite(client, hr_user, [participant.pk], django_capture_on_commit_callbacks)

    with override_settings(ACCOUNT_INVITATION_TIMEOUT=-1):
        response = client.get(link)
        assert response.status_code == 410
        assert "has expired" in response.content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            resent = client.post(link)
    assert "new link is on its way" in resent.content.decode()
    fresh = _link(mail.outbox[-1].body)
    assert client.get(fresh).status_code == 200


def test_link_expires_after_seven_days(
    client: Client, hr_user: User, django_capture_on_commit_callbacks, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from participants.account_tokens import invitation_tokens

    participant = factories.ParticipantFactory()
    link = _invite(client, hr_user, [participant.pk], django_capture_on_commit_callbacks)
    later = dt.datetime.now() + dt.timedelta(days=7, minutes=1)  # noqa: DTZ005 (Django's naive clock)
    monkeypatch.setattr(invitation_tokens, "_now", lambda: later)

    assert client.get(link).status_code == 410
    monkeypatch.setattr(invitation_tokens, "_now", lambda: later - dt.timedelta(minutes=2))
    assert client.get(link).status_code == 200


def test_a_forged_link_is_refused(client: Client) -> None:
    response = client.get("/accounts/activate/MQ/abc-def/")
    assert response.status_code == 410


def test_password_reset_sends_a_link_that_works(client: Client) -> None:
    user = factories.UserFactory(email="known@example.com")

    response = client.post(reverse("password_reset"), {"email": "Known@Example.com"})

    assert response.status_code == 302
    link = _link(mail.outbox[-1].body)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": PASSWORD, "new_password2": PASSWORD}
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_password_reset_for_an_account_never_activated_sends_the_invitation(
    client: Client, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    participant = factories.ParticipantFactory(with_user=True)
    participant.user.set_unusable_password()
    participant.user.save()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": participant.email})

    assert "/accounts/activate/" in mail.outbox[-1].body


@override_settings(PASSWORD_RESET_RATE_LIMIT_PER_ACCOUNT=2)
def test_password_reset_requests_are_throttled(client: Client) -> None:
    factories.UserFactory(email="known@example.com")
    for _ in range(2):
        assert (
            client.post(reverse("password_reset"), {"email": "known@example.com"}).status_code
            == 302
        )

    response = client.post(reverse("password_reset"), {"email": "KNOWN@example.com"})

    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert len(mail.outbox) == 2


def test_login_page_offers_a_password_reset(client: Client) -> None:
    page = client.get(reverse("login")).content.decode()
    assert reverse("password_reset") in page


def test_password_change(client: Client) -> None:
    user = factories.UserFactory()
    client.force_login(user)

    response = client.post(
        reverse("password_change"),
        {"old_password": "pass-word-123", "new_password1": PASSWORD, "new_password2": PASSWORD},
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_profile_page_saves_zone_language_and_names(client: Client) -> None:
    participant = factories.ParticipantFactory(with_user=True)
    client.force_login(participant.user)
    page = client.get(reverse("participants:account-profile")).content.decode()
    assert '<option value="Asia/Shanghai">' in page  # the searchable list of zones

    response = client.post(
        reverse("participants:account-profile"),
        {
            "full_name": "Amira",
            "name": "阿米拉",
            "name_en": "Amira Haddad",
            "language": "zh-hans",
            "time_zone": "America/New_York",
        },
    )

    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.user.time_zone == "America/New_York"
    assert participant.user.language == "zh-hans"
    assert participant.name_en == "Amira Haddad"


def test_profile_page_refuses_an_unknown_zone(client: Client) -> None:
    user = factories.UserFactory()
    client.force_login(user)

    response = client.post(
        reverse("participants:account-profile"),
        {"full_name": "X", "language": "en", "time_zone": "Mars/Olympus_Mons"},
    )

    assert response.status_code == 200
    assert "not a known time zone" in response.content.decode()
    user.refresh_from_db()
    assert user.time_zone == "UTC"


def test_hr_people_page_shows_who_never_logged_in(client: Client, hr_user: User) -> None:
    never = factories.ParticipantFactory(with_user=True, name_en="Never Here")
    logged = factories.ParticipantFactory(with_user=True, name_en="Was Here")
    logged.user.last_login = timezone.now()
    logged.user.save()
    client.force_login(hr_user)

    page = client.get(reverse("participants:account-people"), {"state": "never"}).content.decode()

    assert never.name_en in page
    assert logged.name_en not in page


def test_hr_invites_a_whole_cohort(
    client: Client, hr_user: User, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    cohort = factories.CohortFactory()
    people = [factories.EnrollmentFactory(cohort=cohort).participant for _ in range(3)]
    factories.ParticipantFactory()  # not in the cohort
    client.force_login(hr_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("participants:account-invite"), {"cohort": cohort.pk})

    assert "3 invitations sent" in response.content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)


def test_hr_sees_who_was_not_reached_and_why(client: Client, hr_user: User) -> None:
    active = factories.ParticipantFactory(with_user=True)
    client.force_login(hr_user)

    response = client.post(reverse("participants:account-invite"), {"participants": [active.pk]})

    page = response.content.decode()
    assert "0 invitations sent" in page
    assert "already has a password" in page


@pytest.mark.parametrize("size", [2, 12])
def test_hr_people_page_query_count_is_constant(
    client: Client, hr_user: User, django_assert_max_num_queries, size: int
) -> None:  # type: ignore[no-untyped-def]
    for _ in range(size):
        factories.ParticipantFactory(with_user=True)
    client.force_login(hr_user)

    with django_assert_max_num_queries(8):
        response = client.get(reverse("participants:account-people"))

    assert response.status_code == 200


def test_account_pages_read_in_chinese(client: Client, hr_user: User) -> None:
    client.cookies["django_language"] = "zh-hans"
    client.force_login(hr_user)

    people = client.get(reverse("participants:account-people")).content.decode()
    reset = client.get(reverse("password_reset")).content.decode()

    assert "人员与账户" in people
    assert "忘记密码？" in reset


def test_campaign_progress_shows_who_cannot_log_in_and_why(client: Client, hr_user: User) -> None:
    campaign = factories.CampaignFactory()
    nobody = factories.EnrollmentFactory(cohort=campaign.cohort).participant
    ready = factories.EnrollmentFactory(
        cohort=campaign.cohort, participant=factories.ParticipantFactory(with_user=True)
    ).participant
    client.force_login(hr_user)

    page = client.get(
        reverse("assessments:campaign-progress", kwargs={"pk": campaign.pk})
    ).content.decode()

    section = page[page.index('id="account-reach"') :]
    assert nobody.email in section
    assert "no account" in section
    assert ready.email not in section
