"""Every user reaches their pages from their home by links: nobody has to type a URL.

Each role starts at `/`, follows the redirect to their home, finds the links to their main pages
and each of those pages answers 200.
"""

import datetime as dt
import re
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.models import Campaign
from assessments.services import campaigns as campaign_services
from assessments.services.responses import response_submit
from courses.models import Item
from participants.models import User
from participants.services.enrollment import enrollment_create
from tests.assessments.report_ui_world import ReportWorld, released_world

pytestmark = pytest.mark.django_db

HREF = re.compile(r'href="([^"]+)"')


@dataclass
class Programme:
    """吴迪's cohort: a released pre-course campaign, a post-course one nominating, one open."""

    world: ReportWorld
    released: Campaign
    nominating: Campaign
    open: Campaign

    @property
    def hr(self) -> User:
        hr: User = self.world.users["hr"]
        return hr


def _campaign(world: ReportWorld, *, name: str, kind: str, by: User) -> Campaign:
    campaign = campaign_services.campaign_create(
        cohort=world.campaign.cohort,
        framework=world.campaign.framework,
        name=name,
        kind=kind,
        by=by,
        closes_at=timezone.now() + dt.timedelta(days=14),
    )
    return campaign_services.campaign_start_nomination(campaign=campaign, by=by)


@pytest.fixture
def programme() -> Programme:
    world = released_world()
    hr = world.users["hr"]
    hr.is_staff = True  # as in the demo: HR imports participants in the admin
    hr.save(update_fields=["is_staff"])
    enrollment_create(participant=world.subject, cohort=world.campaign.cohort, by=hr)
    nominating = _campaign(world, name="Post-course 360", kind=Campaign.Kind.POST, by=hr)
    opened = _campaign(world, name="Mid-course 360", kind=Campaign.Kind.OTHER, by=hr)
    campaign_services.campaign_open(campaign=opened, by=hr, override=True, note="Test.")
    return Programme(world=world, released=world.campaign, nominating=nominating, open=opened)


