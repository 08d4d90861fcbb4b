import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from assessments.models import Campaign, Comment, Invitation, Rating, RatingRevision
from assessments.services.responses import (
    response_decline,
    response_save_draft,
    response_submit,
)
from tests import factories
from tests.assessments.rater_fixtures import (
    Questionnaire,
    questionnaire,
)

pytestmark = pytest.mark.django_db


def scores_of(invitation: Invitation) -> dict[int, int | None]:
    return dict(Rating.objects.filter(invitation=invitation).values_list("item_id", "score"))


def test_response_save_draft_saves_answers_and_marks_started(q: Questionnaire) -> None:
    # given
    first, second = q.items[0], q.items[1]

    # when
    invitation = response_save_draft(
        invitation=q.invitation, scores={first.pk: 4, second.pk: None}, comment="Great listener."
    )

    # then
    assert scores_of(invitation) == {first.pk: 4, second.pk: None}
    assert Comment.objects.get(invitation=invitation).text == "Great listener."
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.STARTED
    assert invitation.started_at is not None


def test_response_save_draft_keeps_the_first_start_time(q: Questionnaire) -> None:
    response_save_draft(invitation=q.invitation, scores={q.items[0].pk: 2}, comment=None)
    q.invitation.refresh_from_db()
    started_at = q.invitation.started_at

    response_save_draft(invitation=q.invitation, scores={q.items[0].pk: 3}, comment=None)

    q.invitation.refresh_from_db()
    assert q.invitation.started_at == started_at


def test_response_save_draft_records_every_score_change(q: Questionnaire) -> None:
    # given: a first answer, a change, the same score again, then “not observed”
    item = q.items[0]
    for score in (2, 4, 4, None):
        response_save_draft(invitation=q.invitation, scores={item.pk: score}, comment=None)

    # then: one revision per change, in order; the unchanged save added none
    revisions = list(
        RatingRevision.objects.filter(rating__invitation=q.invitation, rating__item=item)
        .order_by("pk")
        .values_list("old_score", "new_score")
    )
    assert revisions == [(None, 2), (2, 4), (4, None)]
    assert scores_of(q.invitation) == {item.pk: None}


def test_response_save_draft_accepts_item_ids_as_strings(q: Questionnaire) -> None:
    response_save_draft(invitation=q.invitation, scores={str(q.items[0].pk): 5}, comment=None)
    assert scores_of(q.invitation) == {q.items[0].pk: 5}


@pytest.mark.parametrize("score", [0, 6, -1, 100])
def test_response_save_draft_refuses_a_score_outside_the_scale(
    q: Questionnaire, score: int
) -> None:
    # given: a valid earlier draft
    response_save_draft(invitation=q.invitation, scores={q.items[0].pk: 3}, comment="first")

    # when: a save with one good and one bad answer
    with pytest.raises(ValidationError) as error:
        response_save_draft(
            invitation=q.invitation,
            scores={q.items[0].pk: 5, q.items[1].pk: score},
            comment="second",
        )

    # then: a clear message, and nothing of that save was written
    assert "outside the scale 1–5" in str(error.value)
    assert scores_of(q.invitation) == {q.items[0].pk: 3}
    assert Comment.objects.get(invitation=q.invitation).text == "first"


def test_response_save_draft_uses_the_campaign_scale(db: None) -> None:
    q = questionnaire(scale_min=0, scale_max=10)
    response_save_draft(invitation=q.invitation, scores={q.items[0].pk: 0}, comment=None)
    response_save_draft(invitation=q.invitation, scores={q.items[1].pk: 10}, comment=None)
    with pytest.raises(ValidationError, match="outside the scale 0–10"):
        response_save_draft(invitation=q.invitation, scores={q.items[1].pk: 11}, comment=None)


def test_response_save_draft_refuses_an_item_of_another_framework(q: Questionnaire) -> None:
    stranger = factories.ItemFactory()

    with pytest.raises(ValidationError, match="not an item of this questionnaire"):
        response_save_draft(
            invitation=q.invitation, scores={q.items[0].pk: 3, stranger.pk: 3}, comment=None
        )

    assert scores_of(q.invitation) == {}
    q.invitation.refresh_from_db()
    assert q.invitation.status == Invitation.Status.SENT


@pytest.mark.parametrize("bad", ["three", 2.5, True, [3]])
def test_response_save_draft_refuses_a_score_that_is_not_a_whole_number(
    q: Questionnaire, bad: object
) -> None:
    with pytest.raises(ValidationError, match="whole number"):
        response_save_draft(invitation=q.invitation, scores={q.items[0].pk: bad}, comment=None)
    assert scores_of(q.invitation) == {}


def test_response_save_draft_refuses_an_item_key_that_is_not_an_id(q: Questionnaire) -> None:
    with pytest.raises(ValidationError, match="not an item of this questionnaire"):
        response_save_draft(invitation=q.invitation, scores={"abc": 3}, comment=None)


