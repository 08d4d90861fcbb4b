"""Remind participants of practice due in two days, and once overdue (cron or beat)."""

from typing import Any

from django.core.management.base import BaseCommand

from practice.services.reminders import practice_reminders_send


class Command(BaseCommand):
    help = "Email participants whose practice is due soon or overdue. Never twice; safe to rerun."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = practice_reminders_send()
        self.stdout.write(f"{sent} reminder(s) sent.")
