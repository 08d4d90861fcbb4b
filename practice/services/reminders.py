"""Reminders of practice due dates: two days before, and once overdue — each sent once.

The unique (practice, due date, step) log makes a second run send nothing, even when two runs
overlap: a row that cannot be logged is not emailed.
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from practice import emails
from practice.models import Practice, PracticeEvent, ReminderLog

DAYS_BEFORE = 2
OPEN = (Practice.Status.IN_PROGRESS, Practice.Status.RETURNED)


def practice_reminders_send(*, today: dt.date | None = None) -> int:
    """Email each participant whose open practice is due soon or overdue; return emails sent."""
    today = today or timezone.localdate()
    practices = (
        Practice.objects.filter(
            status__in=OPEN, assignment__due_on__lte=today + dt.timedelta(days=DAYS_BEFORE)
        )
        .select_related("assignment", "participant")
        .order_by("pk")
    )
    sent = 0
    for practice in practices:
        due_on = practice.assignment.due_on
        step = ReminderLog.Step.OVERDUE if due_on < today else ReminderLog.Step.BEFORE
        sent += _remind(practice=practice, due_on=due_on, step=step)
    return sent


def _remind(*, practice: Practice, due_on: dt.date, step: str) -> int:
    try:
        with transaction.atomic():
            ReminderLog.objects.create(practice=practice, due_on=due_on, step=step)
            message = emails.reminder_message(
                practice=practice, overdue=step == ReminderLog.Step.OVERDUE
            )
            PracticeEvent.objects.create(
                practice=practice, kind=PracticeEvent.Kind.REMINDED, text=step
            )
            if message is not None:
                emails.messages_send_on_commit([message])
    except IntegrityError:  # logged already: by an earlier run, or one running beside us
        return 0
    return 1 if message is not None else 0
