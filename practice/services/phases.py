"""The participant's side of a practice: phase drafts, attachments, completion in order, goal."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import Goal
from courses.access import require
from courses.models import Item
from participants.models import User
from practice.access import may_do_practice
from practice.models import (
    PHASE_ORDER,
    Attachment,
    Phase,
    PhaseEntry,
    Practice,
    PracticeEvent,
)
from practice.services.history import event_add
from practice.uploads import MAX_ATTACHMENTS, attachment_kind

MAX_TEXT = 20000


def _locked(practice: Practice) -> Practice:
    """The practice, locked: two tabs of one participant complete phases one at a time."""
    return Practice.objects.select_for_update().select_related("assignment").get(pk=practice.pk)


def _open_entry(practice: Practice, phase: str) -> PhaseEntry:
    if phase not in PHASE_ORDER:
        raise ValidationError(_("There is no such phase."))
    if practice.is_closed:
        raise ValidationError(_("This practice has been accepted; it can no longer change."))
    entry, _created = PhaseEntry.objects.get_or_create(practice=practice, phase=phase)
    if entry.completed_on is not None:
        raise ValidationError(_("This phase is complete; it opens again only if it is returned."))
    return entry


@transaction.atomic
def phase_save(*, practice: Practice, phase: str, text: str, by: User) -> PhaseEntry:
    """Save a phase's text as a draft."""
    require(by, may_do_practice, practice)
    practice = _locked(practice)
    entry = _open_entry(practice, phase)
    if len(text) > MAX_TEXT:
        raise ValidationError(_("Write at most %(n)d characters.") % {"n": MAX_TEXT})
    entry.text = text
    entry.updated_at = timezone.now()
    entry.full_clean()
    entry.save(update_fields=["text", "updated_at"])
    event_add(practice=practice, kind=PracticeEvent.Kind.DRAFT_SAVED, phase=phase, by=by)
    return entry


@transaction.atomic
def phase_complete(
    *,
    practice: Practice,
    phase: str,
    by: User,
    text: str | None = None,
    completed_on: dt.date | None = None,
) -> PhaseEntry:
    """Mark a phase complete on a date; the phase before it must be complete already."""
    require(by, may_do_practice, practice)
    practice = _locked(practice)
    entry = _open_entry(practice, phase)
    if text is not None:
        if len(text) > MAX_TEXT:
            raise ValidationError(_("Write at most %(n)d characters.") % {"n": MAX_TEXT})
        entry.text = text
    index = PHASE_ORDER.index(phase)
    if index > 0:
        before = PhaseEntry.objects.filter(practice=practice, phase=PHASE_ORDER[index - 1]).first()
        if before is None or before.completed_on is None:
            raise ValidationError(
                _("Complete the phase before this one first (%(phase)s).")
                % {"phase": Phase(PHASE_ORDER[index - 1]).label}
            )
    if not entry.text.strip():
        raise ValidationError(_("Write what you did in this phase before completing it."))
    today = timezone.localdate()
    completed_on = completed_on or today
    if completed_on > today:
        raise ValidationError(_("A phase cannot be completed in the future."))
    if completed_on < practice.created_at.date() - dt.timedelta(days=366):
        raise ValidationError(_("Give the date the phase was completed."))
    entry.completed_on = completed_on
    entry.updated_at = timezone.now()
    entry.full_clean()
    entry.save(update_fields=["text", "completed_on", "updated_at"])
    event_add(practice=practice, kind=PracticeEvent.Kind.COMPLETED, phase=phase, by=by)
    open_left = PhaseEntry.objects.filter(practice=practice, completed_on__isnull=True).exists()
    if not open_left:
        practice.status = Practice.Status.SUBMITTED
        practice.returned_phase = ""
        practice.save(update_fields=["status", "returned_phase"])
    return entry


@transaction.atomic
def attachment_add(*, practice: Practice, phase: str, upload: UploadedFile, by: User) -> Attachment:
    """Attach a checked file (PDF, image, Office document, ≤ 10 MB) to an open phase."""
    require(by, may_do_practice, practice)
    practice = _locked(practice)
    entry = _open_entry(practice, phase)
    if entry.attachments.count() >= MAX_ATTACHMENTS:
        raise ValidationError(
            _("A phase holds at most %(n)d attachments.") % {"n": MAX_ATTACHMENTS}
        )
    name = (upload.name or "").replace("\x00", "").rsplit("/", 1)[-1][-200:]
    content_type = attachment_kind(name=name, size=upload.size or 0, stream=upload.file)  # type: ignore[arg-type]
    attachment = Attachment(
        entry=entry,
        name=name,
        content_type=content_type,
        size=upload.size or 0,
        uploaded_by=by,
    )
    attachment.file.save(name, upload, save=False)
    # The stored file is not part of the transaction: remove it if the row is refused.
    try:
        attachment.full_clean()
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise
    event_add(practice=practice, kind=PracticeEvent.Kind.ATTACHED, phase=phase, text=name, by=by)
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: Attachment, by: User) -> None:
    """Remove a file from a phase that is still open."""
    practice = attachment.entry.practice
    require(by, may_do_practice, practice)
    practice = _locked(practice)
    entry = _open_entry(practice, attachment.entry.phase)
    name, stored = attachment.name, attachment.file.name
    storage = attachment.file.storage
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(stored))
    event_add(
        practice=practice, kind=PracticeEvent.Kind.DETACHED, phase=entry.phase, text=name, by=by
    )


def goal_items(goal: Goal) -> list[Item]:
    """The items a goal develops: its own when it names them, else its dimension's."""
    own = getattr(goal, "items", None)
    if own is not None and hasattr(own, "all"):
        chosen = list(own.all())
        if chosen:
            return chosen
    return list(Item.objects.filter(dimension_id=goal.dimension_id).order_by("order", "pk"))


@transaction.atomic
def practice_goal_link(*, practice: Practice, goal: Goal | None, by: User) -> Practice:
    """Tie the practice to one of the participant's goals (its items become the goal's)."""
    require(by, may_do_practice, practice)
    practice = _locked(practice)
    if practice.is_closed:
        raise ValidationError(_("This practice has been accepted; it can no longer change."))
    if goal is not None and goal.plan.participant_id != practice.participant_id:
        raise ValidationError(_("Choose one of your own goals."))
    if practice.observers.filter(status="submitted").exists():
        raise ValidationError(_("Observers have rated the items already; the goal stays."))
    practice.goal = goal
    practice.save(update_fields=["goal"])
    practice.items.set(goal_items(goal) if goal is not None else [])
    event_add(
        practice=practice,
        kind=PracticeEvent.Kind.GOAL_LINKED,
        text=goal.title if goal is not None else "",
        by=by,
    )
    return practice
