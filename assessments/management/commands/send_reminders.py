"""Remind raters who have not answered, N days before their campaign closes (cron or beat)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from assessments.services.reminders import DEFAULT_STEPS, reminders_send


class Command(BaseCommand):
    help = "Email pending raters 7 and 2 days before the close (by default). Safe to run often."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--steps",
            type=int,
            nargs="+",
            default=list(DEFAULT_STEPS),
            help="Days before the close at which to remind (default: 7 2).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = reminders_send(steps=tuple(options["steps"]))
        self.stdout.write(f"{sent} reminder(s) sent.")
