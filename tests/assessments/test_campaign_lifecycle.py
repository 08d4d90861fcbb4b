import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from assessments.models import Campaign, CampaignEvent, Invitation
from assessments.services import campaigns as services
from tests import factories
from tests.assessments.campaign_data import (
    cohort_with_participants,
    fill_raters,
    nominating_campaign,
)

pytestmark = pytest.mark.django_db
Status = Campaign.Status


def events(campaign: Campaign) -> list[tuple[str, str]]:
    return list(campaign.events.values_list("from_status", "to_status"))


def test_campaign_create_is_a_recorded_draft(hr_user) -> None:
    cohort, _ = cohort_with_participants(n=1)
    campaign = services.campaign_create(
        cohort=cohort, framework=factories.FrameworkFactory(), name="Pre", kind="pre", by=hr_user
    )
    assert campaign.status == Status.DRAFT
    event = campaign.events.get()
    assert (event.from_status, event.to_status, event.by) == ("", Status.DRAFT, hr_user)


def test_campaign_create_refuses_naive_time_and_bad_limits(hr_user) -> None:
    cohort, _ = cohort_with_participants(n=1)
    framework = factories.FrameworkFactory()
    with pytest.raises(ValidationError) as error:
        services.campaign_create(
            cohort=cohort,
            framework=framework,
            name="x",
            kind="pre",
            by=hr_user,
            closes_at=dt.datetime(2030, 1, 1),  # naive: the point of the test
        )
    assert "closes_at" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.campaign_create(
            cohort=cohort,
            framework=framework,
            name="x",
            kind="pre",
            by=hr_user,
            peer_min=5,
            peer_max=2,
        )
    assert not Campaign.objects.exists()


def test_start_nomination_creates_one_self_invitation_per_confirmed_participant(hr_user) -> None:
    setup = nominating_campaign(n=3, by=hr_user)
    factories.EnrollmentFactory(
        cohort=setup.cohort, status="waitlisted", waitlisted_at=timezone.now()
    )
    selfs = Invitation.objects.filter(campaign=setup.campaign, group="self")
    assert {i.subject for i in selfs} == set(setup.participants)
    first = selfs.first()
    assert first.rater_email == first.subject.email
    assert first.status == "approved"
    assert events(setup.campaign)[-1] == (Status.DRAFT, Status.NOMINATING)


def test_start_nomination_refuses_a_cohort_without_participants(hr_user) -> None:
    campaign = factories.CampaignFactory(status=Status.DRAFT)
    with pytest.raises(ValidationError, match="no confirmed participant"):
        services.campaign_start_nomination(campaign=campaign, by=hr_user)
    campaign.refresh_from_db()
    assert campaign.status == Status.DRAFT
    assert not campaign.events.exists()


@pytest.mark.parametrize(
    ("status", "service"),
    [
        (Status.NOMINATING, services.campaign_start_nomination),
        (Status.OPEN, services.campaign_start_nomination),
        (Status.DRAFT, services.campaign_open),
        (Status.CLOSED, services.campaign_open),
        (Status.DRAFT, services.campaign_close),
        (Status.NOMINATING, services.campaign_close),
        (Status.RELEASED, services.campaign_close),
        (Status.OPEN, services.campaign_release),
        (Status.RELEASED, services.campaign_release),
    ],
)
def test_transition_refused_from_wrong_status(hr_user, status, service) -> None:
    campaign = factories.CampaignFactory(status=status)
    with pytest.raises(ValidationError) as error:
        service(campaign=campaign, by=hr_user)
    assert error.value.code == "invalid_transition"
    campaign.refresh_from_db()
    assert campaign.status == status
    assert not campaign.events.exists()


def test_open_refuses_while_a_participant_has_too_few_raters(hr_user) -> None:
    setup = nominating_campaign(n=2, by=hr_user)
    first, second = setup.participants
    fill_raters(setup.campaign, first)
    fill_raters(setup.campaign, second, counts={"manager": 1, "peer": 2, "direct_report": 3})
    with pytest.raises(ValidationError) as error:
        services.campaign_open(campaign=setup.campaign, by=hr_user)
    assert str(second) in str(error.value)
    assert "Peers 2 of at least 3" in str(error.value)
    assert str(first) + ":" not in str(error.value)
    setup.campaign.refresh_from_db()
    assert setup.campaign.status == Status.NOMINATING


def test_open_counts_only_approved_raters(hr_user) -> None:
    setup = nominating_campaign(n=1, by=hr_user)
    fill_raters(setup.campaign, setup.participants[0], status="nominated")
    with pytest.raises(ValidationError, match="Manager 0 of at least 1"):
        services.campaign_open(campaign=setup.campaign, by=hr_user)


def test_open_override_needs_hr_and_a_note_and_is_recorded(hr_user, trainer_user) -> None:
    setup = nominating_campaign(n=1, by=hr_user, trainer=trainer_user)
    with pytest.raises(PermissionDenied):  # a trainer does not move campaigns at all
        services.campaign_open(campaign=setup.campaign, by=trainer_user, override=True, note="x")
    with pytest.raises(ValidationError) as error:
        services.campaign_open(campaign=setup.campaign, by=hr_user, override=True, note=" ")
    assert "note" in error.value.message_dict
    services.campaign_open(campaign=setup.campaign, by=hr_user, override=True, note="CEO asked")
    event = setup.campaign.events.last()
    assert event.is_override
    assert event.by == hr_user
    assert event.to_status == Status.OPEN
    assert event.note.startswith("CEO asked")
    assert "Too few raters" in event.note


