"""The one way a practice's history is written."""

from participants.models import User
from practice.models import Practice, PracticeEvent


def event_add(
    *, practice: Practice, kind: str, by: User | None, phase: str = "", text: str = ""
) -> PracticeEvent:
    """Append one event; `by` None is the system or an observer (named in `text`)."""
    return PracticeEvent.objects.create(
        practice=practice, kind=kind, phase=phase, text=text, by=by if by else None
    )
