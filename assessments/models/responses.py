"""What raters answer: ratings and comments, with their revisions."""

from typing import ClassVar

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.models.campaigns import Campaign, Invitation
from courses.models import Item
from kamtraining.validators import validate_aware_datetime


class Rating(models.Model):
    """A rater's score for one item; NULL means “not observed”.

    `campaign` repeats the invitation's campaign so that a campaign's ratings are read through
    one index instead of a scan of every rating; whoever creates a rating sets both.
    """

    invitation = models.ForeignKey(
        Invitation, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("invitation")
    )
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.CASCADE,
        related_name="ratings",
        verbose_name=_("campaign"),
        db_index=False,  # the index below starts with it
    )
    item = models.ForeignKey(
        Item, on_delete=models.PROTECT, related_name="ratings", verbose_name=_("item")
    )
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    updated_at = models.DateTimeField(
        _("updated at"), auto_now=True, validators=[validate_aware_datetime]
    )

    class Meta:
        ordering = ("invitation", "item")
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("invitation", "item"), name="rating_unique_item"),
        ]
        indexes: ClassVar = [
            # What the report's GROUP BY reads, without visiting the table on PostgreSQL.
            models.Index(
                fields=("campaign", "invitation", "item"),
                include=("score",),
                name="rating_campaign_report",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.score if self.score is not None else '—'}"


class RatingRevision(models.Model):
    """History of rating edits: every change of a score while the rater drafts (append-only)."""

    rating = models.ForeignKey(
        Rating, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("rating")
    )
    old_score = models.PositiveSmallIntegerField(_("old score"), null=True, blank=True)
    new_score = models.PositiveSmallIntegerField(_("new score"), null=True, blank=True)
    at = models.DateTimeField(
        _("changed at"), default=timezone.now, validators=[validate_aware_datetime]
    )

    class Meta:
        ordering = ("at", "pk")
        verbose_name = _("rating revision")
        verbose_name_plural = _("rating revisions")

    def __str__(self) -> str:
        return f"{self.rating_id}: {self.old_score} → {self.new_score}"


class Comment(models.Model):
    """A rater's free-text comment; its earlier texts are kept as CommentRevision rows."""

    invitation = models.OneToOneField(
        Invitation, on_delete=models.CASCADE, related_name="comment", verbose_name=_("invitation")
    )
    text = models.TextField(_("comment"), max_length=5000)
    updated_at = models.DateTimeField(
        _("updated at"), auto_now=True, validators=[validate_aware_datetime]
    )

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return self.text[:60]


class CommentRevision(models.Model):
    """Append-only history of a rater's comment: each text it had, and when it changed.

    Tied to the invitation, not to the comment row, so clearing a comment keeps what it said.
    It names no user: raters have no account, and the invitation (hence the rater) is kept
    for audit only. Never show a revision beside the invitation to anyone who reads reports.
    """

    invitation = models.ForeignKey(
        Invitation,
        on_delete=models.CASCADE,
        related_name="comment_revisions",
        verbose_name=_("invitation"),
    )
    old_text = models.TextField(_("earlier text"), blank=True)
    new_text = models.TextField(_("new text"), blank=True)
    # The column keeps the name the first revisions were written under (by a data migration).
    at = models.DateTimeField(
        _("changed at"),
        default=timezone.now,
        validators=[validate_aware_datetime],
        db_column="changed_at",
    )

    class Meta:
        ordering = ("at", "pk")
        verbose_name = _("comment revision")
        verbose_name_plural = _("comment revisions")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~Q(old_text=F("new_text")), name="comment_revision_changes"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.invitation_id} @ {self.at:%Y-%m-%d %H:%M}"