def test_open_needs_a_future_close_time(hr_user) -> None:
    setup = nominating_campaign(n=1, by=hr_user, closes_at=None)
    fill_raters(setup.campaign, setup.participants[0])
    with pytest.raises(ValidationError) as error:
        services.campaign_open(campaign=setup.campaign, by=hr_user)
    assert "closes_at" in error.value.message_dict


def test_open_sends_the_approved_invitations(
    hr_user, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    setup = nominating_campaign(n=1, by=hr_user)
    fill_raters(setup.campaign, setup.participants[0])
    with django_capture_on_commit_callbacks(execute=True):
        services.campaign_open(campaign=setup.campaign, by=hr_user)
    setup.campaign.refresh_from_db()
    assert setup.campaign.status == Status.OPEN
    assert setup.campaign.opens_at is not None
    assert set(setup.campaign.invitations.values_list("status", flat=True)) == {"sent"}
    assert len(mailoutbox) == 8  # 7 raters + the self-assessment
    event = setup.campaign.events.last()
    assert (event.from_status, event.to_status, event.is_override) == (
        Status.NOMINATING,
        Status.OPEN,
        False,
    )


def test_close_and_release_are_recorded_with_times(hr_user) -> None:
    campaign = factories.CampaignFactory(status=Status.OPEN)
    services.campaign_close(campaign=campaign, by=hr_user)
    services.campaign_release(campaign=campaign, by=hr_user)
    campaign.refresh_from_db()
    assert campaign.status == Status.RELEASED
    assert campaign.closed_at
    assert campaign.released_at
    assert events(campaign) == [(Status.OPEN, Status.CLOSED), (Status.CLOSED, Status.RELEASED)]
    assert all(e.by == hr_user for e in CampaignEvent.objects.filter(campaign=campaign))


def test_campaigns_close_due_closes_only_those_past_their_close_time() -> None:
    now = timezone.now()
    due = factories.CampaignFactory(
        status=Status.OPEN,
        opens_at=now - dt.timedelta(days=9),
        closes_at=now - dt.timedelta(minutes=1),
    )
    later = factories.CampaignFactory(status=Status.OPEN, closes_at=now + dt.timedelta(days=1))
    nominating = factories.CampaignFactory(
        status=Status.NOMINATING,
        opens_at=now - dt.timedelta(days=9),
        closes_at=now - dt.timedelta(days=1),
    )
    assert services.campaigns_close_due(now=now) == 1
    assert services.campaigns_close_due(now=now) == 0  # idempotent
    due.refresh_from_db()
    later.refresh_from_db()
    nominating.refresh_from_db()
    assert (due.status, later.status, nominating.status) == (
        Status.CLOSED,
        Status.OPEN,
        Status.NOMINATING,
    )
    event = due.events.get()
    assert event.by is None
    assert "automatically" in event.summary


def test_campaign_update_refuses_locked_settings_once_open(hr_user) -> None:
    campaign = factories.CampaignFactory(status=Status.OPEN)
    with pytest.raises(ValidationError) as error:
        services.campaign_update(campaign=campaign, by=hr_user, scale_max=7)
    assert "scale_max" in error.value.message_dict
    later = campaign.closes_at + dt.timedelta(days=3)
    services.campaign_update(campaign=campaign, by=hr_user, closes_at=later)
    campaign.refresh_from_db()
    assert campaign.closes_at == later
    assert campaign.scale_max == 5


def test_start_nomination_asks_each_participant_to_nominate(
    hr_user, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    cohort, (first, second) = cohort_with_participants(n=2)
    first.language = "en"
    first.save()
    campaign = factories.CampaignFactory(cohort=cohort, status=Status.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        services.campaign_start_nomination(campaign=campaign, by=hr_user)
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [f"{first.name_en} <{first.email}>", f"{second.name} <{second.email}>"]
    )
    english = next(m for m in mailoutbox if first.email in m.to[0])
    assert f"/me/campaigns/{campaign.pk}/nominate/" in english.body
    assert "Peers: 3 to 8" in english.body
    assert "您好" not in english.body
    chinese = next(m for m in mailoutbox if second.email in m.to[0])
    assert "您好" in chinese.body


def test_participants_confirmed_later_join_when_the_campaign_opens(hr_user) -> None:
    setup = nominating_campaign(n=1, by=hr_user)
    fill_raters(setup.campaign, setup.participants[0])
    late = factories.EnrollmentFactory(cohort=setup.cohort).participant
    with pytest.raises(ValidationError, match=str(late)):
        services.campaign_open(campaign=setup.campaign, by=hr_user)
    assert not Invitation.objects.filter(subject=late).exists()  # refused: nothing changed
    services.campaign_open(campaign=setup.campaign, by=hr_user, override=True, note="Late joiner")
    assert Invitation.objects.filter(campaign=setup.campaign, subject=late, group="self").exists()
