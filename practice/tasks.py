"""Periodic jobs of practice, run by celery beat (see kamtraining/celery.py)."""

from celery import shared_task

from practice.services.reminders import practice_reminders_send


@shared_task(name="practice.send_reminders")
def send_reminders() -> int:
    return practice_reminders_send()
