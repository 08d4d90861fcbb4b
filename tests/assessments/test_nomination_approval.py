"""A submitted rater list waits for the trainer: locked, never submitted twice, and the
participant hears of the trainer's approval or change in their own language."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client

from assessments.models import Invitation, NominationSubmission
from assessments.services.nominations import (
    invitation_nominate,
    invitation_remove,
    invitation_update,
    nominations_approve,
    nominations_submit,
)
from tests.assessments.campaign_data import fill_raters, nominating_campaign

pytestmark = pytest.mark.django_db


def submitted(trainer_user, *, language: str = "en", capture=None):
    setup = nominating_campaign(n=1, trainer=trainer_user)
    participant = setup.participants[0]
    participant.language = language
    participant.save(update_fields=["language"])
    fill_raters(setup.campaign, participant, status="nominated")
    nominations_submit(campaign=setup.campaign, subject=participant, by=participant.user)
    return setup, participant


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_submitted_list_cannot_be_submitted_twice(trainer_user) -> None:
    setup, participant = submitted(trainer_user)
    with pytest.raises(ValidationError) as error:
        nominations_submit(campaign=setup.campaign, subject=participant, by=participant.user)
    assert error.value.code == "already_submitted"
    assert NominationSubmission.objects.filter(subject=participant).count() == 1


def test_the_database_holds_one_awaiting_submission_per_list(trainer_user) -> None:
    setup, participant = submitted(trainer_user)
    with pytest.raises(IntegrityError), transaction.atomic():
        NominationSubmission.objects.create(campaign=setup.campaign, subject=participant)


def test_the_participant_cannot_change_a_list_that_awaits_approval(trainer_user) -> None:
    setup, participant = submitted(trainer_user)
    mine = Invitation.objects.filter(subject=participant, status="nominated").first()
    attempts = [
        lambda: invitation_nominate(
            campaign=setup.campaign,
            subject=participant,
            rater_name="Late Peer",
            rater_email="late@example.com",
            group="other",
            by=participant.user,
        ),
        lambda: invitation_update(invitation=mine, by=participant.user, rater_name="Renamed"),
        lambda: invitation_remove(invitation=mine, by=participant.user),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError) as error:
            attempt()
        assert error.value.code == "awaiting_approval"
    mine.refresh_from_db()
    assert mine.rater_name != "Renamed"
    assert not Invitation.objects.filter(rater_email="late@example.com").exists()


def test_the_page_says_submitted_on_and_offers_no_second_submit(trainer_user) -> None:
    setup, participant = submitted(trainer_user)
    url = f"/me/campaigns/{setup.campaign.pk}/nominate/"
    page = client_for(participant.user).get(url).content.decode()
    assert "awaiting your trainer's approval" in page
    assert 'value="submit"' not in page
    assert 'value="remove"' not in page
    assert "Add a rater" not in page
    response = client_for(participant.user).post(url, {"action": "submit"}, follow=True)
    assert "already submitted" in response.content.decode()
    assert NominationSubmission.objects.filter(subject=participant).count() == 1


def test_the_trainer_sees_the_list_awaits_approval(trainer_user) -> None:
    setup, participant = submitted(trainer_user)
    url = f"/campaigns/{setup.campaign.pk}/participants/{participant.pk}/raters/"
    page = client_for(trainer_user).get(url).content.decode()
    assert "awaiting your approval" in page


def test_approval_emails_the_participant_in_their_language_and_unlocks_the_list(
    trainer_user, django_capture_on_commit_callbacks, mailoutbox
) -> None:
    setup, participant = submitted(trainer_user, language="zh-hans")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        nominations_approve(campaign=setup.campaign, subject=participant, by=trainer_user)
    (mail,) = mailoutbox
    assert participant.email in mail.to[0]
    assert "已获批准" in mail.subject
    assert "approved" not in mail.subject  # one language: the participant's
    decided = NominationSubmission.objects.get(subject=participant)
    assert decided.outcome == "approved"
    assert decided.decided_by == trainer_user
    assert decided.decided_at is not None
    # Unlocked: a further rater may be nominated, and submitted again later.
    invitation_nominate(
        campaign=setup.campaign,
        subject=participant,
        rater_name="Late Other",
        rater_email="late@example.com",
        group="other",
        by=participant.user,
    )
    nominations_submit(campaign=setup.campaign, subject=participant, by=participant.user)
    assert NominationSubmission.objects.filter(subject=participant).count() == 2


def test_a_trainers_change_emails_the_participant_what_changed(
    trainer_user, django_capture_on_commit_callbacks, mailoutbox
) -> None:
    setup, participant = submitted(trainer_user)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        invitation_nominate(
            campaign=setup.campaign,
            subject=participant,
            rater_name="Bo Customer",
            rater_email="bo@example.com",
            group="other",
            by=trainer_user,
        )
    (mail,) = mailoutbox
    assert participant.email in mail.to[0]
    assert "Added: Bo Customer (Others)" in mail.body
    # Something is still nominated: the list still waits for the decision.
    assert NominationSubmission.objects.get(subject=participant).decided_at is None


def test_removing_everything_nominated_decides_the_submission(trainer_user) -> None:
    setup, participant = submitted(trainer_user)
    for invitation in Invitation.objects.filter(subject=participant, status="nominated"):
        invitation_remove(invitation=invitation, by=trainer_user)
    decided = NominationSubmission.objects.get(subject=participant)
    assert decided.outcome == "changed"
    assert decided.decided_by == trainer_user
