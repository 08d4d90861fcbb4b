"""Celery app: tasks run inline (eager) unless CELERY_BROKER_URL points at a broker."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kamtraining.settings")

app = Celery("kamtraining")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Periodic jobs (`celery -A kamtraining worker -B`); each is idempotent, so a missed or
# doubled run does no harm. The same work runs from cron with `manage.py close_campaigns`,
# `manage.py send_reminders`, `manage.py practice_reminders`, `manage.py plan_review_reminders`,
# `manage.py evaluation_reminders` and `manage.py follow_ups`.
app.conf.beat_schedule = {
    "close-due-campaigns": {"task": "assessments.close_due_campaigns", "schedule": 300.0},
    "send-due-reminders": {"task": "assessments.send_due_reminders", "schedule": 3600.0},
    "send-practice-reminders": {"task": "practice.send_reminders", "schedule": 3600.0},
    "send-evaluation-reminders": {"task": "evaluations.send_reminders", "schedule": 3600.0},
    "send-follow-ups": {"task": "evaluations.send_follow_ups", "schedule": 3600.0},
    "send-plan-review-reminders": {
        "task": "assessments.send_plan_review_reminders",
        "schedule": 3600.0,
    },
}
