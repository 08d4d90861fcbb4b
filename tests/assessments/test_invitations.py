import re

import pytest
from django.core.exceptions import ValidationError

from assessments.models import Invitation
from assessments.services import campaigns as campaign_services
from assessments.services.nominations import invitations_send
from assessments.tokens import token_hash
from tests.assessments.campaign_data import fill_raters, nominating_campaign

pytestmark = pytest.mark.django_db
LINK = re.compile(r"https://kam\.example\.com/rate/([A-Za-z0-9_-]+)/")


@pytest.fixture
def opened(hr_user, django_capture_on_commit_callbacks, mailoutbox, settings):
    settings.SITE_URL = "https://kam.example.com"
    setup = nominating_campaign(n=1)
    participant = setup.participants[0]
    participant.name, participant.name_en = "吴迪", "Wu Di"
    participant.save()
    raters = fill_raters(setup.campaign, participant)
    raters[0].rater_language = "en"
    raters[1].rater_language = "zh-hans"
    raters[2].rater_language = ""
    Invitation.objects.bulk_update(raters[:3], ["rater_language"])
    with django_capture_on_commit_callbacks(execute=True):
        campaign_services.campaign_open(campaign=setup.campaign, by=hr_user)
    return setup, {r.pk: r for r in raters}


def mail_to(mailoutbox, email):
    (mail,) = [m for m in mailoutbox if email in m.to[0]]
    return mail


def test_each_rater_gets_a_link_whose_token_hashes_to_the_stored_hash(opened, mailoutbox) -> None:
    setup, raters = opened
    for invitation in Invitation.objects.filter(campaign=setup.campaign).exclude(group="self"):
        mail = mail_to(mailoutbox, invitation.rater_email)
        (raw,) = set(LINK.findall(mail.body))
        assert len(raw) >= 43  # 32 random bytes, base64url
        assert token_hash(raw) == invitation.token_hash
        assert raw not in str(Invitation.objects.filter(pk=invitation.pk).values().get())
        assert invitation.status == "sent"
        assert invitation.sent_at is not None
        assert mail.to == [f"{invitation.rater_name} <{invitation.rater_email}>"]


def test_tokens_are_all_different(opened) -> None:
    setup, _ = opened
    hashes = list(
        setup.campaign.invitations.exclude(group="self").values_list("token_hash", flat=True)
    )
    assert len(set(hashes)) == len(hashes) == 7


def test_email_is_in_the_raters_language_or_both(opened, mailoutbox) -> None:
    _setup, raters = opened
    english, chinese, unknown = list(raters.values())[:3]
    en = mail_to(mailoutbox, english.rater_email)
    assert "Wu Di" in en.subject
    assert "Dear" in en.body
    assert "您好" not in en.body
    zh = mail_to(mailoutbox, chinese.rater_email)
    assert "吴迪" in zh.subject
    assert "您好" in zh.body
    assert "Dear" not in zh.body
    both = mail_to(mailoutbox, unknown.rater_email)
    assert "Dear" in both.body
    assert "您好" in both.body
    assert " / " in both.subject
    assert len(LINK.findall(both.body)) == 2  # the same link in each language
    assert len(set(LINK.findall(both.body))) == 1


def test_the_participant_is_invited_to_self_assess_in_my_zone(opened, mailoutbox) -> None:
    setup, _ = opened
    participant = setup.participants[0]
    mail = mail_to(mailoutbox, participant.email)
    assert f"https://kam.example.com/me/campaigns/{setup.campaign.pk}/self/" in mail.body
    assert not LINK.search(mail.body)
    own = Invitation.objects.get(campaign=setup.campaign, group="self")
    assert own.status == "sent"
    assert own.token_hash is None


def test_send_again_sends_nothing_twice(
    opened, hr_user, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    setup, _ = opened
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert invitations_send(campaign=setup.campaign, by=hr_user) == 0
    assert mailoutbox == []


def test_send_only_for_the_given_subjects(
    hr_user, django_capture_on_commit_callbacks, mailoutbox
) -> None:
    setup = nominating_campaign(n=2)
    a, b = setup.participants
    fill_raters(setup.campaign, a)
    fill_raters(setup.campaign, b)
    setup.campaign.status = "open"
    setup.campaign.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert invitations_send(campaign=setup.campaign, subjects=[a], by=hr_user) == 8
    assert set(Invitation.objects.filter(subject=b).values_list("status", flat=True)) == {
        "approved"
    }


def test_nothing_is_sent_before_the_campaign_opens(hr_user) -> None:
    setup = nominating_campaign(n=1)
    fill_raters(setup.campaign, setup.participants[0])
    with pytest.raises(ValidationError, match="once the campaign is open"):
        invitations_send(campaign=setup.campaign, by=hr_user)


def test_no_email_leaves_when_the_transaction_fails(
    hr_user, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    setup = nominating_campaign(n=1)
    fill_raters(setup.campaign, setup.participants[0])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        campaign_services.campaign_open(campaign=setup.campaign, by=hr_user)
    assert mailoutbox == []
    assert len(callbacks) == 1


def test_the_email_and_the_page_promise_the_same_time(opened, mailoutbox) -> None:
    from django.test import Client

    from assessments.selectors.questionnaire import answer_minutes

    setup, raters = opened
    invitation = next(r for r in raters.values() if r.rater_language == "en")
    mail = mail_to(mailoutbox, invitation.rater_email)
    promised = re.search(r"It takes about (\d+) minutes", mail.body)
    (raw,) = set(LINK.findall(mail.body))
    page = Client().get(f"/rate/{raw}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    shown = re.search(r"It takes about (\d+) minutes", page)
    assert promised
    assert shown
    assert promised.group(1) == shown.group(1)
    items = setup.campaign.framework.dimensions.values_list("items", flat=True).count()
    assert int(shown.group(1)) == answer_minutes(items)


def test_the_time_to_answer_grows_with_the_questionnaire() -> None:
    from assessments.selectors.questionnaire import answer_minutes

    assert answer_minutes(3) == 5
    assert answer_minutes(40) == 15  # 10 minutes of items, 3 for the comment, rounded up
    assert answer_minutes(80) == 25
