import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from assessments.models import Campaign, Invitation
from assessments.services import campaigns as campaign_services
from assessments.services.nominations import (
    invitation_nominate,
    invitation_remove,
    invitation_update,
    nominations_approve,
    nominations_submit,
)
from tests import factories
from tests.assessments.campaign_data import fill_raters, nominating_campaign

pytestmark = pytest.mark.django_db


def nominate(setup, participant=None, *, by=None, email="peer@example.com", group="peer", **kw):
    participant = participant or setup.participants[0]
    return invitation_nominate(
        campaign=setup.campaign,
        subject=participant,
        rater_name=kw.pop("rater_name", "Ana Peer"),
        rater_email=email,
        group=group,
        by=by or participant.user,
        **kw,
    )


def test_participant_nominates_a_rater_who_waits_for_approval() -> None:
    setup = nominating_campaign(n=1)
    invitation = nominate(setup, email=" Ana.Peer@Example.COM ", rater_language="en")
    assert invitation.status == Invitation.Status.NOMINATED
    assert invitation.rater_email == "ana.peer@example.com"
    assert invitation.rater_language == "en"
    assert invitation.token_hash is None
    assert invitation.approved_at is None


def test_trainer_or_hr_nominates_an_approved_rater(trainer_user, hr_user) -> None:
    setup = nominating_campaign(n=1, trainer=trainer_user)
    assert nominate(setup, by=trainer_user).status == Invitation.Status.APPROVED
    assert nominate(setup, by=hr_user, email="b@example.com").status == Invitation.Status.APPROVED


def test_someone_else_cannot_nominate(trainer_user) -> None:
    setup = nominating_campaign(n=2)
    other_participant = setup.participants[1]
    with pytest.raises(PermissionDenied):
        nominate(setup, by=other_participant.user)
    with pytest.raises(PermissionDenied):
        nominate(setup, by=trainer_user)  # not a trainer of this cohort
    assert not Invitation.objects.exclude(group="self").exists()


def test_rater_email_must_not_be_the_participants_own() -> None:
    setup = nominating_campaign(n=1)
    participant = setup.participants[0]
    with pytest.raises(ValidationError) as error:
        nominate(setup, email=participant.email.upper())
    assert "own email" in error.value.message_dict["rater_email"][0]


def test_the_same_rater_twice_is_a_clear_error() -> None:
    setup = nominating_campaign(n=2)
    nominate(setup, email="same@example.com")
    with pytest.raises(ValidationError) as error:
        nominate(setup, email="SAME@example.com", group="other")
    assert "already a rater" in error.value.message_dict["rater_email"][0]
    # another participant may name the same person
    nominate(setup, setup.participants[1], email="same@example.com")


def test_group_maximum_is_enforced() -> None:
    setup = nominating_campaign(n=1)
    nominate(setup, email="boss@example.com", group="manager")
    with pytest.raises(ValidationError) as error:
        nominate(setup, email="boss2@example.com", group="manager")
    assert "At most 1" in error.value.message_dict["group"][0]


def test_a_declined_rater_frees_a_place() -> None:
    setup = nominating_campaign(n=1)
    factories.InvitationFactory(
        campaign=setup.campaign, subject=setup.participants[0], group="manager", status="declined"
    )
    assert nominate(setup, email="boss@example.com", group="manager").group == "manager"


def test_self_group_and_bad_input_are_refused() -> None:
    setup = nominating_campaign(n=1)
    with pytest.raises(ValidationError) as error:
        nominate(setup, group="self", email="x@example.com", rater_name=" ")
    assert {"group", "rater_name"} <= set(error.value.message_dict)
    with pytest.raises(ValidationError) as error:
        nominate(setup, email="not-an-email")
    assert "rater_email" in error.value.message_dict


def test_participant_nominates_only_while_nominating(hr_user) -> None:
    setup = nominating_campaign(n=1)
    fill_raters(setup.campaign, setup.participants[0])
    campaign_services.campaign_open(campaign=setup.campaign, by=hr_user)
    with pytest.raises(ValidationError, match="Nominations are closed"):
        nominate(setup)
    # HR may still add a late rater while the campaign is open
    assert nominate(setup, by=hr_user).status == Invitation.Status.APPROVED


def test_participant_respects_the_nomination_window() -> None:
    now = timezone.now()
    setup = nominating_campaign(
        n=1,
        nomination_opens_at=now - dt.timedelta(days=3),
        nomination_closes_at=now - dt.timedelta(minutes=1),
    )
    with pytest.raises(ValidationError, match="deadline has passed"):
        nominate(setup)


def test_draft_campaign_has_no_subjects(hr_user) -> None:
    campaign = factories.CampaignFactory(status=Campaign.Status.NOMINATING)
    participant = factories.ParticipantFactory(with_user=True)
    with pytest.raises(ValidationError, match="not a participant"):
        invitation_nominate(
            campaign=campaign,
            subject=participant,
            rater_name="x",
            rater_email="x@example.com",
            group="peer",
            by=hr_user,
        )


