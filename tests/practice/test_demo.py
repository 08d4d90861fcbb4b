"""loaddemo gives 吴迪 a practice with every phase filled, three observers and a full history."""

import io

import pytest
from django.core.management import call_command

from practice.demo import SUBJECT_EMAIL, TITLE
from practice.models import Practice, PracticeEvent

pytestmark = pytest.mark.django_db


def test_loaddemo_builds_wudis_practice_once() -> None:
    call_command("loaddemo", force=True, stdout=io.StringIO())
    call_command("loaddemo", force=True, stdout=io.StringIO())

    practice = Practice.objects.get(assignment__title=TITLE, participant__email=SUBJECT_EMAIL)
    assert practice.status == "accepted"
    assert practice.entries.filter(completed_on__isnull=False).count() == 4
    assert sorted(practice.observers.values_list("role__code", "status")) == [
        ("account", "submitted"),
        ("fulfilment", "submitted"),
        ("solution", "submitted"),
    ]
    kinds = list(practice.events.values_list("kind", flat=True))
    assert kinds.index(PracticeEvent.Kind.RETURNED) < kinds.index(PracticeEvent.Kind.ACCEPTED)
    assert Practice.objects.filter(assignment__title=TITLE).count() > 1  # the whole cohort
