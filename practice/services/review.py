"""The trainer's side of a practice: feedback per phase, return one phase, accept."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.access import require
from participants.models import User
from practice.access import may_review_practice
from practice.models import PHASE_ORDER, PhaseEntry, Practice, PracticeEvent
from practice.services.history import event_add

MAX_COMMENT = 5000


def _text(value: str, *, required: bool) -> str:
    value = value.strip()
    if required and not value:
        raise ValidationError({"comment": _("Write a comment.")})
    if len(value) > MAX_COMMENT:
        raise ValidationError({"comment": _("Write at most 5000 characters.")})
    return value


def _locked(practice: Practice) -> Practice:
    return Practice.objects.select_for_update().select_related("assignment").get(pk=practice.pk)


@transaction.atomic
def feedback_add(*, practice: Practice, phase: str, comment: str, by: User) -> PracticeEvent:
    """Write the trainer's feedback on one phase (kept in the history)."""
    require(by, may_review_practice, practice)
    if phase not in PHASE_ORDER:
        raise ValidationError({"phase": _("There is no such phase.")})
    practice = _locked(practice)
    return event_add(
        practice=practice,
        kind=PracticeEvent.Kind.FEEDBACK,
        phase=phase,
        text=_text(comment, required=True),
        by=by,
    )


@transaction.atomic
def practice_return(*, practice: Practice, phase: str, comment: str, by: User) -> Practice:
    """Send the practice back with a comment; only the phase returned opens again."""
    require(by, may_review_practice, practice)
    if phase not in PHASE_ORDER:
        raise ValidationError({"phase": _("There is no such phase.")})
    practice = _locked(practice)
    if practice.status != Practice.Status.SUBMITTED:
        raise ValidationError(_("Only a practice with every phase complete can be returned."))
    text = _text(comment, required=True)
    PhaseEntry.objects.filter(practice=practice, phase=phase).update(
        completed_on=None, updated_at=timezone.now()
    )
    practice.status = Practice.Status.RETURNED
    practice.returned_phase = phase
    practice.save(update_fields=["status", "returned_phase"])
    event_add(practice=practice, kind=PracticeEvent.Kind.RETURNED, phase=phase, text=text, by=by)
    return practice


@transaction.atomic
def practice_accept(*, practice: Practice, by: User, comment: str = "") -> Practice:
    """Accept a practice whose four phases are complete."""
    require(by, may_review_practice, practice)
    practice = _locked(practice)
    if practice.status != Practice.Status.SUBMITTED:
        raise ValidationError(_("Only a practice with every phase complete can be accepted."))
    practice.status = Practice.Status.ACCEPTED
    practice.accepted_at = timezone.now()
    practice.full_clean()
    practice.save(update_fields=["status", "accepted_at"])
    event_add(
        practice=practice,
        kind=PracticeEvent.Kind.ACCEPTED,
        text=_text(comment, required=False),
        by=by,
    )
    return practice
