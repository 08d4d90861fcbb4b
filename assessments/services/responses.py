"""Writes of a rater's answers: drafts, the final submission, declining.

Every function locks the invitation row first, so two tabs saving at once are serialised and a
draft arriving after a submission is refused instead of overwriting a final answer.
"""

from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments.models import Comment, CommentRevision, Invitation, Rating, RatingRevision
from assessments.selectors.questionnaire import (
    Availability,
    invitation_availability,
    questionnaire_items,
)
from assessments.services.invitation_history import invitation_statuses_record
from assessments.services.late_raters import late_answer_store
from courses.models import Item
from kamtraining.i18n import localized

COMMENT_MAX_LENGTH = 5000
REASON_MAX_LENGTH = 500
MAX_PROBLEMS_LISTED = 10

Scores = Mapping[Any, Any]


def _locked(invitation: Invitation) -> Invitation:
    """Re-read the invitation under a lock of its own row (raters of a campaign don't queue)."""
    return (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("campaign", "campaign__cohort", "subject")
        .get(pk=invitation.pk)
    )


def _ensure_answerable(invitation: Invitation) -> None:
    availability = invitation_availability(invitation=invitation)
    if availability == Availability.OPEN:
        return
    if availability == Availability.SUBMITTED:
        message = _("This questionnaire has already been submitted; it can no longer be changed.")
    elif availability == Availability.DECLINED:
        message = _("This invitation was declined; it can no longer be answered.")
    elif availability == Availability.CLOSED:
        closes_at = invitation.answer_by or invitation.campaign.closes_at
        if closes_at is not None and closes_at <= timezone.now():
            zone = ZoneInfo(invitation.campaign.cohort.time_zone)
            date = formats.date_format(timezone.localtime(closes_at, zone), "DATE_FORMAT")
            message = _(
                "The feedback round closed on %(date)s; answers are no longer accepted."
            ) % {"date": date}
        else:
            message = _("The feedback round is closed; answers are no longer accepted.")
    else:
        message = _("This questionnaire is not open for answers yet.")
    raise ValidationError(message, code=availability.value)


def _checked_scores(
    *, invitation: Invitation, scores: Scores, items: dict[int, Item]
) -> dict[int, int | None]:
    """Validate every answer before anything is written; raise one error listing all problems."""
    campaign = invitation.campaign
    clean: dict[int, int | None] = {}
    problems: list[str] = []
    for key, score in scores.items():
        item_id = _item_id(key)
        item = items.get(item_id) if item_id is not None else None
        if item is None:
            problems.append(_("“%(item)s” is not an item of this questionnaire.") % {"item": key})
            continue
        if score is None:
            clean[item.pk] = None
            continue
        if isinstance(score, bool) or not isinstance(score, int):
            problems.append(
                _("The answer to “%(item)s” must be a whole number or “not observed”.")
                % {"item": localized(item, "text")}
            )
            continue
        if not campaign.scale_min <= score <= campaign.scale_max:
            problems.append(
                _("%(score)s is outside the scale %(min)s–%(max)s (item “%(item)s”).")
                % {
                    "score": score,
                    "min": campaign.scale_min,
                    "max": campaign.scale_max,
                    "item": localized(item, "text"),
                }
            )
            continue
        clean[item.pk] = score
    if problems:
        if len(problems) > MAX_PROBLEMS_LISTED:
            problems = [*problems[:MAX_PROBLEMS_LISTED], "…"]
        raise ValidationError({"scores": problems}, code="invalid_scores")
    return clean


def _item_id(key: Any) -> int | None:
    if isinstance(key, bool):
        return None
    if isinstance(key, int):
        return key
    return parse_whole_number(key) if isinstance(key, str) else None


def parse_whole_number(text: str) -> int | None:
    """A short string of ASCII digits as an int (“²” or a 5,000-digit string are not ids)."""
    text = text.strip()
    if text.isascii() and text.isdigit() and len(text) <= 18:
        return int(text)
    return None


def _checked_comment(comment: str | None) -> str | None:
    if comment is None:
        return None
    if not isinstance(comment, str):
        raise ValidationError({"comment": [_("The comment must be text.")]}, code="invalid")
    comment = comment.strip()
    if len(comment) > COMMENT_MAX_LENGTH:
        raise ValidationError(
            {
                "comment": [
                    _("The comment is too long: at most %(max)d characters, it has %(length)d.")
                    % {"max": COMMENT_MAX_LENGTH, "length": len(comment)}
                ]
            },
            code="max_length",
        )
    return comment


def _write_scores(*, invitation: Invitation, scores: dict[int, int | None]) -> None:
    """Create or update the ratings and add one revision per rating whose score changed."""
    if not scores:
        return
    now = timezone.now()
    existing = {r.item_id: r for r in Rating.objects.filter(invitation=invitation)}
    created: list[Rating] = []
    changed: list[tuple[Rating, int | None]] = []
    for item_id, score in scores.items():
        rating = existing.get(item_id)
        if rating is None:
            created.append(
                Rating(
                    invitation=invitation,
                    campaign_id=invitation.campaign_id,
                    item_id=item_id,
                    score=score,
                )
            )
        elif rating.score != score:
            changed.append((rating, rating.score))
            rating.score = score
            rating.updated_at = now  # bulk_update skips auto_now
    if created:
        Rating.objects.bulk_create(created)
        if any(r.pk is None for r in created):  # backends that cannot return ids
            ids = {
                r.item_id: r
                for r in Rating.objects.filter(
                    invitation=invitation, item_id__in=[r.item_id for r in created]
                )
            }
            created = [ids[r.item_id] for r in created]
    if changed:
        Rating.objects.bulk_update([r for r, _old in changed], ["score", "updated_at"])
    # The first revision of a rating is its first answer (from “unanswered”, shown as empty).
    revisions = [
        RatingRevision(rating=r, old_score=None, new_score=r.score, at=now) for r in created
    ] + [RatingRevision(rating=r, old_score=old, new_score=r.score, at=now) for r, old in changed]
    RatingRevision.objects.bulk_create(revisions)


