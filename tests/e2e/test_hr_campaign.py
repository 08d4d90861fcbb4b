"""HR creates a 360 campaign for a cohort, closes it (confirming), releases it; reports go out."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from assessments.models import Campaign, Invitation
from participants.models import HR_GROUP, Participant
from tests import factories
from tests.assessments.campaign_data import fill_raters

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "pass-word-123"  # the factories' password


def _participant(cohort, name: str, name_en: str, language: str) -> Participant:  # type: ignore[no-untyped-def]
    slug = name_en.split()[0].lower()
    participant = factories.ParticipantFactory(
        name=name, name_en=name_en, email=f"{slug}@example.com", language=language, with_user=True
    )
    factories.EnrollmentFactory(participant=participant, cohort=cohort)
    return participant


def _answers_come_in(campaign: Campaign, amira: Participant, carlos: Participant) -> None:
    """Raters answer while the campaign is open: Amira's groups fill, Carlos has one peer."""
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.OPEN)
    fill_raters(campaign, amira, status=Invitation.Status.SUBMITTED)
    fill_raters(
        campaign,
        carlos,
        status=Invitation.Status.SUBMITTED,
        counts={"manager": 1, "peer": 1, "direct_report": 3},
    )
    Invitation.objects.filter(campaign=campaign, subject=amira, group="self").update(
        status=Invitation.Status.SUBMITTED, submitted_at=timezone.now()
    )


def test_hr_creates_closes_and_releases_a_campaign(page: Page) -> None:
    # given an HR officer and a cohort of two participants with accounts
    hr = factories.UserFactory(email="hr.officer@example.com", is_staff=True)
    hr.groups.add(Group.objects.get(name=HR_GROUP))
    cohort = factories.CohortFactory(name="KAM 2027-02")
    amira = _participant(cohort, "阿米拉", "Amira Haddad", "en")
    carlos = _participant(cohort, "卡洛斯", "Carlos Ruiz", "zh-hans")
    framework = factories.FrameworkFactory(name="STROBE")
    factories.ItemFactory.create_batch(3, dimension=factories.DimensionFactory(framework=framework))

    # when HR follows "New campaign for this cohort" from the cohort page and fills the form
    page.goto(f"/accounts/login/?next=/hr/cohorts/{cohort.pk}/")
    page.get_by_label("Email address").fill(hr.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="New campaign for this cohort").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New 360° campaign")
    assert page.url.endswith(f"?cohort={cohort.pk}")
    page.get_by_label("Framework").select_option(label=str(framework))
    page.get_by_label("Name", exact=True).fill("Pre-course 360")
    page.get_by_label("Score 5, English").fill("Always")
    page.get_by_label("Score 5, Chinese").fill("总是")
    page.get_by_role("button", name="Create the campaign").click()

    # then the campaign is a draft of that cohort, labels as typed
    expect(page.get_by_role("heading", level=1)).to_contain_text("Pre-course 360")
    campaign = Campaign.objects.get()
    assert (campaign.cohort_id, campaign.status) == (cohort.pk, Campaign.Status.DRAFT)
    assert campaign.scale_labels["5"] == {"en": "Always", "zh-hans": "总是"}

    # when HR starts the nomination and the raters answer
    page.get_by_role("button", name="Start nomination").click()
    expect(page.locator("h1 .badge")).to_have_text("Nominating raters")
    _answers_come_in(campaign, amira, carlos)
    page.reload()

    # and asks to close it
    page.get_by_role("button", name="Close now").click()

    # then the confirmation says who is short and who has no self-assessment, and nothing changed
    expect(page.get_by_role("heading", level=1)).to_contain_text("Close the campaign?")
    shortfalls = page.locator("#shortfalls li")
    expect(shortfalls).to_have_count(1)
    expect(shortfalls).to_contain_text("Carlos Ruiz 卡洛斯")  # both scripts
    expect(shortfalls).to_contain_text(re.compile(r"1 of 3"))
    expect(page.locator("#without-self li")).to_have_text(["Carlos Ruiz 卡洛斯"])
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.OPEN

    # when HR confirms
    page.get_by_role("button", name="Yes, close the campaign").click()
    expect(page.get_by_role("button", name="Release the reports")).to_be_visible()
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.CLOSED
    assert not [m for m in mail.outbox if f"/me/reports/{campaign.pk}/" in m.body]

    # and releases the reports, confirming again
    page.get_by_role("button", name="Release the reports").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Release the reports?")
    page.get_by_role("button", name="Yes, release the reports").click()
    expect(page.locator("h1 .badge")).to_have_text("Released to participants")

    # then each participant is emailed, in their language, that the report is ready, with its link
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.RELEASED
    ready = {m.to[0]: m for m in mail.outbox if f"/me/reports/{campaign.pk}/" in m.body}
    assert set(ready) == {f"Amira Haddad <{amira.email}>", f"卡洛斯 <{carlos.email}>"}
    assert ready[f"Amira Haddad <{amira.email}>"].subject.startswith("Your 360° report is ready")
    assert ready[f"卡洛斯 <{carlos.email}>"].subject.startswith("您的360°报告已发布")
