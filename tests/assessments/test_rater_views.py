import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from assessments.models import Comment, Invitation, Rating
from assessments.services.responses import response_save_draft, response_submit
from tests import factories
from tests.assessments.rater_fixtures import (
    Questionnaire,
    invitation_with_token,
    questionnaire,
)

pytestmark = pytest.mark.django_db


def scores_of(invitation: Invitation) -> dict[int, int | None]:
    return dict(Rating.objects.filter(invitation=invitation).values_list("item_id", "score"))


def form_data(scores: dict[int, int | None], action: str, comment: str = "") -> dict[str, str]:
    data = {f"item-{pk}": "na" if score is None else str(score) for pk, score in scores.items()}
    return {**data, "action": action, "comment": comment}


def test_rater_page_shows_the_subject_scale_items_and_comment_box(
    client: Client, q: Questionnaire
) -> None:
    response = client.get(q.url)

    html = response.content.decode()
    assert response.status_code == 200
    assert f"Feedback for {q.invitation.subject.name_en}" in html
    for label in ("Rarely", "Sometimes", "Often", "Usually", "Always, a role model"):
        assert label in html
    assert "Role 0" in html
    assert "Role 1" in html
    for item in q.items:
        assert item.text_en in html
        assert f'name="item-{item.pk}" value="na"' in html  # “not observed” per item
    assert html.count('type="radio"') == len(q.items) * 6
    assert 'name="comment"' in html
    assert 'value="save"' in html
    assert 'value="review"' in html
    assert f"/rate/{q.token}/decline/" in html


def test_rater_page_headers_keep_the_token_private(client: Client, q: Questionnaire) -> None:
    response = client.get(q.url)

    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"]


def test_rater_page_shows_nothing_of_other_participants(client: Client, q: Questionnaire) -> None:
    # given: another participant and another rater in the same campaign
    other, _token = invitation_with_token(
        campaign=q.campaign, rater_name="Zhang Wei", rater_email="zhang.wei@example.com"
    )
    response_save_draft(invitation=other, scores={q.items[0].pk: 1}, comment="Secret remark")

    html = client.get(q.url).content.decode()

    assert other.subject.name_en not in html
    assert other.subject.name not in html
    assert "Zhang Wei" not in html
    assert "zhang.wei@example.com" not in html
    assert "Secret remark" not in html
    assert q.invitation.rater_email not in html


def test_rater_page_shows_the_saved_draft(client: Client, q: Questionnaire) -> None:
    response_save_draft(
        invitation=q.invitation, scores={q.items[0].pk: 4, q.items[1].pk: None}, comment="So far"
    )

    html = client.get(q.url).content.decode()

    assert f'name="item-{q.items[0].pk}" value="4" checked' in html
    assert f'name="item-{q.items[1].pk}" value="na" checked' in html
    assert ">So far</textarea>" in html
    assert "2 of 4 answered" in html


def test_save_draft_without_javascript(client: Client, q: Questionnaire) -> None:
    data = form_data({q.items[0].pk: 2, q.items[1].pk: None}, "save", comment="Partial")

    response = client.post(q.url, data)

    assert response.status_code == 302
    assert response["Location"].startswith(f"{q.url}?saved=1")
    assert scores_of(q.invitation) == {q.items[0].pk: 2, q.items[1].pk: None}
    q.invitation.refresh_from_db()
    assert q.invitation.status == Invitation.Status.STARTED
    assert b"Draft saved" in client.get(response["Location"]).content


