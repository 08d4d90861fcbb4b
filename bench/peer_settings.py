"""The product's settings plus django-survey-and-report, the peer bench/answers.py measures."""

from kamtraining.settings import *  # noqa: F403
from kamtraining.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "survey"]
# What the peer's exporter reads from the settings.
USER_DID_NOT_ANSWER = "Left blank"
EXCEL_COMPATIBLE_CSV = False
CHOICES_SEPARATOR = ","
