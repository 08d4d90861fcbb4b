import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import Campaign, Invitation
from tests import factories
from tests.assessments.campaign_data import (
    cohort_with_participants,
    fill_raters,
    nominating_campaign,
)

pytestmark = pytest.mark.django_db


def test_hr_creates_a_campaign(api_as, hr_user) -> None:
    cohort, _ = cohort_with_participants(n=1)
    framework = factories.FrameworkFactory()
    body = {
        "cohort": cohort.pk,
        "framework": framework.pk,
        "name": "Pre-course 360",
        "kind": "pre",
        "opens_at": "2030-03-01T09:00:00+08:00",
        "closes_at": "2030-03-20T18:00:00+08:00",
        "peer_min": 4,
    }
    response = api_as(hr_user).post("/api/v1/campaigns/", body, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["status"] == "draft"
    assert data["peer_min"] == 4
    assert data["closes_at"].startswith("2030-03-20T10:00:00")
    assert Campaign.objects.get().events.get().by == hr_user


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"closes_at": "2030-03-20T18:00:00"}, "closes_at"),  # naive
        ({"opens_at": "2030-03-21T18:00:00Z", "closes_at": "2030-03-20T18:00:00Z"}, None),
        ({"peer_min": 9, "peer_max": 3}, None),
        ({"cohort": 999999}, "cohort"),
    ],
)
def test_bad_campaign_input_is_a_clear_400(api_as, hr_user, change, field) -> None:
    cohort, _ = cohort_with_participants(n=1)
    body = {
        "cohort": cohort.pk,
        "framework": factories.FrameworkFactory().pk,
        "name": "x",
        "kind": "pre",
    }
    response = api_as(hr_user).post("/api/v1/campaigns/", {**body, **change}, format="json")
    assert response.status_code == 400
    if field:
        assert field in response.json()
    assert not Campaign.objects.exists()


def test_update_respects_the_status(api_as, hr_user) -> None:
    campaign = factories.CampaignFactory(status="open")
    client = api_as(hr_user)
    response = client.patch(f"/api/v1/campaigns/{campaign.pk}/", {"scale_max": 7}, format="json")
    assert response.status_code == 400
    assert "scale_max" in response.json()
    response = client.patch(
        f"/api/v1/campaigns/{campaign.pk}/", {"closes_at": "2031-01-01T00:00:00Z"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["closes_at"].startswith("2031-01-01")


def test_transitions_through_the_api(api_as, hr_user) -> None:
    cohort, (participant,) = cohort_with_participants(n=1)
    campaign = factories.CampaignFactory(cohort=cohort, status="draft")
    client = api_as(hr_user)
    response = client.post(f"/api/v1/campaigns/{campaign.pk}/start-nomination/")
    assert response.status_code == 200
    assert response.json()["status"] == "nominating"
    response = client.post(f"/api/v1/campaigns/{campaign.pk}/open/", {}, format="json")
    assert response.status_code == 400
    assert "enough approved raters" in response.json()["detail"]
    response = client.post(
        f"/api/v1/campaigns/{campaign.pk}/open/", {"override": True}, format="json"
    )
    assert response.status_code == 400
    assert "note" in response.json()
    fill_raters(campaign, participant)
    response = client.post(f"/api/v1/campaigns/{campaign.pk}/open/", {}, format="json")
    assert response.json()["status"] == "open"
    assert client.post(f"/api/v1/campaigns/{campaign.pk}/release/").status_code == 400
    assert client.post(f"/api/v1/campaigns/{campaign.pk}/close/").json()["status"] == "closed"
    assert client.post(f"/api/v1/campaigns/{campaign.pk}/release/").json()["status"] == "released"
    assert list(campaign.events.values_list("to_status", flat=True))[-4:] == [
        "nominating",
        "open",
        "closed",
        "released",
    ]


def test_invitations_list_has_status_and_group_never_scores_or_tokens(api_as, trainer_user) -> None:
    setup = nominating_campaign(n=1, trainer=trainer_user)
    raters = fill_raters(setup.campaign, setup.participants[0], status="submitted")
    Invitation.objects.filter(pk=raters[0].pk).update(token_hash="a" * 64)
    factories.RatingFactory(invitation=raters[0], score=4)
    response = api_as(trainer_user).get(
        f"/api/v1/campaigns/{setup.campaign.pk}/invitations/?group=peer"
    )
    assert response.status_code == 200
    rows = response.json()["results"]
    assert len(rows) == 3
    assert {row["group"] for row in rows} == {"peer"}
    assert set(rows[0]) == {
        "id",
        "subject",
        "subject_name",
        "rater_name",
        "rater_email",
        "rater_language",
        "group",
        "status",
        "nominated_at",
        "approved_at",
        "sent_at",
        "started_at",
        "submitted_at",
        "declined_at",
    }
    assert "a" * 64 not in response.content.decode()


def test_hr_nominates_and_duplicates_are_a_400(api_as, hr_user) -> None:
    setup = nominating_campaign(n=1)
    url = f"/api/v1/campaigns/{setup.campaign.pk}/invitations/"
    body = {
        "subject": setup.participants[0].pk,
        "rater_name": "Ana",
        "rater_email": "ana@example.com",
        "group": "peer",
    }
    client = api_as(hr_user)
    response = client.post(url, body, format="json")
    assert response.status_code == 201
    assert response.json()["status"] == "approved"
    response = client.post(url, {**body, "rater_email": "ANA@example.com"}, format="json")
    assert response.status_code == 400
    assert "already a rater" in response.json()["rater_email"][0]
    response = client.post(
        url, {**body, "rater_email": "b@example.com", "group": "self"}, format="json"
    )
    assert response.status_code == 400


def test_participant_nominates_through_the_api(api_as) -> None:
    setup = nominating_campaign(n=1)
    participant = setup.participants[0]
    client = api_as(participant.user)
    url = f"/api/v1/me/campaigns/{setup.campaign.pk}/raters/"
    response = client.post(
        url,
        {"rater_name": "Boss", "rater_email": "boss@example.com", "group": "manager"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["status"] == "nominated"
    data = client.get(url).json()
    assert [r["rater_email"] for r in data["raters"]] == ["boss@example.com"]
    limits = {row["group"]: row for row in data["limits"]}
    assert limits["manager"]["missing"] == 0
    assert limits["peer"]["missing"] == 3
    response = client.post(
        url, {"rater_name": "Me", "rater_email": participant.email, "group": "peer"}, format="json"
    )
    assert response.status_code == 400
    assert "own email" in response.json()["rater_email"][0]


@pytest.mark.parametrize("kind", ["campaigns", "invitations"])
def test_list_query_count_is_constant(api_as, hr_user, kind) -> None:
    counts = []
    client = api_as(hr_user)
    client.get("/api/v1/campaigns/")  # the user's roles are cached after the first request
    for n in (2, 6):
        setup = nominating_campaign(n=n)
        for participant in setup.participants:
            fill_raters(setup.campaign, participant)
        url = (
            "/api/v1/campaigns/"
            if kind == "campaigns"
            else f"/api/v1/campaigns/{setup.campaign.pk}/invitations/"
        )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_date_out_of_our_time_is_a_400(api_as, hr_user) -> None:
    cohort, _ = cohort_with_participants(n=1)
    body = {
        "cohort": cohort.pk,
        "framework": factories.FrameworkFactory().pk,
        "name": "x",
        "closes_at": "0403-04-04T10:41:30+23:39",
    }
    response = api_as(hr_user).post("/api/v1/campaigns/", body, format="json")
    assert response.status_code == 400
    assert "between 2000 and 2099" in response.json()["closes_at"][0]
