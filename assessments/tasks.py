"""Periodic jobs of 360 campaigns, run by celery beat (see kamtraining/celery.py)."""

from celery import shared_task

from assessments.services.campaigns import campaigns_close_due
from assessments.services.plan_reviews import review_reminders_send
from assessments.services.reminders import reminders_send


@shared_task(name="assessments.close_due_campaigns")
def close_due_campaigns() -> int:
    return campaigns_close_due()


@shared_task(name="assessments.send_due_reminders")
def send_due_reminders() -> int:
    return reminders_send()


@shared_task(name="assessments.send_plan_review_reminders")
def send_plan_review_reminders() -> int:
    return review_reminders_send()
