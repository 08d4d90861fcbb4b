import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from assessments.models import Campaign, Invitation
from participants.models import HR_GROUP
from tests import factories
from tests.assessments.campaign_data import (
    cohort_with_participants,
    fill_raters,
    nominating_campaign,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_hr():
    user = factories.UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=HR_GROUP))
    client = Client()
    client.force_login(user)
    return client, user


def test_admin_adds_a_campaign_through_the_service(admin_client_hr) -> None:
    client, user = admin_client_hr
    cohort, _ = cohort_with_participants(n=1)
    framework = factories.FrameworkFactory()
    form = {
        "cohort": cohort.pk,
        "framework": framework.pk,
        "name": "Admin 360",
        "kind": "pre",
        "scale_min": 1,
        "scale_max": 5,
        "scale_labels": "{}",
        "min_group_size": 3,
        "gap_threshold": "1.00",
        "manager_min": 1,
        "manager_max": 1,
        "peer_min": 3,
        "peer_max": 8,
        "direct_report_min": 3,
        "direct_report_max": 8,
        "other_min": 0,
        "other_max": 5,
        "events-TOTAL_FORMS": 0,
        "events-INITIAL_FORMS": 0,
    }
    response = client.post("/admin/assessments/campaign/add/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    campaign = Campaign.objects.get(name="Admin 360")
    assert campaign.status == "draft"
    assert campaign.events.get().by == user


def test_admin_actions_move_campaigns_and_report_refusals(admin_client_hr) -> None:
    client, _user = admin_client_hr
    setup = nominating_campaign(n=1)
    draft = factories.CampaignFactory(status="draft")  # no participants: refused
    response = client.post(
        "/admin/assessments/campaign/",
        {"action": "start_nomination", "_selected_action": [draft.pk]},
        follow=True,
    )
    assert "no confirmed participant" in response.content.decode()
    fill_raters(setup.campaign, setup.participants[0])
    response = client.post(
        "/admin/assessments/campaign/",
        {"action": "open_campaigns", "_selected_action": [setup.campaign.pk]},
        follow=True,
    )
    setup.campaign.refresh_from_db()
    assert setup.campaign.status == "open"
    assert response.status_code == 200


def test_admin_change_page_locks_what_the_status_fixes(admin_client_hr) -> None:
    client, _user = admin_client_hr
    campaign = factories.CampaignFactory(status="open")
    content = client.get(f"/admin/assessments/campaign/{campaign.pk}/change/").content.decode()
    assert 'name="closes_at_0"' in content
    assert 'name="scale_max"' not in content  # shown read-only


def test_admin_reminder_actions(
    admin_client_hr, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    client, _user = admin_client_hr
    now = timezone.now()
    campaign = factories.CampaignFactory(
        status="open", opens_at=now - dt.timedelta(days=9), closes_at=now + dt.timedelta(days=1)
    )
    invitation = factories.InvitationFactory(
        campaign=campaign, status="sent", sent_at=now - dt.timedelta(days=8)
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/assessments/campaign/",
            {"action": "run_scheduled_reminders", "_selected_action": [campaign.pk]},
        )
        client.post(
            "/admin/assessments/campaign/",
            {"action": "run_scheduled_reminders", "_selected_action": [campaign.pk]},
        )
    assert len(mailoutbox) == 1  # never twice for the same step
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/assessments/invitation/",
            {"action": "remind", "_selected_action": [invitation.pk]},
        )
    assert len(mailoutbox) == 2


def test_invitation_admin_is_read_only_and_hides_the_token(admin_client_hr) -> None:
    client, _user = admin_client_hr
    invitation = factories.InvitationFactory(token_hash="f" * 64)
    assert client.get("/admin/assessments/invitation/").status_code == 200
    content = client.get(f"/admin/assessments/invitation/{invitation.pk}/change/").content.decode()
    assert "f" * 64 not in content
    assert client.get("/admin/assessments/invitation/add/").status_code == 403
    assert Invitation.objects.count() == 1


@pytest.mark.parametrize("status", ["draft", "nominating", "open", "closed", "released"])
def test_admin_pages_render_at_every_status(admin_client_hr, status) -> None:
    client, _user = admin_client_hr
    campaign = factories.CampaignFactory(status=status)
    factories.InvitationFactory(campaign=campaign)
    assert client.get("/admin/assessments/campaign/add/").status_code == 200
    assert client.get(f"/admin/assessments/campaign/{campaign.pk}/change/").status_code == 200
    assert client.get("/admin/assessments/campaign/").status_code == 200
    assert client.get("/admin/assessments/reminderlog/").status_code == 200


def test_admin_change_goes_through_the_service(admin_client_hr) -> None:
    client, user = admin_client_hr
    campaign = factories.CampaignFactory(status="draft", name="Old")
    response = client.get(f"/admin/assessments/campaign/{campaign.pk}/change/")
    form = response.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    for name in ("nomination_opens_at", "nomination_closes_at", "opens_at", "closes_at"):
        value = campaign.__dict__[name]
        data.pop(name, None)
        data[f"{name}_0"] = value.strftime("%Y-%m-%d") if value else ""
        data[f"{name}_1"] = value.strftime("%H:%M:%S") if value else ""
    data.update({"name": "New", "events-TOTAL_FORMS": 0, "events-INITIAL_FORMS": 0})
    response = client.post(f"/admin/assessments/campaign/{campaign.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    campaign.refresh_from_db()
    assert campaign.name == "New"
    assert campaign.status == "draft"
