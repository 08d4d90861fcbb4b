"""Every change of an invitation's status is recorded by the service that makes it, and HR
(or the cohort's trainer) reads it on the participant's rater page: who, when, from what to
what, in a constant number of queries; the participant never sees it."""

import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import Invitation, InvitationStatusChange
from assessments.services import campaigns as campaign_services
from assessments.services.nominations import invitation_nominate, nominations_approve
from assessments.services.responses import (
    response_decline,
    response_save_draft,
    response_submit,
)
from participants.models import User
from tests.assessments.campaign_data import fill_raters, nominating_campaign

pytestmark = pytest.mark.django_db


def _trail(invitation: Invitation) -> list[tuple[str, str, int | None]]:
    return [
        (change.from_status, change.to_status, change.by_id)
        for change in InvitationStatusChange.objects.filter(invitation=invitation)
    ]


def _nominate(setup, participant, email: str) -> Invitation:  # type: ignore[no-untyped-def]
    if not Invitation.objects.filter(subject=participant, group="manager").exists():
        fill_raters(setup.campaign, participant)  # enough approved raters for the campaign to open
    return invitation_nominate(
        campaign=setup.campaign,
        subject=participant,
        rater_name=f"Rater {email.split('@')[0]}",
        rater_email=email,
        group="peer",
        by=participant.user,
    )


def _items(invitation: Invitation) -> list[int]:
    return list(
        invitation.campaign.framework.dimensions.values_list("items__pk", flat=True).exclude(
            items__pk=None
        )
    )


def test_each_step_from_nomination_to_submission_is_recorded(hr_user: User) -> None:
    # given a peer the participant nominated, approved by HR, invited when the campaign opens
    setup = nominating_campaign(n=1)
    participant = setup.participants[0]
    peer = _nominate(setup, participant, "peer@example.com")
    nominations_approve(campaign=setup.campaign, subject=participant, by=hr_user)
    campaign_services.campaign_open(campaign=setup.campaign, by=hr_user)
    items = _items(peer)

    # when the rater saves a draft, then submits
    peer.refresh_from_db()
    response_save_draft(invitation=peer, scores={items[0]: 3}, comment=None)
    response_save_draft(invitation=peer, scores={items[0]: 4}, comment=None)
    response_submit(invitation=peer, scores=dict.fromkeys(items, 4), comment="Good")

    # then each status it passed through is one row, with who moved it (none: the rater)
    assert _trail(peer) == [
        ("", "nominated", participant.user.pk),
        ("nominated", "approved", hr_user.pk),
        ("approved", "sent", hr_user.pk),
        ("sent", "started", None),
        ("started", "submitted", None),
    ]


def test_a_decline_is_recorded(hr_user: User) -> None:
    setup = nominating_campaign(n=1)
    participant = setup.participants[0]
    peer = _nominate(setup, participant, "no@example.com")
    nominations_approve(campaign=setup.campaign, subject=participant, by=hr_user)
    campaign_services.campaign_open(campaign=setup.campaign, by=hr_user)
    peer.refresh_from_db()

    response_decline(invitation=peer, reason="On leave")

    assert _trail(peer)[-1] == ("sent", "declined", None)


def test_the_self_assessment_records_its_creation_when_the_campaign_opens(hr_user: User) -> None:
    setup = nominating_campaign(n=1)
    fill_raters(setup.campaign, setup.participants[0])

    campaign_services.campaign_open(campaign=setup.campaign, by=hr_user)

    mine = Invitation.objects.get(campaign=setup.campaign, group="self")
    assert _trail(mine) == [("", "approved", None), ("approved", "sent", hr_user.pk)]


def _raters_url(setup, participant) -> str:  # type: ignore[no-untyped-def]
    return reverse(
        "assessments:campaign-raters",
        kwargs={"pk": setup.campaign.pk, "participant_pk": participant.pk},
    )


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_hr_reads_the_history_on_the_raters_page_and_the_participant_cannot(
    hr_user: User,
) -> None:
    setup = nominating_campaign(n=1)
    participant = setup.participants[0]
    _nominate(setup, participant, "ana@example.com")
    nominations_approve(campaign=setup.campaign, subject=participant, by=hr_user)
    campaign_services.campaign_open(campaign=setup.campaign, by=hr_user)
    hr_user.language = "zh-hans"
    hr_user.save(update_fields=["language"])

    page = _client(hr_user).get(_raters_url(setup, participant)).content.decode()

    history = page.split('id="history"', 1)[1]
    assert "邀请历史" in history
    assert "Rater ana · 状态：已批准 → 已邀请" in history
    assert "HR Officer" in history
    assert participant.user is not None
    refused = _client(participant.user).get(_raters_url(setup, participant))
    assert refused.status_code == 404
    assert b'id="history"' not in refused.content


def test_the_raters_page_costs_the_same_queries_for_2_or_5_more_raters(
    hr_user: User, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client = _client(hr_user)

    def count(n: int) -> int:
        setup = nominating_campaign(n=1)
        participant = setup.participants[0]
        for i in range(n):
            _nominate(setup, participant, f"r{n}-{i}@example.com")
        nominations_approve(campaign=setup.campaign, subject=participant, by=hr_user)
        url = _raters_url(setup, participant)
        client.get(url)
        with django_assert_max_num_queries(200) as captured:
            response = client.get(url)
        history = response.content.split(b'id="history"', 1)[1]
        assert history.count(b"<li><time") == 2 * n + 1  # nominated, approved; the self
        return len(captured)

    assert count(2) == count(5)