def test_response_save_draft_comment_none_keeps_it_and_empty_removes_it(q: Questionnaire) -> None:
    response_save_draft(invitation=q.invitation, scores={}, comment="  Keep it up.  ")
    assert Comment.objects.get(invitation=q.invitation).text == "Keep it up."

    response_save_draft(invitation=q.invitation, scores={q.items[0].pk: 2}, comment=None)
    assert Comment.objects.get(invitation=q.invitation).text == "Keep it up."

    response_save_draft(invitation=q.invitation, scores={}, comment="")
    assert not Comment.objects.filter(invitation=q.invitation).exists()


def test_response_save_draft_refuses_a_comment_too_long(q: Questionnaire) -> None:
    with pytest.raises(ValidationError, match="too long"):
        response_save_draft(invitation=q.invitation, scores={q.items[0].pk: 3}, comment="x" * 5001)
    assert scores_of(q.invitation) == {}


def test_response_submit_needs_every_item_answered(q: Questionnaire) -> None:
    # given: a draft with all but the last item
    draft = {item.pk: 4 for item in q.items[:-1]}
    response_save_draft(invitation=q.invitation, scores=draft, comment=None)

    # when
    with pytest.raises(ValidationError) as error:
        response_submit(invitation=q.invitation)

    # then: the message names what is missing; the invitation is still a draft
    assert "1 item is missing" in str(error.value)
    assert q.items[-1].text_en in str(error.value)
    q.invitation.refresh_from_db()
    assert q.invitation.status == Invitation.Status.STARTED
    assert q.invitation.submitted_at is None


def test_response_submit_counts_not_observed_as_an_answer(q: Questionnaire) -> None:
    invitation = response_submit(invitation=q.invitation, scores=q.all_scores(None))

    assert invitation.status == Invitation.Status.SUBMITTED
    assert scores_of(invitation) == q.all_scores(None)


def test_response_submit_with_the_final_answers_saves_and_submits(q: Questionnaire) -> None:
    response_save_draft(invitation=q.invitation, scores={q.items[0].pk: 1}, comment=None)

    invitation = response_submit(
        invitation=q.invitation, scores=q.all_scores(5), comment="Clear priorities."
    )

    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.SUBMITTED
    assert invitation.submitted_at is not None
    assert scores_of(invitation) == q.all_scores(5)
    assert Comment.objects.get(invitation=invitation).text == "Clear priorities."


def test_response_submit_with_a_bad_score_leaves_the_draft_unchanged(q: Questionnaire) -> None:
    # given: a complete draft
    response_save_draft(invitation=q.invitation, scores=q.all_scores(3), comment="draft")
    revisions_before = RatingRevision.objects.count()

    # when: the submission changes two answers, one of them out of the scale
    final = {q.items[0].pk: 5, q.items[1].pk: 9}
    with pytest.raises(ValidationError, match="outside the scale"):
        response_submit(invitation=q.invitation, scores=final, comment="final")

    # then: all or nothing — the earlier draft is intact and nothing is submitted
    assert scores_of(q.invitation) == q.all_scores(3)
    assert Comment.objects.get(invitation=q.invitation).text == "draft"
    assert RatingRevision.objects.count() == revisions_before
    q.invitation.refresh_from_db()
    assert q.invitation.status == Invitation.Status.STARTED


def test_response_submit_incomplete_with_new_answers_writes_none_of_them(q: Questionnaire) -> None:
    with pytest.raises(ValidationError, match="missing"):
        response_submit(invitation=q.invitation, scores={q.items[0].pk: 4})

    assert scores_of(q.invitation) == {}
    q.invitation.refresh_from_db()
    assert q.invitation.status == Invitation.Status.SENT


def test_response_submit_twice_is_refused(q: Questionnaire) -> None:
    response_submit(invitation=q.invitation, scores=q.all_scores(4))

    with pytest.raises(ValidationError, match="already been submitted"):
        response_submit(invitation=q.invitation, scores=q.all_scores(1))

    assert scores_of(q.invitation) == q.all_scores(4)


def test_response_save_draft_after_submission_is_refused(q: Questionnaire) -> None:
    response_submit(invitation=q.invitation, scores=q.all_scores(4), comment="final")

    with pytest.raises(ValidationError, match="already been submitted"):
        response_save_draft(invitation=q.invitation, scores={q.items[0].pk: 1}, comment="")

    assert scores_of(q.invitation) == q.all_scores(4)
    assert Comment.objects.get(invitation=q.invitation).text == "final"


def test_response_save_draft_after_the_close_time_is_refused(db: None) -> None:
    q = questionnaire(
        opens_at=timezone.now() - dt.timedelta(days=10),
        closes_at=timezone.now() - dt.timedelta(seconds=1),
    )

    with pytest.raises(ValidationError, match="closed"):
        response_save_draft(invitation=q.invitation, scores={q.items[0].pk: 3}, comment=None)

    assert scores_of(q.invitation) == {}


