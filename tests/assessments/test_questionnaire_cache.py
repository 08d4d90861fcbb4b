"""The questionnaire's items are drawn once per framework, language and scale, and stay true.

What is cached is the same for every rater of a framework (the items, the scale); the draft,
the subject and what is missing are each request's own. A change to an item or a dimension,
or a new item, shows on the very next request.
"""

import pytest
from django.test import Client

from assessments.services.responses import response_save_draft
from tests import factories
from tests.assessments.rater_fixtures import invitation_with_token, questionnaire

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("dimensions", "items"), [(1, 2), (5, 8)])
def test_rater_page_reads_three_queries_once_its_framework_is_drawn(
    client: Client, django_assert_num_queries, dimensions: int, items: int
) -> None:  # type: ignore[no-untyped-def]
    q = questionnaire(dimensions=dimensions, items_per_dimension=items)
    response_save_draft(invitation=q.invitation, scores=q.all_scores(3), comment="c")
    # the first view of a framework reads its items (one more query)
    with django_assert_num_queries(4):
        assert client.get(q.url).status_code == 200

    # then: the invitation with its campaign and subject, the draft's scores, its comment
    with django_assert_num_queries(3):
        response = client.get(q.url)

    html = response.content.decode()
    assert html.count('type="radio"') == dimensions * items * 6
    assert html.count(" checked") == dimensions * items


def test_each_rater_sees_their_own_draft_and_subject_in_the_shared_form(client: Client) -> None:
    q = questionnaire()
    other, other_token = invitation_with_token(campaign=q.campaign)
    response_save_draft(invitation=q.invitation, scores={q.items[0].pk: 4}, comment="")
    assert client.get(q.url).status_code == 200  # the form is drawn for this framework

    mine = client.get(q.url).content.decode()
    theirs = client.get(f"/rate/{other_token}/").content.decode()

    assert f'name="item-{q.items[0].pk}" value="4" checked>' in mine
    assert mine.count(" checked") == 1
    assert " checked" not in theirs
    assert f"Feedback for {other.subject.name_en}" in theirs
    assert q.invitation.subject.name_en not in theirs


def test_a_changed_item_text_shows_at_once(client: Client) -> None:
    q = questionnaire()
    assert q.items[0].text_en in client.get(q.url).content.decode()

    q.items[0].text_en = "Opens every account review with the customer's goals"
    q.items[0].save()

    html = client.get(q.url).content.decode()
    assert "Opens every account review with the customer&#x27;s goals" in html
    assert "Activity 0.0" not in html


def test_a_new_item_and_a_renamed_dimension_show_at_once(client: Client) -> None:
    q = questionnaire(dimensions=1, items_per_dimension=2)
    assert client.get(q.url).content.decode().count('type="radio"') == 12
    dimension = q.items[0].dimension

    factories.ItemFactory(dimension=dimension, order=9, text="新活动", text_en="A new activity")
    dimension.name_en = "Trusted adviser"
    dimension.save()

    html = client.get(q.url).content.decode()
    assert html.count('type="radio"') == 18
    assert "A new activity" in html
    assert "Trusted adviser" in html


def test_the_form_follows_the_language_asked_for(client: Client) -> None:
    q = questionnaire()
    assert "Activity 0.0" in client.get(q.url).content.decode()

    chinese = client.get(q.url + "?lang=zh-hans").content.decode()
    english = client.get(q.url + "?lang=en").content.decode()

    assert "活动0.0" in chinese
    assert "Activity 0.0" not in chinese
    assert "Activity 0.0" in english


def test_review_flags_only_the_items_still_to_answer(client: Client) -> None:
    q = questionnaire()
    client.get(q.url)

    response = client.post(
        q.url, {f"item-{q.items[0].pk}": "na", f"item-{q.items[1].pk}": "2", "action": "review"}
    )

    html = response.content.decode()
    assert html.count("q-item q-missing") == len(q.items) - 2
    assert f'name="item-{q.items[0].pk}" value="na" checked>' in html
    assert f'name="item-{q.items[1].pk}" value="2" checked>' in html
