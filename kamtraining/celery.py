"""Celery app: tasks run inline (eager) unless CELERY_BROKER_URL points at a broker."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kamtraining.settings")

app = Celery("kamtraining")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