@pytest.mark.parametrize("status", [Campaign.Status.CLOSED, Campaign.Status.RELEASED])
def test_response_submit_on_a_closed_campaign_is_refused(db: None, status: str) -> None:
    q = questionnaire(status=status)

    with pytest.raises(ValidationError, match="closed"):
        response_submit(invitation=q.invitation, scores=q.all_scores(3))

    assert scores_of(q.invitation) == {}


@pytest.mark.parametrize("status", [Campaign.Status.DRAFT, Campaign.Status.NOMINATING])
def test_response_save_draft_before_the_campaign_opens_is_refused(db: None, status: str) -> None:
    q = questionnaire(status=status)

    with pytest.raises(ValidationError, match="not open"):
        response_save_draft(invitation=q.invitation, scores={q.items[0].pk: 3}, comment=None)


def test_response_save_draft_for_a_declined_invitation_is_refused(q: Questionnaire) -> None:
    response_decline(invitation=q.invitation, reason="I joined last week.")

    with pytest.raises(ValidationError, match="declined"):
        response_save_draft(invitation=q.invitation, scores={q.items[0].pk: 3}, comment=None)

    assert scores_of(q.invitation) == {}


def test_response_decline_records_the_reason(q: Questionnaire) -> None:
    invitation = response_decline(invitation=q.invitation, reason="  We never worked together. ")

    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.DECLINED
    assert invitation.declined_at is not None
    assert invitation.decline_reason == "We never worked together."


@pytest.mark.parametrize("reason", ["", "   ", "x" * 501])
def test_response_decline_needs_a_short_reason(q: Questionnaire, reason: str) -> None:
    with pytest.raises(ValidationError):
        response_decline(invitation=q.invitation, reason=reason)

    q.invitation.refresh_from_db()
    assert q.invitation.status == Invitation.Status.SENT


def test_response_decline_after_submission_is_refused(q: Questionnaire) -> None:
    response_submit(invitation=q.invitation, scores=q.all_scores(3))

    with pytest.raises(ValidationError, match="already been submitted"):
        response_decline(invitation=q.invitation, reason="Changed my mind")

    q.invitation.refresh_from_db()
    assert q.invitation.status == Invitation.Status.SUBMITTED


def test_response_decline_of_a_self_assessment_is_refused(db: None) -> None:
    q = questionnaire(invitation={"group": Invitation.Group.SELF})

    with pytest.raises(ValidationError, match="self-assessment cannot be declined"):
        response_decline(invitation=q.invitation, reason="No time")


def test_response_save_draft_of_a_self_assessment_needs_no_sending(db: None) -> None:
    # The self invitation has no link to send: it may be answered while only approved.
    q = questionnaire(
        invitation={"group": Invitation.Group.SELF, "status": Invitation.Status.APPROVED}
    )

    invitation = response_save_draft(
        invitation=q.invitation, scores={q.items[0].pk: 2}, comment=None
    )

    assert invitation.status == Invitation.Status.STARTED


def test_response_save_draft_of_an_unsent_rater_invitation_is_refused(db: None) -> None:
    q = questionnaire(invitation={"status": Invitation.Status.APPROVED})

    with pytest.raises(ValidationError, match="not open"):
        response_save_draft(invitation=q.invitation, scores={q.items[0].pk: 2}, comment=None)


def test_response_save_draft_queries_do_not_grow_with_answers(
    db: None, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    small = questionnaire(dimensions=1, items_per_dimension=2)
    large = questionnaire(dimensions=5, items_per_dimension=8)
    for case in (small, large):
        response_save_draft(invitation=case.invitation, scores=case.all_scores(2), comment="a")
        with django_assert_num_queries(10):
            response_save_draft(invitation=case.invitation, scores=case.all_scores(4), comment="b")


def _race_submit_against_draft(q: Questionnaire) -> list[ValidationError]:
    """Submit in one thread while another saves older answers as a draft, at the same moment."""
    start = threading.Barrier(2)
    errors: list[ValidationError] = []

    def run(action: str) -> None:
        try:
            start.wait()
            if action == "submit":
                response_submit(invitation=q.invitation, scores=q.all_scores(5))
            else:
                response_save_draft(invitation=q.invitation, scores=q.all_scores(1), comment=None)
        except ValidationError as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(action,)) for action in ("submit", "draft")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_draft_and_submit_never_lose_the_submitted_answers() -> None:
    for _round in range(5):
        q = questionnaire()

        errors = _race_submit_against_draft(q)

        # Whichever came first, the submitted answers are the ones kept; a late draft is refused.
        q.invitation.refresh_from_db()
        assert q.invitation.status == Invitation.Status.SUBMITTED
        assert scores_of(q.invitation) == q.all_scores(5)
        assert all("already been submitted" in str(e) for e in errors)
