"""Close every open campaign whose close time has passed (cron or beat)."""

from typing import Any

from django.core.management.base import BaseCommand

from assessments.services.campaigns import campaigns_close_due


class Command(BaseCommand):
    help = "Close the open campaigns past their close time. Safe to run often."

    def handle(self, *args: Any, **options: Any) -> None:
        closed = campaigns_close_due()
        self.stdout.write(f"{closed} campaign(s) closed.")
