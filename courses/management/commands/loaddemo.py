"""Load the demo programme: seed course, STROBE, a cohort, people and a released 360 campaign."""

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from kamtraining import demo

# The demo people are fictional: the enrolment and invitation emails their loading triggers
# would only flood the console, so they go nowhere.
DISCARD_MAIL = "django.core.mail.backends.dummy.EmailBackend"


class Command(BaseCommand):
    help = "Load (or refresh) the demo data. Safe to run again: it changes nothing the second time."

    def handle(self, *args: Any, **options: Any) -> None:
        with override_settings(EMAIL_BACKEND=DISCARD_MAIL), transaction.atomic():
            logins = demo.load()
        self.stdout.write(self.style.SUCCESS("Demo data ready. Log in at http://127.0.0.1:8000/"))
        for role, email, password in logins:
            self.stdout.write(f"  {role:<12} {email:<32} {password}")
