import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from assessments.models import Campaign, Comment, Invitation, Rating
from assessments.services.responses import response_save_draft, response_submit
from assessments.tokens import token_new
from tests import factories
from tests.assessments.rater_fixtures import (
    Questionnaire,
    questionnaire,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def api() -> APIClient:
    # CSRF checks on, as a browser would meet them: the rater API must not depend on them.
    return APIClient(enforce_csrf_checks=True)


def scores_of(invitation: Invitation) -> dict[int, int | None]:
    return dict(Rating.objects.filter(invitation=invitation).values_list("item_id", "score"))


def as_json(scores: dict[int, int | None]) -> dict[str, int | None]:
    return {str(k): v for k, v in scores.items()}


def test_get_returns_the_questionnaire(api: APIClient, q: Questionnaire) -> None:
    response_save_draft(
        invitation=q.invitation, scores={q.items[0].pk: 4, q.items[1].pk: None}, comment="Hi"
    )

    response = api.get(q.api_url)

    assert response.status_code == 200
    data = response.json()
    assert data["subject"] == {"name": q.invitation.subject.name_en}
    assert data["group"] == "peer"
    assert data["status"] == "started"
    assert data["scale"]["min"] == 1
    assert data["scale"]["max"] == 5
    assert data["scale"]["labels"][0] == {"score": 1, "label": "Rarely"}
    assert data["scale"]["not_observed_label"] == "Not observed"
    assert [d["name"] for d in data["dimensions"]] == ["Role 0", "Role 1"]
    assert [i["id"] for d in data["dimensions"] for i in d["items"]] == [i.pk for i in q.items]
    assert data["scores"] == {str(q.items[0].pk): 4, str(q.items[1].pk): None}
    assert data["comment"] == "Hi"
    assert (data["answered"], data["total"]) == (2, 4)
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"]


def test_get_reveals_no_rater_identity_or_other_participant(
    api: APIClient, q: Questionnaire
) -> None:
    other = factories.InvitationFactory(campaign=q.campaign, rater_name="Someone Else")

    body = api.get(q.api_url).content.decode()

    assert q.invitation.rater_email not in body
    assert other.subject.name_en not in body
    assert "Someone Else" not in body


def test_get_speaks_the_language_asked_for(api: APIClient, q: Questionnaire) -> None:
    data = api.get(q.api_url, HTTP_ACCEPT_LANGUAGE="zh-hans").json()

    assert data["scale"]["labels"][0]["label"] == "很少做到"
    assert data["dimensions"][0]["items"][0]["text"] == q.items[0].text
    assert data["subject"]["name"] == q.invitation.subject.name


def test_unknown_token_is_404_with_a_message(api: APIClient, q: Questionnaire) -> None:
    response = api.get(f"/api/v1/rater/{token_new()[0]}/")

    assert response.status_code == 404
    assert "does not match any questionnaire" in response.json()["detail"]
    assert response["Referrer-Policy"] == "no-referrer"


def test_get_after_submission_is_410_with_the_reason(api: APIClient, q: Questionnaire) -> None:
    response_submit(invitation=q.invitation, scores=q.all_scores(3))

    response = api.get(q.api_url)

    assert response.status_code == 410
    assert response.json()["reason"] == "submitted"
    assert "already been submitted" in response.json()["detail"]


def test_get_of_a_closed_campaign_is_410(api: APIClient, q: Questionnaire) -> None:
    Campaign.objects.filter(pk=q.campaign.pk).update(status=Campaign.Status.CLOSED)

    response = api.get(q.api_url)

    assert response.status_code == 410
    assert response.json()["reason"] == "closed"


def test_get_before_opening_is_403(api: APIClient, q: Questionnaire) -> None:
    Campaign.objects.filter(pk=q.campaign.pk).update(status=Campaign.Status.NOMINATING)

    response = api.get(q.api_url)

    assert response.status_code == 403
    assert response.json()["reason"] == "not_open"


def test_put_saves_a_draft(api: APIClient, q: Questionnaire) -> None:
    payload = {"scores": {str(q.items[0].pk): 5, str(q.items[2].pk): None}, "comment": "Good"}

    response = api.put(q.api_url, payload, format="json")

    assert response.status_code == 200
    assert response.json()["scores"] == payload["scores"]
    assert response.json()["status"] == "started"
    assert scores_of(q.invitation) == {q.items[0].pk: 5, q.items[2].pk: None}
    assert Comment.objects.get(invitation=q.invitation).text == "Good"


def test_put_without_comment_keeps_it(api: APIClient, q: Questionnaire) -> None:
    response_save_draft(invitation=q.invitation, scores={}, comment="Keep me")

    api.put(q.api_url, {"scores": {str(q.items[0].pk): 2}}, format="json")

    assert Comment.objects.get(invitation=q.invitation).text == "Keep me"


@pytest.mark.parametrize(
    ("scores", "message"),
    [
        ({"ITEM": 9}, "outside the scale 1–5"),
        ({"ITEM": 0}, "outside the scale 1–5"),
        ({"ITEM": "x"}, "valid integer"),
        ({"ITEM": 2.5}, "valid integer"),
        ({"abc": 3}, "not an item of this questionnaire"),
        ({"²": 3}, "not an item of this questionnaire"),
        ({"9" * 5000: 3}, "not an item of this questionnaire"),
        ({"999999": 3}, "not an item of this questionnaire"),
    ],
)
def test_put_with_bad_answers_is_400_and_changes_nothing(
    api: APIClient, q: Questionnaire, scores: dict[str, object], message: str
) -> None:
    # given: an earlier draft
    response_save_draft(invitation=q.invitation, scores={q.items[0].pk: 3}, comment="before")
    payload = {
        "scores": {
            str(q.items[1].pk): 4,
            **{(str(q.items[0].pk) if k == "ITEM" else k): v for k, v in scores.items()},
        },
        "comment": "after",
    }

    # when
    response = api.put(q.api_url, payload, format="json")

    # then
    assert response.status_code == 400
    assert message in str(response.json()["scores"])
    assert scores_of(q.invitation) == {q.items[0].pk: 3}
    assert Comment.objects.get(invitation=q.invitation).text == "before"


def test_put_with_a_comment_too_long_is_400(api: APIClient, q: Questionnaire) -> None:
    response = api.put(q.api_url, {"comment": "x" * 5001}, format="json")

    assert response.status_code == 400
    assert "comment" in response.json()


def test_put_with_scores_not_a_dict_is_400(api: APIClient, q: Questionnaire) -> None:
    response = api.put(q.api_url, {"scores": [1, 2]}, format="json")
    assert response.status_code == 400


def test_submit_with_the_final_answers(api: APIClient, q: Questionnaire) -> None:
    payload = {"scores": as_json(q.all_scores(4)), "comment": "Final"}

    response = api.post(f"{q.api_url}submit/", payload, format="json")

    assert response.status_code == 200
    assert response.json()["status"] == "submitted"
    assert response.json()["submitted_at"]
    assert scores_of(q.invitation) == q.all_scores(4)


def test_submit_of_the_saved_draft_with_no_body(api: APIClient, q: Questionnaire) -> None:
    response_save_draft(invitation=q.invitation, scores=q.all_scores(None), comment=None)

    response = api.post(f"{q.api_url}submit/")

    assert response.status_code == 200
    q.invitation.refresh_from_db()
    assert q.invitation.status == Invitation.Status.SUBMITTED


def test_submit_incomplete_is_400_and_keeps_the_draft(api: APIClient, q: Questionnaire) -> None:
    response_save_draft(invitation=q.invitation, scores={q.items[0].pk: 2}, comment=None)

    response = api.post(f"{q.api_url}submit/", {"scores": {str(q.items[1].pk): 5}}, format="json")

    assert response.status_code == 400
    assert "2 items are missing" in response.json()["scores"][0]
    assert scores_of(q.invitation) == {q.items[0].pk: 2}
    q.invitation.refresh_from_db()
    assert q.invitation.status == Invitation.Status.STARTED


def test_submit_with_a_bad_score_leaves_the_draft_unchanged(
    api: APIClient, q: Questionnaire
) -> None:
    response_save_draft(invitation=q.invitation, scores=q.all_scores(3), comment=None)
    final = as_json(q.all_scores(5))
    final[str(q.items[-1].pk)] = 6

    response = api.post(f"{q.api_url}submit/", {"scores": final}, format="json")

    assert response.status_code == 400
    assert scores_of(q.invitation) == q.all_scores(3)


def test_second_submission_is_400(api: APIClient, q: Questionnaire) -> None:
    api.post(f"{q.api_url}submit/", {"scores": as_json(q.all_scores(4))}, format="json")

    response = api.post(f"{q.api_url}submit/", {"scores": as_json(q.all_scores(1))}, format="json")

    assert response.status_code == 400
    assert "already been submitted" in response.json()["detail"]
    assert scores_of(q.invitation) == q.all_scores(4)


def test_draft_after_submission_is_400_and_changes_nothing(
    api: APIClient, q: Questionnaire
) -> None:
    response_submit(invitation=q.invitation, scores=q.all_scores(4), comment="final")

    response = api.put(q.api_url, {"scores": as_json(q.all_scores(1))}, format="json")

    assert response.status_code == 400
    assert "already been submitted" in response.json()["detail"]
    assert scores_of(q.invitation) == q.all_scores(4)


def test_draft_after_close_is_400(api: APIClient, q: Questionnaire) -> None:
    Campaign.objects.filter(pk=q.campaign.pk).update(status=Campaign.Status.CLOSED)

    response = api.put(q.api_url, {"scores": {str(q.items[0].pk): 3}}, format="json")

    assert response.status_code == 400
    assert "closed" in response.json()["detail"]
    assert scores_of(q.invitation) == {}


def test_decline_with_a_reason(api: APIClient, q: Questionnaire) -> None:
    response = api.post(f"{q.api_url}decline/", {"reason": "On leave"}, format="json")

    assert response.status_code == 200
    assert response.json()["status"] == "declined"
    q.invitation.refresh_from_db()
    assert q.invitation.decline_reason == "On leave"
    assert api.get(q.api_url).status_code == 410


def test_decline_without_a_reason_is_400(api: APIClient, q: Questionnaire) -> None:
    response = api.post(f"{q.api_url}decline/", {}, format="json")

    assert response.status_code == 400
    assert "reason" in response.json()
    q.invitation.refresh_from_db()
    assert q.invitation.status == Invitation.Status.SENT


def test_the_api_ignores_a_logged_in_session(api: APIClient, q: Questionnaire) -> None:
    # A rater who happens to be logged in as someone else still answers only through the token.
    user = factories.UserFactory()
    api.force_login(user)

    response = api.put(q.api_url, {"scores": {str(q.items[0].pk): 3}}, format="json")

    assert response.status_code == 200


def test_a_self_invitation_is_not_reachable_by_token(api: APIClient) -> None:
    q = questionnaire(invitation={"group": Invitation.Group.SELF})
    assert api.get(q.api_url).status_code == 404


def test_get_queries_do_not_grow_with_the_number_of_items(api: APIClient) -> None:
    counts = []
    for case in (
        questionnaire(dimensions=1, items_per_dimension=2),
        questionnaire(dimensions=5, items_per_dimension=10),
    ):
        response_save_draft(invitation=case.invitation, scores=case.all_scores(3), comment="c")
        with CaptureQueriesContext(connection) as queries:
            assert api.get(case.api_url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] == 4


def test_the_schema_documents_the_rater_endpoints(api: APIClient) -> None:
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/json").json()

    paths = schema["paths"]
    assert set(paths["/api/v1/rater/{token}/"]) >= {"get", "put"}
    assert "post" in paths["/api/v1/rater/{token}/submit/"]
    assert "post" in paths["/api/v1/rater/{token}/decline/"]
    get = paths["/api/v1/rater/{token}/"]["get"]
    assert {"200", "404", "410", "429"} <= set(get["responses"])
    assert get.get("security", []) in ([], [{}])  # no credentials but the token
    assert "security" not in schema