def test_update_checks_like_nominate_and_only_before_sending(trainer_user) -> None:
    setup = nominating_campaign(n=1, trainer=trainer_user)
    participant = setup.participants[0]
    first = nominate(setup, email="a@example.com")
    nominate(setup, email="b@example.com")
    with pytest.raises(ValidationError) as error:
        invitation_update(invitation=first, by=participant.user, rater_email="b@example.com")
    assert "rater_email" in error.value.message_dict
    invitation_update(invitation=first, by=participant.user, rater_name="Ana B.", group="other")
    first.refresh_from_db()
    assert (first.rater_name, first.group) == ("Ana B.", "other")
    first.status = Invitation.Status.SENT
    first.save()
    with pytest.raises(ValidationError, match="already been invited"):
        invitation_update(invitation=first, by=trainer_user, rater_name="X")


def test_participant_cannot_change_an_approved_rater(trainer_user) -> None:
    setup = nominating_campaign(n=1, trainer=trainer_user)
    invitation = nominate(setup, by=trainer_user)
    with pytest.raises(ValidationError, match="approved"):
        invitation_remove(invitation=invitation, by=setup.participants[0].user)
    invitation_remove(invitation=invitation, by=trainer_user)
    assert not Invitation.objects.filter(pk=invitation.pk).exists()


def test_remove_never_deletes_a_sent_invitation(hr_user) -> None:
    setup = nominating_campaign(n=1)
    sent = factories.InvitationFactory(
        campaign=setup.campaign, subject=setup.participants[0], status="sent"
    )
    with pytest.raises(ValidationError, match="stays on record"):
        invitation_remove(invitation=sent, by=hr_user)
    self_invitation = Invitation.objects.get(campaign=setup.campaign, group="self")
    with pytest.raises(ValidationError, match="self-assessment"):
        invitation_remove(invitation=self_invitation, by=hr_user)
    assert Invitation.objects.filter(pk__in=[sent.pk, self_invitation.pk]).count() == 2


def test_submit_checks_the_limits(mailoutbox) -> None:
    setup = nominating_campaign(n=1)
    nominate(setup, email="a@example.com")
    with pytest.raises(ValidationError) as error:
        nominations_submit(
            campaign=setup.campaign, subject=setup.participants[0], by=setup.participants[0].user
        )
    message = " ".join(error.value.messages)
    assert "Manager: 1 more needed" in message
    assert "Peers: 2 more needed" in message
    assert "Others" not in message  # 0 others is within 0–5
    assert mailoutbox == []


def test_submit_tells_the_trainers(
    trainer_user, django_capture_on_commit_callbacks, mailoutbox
) -> None:
    setup = nominating_campaign(n=1, trainer=trainer_user)
    participant = setup.participants[0]
    fill_raters(setup.campaign, participant, status="nominated")
    with django_capture_on_commit_callbacks(execute=True):
        counts = nominations_submit(
            campaign=setup.campaign, subject=participant, by=participant.user
        )
    assert counts == {"manager": 1, "peer": 3, "direct_report": 3}
    (mail,) = mailoutbox
    assert trainer_user.email in mail.to[0]
    assert participant.name in mail.body
    assert "/campaigns/" in mail.body
    assert "progress" in mail.body


def test_approve_approves_the_nominated_raters(trainer_user) -> None:
    setup = nominating_campaign(n=2, trainer=trainer_user)
    mine = fill_raters(setup.campaign, setup.participants[0], status="nominated")
    theirs = fill_raters(setup.campaign, setup.participants[1], status="nominated")
    assert (
        nominations_approve(campaign=setup.campaign, subject=setup.participants[0], by=trainer_user)
        == 7
    )
    assert {i.status for i in Invitation.objects.filter(pk__in=[i.pk for i in mine])} == {
        "approved"
    }
    assert {i.status for i in Invitation.objects.filter(pk__in=[i.pk for i in theirs])} == {
        "nominated"
    }
    with pytest.raises(ValidationError, match="no nominated rater"):
        nominations_approve(campaign=setup.campaign, subject=setup.participants[0], by=trainer_user)
    with pytest.raises(PermissionDenied):
        nominations_approve(
            campaign=setup.campaign, subject=setup.participants[1], by=setup.participants[1].user
        )


def test_approving_while_open_sends_at_once(
    hr_user, django_capture_on_commit_callbacks, mailoutbox
) -> None:
    setup = nominating_campaign(n=1)
    participant = setup.participants[0]
    fill_raters(setup.campaign, participant)
    with django_capture_on_commit_callbacks(execute=True):
        campaign_services.campaign_open(campaign=setup.campaign, by=hr_user)
    late = factories.InvitationFactory(
        campaign=setup.campaign, subject=participant, group="other", status="nominated"
    )
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        nominations_approve(campaign=setup.campaign, subject=participant, by=hr_user)
    late.refresh_from_db()
    assert late.status == "sent"
    assert late.token_hash
    # The rater gets their link; the participant hears that the list is approved.
    recipients = sorted(m.to[0] for m in mailoutbox)
    assert f"{late.rater_name} <{late.rater_email}>" in recipients
    assert len(recipients) == 2
    assert any(participant.email in r for r in recipients)