def _write_comment(*, invitation: Invitation, comment: str | None) -> None:
    """Write (or clear) the comment and keep the text it replaces as a revision."""
    if comment is None:
        return
    existing = Comment.objects.filter(invitation=invitation).first()
    old_text = existing.text if existing else ""
    if comment == old_text:
        return
    if not comment:
        Comment.objects.filter(invitation=invitation).delete()
    elif existing is None:
        Comment.objects.create(invitation=invitation, text=comment)
    else:
        existing.text = comment
        existing.save(update_fields=["text", "updated_at"])
    # Like ratings, the first revision is the first text (from nothing).
    CommentRevision.objects.create(invitation=invitation, old_text=old_text, new_text=comment)


def _mark_started(invitation: Invitation) -> None:
    if invitation.status != Invitation.Status.STARTED:
        before = invitation.status
        invitation.status = Invitation.Status.STARTED
        invitation.started_at = invitation.started_at or timezone.now()
        invitation.save(update_fields=["status", "started_at"])
        invitation_statuses_record(changes=[(invitation.pk, before, invitation.status)], by=None)


def _save(*, invitation: Invitation, scores: Scores | None, comment: str | None) -> dict[int, Item]:
    """Validate everything, then write; return the questionnaire's items by id."""
    _ensure_answerable(invitation)
    clean_comment = _checked_comment(comment)
    items = {item.pk: item for item in questionnaire_items(campaign=invitation.campaign)}
    clean_scores = _checked_scores(invitation=invitation, scores=scores or {}, items=items)
    _write_scores(invitation=invitation, scores=clean_scores)
    _write_comment(invitation=invitation, comment=clean_comment)
    _mark_started(invitation)
    return items


@transaction.atomic
def response_save_draft(
    *, invitation: Invitation, scores: Scores, comment: str | None
) -> Invitation:
    """Save some answers (score or None for “not observed”) and the comment as a draft."""
    invitation = _locked(invitation)
    _save(invitation=invitation, scores=scores, comment=comment)
    return invitation


@transaction.atomic
def response_submit(
    *, invitation: Invitation, scores: Scores | None = None, comment: str | None = None
) -> Invitation:
    """Save the last answers and submit, all or nothing: every item must be answered."""
    invitation = _locked(invitation)
    items = _save(invitation=invitation, scores=scores, comment=comment)
    answered = set(Rating.objects.filter(invitation=invitation).values_list("item_id", flat=True))
    missing = [item for item_id, item in items.items() if item_id not in answered]
    if missing:
        names = "; ".join(f"“{localized(item, 'text')}”" for item in missing[:3])
        if len(missing) > 3:
            names += " …"
        raise ValidationError(
            {
                "scores": [
                    ngettext(
                        "Please answer every item before submitting (choose “Not observed” "
                        "where you cannot judge): %(count)d item is missing: %(items)s.",
                        "Please answer every item before submitting (choose “Not observed” "
                        "where you cannot judge): %(count)d items are missing: %(items)s.",
                        len(missing),
                    )
                    % {"count": len(missing), "items": names}
                ]
            },
            code="incomplete",
        )
    before = invitation.status
    invitation.status = Invitation.Status.SUBMITTED
    invitation.submitted_at = timezone.now()
    invitation.save(update_fields=["status", "submitted_at"])
    invitation_statuses_record(
        changes=[(invitation.pk, before, invitation.status)], by=None, at=invitation.submitted_at
    )
    late_answer_store(invitation=invitation)
    return invitation


@transaction.atomic
def response_decline(*, invitation: Invitation, reason: str) -> Invitation:
    """Decline to answer, with a reason; final like a submission."""
    invitation = _locked(invitation)
    _ensure_answerable(invitation)
    if invitation.group == Invitation.Group.SELF:
        raise ValidationError(
            _("The self-assessment cannot be declined."), code="self_cannot_decline"
        )
    reason = (reason or "").strip() if isinstance(reason, str) else ""
    if not reason:
        raise ValidationError(
            {"reason": [_("Please tell us briefly why you decline.")]}, code="required"
        )
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {
                "reason": [
                    _("The reason is too long: at most %(max)d characters.")
                    % {"max": REASON_MAX_LENGTH}
                ]
            },
            code="max_length",
        )
    before = invitation.status
    invitation.status = Invitation.Status.DECLINED
    invitation.declined_at = timezone.now()
    invitation.decline_reason = reason
    invitation.save(update_fields=["status", "declined_at", "decline_reason"])
    invitation_statuses_record(
        changes=[(invitation.pk, before, invitation.status)], by=None, at=invitation.declined_at
    )
    return invitation
