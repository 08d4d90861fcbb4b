"""Load the demo programme: seed course, STROBE, a cohort, people and a released 360 campaign."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.test.utils import override_settings

from programme import demo

# The demo people are fictional: the enrolment and invitation emails their loading triggers
# would only flood the console, so they go nowhere.
DISCARD_MAIL = "django.core.mail.backends.dummy.EmailBackend"

REFUSED = (
    "loaddemo runs only with DJANGO_DEBUG=1: the demo's accounts have a published password and "
    "its rater link a published token, so they must never reach a site with real users. "
    "Run it through `make run` (or `make demo`), or pass --force to load it anyway."
)


class Command(BaseCommand):
    help = (
        "Load (or refresh) the demo data. Safe to run again: it changes nothing the second time. "
        "Refuses to run unless DEBUG is on, or --force is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load the demo although DEBUG is off (published passwords and rater link).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError(REFUSED)
        with override_settings(EMAIL_BACKEND=DISCARD_MAIL), transaction.atomic():
            logins = demo.load(rater_link=settings.DEBUG or options["force"])
        self.stdout.write(self.style.SUCCESS("Demo data ready. Log in at http://127.0.0.1:8000/"))
        for role, email, password in logins:
            self.stdout.write(f"  {role:<12} {email:<32} {password}")