def home(client: Client, user: User, expected_home: str) -> str:
    """Log in, open `/`, land on the role's home; return the home page's HTML."""
    client.force_login(user)
    response = client.get("/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == expected_home
    return response.content.decode()


def links(html: str) -> set[str]:
    return set(HREF.findall(html))


def main_links(html: str) -> set[str]:
    """The site's own links in the page's <main> (not the menu, no downloads)."""
    main = html[html.index("<main") : html.index("</main>")]
    return {
        href for href in links(main) if href.startswith("/") and not href.endswith((".pdf", ".ics"))
    }


def assert_all_answer_200(client: Client, hrefs: set[str]) -> None:
    statuses = {href: client.get(href).status_code for href in sorted(hrefs)}
    assert statuses == dict.fromkeys(statuses, 200)


def test_participant_reaches_every_step_of_their_360_from_my_zone(
    client: Client, programme: Programme
) -> None:
    page = home(client, programme.world.subject.user, reverse("participants:me"))

    released, nominating, opened = programme.released, programme.nominating, programme.open
    expected = {
        reverse("assessments:campaign-nominate", args=[nominating.pk]),
        reverse("assessments:invitation-self", args=[opened.pk]),
        reverse("assessments:me-report", args=[released.pk]),
        reverse("assessments:me-action-plan", args=[released.pk]),
        reverse("assessments:campaign-mine"),
        reverse("assessments:me-report-list"),
    }
    assert expected <= main_links(page)
    # Nothing to nominate or answer in a released campaign; no report before release.
    assert reverse("assessments:me-report", args=[opened.pk]) not in page
    assert reverse("assessments:invitation-self", args=[released.pk]) not in page
    # The menu's 360° entry is the participant's campaigns.
    assert reverse("assessments:campaign-mine") in links(page[: page.index("<main")])
    assert_all_answer_200(client, main_links(page))

    # The campaigns page offers the same next steps.
    mine = client.get(reverse("assessments:campaign-mine")).content.decode()
    assert expected - {reverse("assessments:campaign-mine")} <= main_links(mine)


def test_my_zone_says_when_the_self_assessment_is_done(
    client: Client, programme: Programme
) -> None:
    invitation = programme.open.invitations.get(subject=programme.world.subject, group="self")
    items = Item.objects.filter(dimension__framework=programme.open.framework)
    response_submit(invitation=invitation, scores={item.pk: 4 for item in items})

    page = home(client, programme.world.subject.user, reverse("participants:me"))

    assert reverse("assessments:invitation-self", args=[programme.open.pk]) not in page
    assert "Self-assessment submitted" in page


def test_trainer_reaches_progress_debrief_and_reports_from_their_home(
    client: Client, programme: Programme
) -> None:
    trainer = programme.world.trainer
    released, nominating = programme.released, programme.nominating
    cohort = released.cohort
    page = home(client, trainer, reverse("participants:trainer-home"))

    debrief = reverse("assessments:cohort-debrief", args=[released.pk])
    expected = {
        reverse("participants:cohort-roster", args=[cohort.pk]),
        reverse("assessments:campaign-progress", args=[released.pk]),
        reverse("assessments:campaign-progress", args=[nominating.pk]),
        debrief,
    }
    assert expected <= main_links(page)
    # No debrief before the campaign closes.
    assert reverse("assessments:cohort-debrief", args=[nominating.pk]) not in page
    assert reverse("assessments:campaign-list") in links(page[: page.index("<main")])
    assert_all_answer_200(client, main_links(page))

    # The roster links to the same campaign pages.
    roster = client.get(reverse("participants:cohort-roster", args=[cohort.pk])).content.decode()
    assert expected - {reverse("participants:cohort-roster", args=[cohort.pk])} <= links(roster)

    # The debrief links to each participant's report and back to the progress page.
    debrief_page = client.get(debrief).content.decode()
    report = reverse("assessments:trainer-report", args=[released.pk, programme.world.subject.pk])
    assert report in links(debrief_page)
    assert reverse("assessments:campaign-progress", args=[released.pk]) in links(debrief_page)
    assert_all_answer_200(client, {report})


def test_hr_reaches_campaigns_results_and_the_import_from_their_home(
    client: Client, programme: Programme
) -> None:
    released, nominating, opened = programme.released, programme.nominating, programme.open
    cohort = released.cohort
    page = home(client, programme.hr, reverse("participants:hr-home"))

    overview = reverse("participants:cohort-overview", args=[cohort.pk])
    expected = {
        overview,
        reverse("participants:participant-import"),
        reverse("participants:participant-create"),
        reverse("assessments:campaign-progress", args=[released.pk]),
        reverse("assessments:campaign-progress", args=[nominating.pk]),
        reverse("assessments:campaign-progress", args=[opened.pk]),
        reverse("assessments:cohort-debrief", args=[released.pk]),
    }
    assert expected <= main_links(page)
    assert reverse("assessments:campaign-list") in links(page[: page.index("<main")])
    assert_all_answer_200(client, main_links(page))

    # The cohort overview links to the cohort's campaigns too.
    overview_page = client.get(overview).content.decode()
    from_home_only = {
        overview,
        reverse("participants:participant-import"),
        reverse("participants:participant-create"),
    }
    assert expected - from_home_only <= links(overview_page)
    # HR reads the aggregates, not the individual reports.
    results = client.get(reverse("assessments:cohort-debrief", args=[released.pk]))
    assert "/participants/" not in "".join(main_links(results.content.decode()))


def test_the_campaign_lists_cost_the_same_queries_however_many_campaigns(
    client: Client, programme: Programme
) -> None:
    """No query per campaign on the homes (the lists come from one query each)."""

    def queries(user: User, url: str) -> int:
        client.force_login(user)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    users = [
        (programme.world.subject.user, reverse("participants:me")),
        (programme.world.trainer, reverse("participants:trainer-home")),
        (programme.hr, reverse("participants:hr-home")),
    ]
    before = [queries(user, url) for user, url in users]
    for n in range(3):
        _campaign(programme.world, name=f"Extra 360 {n}", kind=Campaign.Kind.OTHER, by=programme.hr)
    assert [queries(user, url) for user, url in users] == before
