"""Open the evaluations of cohorts that ended and remind attendees who have not answered."""

from typing import Any

from django.core.management.base import BaseCommand

from evaluations.services.reminders import evaluation_reminders_send


class Command(BaseCommand):
    help = (
        "Open the evaluation of each cohort whose last session ended, and remind attendees who "
        "have not answered two days after it opens and on its closing day. Never twice; safe "
        "to run often."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = evaluation_reminders_send()
        self.stdout.write(f"{sent} reminder(s) sent.")
