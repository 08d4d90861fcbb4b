import dataclasses

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from rest_framework.test import APIClient

from assessments.models import Campaign, Invitation, Rating
from assessments.services.responses import response_submit
from participants.models import HR_GROUP, Participant
from tests import factories
from tests.assessments.rater_fixtures import (
    open_campaign,
)

pytestmark = pytest.mark.django_db


@dataclasses.dataclass
class SelfCase:
    campaign: Campaign
    participant: Participant
    invitation: Invitation

    @property
    def url(self) -> str:
        return f"/me/campaigns/{self.campaign.pk}/self/"

    @property
    def api_url(self) -> str:
        return f"/api/v1/me/campaigns/{self.campaign.pk}/self/"

    def all_scores(self, score: int | None) -> dict[int, int | None]:
        return {
            pk: score
            for pk in self.campaign.framework.dimensions.values_list("items__pk", flat=True)
        }


@pytest.fixture
def case(db: None) -> SelfCase:
    campaign = open_campaign()
    participant = factories.ParticipantFactory(with_user=True)
    invitation = factories.InvitationFactory(
        campaign=campaign,
        subject=participant,
        group=Invitation.Group.SELF,
        rater_name=participant.name,
        rater_email=participant.email,
        status=Invitation.Status.APPROVED,
    )
    return SelfCase(campaign=campaign, participant=participant, invitation=invitation)


def scores_of(invitation: Invitation) -> dict[int, int | None]:
    return dict(Rating.objects.filter(invitation=invitation).values_list("item_id", "score"))


def form_data(scores: dict[int, int | None], action: str) -> dict[str, str]:
    data = {f"item-{pk}": "na" if score is None else str(score) for pk, score in scores.items()}
    return {**data, "action": action}


def logged_in(user: object) -> Client:
    client = Client(enforce_csrf_checks=False)
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_self_page_shows_the_same_form_to_the_subject(case: SelfCase) -> None:
    response = logged_in(case.participant.user).get(case.url)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Your self-assessment" in html
    assert 'id="questionnaire"' in html
    assert "Always, a role model" in html
    assert html.count('value="na"') == 4
    assert "csrfmiddlewaretoken" in html  # logged in: the usual CSRF protection
    assert "Decline the invitation" not in html
    assert f'data-api-url="{case.api_url}"' in html
    assert "no-store" in response["Cache-Control"]


def test_self_page_draft_review_and_submit(case: SelfCase) -> None:
    client = logged_in(case.participant.user)

    saved = client.post(case.url, form_data({next(iter(case.all_scores(3))): 3}, "save"))
    assert saved.status_code == 302
    case.invitation.refresh_from_db()
    assert case.invitation.status == Invitation.Status.STARTED

    review = client.post(case.url, form_data(case.all_scores(4), "review"))
    assert b"Check your answers, then submit" in review.content

    submitted = client.post(case.url, {"action": "submit"})
    assert submitted.status_code == 302
    done = client.get(submitted["Location"])
    assert done.status_code == 200
    assert b"your self-assessment is submitted" in done.content
    case.invitation.refresh_from_db()
    assert case.invitation.status == Invitation.Status.SUBMITTED
    assert scores_of(case.invitation) == case.all_scores(4)


def test_self_page_refuses_a_bad_score(case: SelfCase) -> None:
    client = logged_in(case.participant.user)
    item_id = next(iter(case.all_scores(3)))

    response = client.post(case.url, form_data({item_id: 8}, "save"))

    assert response.status_code == 400
    assert scores_of(case.invitation) == {}


def test_self_page_after_close_says_so(case: SelfCase) -> None:
    Campaign.objects.filter(pk=case.campaign.pk).update(status=Campaign.Status.CLOSED)

    response = logged_in(case.participant.user).get(case.url)

    assert response.status_code == 410
    assert b"This feedback round has closed" in response.content


def test_self_page_is_404_for_another_participant(case: SelfCase) -> None:
    other = factories.ParticipantFactory(with_user=True)
    assert logged_in(other.user).get(case.url).status_code == 404


def test_self_page_is_404_for_hr_and_a_user_without_profile(case: SelfCase) -> None:
    hr = factories.UserFactory()
    hr.groups.add(Group.objects.get(name=HR_GROUP))
    assert logged_in(hr).get(case.url).status_code == 404
    assert logged_in(factories.UserFactory()).get(case.url).status_code == 404


def test_self_page_is_404_for_a_campaign_without_a_self_invitation(case: SelfCase) -> None:
    other_campaign = open_campaign()
    url = f"/me/campaigns/{other_campaign.pk}/self/"
    assert logged_in(case.participant.user).get(url).status_code == 404


def test_self_page_needs_a_login(client: Client, case: SelfCase) -> None:
    response = client.get(case.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_self_page_posts_need_the_csrf_token(case: SelfCase) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(case.participant.user)  # type: ignore[arg-type]

    response = client.post(case.url, form_data(case.all_scores(3), "save"))

    assert response.status_code == 403
    assert scores_of(case.invitation) == {}


def test_self_api_get_and_put_for_the_subject(case: SelfCase) -> None:
    api = APIClient()
    api.force_authenticate(case.participant.user)
    item_id = next(iter(case.all_scores(3)))

    got = api.get(case.api_url)
    put = api.put(case.api_url, {"scores": {str(item_id): None}}, format="json")

    assert got.status_code == 200
    assert got.json()["group"] == "self"
    assert put.status_code == 200
    assert scores_of(case.invitation) == {item_id: None}


def test_self_api_submit(case: SelfCase) -> None:
    api = APIClient()
    api.force_authenticate(case.participant.user)
    scores = {str(k): v for k, v in case.all_scores(2).items()}

    response = api.post(f"{case.api_url}submit/", {"scores": scores}, format="json")

    assert response.status_code == 200
    assert response.json()["status"] == "submitted"


def test_self_api_is_404_for_others_and_401_or_403_for_anonymous(case: SelfCase) -> None:
    api = APIClient()
    assert api.get(case.api_url).status_code in (401, 403)
    other = factories.ParticipantFactory(with_user=True)
    api.force_authenticate(other.user)
    assert api.get(case.api_url).status_code == 404
    assert api.put(case.api_url, {"scores": {}}, format="json").status_code == 404


def test_self_api_session_writes_need_the_csrf_header(case: SelfCase) -> None:
    api = APIClient(enforce_csrf_checks=True)
    api.force_login(case.participant.user)  # type: ignore[arg-type]

    response = api.put(case.api_url, {"scores": {}}, format="json")

    assert response.status_code == 403


def test_self_page_after_submission_shows_the_thanks(case: SelfCase) -> None:
    response_submit(invitation=case.invitation, scores=case.all_scores(None))

    response = logged_in(case.participant.user).get(case.url)

    assert response.status_code == 200
    assert b"your self-assessment is submitted" in response.content
