"""Telling people that a session they hold in their calendar moved, changed room or link, or
was cancelled: queued once the change commits, through the recorded SessionChange."""

from django.db import transaction

from courses.models import SessionChange


def session_change_notify_on_commit(*, change: SessionChange) -> None:
    """Queue the change's notices for after the commit (registered with courses' services)."""
    from participants.tasks import session_change_notify

    change_id = change.pk
    # robust: the change stands even if the mail server or the broker is down (logged).
    transaction.on_commit(lambda: session_change_notify.delay(change_id), robust=True)
