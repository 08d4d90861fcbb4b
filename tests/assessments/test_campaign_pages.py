"""HR's campaign pages: create and edit, confirm close and release, preview reminders."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.models import Campaign, Invitation
from assessments.services.campaigns import campaign_update
from tests import factories
from tests.assessments.campaign_data import nominating_campaign
from tests.assessments.test_progress import open_campaign_with

pytestmark = pytest.mark.django_db


def _form_data(cohort, framework, **extra):  # type: ignore[no-untyped-def]
    data = {
        "cohort": cohort.pk,
        "framework": framework.pk,
        "name": "Pre 360",
        "kind": "pre",
        "min_group_size": 3,
        "gap_threshold": "1.00",
        "manager_min": 1,
        "manager_max": 1,
        "peer_min": 3,
        "peer_max": 8,
        "direct_report_min": 0,
        "direct_report_max": 8,
        "other_min": 0,
        "other_max": 5,
        "scale_min": 1,
        "scale_max": 5,
        "label_1_en": "Rarely",
        "label_1_zh_hans": "很少",
        "label_5_en": "Always",
    }
    return data | extra


def test_hr_creates_a_campaign_with_labels_as_fields(client: Client, hr_user) -> None:  # type: ignore[no-untyped-def]
    cohort = factories.CohortFactory()
    framework = factories.FrameworkFactory()
    client.force_login(hr_user)
    page = client.get(reverse("assessments:campaign-create")).content.decode()
    assert 'name="label_5_zh_hans"' in page
    assert "scale_labels" not in page
    response = client.post(reverse("assessments:campaign-create"), _form_data(cohort, framework))
    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert campaign.status == "draft"
    assert campaign.scale_labels == {
        "1": {"en": "Rarely", "zh-hans": "很少"},
        "5": {"en": "Always"},
    }
    assert campaign.events.get().summary == "Created."


def test_bad_settings_are_a_clear_400(client: Client, hr_user) -> None:  # type: ignore[no-untyped-def]
    cohort = factories.CohortFactory()
    framework = factories.FrameworkFactory()
    client.force_login(hr_user)
    response = client.post(
        reverse("assessments:campaign-create"),
        _form_data(cohort, framework, peer_min=9, peer_max=2, scale_max=99),
    )
    assert response.status_code == 400
    assert not Campaign.objects.exists()


def test_k_cannot_be_lowered_after_sending_from_the_page(
    client: Client, hr_user, trainer_user
) -> None:  # type: ignore[no-untyped-def]
    setup = open_campaign_with(1, trainer_user)
    campaign = setup.campaign
    client.force_login(hr_user)
    url = reverse("assessments:campaign-edit", kwargs={"pk": campaign.pk})
    data = _form_data(campaign.cohort, campaign.framework, name=campaign.name, min_group_size=2)
    data["closes_at"] = timezone.localtime(campaign.closes_at).strftime("%Y-%m-%dT%H:%M")
    response = client.post(url, data)
    assert response.status_code == 400
    assert "can be raised but not lowered" in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.min_group_size == 3
    response = client.post(url, data | {"min_group_size": 4})
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.min_group_size == 4
    assert campaign.events.last().changes["min_group_size"] == [3, 4]


def test_close_asks_first_and_shows_what_will_happen(client: Client, hr_user, trainer_user) -> None:  # type: ignore[no-untyped-def]
    setup = open_campaign_with(1, trainer_user)
    campaign = setup.campaign
    client.force_login(hr_user)
    url = reverse(
        "assessments:campaign-transition", kwargs={"pk": campaign.pk, "transition": "close"}
    )
    client.post(url)  # no confirmation: nothing happens
    campaign.refresh_from_db()
    assert campaign.status == "open"
    page = client.get(url).content.decode()
    assert str(setup.participants[0]) in page[page.index('id="shortfalls"') :]
    assert str(setup.participants[0]) in page[page.index('id="without-self"') :]
    client.post(url, {"confirm": "1"})
    campaign.refresh_from_db()
    assert campaign.status == "closed"


def test_release_emails_each_participant(
    client: Client, hr_user, trainer_user, mailoutbox, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    setup = open_campaign_with(2, trainer_user)
    Campaign.objects.filter(pk=setup.campaign.pk).update(status="closed")
    client.force_login(hr_user)
    url = reverse(
        "assessments:campaign-transition", kwargs={"pk": setup.campaign.pk, "transition": "release"}
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"confirm": "1"})
    setup.campaign.refresh_from_db()
    assert setup.campaign.status == "released"
    assert sorted(m.to[0].split("<")[-1].rstrip(">") for m in mailoutbox) == sorted(
        p.email for p in setup.participants
    )
    assert f"/me/reports/{setup.campaign.pk}/" in mailoutbox[0].body


def test_remind_preview_counts_without_naming_raters(client: Client, trainer_user) -> None:  # type: ignore[no-untyped-def]
    setup = open_campaign_with(1, trainer_user)
    Campaign.objects.filter(pk=setup.campaign.pk).update(
        closes_at=timezone.now() + dt.timedelta(days=3)
    )
    Invitation.objects.filter(campaign=setup.campaign, group="self").update(status="sent")
    client.force_login(trainer_user)
    page = client.get(reverse("assessments:campaign-remind", kwargs={"pk": setup.campaign.pk}))
    html = page.content.decode()
    pending = Invitation.objects.filter(campaign=setup.campaign, status__in=("sent", "started"))
    first = setup.participants[0]
    names = f'{first.name_en} <span class="other-name" lang="zh-hans">{first.name}</span>'
    assert f"{names}: {pending.exclude(group='self').count()} raters" in html
    for invitation in pending.exclude(group="self"):
        assert invitation.rater_name not in html
        assert invitation.rater_email not in html


@pytest.mark.parametrize(("who", "expected"), [("hr", 200), ("trainer", 403), ("other", 404)])
def test_edit_page_permissions(client: Client, hr_user, trainer_user, who, expected) -> None:  # type: ignore[no-untyped-def]
    setup = nominating_campaign(n=1, trainer=trainer_user)
    users = {"hr": hr_user, "trainer": trainer_user, "other": setup.participants[0].user}
    client.force_login(users[who])
    url = reverse("assessments:campaign-edit", kwargs={"pk": setup.campaign.pk})
    assert client.get(url).status_code == expected
    create = client.get(reverse("assessments:campaign-create")).status_code
    assert create == (200 if who == "hr" else 404)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", [("Li Ming", "李明"), ("Wu Di", "吴迪")]),
        ("zh-hans", [("吴迪", "Wu Di"), ("李明", "Li Ming")]),
    ],
)
def test_progress_lists_both_scripts_in_the_viewers_order(
    client: Client, trainer_user, language, expected
) -> None:  # type: ignore[no-untyped-def]
    setup = nominating_campaign(n=2, trainer=trainer_user)
    for participant, (name, name_en) in zip(
        setup.participants, [("李明", "Li Ming"), ("吴迪", "Wu Di")], strict=True
    ):
        participant.name, participant.name_en = name, name_en
        participant.save(update_fields=["name", "name_en"])
    trainer_user.language = language
    trainer_user.save(update_fields=["language"])
    client.force_login(trainer_user)
    url = reverse("assessments:campaign-progress", kwargs={"pk": setup.campaign.pk})
    html = client.get(url).content.decode()
    table = html[html.index('class="campaign-table"') :]
    found = re.findall(r'<td>([^<]+?) <span class="other-name" lang="[^"]+">([^<]*)</span>', table)
    assert found[:2] == expected


def test_the_history_speaks_the_readers_language(client: Client, hr_user) -> None:  # type: ignore[no-untyped-def]
    # given a campaign created and edited by HR working in English
    client.force_login(hr_user)
    client.post(
        reverse("assessments:campaign-create"),
        _form_data(factories.CohortFactory(), factories.FrameworkFactory()),
    )
    campaign = campaign_update(campaign=Campaign.objects.get(), by=hr_user, name="Renamed")
    # when a reader who works in Chinese opens its progress
    hr_user.language = "zh-hans"
    hr_user.save(update_fields=["language"])
    url = reverse("assessments:campaign-progress", kwargs={"pk": campaign.pk})
    html = client.get(url).content.decode()
    history = html[html.index("<h2>历史") :]
    # then every recorded step reads in Chinese
    assert "已创建。" in history
    assert "设置已修改。" in history
    assert "Created." not in history
    assert "Settings changed." not in history
