import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.models import Campaign, Invitation
from assessments.selectors.progress import campaign_progress
from tests import factories
from tests.assessments.campaign_data import fill_raters, nominating_campaign

pytestmark = pytest.mark.django_db


def open_campaign_with(n: int, trainer):
    setup = nominating_campaign(n=n, trainer=trainer)
    Campaign.objects.filter(pk=setup.campaign.pk).update(status="open")
    setup.campaign.refresh_from_db()
    for participant in setup.participants:
        raters = fill_raters(setup.campaign, participant, status="sent")
        raters[0].status = "submitted"
        raters[0].submitted_at = timezone.now()
        raters[1].status = "declined"
        raters[2].status = "started"
        Invitation.objects.bulk_update(raters[:3], ["status", "submitted_at"])
        factories.RatingFactory(invitation=raters[0], score=5)
    return setup


def test_progress_counts_per_group_and_status(trainer_user) -> None:
    setup = open_campaign_with(2, trainer_user)
    first = setup.participants[0]
    factories.InvitationFactory(
        campaign=setup.campaign, subject=first, group="other", status="nominated"
    )
    Invitation.objects.filter(subject=first, group="self").update(
        status="submitted", submitted_at=timezone.now()
    )
    progress = campaign_progress(campaign=setup.campaign)
    row = next(s for s in progress.subjects if s.participant == first)
    groups = {g.group: g for g in row.groups}
    assert (groups["manager"].submitted, groups["manager"].invited) == (1, 1)
    assert (groups["peer"].declined, groups["peer"].started, groups["peer"].sent) == (1, 1, 1)
    assert groups["direct_report"].sent == 3
    assert groups["other"].nominated == 1
    assert row.self_status == "submitted"
    assert {i.group for i in row.pending} == {"peer", "direct_report"}
    assert len(row.pending) == 5
    # cohort: 2 × 7 invited, 2 submitted
    assert (progress.invited, progress.submitted, progress.declined) == (14, 2, 2)
    assert progress.response_rate == round(100 * 2 / 14, 1)
    assert progress.self_submitted == 1


def test_progress_page_shows_who_has_not_answered_and_never_scores(trainer_user) -> None:
    setup = open_campaign_with(1, trainer_user)
    client = Client()
    client.force_login(trainer_user)
    response = client.get(f"/campaigns/{setup.campaign.pk}/progress/")
    content = response.content.decode()
    pending = Invitation.objects.filter(
        campaign=setup.campaign, status__in=("sent", "started")
    ).exclude(group="self")
    for invitation in pending:
        assert invitation.rater_email in content
    answered = Invitation.objects.get(campaign=setup.campaign, status="submitted")
    assert answered.rater_email not in content  # only who has not answered is listed
    assert "14.3%" in content or "14,3%" in content  # 1 of 7
    assert "score" not in content.lower()


@pytest.mark.parametrize(
    "url",
    ["/campaigns/{c}/progress/", "/campaigns/", "/me/campaigns/", "/me/campaigns/{c}/nominate/"],
)
def test_page_query_count_is_constant(trainer_user, url) -> None:
    counts = []
    for n in (2, 6):
        setup = open_campaign_with(n, trainer_user)
        Campaign.objects.filter(pk=setup.campaign.pk).update(status="nominating")
        client = Client()
        client.force_login(setup.participants[0].user if url.startswith("/me/") else trainer_user)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url.format(c=setup.campaign.pk))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_trainer_approves_from_the_progress_page(trainer_user) -> None:
    setup = nominating_campaign(n=1, trainer=trainer_user)
    participant = setup.participants[0]
    fill_raters(setup.campaign, participant, status="nominated")
    client = Client()
    client.force_login(trainer_user)
    response = client.get(f"/campaigns/{setup.campaign.pk}/progress/")
    assert b"Approve 7" in response.content
    response = client.post(
        f"/campaigns/{setup.campaign.pk}/participants/{participant.pk}/approve/", follow=True
    )
    assert b"approved" in response.content
    assert set(Invitation.objects.exclude(group="self").values_list("status", flat=True)) == {
        "approved"
    }


def test_staff_edits_a_participants_list(trainer_user) -> None:
    setup = nominating_campaign(n=1, trainer=trainer_user)
    participant = setup.participants[0]
    client = Client()
    client.force_login(trainer_user)
    url = f"/campaigns/{setup.campaign.pk}/participants/{participant.pk}/raters/"
    response = client.post(
        url,
        {
            "action": "add",
            "rater_name": "Li Na",
            "rater_email": "lina@example.com",
            "group": "peer",
        },
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get(rater_email="lina@example.com")
    assert invitation.status == "approved"
    # a duplicate is a form error, nothing created
    response = client.post(
        url,
        {
            "action": "add",
            "rater_name": "Li Na",
            "rater_email": "LINA@example.com",
            "group": "other",
        },
    )
    assert response.status_code == 400
    assert "already a rater" in response.content.decode()
    response = client.post(
        f"/campaigns/{setup.campaign.pk}/invitations/{invitation.pk}/edit/",
        {
            "rater_name": "Li Na",
            "rater_email": "na.li@example.com",
            "group": "peer",
            "rater_language": "zh-hans",
        },
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert (invitation.rater_email, invitation.rater_language) == ("na.li@example.com", "zh-hans")
    client.post(url, {"action": "remove", "invitation": invitation.pk})
    assert not Invitation.objects.filter(pk=invitation.pk).exists()


def test_reminder_buttons(trainer_user, mailoutbox, django_capture_on_commit_callbacks) -> None:
    setup = open_campaign_with(1, trainer_user)
    Campaign.objects.filter(pk=setup.campaign.pk).update(
        closes_at=timezone.now() + dt.timedelta(days=3)
    )
    client = Client()
    client.force_login(trainer_user)
    one = (
        Invitation.objects.filter(campaign=setup.campaign, status="sent")
        .exclude(group="self")
        .first()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/campaigns/{setup.campaign.pk}/remind/", {"invitation": one.pk}, follow=True
        )
    assert b"1 reminder sent" in response.content
    assert len(mailoutbox) == 1
    assert one.rater_email in mailoutbox[0].to[0]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/campaigns/{setup.campaign.pk}/remind/", {"confirm": "1"}, follow=True
        )
    assert b"Reminders sent: 5 raters and 0 self-assessments." in response.content
    assert len(mailoutbox) == 1 + 5  # every pending rater (self-assessment not sent in this set-up)


def test_hr_opens_with_an_override_from_the_page(hr_user) -> None:
    setup = nominating_campaign(n=1)
    client = Client()
    client.force_login(hr_user)
    url = f"/campaigns/{setup.campaign.pk}/status/open/"
    response = client.post(url, follow=True)
    assert b"enough approved raters" in response.content
    response = client.post(url, {"override": "on", "note": "Pilot group"}, follow=True)
    setup.campaign.refresh_from_db()
    assert setup.campaign.status == "open"
    event = setup.campaign.events.last()
    assert event.is_override
    assert event.by == hr_user
