"""DESIGN.md §4.10: k, the group limits and the gap threshold never fall once raters are invited,
and every settings change is a campaign event saying what changed."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from assessments.models import Campaign, CampaignEvent, Invitation
from assessments.services import campaigns as services
from tests import factories
from tests.assessments.campaign_data import fill_raters, nominating_campaign

pytestmark = pytest.mark.django_db


def _open_campaign(hr_user) -> Campaign:  # type: ignore[no-untyped-def]
    setup = nominating_campaign(n=1, by=hr_user)
    fill_raters(setup.campaign, setup.participants[0])
    services.campaign_open(campaign=setup.campaign, by=hr_user)
    campaign = Campaign.objects.get(pk=setup.campaign.pk)
    assert Invitation.objects.filter(campaign=campaign, status="sent").exists()
    return campaign


def _settings_events(campaign: Campaign) -> list[CampaignEvent]:
    return list(campaign.events.exclude(changes={}).order_by("pk"))


@pytest.mark.parametrize(
    ("field", "lower"),
    [("min_group_size", 1), ("min_group_size", 2), ("gap_threshold", Decimal("0.50"))],
)
def test_lowering_k_or_the_threshold_after_sending_is_refused(hr_user, field, lower) -> None:
    # given an open campaign (k = 3, threshold 1.00) whose invitations are out
    campaign = _open_campaign(hr_user)
    before = getattr(campaign, field)
    with pytest.raises(ValidationError) as error:
        services.campaign_update(campaign=campaign, by=hr_user, **{field: lower})
    assert field in error.value.message_dict
    campaign.refresh_from_db()
    assert getattr(campaign, field) == before
    assert _settings_events(campaign) == []


def test_raising_k_and_the_threshold_after_sending_is_allowed_and_recorded(hr_user) -> None:
    campaign = _open_campaign(hr_user)
    services.campaign_update(
        campaign=campaign, by=hr_user, min_group_size=4, gap_threshold=Decimal("1.50")
    )
    campaign.refresh_from_db()
    assert (campaign.min_group_size, campaign.gap_threshold) == (4, Decimal("1.50"))
    (event,) = _settings_events(campaign)
    assert event.by == hr_user
    assert event.from_status == event.to_status == Campaign.Status.OPEN
    assert event.changes == {"min_group_size": [3, 4], "gap_threshold": ["1.00", "1.50"]}


def test_group_limits_cannot_fall_once_the_first_invitation_is_sent(hr_user) -> None:
    # the limits are fixed at "open" anyway; a nominating campaign with one invitation already
    # out (the self-assessment, say) is held to the same promise
    setup = nominating_campaign(n=1, by=hr_user)
    campaign = setup.campaign
    Invitation.objects.filter(campaign=campaign, group="self").update(status="sent")
    with pytest.raises(ValidationError) as error:
        services.campaign_update(campaign=campaign, by=hr_user, peer_min=2, other_max=3)
    assert set(error.value.message_dict) == {"peer_min", "other_max"}
    services.campaign_update(campaign=campaign, by=hr_user, peer_max=9)
    campaign.refresh_from_db()
    assert (campaign.peer_min, campaign.peer_max, campaign.other_max) == (3, 9, 5)


def test_before_any_invitation_is_sent_everything_may_still_fall(hr_user) -> None:
    setup = nominating_campaign(n=1, by=hr_user)
    campaign = setup.campaign
    services.campaign_update(
        campaign=campaign, by=hr_user, min_group_size=2, gap_threshold="0.75", peer_min=2
    )
    campaign.refresh_from_db()
    assert (campaign.min_group_size, campaign.gap_threshold, campaign.peer_min) == (
        2,
        Decimal("0.75"),
        2,
    )
    (event,) = _settings_events(campaign)
    assert event.changes == {
        "min_group_size": [3, 2],
        "gap_threshold": ["1.00", "0.75"],
        "peer_min": [3, 2],
    }


def test_every_settings_change_is_an_event_and_a_no_change_is_none(hr_user) -> None:
    campaign = _open_campaign(hr_user)
    later = campaign.closes_at + dt.timedelta(days=2)
    services.campaign_update(campaign=campaign, by=hr_user, name="Renamed", closes_at=later)
    services.campaign_update(campaign=campaign, by=hr_user, name="Renamed")  # nothing changes
    (event,) = _settings_events(campaign)
    assert event.changes["name"] == ["Pre-course 360", "Renamed"]
    before, after = event.changes["closes_at"]
    assert dt.datetime.fromisoformat(after) == later
    assert dt.datetime.fromisoformat(before) == later - dt.timedelta(days=2)


def test_api_lowering_k_after_sending_is_a_400_and_changes_nothing(api_as, hr_user) -> None:
    campaign = _open_campaign(hr_user)
    client = api_as(hr_user)
    response = client.patch(
        f"/api/v1/campaigns/{campaign.pk}/", {"min_group_size": 1}, format="json"
    )
    assert response.status_code == 400
    assert "min_group_size" in response.json()
    campaign.refresh_from_db()
    assert campaign.min_group_size == 3
    response = client.patch(
        f"/api/v1/campaigns/{campaign.pk}/", {"min_group_size": 5}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["min_group_size"] == 5
    assert _settings_events(campaign)[0].changes == {"min_group_size": [3, 5]}


def _admin_form_data(client: Client, campaign: Campaign) -> dict:
    response = client.get(f"/admin/assessments/campaign/{campaign.pk}/change/")
    form = response.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    for name in ("nomination_opens_at", "nomination_closes_at", "opens_at", "closes_at"):
        if name in data:
            value = getattr(campaign, name)
            data.pop(name)
            data[f"{name}_0"] = value.strftime("%Y-%m-%d") if value else ""
            data[f"{name}_1"] = value.strftime("%H:%M:%S") if value else ""
    data.update({"events-TOTAL_FORMS": 0, "events-INITIAL_FORMS": 0})
    return data


def test_admin_lowering_k_after_sending_is_a_form_error(hr_user) -> None:
    campaign = _open_campaign(hr_user)
    client = Client()
    client.force_login(factories.UserFactory(is_staff=True, is_superuser=True))
    data = {**_admin_form_data(client, campaign), "min_group_size": 1}
    response = client.post(f"/admin/assessments/campaign/{campaign.pk}/change/", data)
    assert response.status_code == 200  # the form again, with its error
    assert "min_group_size" in response.context["adminform"].form.errors
    campaign.refresh_from_db()
    assert campaign.min_group_size == 3
    data["min_group_size"] = 4
    response = client.post(f"/admin/assessments/campaign/{campaign.pk}/change/", data)
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.min_group_size == 4
    assert _settings_events(campaign)[0].changes == {"min_group_size": [3, 4]}
