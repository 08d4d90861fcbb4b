"""A rater's comment keeps every earlier text (for audit only; never shown beside the rater)."""

import importlib
import pkgutil

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection
from django.db.migrations.loader import MigrationLoader
from rest_framework.test import APIClient

from assessments.models import ActionPlanComment, Campaign, Comment, CommentRevision, Invitation
from assessments.selectors.report import report_for
from assessments.services.responses import response_save_draft, response_submit
from tests import factories
from tests.assessments.rater_fixtures import (
    Questionnaire,
    questionnaire,
)

pytestmark = pytest.mark.django_db


def _revisions(invitation: Invitation) -> list[tuple[str, str]]:
    return list(
        CommentRevision.objects.filter(invitation=invitation).values_list("old_text", "new_text")
    )


def test_every_edit_of_a_draft_comment_keeps_the_earlier_text(q: Questionnaire) -> None:
    # given a first comment, an edit, the same text again and a save without the comment
    for comment in ("Listens well.", "Listens well; decides fast.", "Listens well; decides fast."):
        response_save_draft(invitation=q.invitation, scores={}, comment=comment)
    response_save_draft(invitation=q.invitation, scores={q.items[0].pk: 3}, comment=None)
    # then one revision per change, oldest first; unchanged saves add none
    assert _revisions(q.invitation) == [
        ("", "Listens well."),
        ("Listens well.", "Listens well; decides fast."),
    ]
    assert Comment.objects.get(invitation=q.invitation).text == "Listens well; decides fast."
    first, second = CommentRevision.objects.order_by("pk")
    assert first.at <= second.at


def test_clearing_a_comment_keeps_what_it_said(q: Questionnaire) -> None:
    response_save_draft(invitation=q.invitation, scores={}, comment="Too harsh, maybe.")

    response_save_draft(invitation=q.invitation, scores={}, comment="  ")

    assert not Comment.objects.filter(invitation=q.invitation).exists()
    assert _revisions(q.invitation) == [("", "Too harsh, maybe."), ("Too harsh, maybe.", "")]


def test_submitting_with_a_new_comment_keeps_the_draft_text(q: Questionnaire) -> None:
    response_save_draft(invitation=q.invitation, scores={}, comment="Draft words.")

    response_submit(invitation=q.invitation, scores=q.all_scores(4), comment="Final words.")

    assert _revisions(q.invitation) == [("", "Draft words."), ("Draft words.", "Final words.")]


def test_a_refused_save_keeps_no_revision(q: Questionnaire) -> None:
    response_save_draft(invitation=q.invitation, scores={}, comment="Kept.")

    with pytest.raises(ValidationError, match="outside the scale"):
        response_save_draft(invitation=q.invitation, scores={q.items[0].pk: 99}, comment="Lost?")

    assert _revisions(q.invitation) == [("", "Kept.")]
    assert Comment.objects.get(invitation=q.invitation).text == "Kept."


def test_rater_api_edits_keep_the_earlier_text(q: Questionnaire) -> None:
    client = APIClient()
    for comment in ("First thought.", "Second thought."):
        response = client.put(q.api_url, {"scores": {}, "comment": comment}, format="json")
        assert response.status_code == 200, response.content

    assert _revisions(q.invitation) == [
        ("", "First thought."),
        ("First thought.", "Second thought."),
    ]


def test_the_database_refuses_a_revision_that_changes_nothing(q: Questionnaire) -> None:
    with pytest.raises(IntegrityError):
        CommentRevision.objects.create(invitation=q.invitation, old_text="same", new_text="same")


def test_a_revision_names_no_one_and_is_not_in_the_admin() -> None:
    # Only the invitation links a revision to its rater; the admin is open to HR, who may read
    # invitations (rater names), so the revisions must not be listed there beside them.
    fields = {f.name for f in CommentRevision._meta.get_fields()}
    assert fields == {"id", "invitation", "old_text", "new_text", "at"}
    assert CommentRevision not in admin.site._registry


def test_the_report_shows_only_the_last_text_never_an_earlier_one(db: None) -> None:
    # given a manager (always shown) who rewrote a comment before submitting
    q = questionnaire(invitation={"group": Invitation.Group.MANAGER})
    response_save_draft(invitation=q.invitation, scores={}, comment="Names a customer: ACME.")
    response_submit(
        invitation=q.invitation, scores=q.all_scores(4), comment="Strong with key accounts."
    )
    Campaign.objects.filter(pk=q.campaign.pk).update(status=Campaign.Status.RELEASED)
    # when the participant's report is read
    report = report_for(campaign=q.campaign, participant=q.invitation.subject)
    # then
    assert report["comments"]["manager"] == ["Strong with key accounts."]
    assert "ACME" not in str(report)


def test_action_plan_comments_have_no_edit_path() -> None:
    # Action-plan comments and reviews are written once: no service or API updates them, so
    # there is no earlier text to keep. This pins that; an edit path needs revisions first.
    from assessments.services import action_plans

    assert not [name for name in dir(action_plans) if name.endswith(("_update", "_edit"))]
    assert ActionPlanComment not in admin.site._registry


def test_the_migration_gives_every_existing_comment_its_first_revision(db: None) -> None:
    # Found by name: the migration's number may change when branches are merged.
    from assessments import migrations

    (name,) = [
        m.name
        for m in pkgutil.iter_modules(migrations.__path__)
        if m.name.endswith("_comment_revisions_and_protected_actors")
    ]
    migration = importlib.import_module(f"assessments.migrations.{name}")
    comment = factories.CommentFactory(text="Said before the history was kept.")

    # The models as the migration knew them: fields have been renamed since.
    historical = MigrationLoader(connection).project_state(("assessments", name)).apps
    migration.first_texts_as_revisions(historical, None)

    assert _revisions(comment.invitation) == [("", "Said before the history was kept.")]
