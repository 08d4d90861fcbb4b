"""DESIGN.md §4.10: the manager is told, when invited and reminded, that their answers are shown
as the manager's — the other raters that theirs are combined, in both languages; and the
participant is not told that the manager's answers are anonymous."""

import pytest
from django.test import Client
from django.urls import reverse

from assessments import emails
from assessments.models import Invitation
from tests import factories
from tests.assessments.campaign_data import nominating_campaign

pytestmark = pytest.mark.django_db

NOT_ANONYMOUS = {
    "en": "your answers are not anonymous: the report shows them as the manager's view",
    "zh-hans": "您的回答不是匿名的：报告会将其作为“上级”的评价单独呈现",
}
COMBINED = {
    "en": "only shown combined with those of other raters",
    "zh-hans": "只与其他评价人的回答合并呈现",
}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("build", [emails.invitation_message, emails.reminder_message])
def test_manager_is_told_their_answers_are_shown_as_the_managers(language, build) -> None:
    invitation = factories.InvitationFactory(
        group=Invitation.Group.MANAGER, rater_language=language, status="sent"
    )
    body = build(invitation=invitation, raw_token="t" * 43).body
    assert NOT_ANONYMOUS[language] in body
    assert COMBINED[language] not in body


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("build", [emails.invitation_message, emails.reminder_message])
@pytest.mark.parametrize("group", ["peer", "direct_report", "other"])
def test_other_raters_are_told_their_answers_are_combined(language, build, group) -> None:
    invitation = factories.InvitationFactory(group=group, rater_language=language, status="sent")
    body = build(invitation=invitation, raw_token="t" * 43).body
    assert COMBINED[language] in body
    assert NOT_ANONYMOUS[language] not in body


def test_manager_without_a_known_language_reads_it_in_both() -> None:
    invitation = factories.InvitationFactory(group="manager", rater_language="", status="sent")
    body = emails.invitation_message(invitation=invitation, raw_token="t" * 43).body
    assert NOT_ANONYMOUS["en"] in body
    assert NOT_ANONYMOUS["zh-hans"] in body


def test_the_participant_is_not_told_their_managers_answers_are_anonymous(
    hr_user, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        setup = nominating_campaign(n=1, by=hr_user)
    participant = setup.participants[0]
    (message,) = mailoutbox
    assert "他们的回答对您是匿名的" not in message.body
    assert "上级的回答则作为“上级”的评价单独呈现" in message.body
    participant.language = "en"
    (message,) = emails.nomination_request_messages(
        campaign=setup.campaign, participants=[participant]
    )
    assert "anonymous to you" not in message.body
    assert "your manager's answers are shown as your manager's" in message.body
    client = Client()
    client.force_login(participant.user)
    html = client.get(
        reverse("assessments:campaign-nominate", kwargs={"pk": setup.campaign.pk})
    ).content.decode()
    assert "anonymous to you" not in html
    assert "your manager's answers are shown as your manager's" in html