# ---- the page in My Zone -------------------------------------------------------------------


def page_client(participant):
    from django.test import Client

    client = Client()
    client.force_login(participant.user)
    return client


def test_nomination_page_adds_removes_and_shows_what_is_missing() -> None:
    setup = nominating_campaign(n=1)
    participant = setup.participants[0]
    client = page_client(participant)
    url = f"/me/campaigns/{setup.campaign.pk}/nominate/"
    content = client.get(url).content.decode()
    assert "Manager: 1 more needed" in content
    assert "Peers: 3 more needed" in content
    response = client.post(
        url,
        {
            "action": "add",
            "rater_name": "Boss",
            "rater_email": "boss@example.com",
            "group": "manager",
        },
    )
    assert response.status_code == 302
    content = client.get(url).content.decode()
    assert "boss@example.com" in content
    assert "Manager: 1 more needed" not in content
    response = client.post(
        url,
        {
            "action": "add",
            "rater_name": "Boss 2",
            "rater_email": "boss2@example.com",
            "group": "manager",
        },
    )
    assert response.status_code == 400
    assert "At most 1" in response.content.decode()
    invitation = Invitation.objects.get(rater_email="boss@example.com")
    client.post(url, {"action": "remove", "invitation": invitation.pk})
    assert not Invitation.objects.filter(pk=invitation.pk).exists()


def test_nomination_page_submit(
    trainer_user, django_capture_on_commit_callbacks, mailoutbox
) -> None:
    setup = nominating_campaign(n=1, trainer=trainer_user)
    participant = setup.participants[0]
    client = page_client(participant)
    url = f"/me/campaigns/{setup.campaign.pk}/nominate/"
    response = client.post(url, {"action": "submit"}, follow=True)
    assert "more needed" in response.content.decode()
    fill_raters(setup.campaign, participant, status="nominated")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "submit"}, follow=True)
    assert "sent to your trainer" in response.content.decode()
    assert len(mailoutbox) == 1


def test_participant_edits_own_nominated_rater() -> None:
    setup = nominating_campaign(n=1)
    participant = setup.participants[0]
    invitation = nominate(setup, email="a@example.com")
    client = page_client(participant)
    url = f"/me/campaigns/{setup.campaign.pk}/nominate/{invitation.pk}/edit/"
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"rater_name": "Ana", "rater_email": "ana@example.com", "group": "other"}
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert (invitation.rater_email, invitation.group) == ("ana@example.com", "other")


def test_my_campaigns_page_lists_what_is_missing() -> None:
    setup = nominating_campaign(n=1)
    content = page_client(setup.participants[0]).get("/me/campaigns/").content.decode()
    assert setup.campaign.name in content
    assert "Still missing" in content
    assert f"/me/campaigns/{setup.campaign.pk}/nominate/" in content


def test_someone_elses_invitation_is_404() -> None:
    setup = nominating_campaign(n=2)
    theirs = nominate(setup, setup.participants[1], email="x@example.com")
    client = page_client(setup.participants[0])
    base = f"/me/campaigns/{setup.campaign.pk}/nominate/"
    assert client.get(f"{base}{theirs.pk}/edit/").status_code == 404
    assert client.post(base, {"action": "remove", "invitation": theirs.pk}).status_code == 404
    assert Invitation.objects.filter(pk=theirs.pk).exists()


def test_trainer_is_told_in_their_language(
    trainer_user, django_capture_on_commit_callbacks, mailoutbox
) -> None:
    trainer_user.language = "zh-hans"
    trainer_user.save()
    setup = nominating_campaign(n=1, trainer=trainer_user)
    participant = setup.participants[0]
    fill_raters(setup.campaign, participant, status="nominated")
    with django_capture_on_commit_callbacks(execute=True):
        nominations_submit(campaign=setup.campaign, subject=participant, by=participant.user)
    (mail,) = mailoutbox
    assert "您好" in mail.body
    assert "同级：3" in mail.body
    assert "Dear" not in mail.body


def test_nomination_page_in_chinese() -> None:
    setup = nominating_campaign(n=1)
    participant = setup.participants[0]
    participant.user.language = "zh-hans"
    participant.user.save()
    content = (
        page_client(participant)
        .get(f"/me/campaigns/{setup.campaign.pk}/nominate/")
        .content.decode()
    )
    assert "尚缺" in content
    assert "同级：还需 3 人" in content


def test_nominations_todo_tag_for_my_zone() -> None:
    from django.template import Context, Template
    from django.test import RequestFactory

    setup = nominating_campaign(n=1)
    request = RequestFactory().get("/me/")
    request.user = setup.participants[0].user
    html = Template("{% load campaigns %}{% nominations_todo %}").render(
        Context({"request": request})
    )
    assert setup.campaign.name in html
    assert "Manager: 1 more needed" in html
    assert f"/me/campaigns/{setup.campaign.pk}/nominate/" in html