def test_review_of_an_incomplete_form_saves_it_and_lists_what_is_missing(
    client: Client, q: Questionnaire
) -> None:
    response = client.post(q.url, form_data({q.items[0].pk: 5}, "review"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "please answer 3 more items" in html
    assert f'href="#item-{q.items[1].pk}"' in html
    assert scores_of(q.invitation) == {q.items[0].pk: 5}


def test_review_then_confirm_submits_and_thanks(client: Client, q: Questionnaire) -> None:
    # given: the rater reviews a complete form
    review = client.post(q.url, form_data(q.all_scores(4), "review", comment="Keep it up"))
    assert review.status_code == 200
    assert b"Check your answers, then submit" in review.content
    q.invitation.refresh_from_db()
    assert q.invitation.status == Invitation.Status.STARTED  # not yet submitted

    # when: they confirm
    submitted = client.post(q.url, {"action": "submit"})

    # then: submitted, thanked, and the link is dead
    assert submitted.status_code == 302
    assert submitted["Location"] == f"{q.url}thanks/"
    thanks = client.get(submitted["Location"])
    assert thanks.status_code == 200
    assert b"your feedback is submitted" in thanks.content
    assert thanks["Referrer-Policy"] == "no-referrer"
    q.invitation.refresh_from_db()
    assert q.invitation.status == Invitation.Status.SUBMITTED
    assert scores_of(q.invitation) == q.all_scores(4)
    assert Comment.objects.get(invitation=q.invitation).text == "Keep it up"
    assert client.get(q.url).status_code == 410


def test_thanks_page_before_submitting_goes_back_to_the_form(
    client: Client, q: Questionnaire
) -> None:
    response = client.get(f"{q.url}thanks/")
    assert response.status_code == 302
    assert response["Location"] == q.url


def test_a_bad_score_posted_changes_nothing(client: Client, q: Questionnaire) -> None:
    response_save_draft(invitation=q.invitation, scores={q.items[0].pk: 3}, comment="draft")

    response = client.post(
        q.url, form_data({q.items[0].pk: 1, q.items[1].pk: 7}, "save", comment="changed")
    )

    assert response.status_code == 400
    assert "7 is outside the scale 1–5" in response.content.decode()
    assert scores_of(q.invitation) == {q.items[0].pk: 3}
    assert Comment.objects.get(invitation=q.invitation).text == "draft"


def test_an_unknown_item_posted_changes_nothing(client: Client, q: Questionnaire) -> None:
    stranger = factories.ItemFactory()

    response = client.post(q.url, form_data({q.items[0].pk: 1, stranger.pk: 3}, "save"))

    assert response.status_code == 400
    assert b"not an item of this questionnaire" in response.content
    assert scores_of(q.invitation) == {}


def test_a_stale_tab_posting_after_submission_gets_the_gone_page(
    client: Client, q: Questionnaire
) -> None:
    response_submit(invitation=q.invitation, scores=q.all_scores(5))

    response = client.post(q.url, form_data(q.all_scores(1), "save"))

    assert response.status_code == 410
    assert scores_of(q.invitation) == q.all_scores(5)


def test_rater_pages_need_no_csrf_token(q: Questionnaire) -> None:
    # The token is the credential; browsers send `Origin: null` under no-referrer.
    client = Client(enforce_csrf_checks=True)

    response = client.post(q.url, form_data({q.items[0].pk: 2}, "save"), HTTP_ORIGIN="null")

    assert response.status_code == 302
    assert scores_of(q.invitation) == {q.items[0].pk: 2}


def test_decline_with_a_reason(client: Client, q: Questionnaire) -> None:
    page = client.get(f"{q.url}decline/")
    assert page.status_code == 200
    assert page["Referrer-Policy"] == "no-referrer"

    empty = client.post(f"{q.url}decline/", {"reason": " "})
    assert empty.status_code == 400
    assert b"why you decline" in empty.content

    declined = client.post(f"{q.url}decline/", {"reason": "We have never worked together."})
    assert declined.status_code == 302
    thanks = client.get(declined["Location"])
    assert b"You have declined this invitation" in thanks.content
    q.invitation.refresh_from_db()
    assert q.invitation.status == Invitation.Status.DECLINED
    assert q.invitation.decline_reason == "We have never worked together."
    assert client.get(q.url).status_code == 410
    assert client.get(f"{q.url}decline/").status_code == 410


def test_language_follows_the_rater_language_by_default(client: Client) -> None:
    q = questionnaire(invitation={"rater_language": "zh-hans"})

    response = client.get(q.url)

    html = response.content.decode()
    assert '<html lang="zh-hans">' in html
    assert "很少做到" in html  # scale label in Chinese
    assert "角色0" in html
    assert q.items[0].text in html
    assert q.invitation.subject.name in html


def test_language_switch_works_for_an_anonymous_rater_and_is_remembered(
    client: Client, q: Questionnaire
) -> None:
    # when: the rater (English by default) switches to Chinese
    switched = client.get(f"{q.url}?lang=zh-hans")

    # then: the page is in Chinese and the choice is remembered in a cookie
    html = switched.content.decode()
    assert "很少做到" in html  # the campaign's scale label
    assert "保存草稿" in html  # “Save draft”
    assert "未观察到" in html  # “Not observed”
    assert f"对{q.invitation.subject.name}的反馈" in html
    assert switched.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hans"
    again = client.get(q.url)
    assert '<html lang="zh-hans">' in again.content.decode()

    # and back to English
    back = client.get(f"{q.url}?lang=en")
    assert "Rarely" in back.content.decode()
    assert "Activity 0.0" in back.content.decode()


def test_language_switch_links_stay_on_the_page(client: Client, q: Questionnaire) -> None:
    html = client.get(q.url).content.decode()
    assert 'href="?lang=zh-hans"' in html
    assert 'href="?lang=en"' in html


def test_an_unknown_language_is_ignored(client: Client, q: Questionnaire) -> None:
    response = client.get(f"{q.url}?lang=klingon")
    assert response.status_code == 200
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def _queries_for_page(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_rater_page_queries_do_not_grow_with_the_number_of_items(client: Client) -> None:
    small = questionnaire(dimensions=1, items_per_dimension=2)
    large = questionnaire(dimensions=5, items_per_dimension=10)
    for case in (small, large):
        response_save_draft(invitation=case.invitation, scores=case.all_scores(3), comment="c")

    assert _queries_for_page(client, small.url) == _queries_for_page(client, large.url) == 4


def test_review_queries_do_not_grow_with_the_number_of_items(client: Client) -> None:
    counts = []
    for case in (questionnaire(items_per_dimension=2), questionnaire(items_per_dimension=12)):
        with CaptureQueriesContext(connection) as queries:
            response = client.post(case.url, form_data(case.all_scores(2), "review"))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.parametrize(("field", "value"), [("ITEM", "²"), ("ITEM", "4.0"), ("item-²", "3")])
def test_odd_form_values_get_a_clear_400(
    client: Client, q: Questionnaire, field: str, value: str
) -> None:
    name = f"item-{q.items[0].pk}" if field == "ITEM" else field

    response = client.post(q.url, {name: value, "action": "save"})

    assert response.status_code == 400
    assert b"Nothing was saved from this form" in response.content
    assert scores_of(q.invitation) == {}
