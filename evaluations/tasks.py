"""Periodic jobs of evaluations, run by celery beat (see kamtraining/celery.py)."""

from celery import shared_task

from evaluations.services.follow_ups import follow_ups_send
from evaluations.services.reminders import evaluation_reminders_send


@shared_task(name="evaluations.send_reminders")
def send_reminders() -> int:
    return evaluation_reminders_send()


@shared_task(name="evaluations.send_follow_ups")
def send_follow_ups() -> int:
    return follow_ups_send()
