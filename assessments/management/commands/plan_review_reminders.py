"""Remind participants whose action-plan review is due (cron or beat)."""

from typing import Any

from django.core.management.base import BaseCommand

from assessments.services.plan_reviews import review_reminders_send


class Command(BaseCommand):
    help = "Email participants whose action-plan review is due. Never twice; safe to rerun."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = review_reminders_send()
        self.stdout.write(f"{sent} reminder(s) sent.")
