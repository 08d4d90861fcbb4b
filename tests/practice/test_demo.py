"""loaddemo gives 吴迪 a practice on his plan's goal, every phase filled, three observers, a full
history."""

import io

import pytest
from django.core.management import call_command

from assessments.models import FocusItem
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
    # tied to his goal on the report's focus items, with its reviews; the observers rated them
    goal = practice.goal
    assert goal is not None
    assert goal.plan.participant_id == practice.participant_id
    assert goal.plan.reviews.count() >= 2
    focus = set(
        FocusItem.objects.filter(
            participant=practice.participant, campaign=goal.plan.campaign
        ).values_list("item_id", flat=True)
    )
    goal_items = set(goal.items.values_list("pk", flat=True))
    assert goal_items
    assert goal_items <= focus
    assert set(practice.items.values_list("pk", flat=True)) == goal_items
    for observer in practice.observers.all():
        assert set(observer.ratings.values_list("item_id", flat=True)) == goal_items
    assert PracticeEvent.Kind.GOAL_LINKED in kinds
