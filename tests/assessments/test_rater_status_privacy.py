"""DESIGN.md §4.10: once invitations are out, a participant learns counts per group — never
which named rater started, answered or declined — on the nominate page and in the API."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.models import Invitation
from assessments.services import campaigns as services
from tests.assessments.campaign_data import fill_raters, nominating_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(hr_user):  # type: ignore[no-untyped-def]
    """An open campaign: the manager and one peer answered, one peer declined, one started."""
    setup = nominating_campaign(n=1, by=hr_user)
    participant = setup.participants[0]
    fill_raters(setup.campaign, participant)
    services.campaign_open(campaign=setup.campaign, by=hr_user)
    raters = {
        i.rater_email: i
        for i in Invitation.objects.filter(campaign=setup.campaign, subject=participant).exclude(
            group="self"
        )
    }
    now = timezone.now()
    for email, status in (
        (f"manager0.{participant.pk}@example.com", "submitted"),
        (f"peer0.{participant.pk}@example.com", "submitted"),
        (f"peer1.{participant.pk}@example.com", "declined"),
        (f"peer2.{participant.pk}@example.com", "started"),
    ):
        Invitation.objects.filter(pk=raters[email].pk).update(
            status=status, submitted_at=now if status == "submitted" else None
        )
    return setup, participant


def _rater_rows(html: str) -> dict[str, str]:
    """Rater email → the status badge shown on its row."""
    rows = re.findall(
        r"<td>[^<]*</td>\s*<td>([^<@]+@[^<]+)</td>\s*<td>[^<]*</td>\s*"
        r'<td><span class="badge">([^<]*)</span></td>',
        html,
    )
    return dict(rows)


def test_nominate_page_shows_every_invited_rater_alike_and_counts_per_group(answered) -> None:
    setup, participant = answered
    client = Client()
    client.force_login(participant.user)
    url = reverse("assessments:campaign-nominate", kwargs={"pk": setup.campaign.pk})
    html = client.get(url).content.decode()
    rows = _rater_rows(html)
    assert len(rows) == 7  # manager, 3 peers, 3 direct reports
    assert set(rows.values()) == {"Invited"}
    # the counts per group: peers 3 invited, 1 submitted, 1 declined; manager 1, 1, 0
    counts = html[html.index("Answers so far") :]
    assert re.search(
        r"Peers</th><td class=\"num\">3</td><td class=\"num\">1</td>"
        r"<td class=\"num\">1</td>",
        counts,
    )
    assert re.search(
        r"Manager</th><td class=\"num\">1</td><td class=\"num\">1</td>"
        r"<td class=\"num\">0</td>",
        counts,
    )


def test_nominate_page_still_shows_the_status_before_anything_is_sent() -> None:
    setup = nominating_campaign(n=1)
    participant = setup.participants[0]
    fill_raters(setup.campaign, participant, status="nominated", counts={"peer": 1})
    client = Client()
    client.force_login(participant.user)
    url = reverse("assessments:campaign-nominate", kwargs={"pk": setup.campaign.pk})
    html = client.get(url).content.decode()
    assert set(_rater_rows(html).values()) == {"Nominated"}
    assert "Answers so far" not in html


def test_trainers_progress_page_keeps_the_status_per_rater(answered, hr_user) -> None:
    setup, participant = answered
    client = Client()
    client.force_login(hr_user)
    url = reverse(
        "assessments:campaign-raters",
        kwargs={"pk": setup.campaign.pk, "participant_pk": participant.pk},
    )
    html = client.get(url).content.decode()
    assert {"Submitted", "Declined", "Started"} <= set(_rater_rows(html).values())


def test_my_raters_api_gives_counts_per_group_and_no_status_per_rater(answered, api_as) -> None:
    setup, participant = answered
    data = api_as(participant.user).get(f"/api/v1/me/campaigns/{setup.campaign.pk}/raters/")
    assert data.status_code == 200
    body = data.json()
    assert {rater["status"] for rater in body["raters"]} == {"sent"}
    responses = {row["group"]: row for row in body["responses"]}
    assert {k: responses["peer"][k] for k in ("invited", "submitted", "declined")} == {
        "invited": 3,
        "submitted": 1,
        "declined": 1,
    }
    assert (responses["manager"]["submitted"], responses["direct_report"]["submitted"]) == (1, 0)
