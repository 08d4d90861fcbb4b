"""HR enrols several people at once from the cohort page; the one beyond capacity is waitlisted."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import Page, expect

from participants.models import HR_GROUP, Enrollment
from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "pass-word-123"  # the factories' password


def test_hr_ticks_and_pastes_people_and_sees_one_summary(page: Page) -> None:
    # given a cohort with two places, one of them taken
    hr = factories.UserFactory(email="hr.officer@example.com", is_staff=True)
    hr.groups.add(Group.objects.get(name=HR_GROUP))
    cohort = factories.CohortFactory(name="KAM 2027-03", capacity=2)
    taken = factories.ParticipantFactory(name_en="Lena Vogel", email="lena@acme.example")
    factories.EnrollmentFactory(participant=taken, cohort=cohort)
    amira = factories.ParticipantFactory(name_en="Amira Haddad", email="amira@acme.example")
    carlos = factories.ParticipantFactory(name_en="Carlos Ruiz", email="carlos@acme.example")
    wang = factories.ParticipantFactory(name_en="Wang Fang", email="wang.fang@example.com")

    # when HR opens the cohort page, searches and ticks two people in order
    page.goto(f"/accounts/login/?next=/hr/cohorts/{cohort.pk}/")
    page.get_by_label("Email address").fill(hr.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#enrol")).to_contain_text("1 place is free")
    page.get_by_label("Search participants").fill("acme.example")
    page.get_by_role("button", name="Search").click()
    results = page.locator("#enrol-selected")
    expect(results).not_to_contain_text("Lena Vogel")  # already enrolled: not offered
    results.get_by_label("Amira Haddad").check()
    results.get_by_label("Carlos Ruiz").check()
    page.get_by_role("button", name="Enrol the ticked people").click()

    # then one summary: the first takes the free place, the second joins the waitlist
    summary = page.locator("ul.messages")
    expect(summary).to_contain_text("Confirmed (1): Amira Haddad.")
    expect(summary).to_contain_text("Waitlisted, the cohort is full (1): Carlos Ruiz.")
    expect(page.locator("#waitlist tbody tr")).to_have_count(1)
    expect(page.locator("#waitlist tbody")).to_contain_text("Carlos Ruiz")
    statuses = dict(
        Enrollment.objects.filter(cohort=cohort).values_list("participant__name_en", "status")
    )
    assert statuses == {
        "Lena Vogel": "confirmed",
        "Amira Haddad": "confirmed",
        "Carlos Ruiz": "waitlisted",
    }

    # when HR pastes one new email, one enrolled person and one nobody has
    page.get_by_label("Or paste emails or employee numbers").fill(
        f"{wang.email}\n{amira.employee_number}, nobody@example.com"
    )
    page.get_by_role("button", name="Enrol the pasted people").click()

    # then each outcome is counted once, and the page after a reload keeps them
    expect(summary).to_contain_text("Waitlisted, the cohort is full (1): Wang Fang.")
    expect(summary).to_contain_text("Already enrolled (1): Amira Haddad.")
    expect(summary).to_contain_text("(1): nobody@example.com.")
    page.reload()
    expect(page.locator("#waitlist tbody tr")).to_contain_text(["Carlos Ruiz", "Wang Fang"])
    assert Enrollment.objects.get(participant=wang).status == Enrollment.Status.WAITLISTED
    assert Enrollment.objects.filter(participant=carlos).count() == 1
