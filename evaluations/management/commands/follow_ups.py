"""Send the follow-ups on the job that are due, and remind those not answered yet."""

from typing import Any

from django.core.management.base import BaseCommand

from evaluations.services.follow_ups import follow_ups_send


class Command(BaseCommand):
    help = (
        "Email participants and their managers the follow-up on each goal once a cohort has "
        "ended N days ago (per cohort, default 60), and at most three reminders two days "
        "apart. Never twice; safe to run often."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = follow_ups_send()
        self.stdout.write(f"{sent} email(s) sent.")
