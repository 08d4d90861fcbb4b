"""Practice services: one practice per confirmed participant, phases in order, return, accept."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from assessments.models import ActionPlan, Goal
from participants.models import Enrollment
from practice.models import PHASE_ORDER, PhaseEntry, Practice, PracticeEvent
from practice.selectors.practices import practice_items
from practice.services.assignments import assignment_create, practices_ensure
from practice.services.phases import phase_complete, phase_save, practice_goal_link
from practice.services.review import feedback_add, practice_accept, practice_return
from tests import factories
from tests.practice.world import World, participant_in

pytestmark = pytest.mark.django_db


def complete_all(world: World) -> Practice:
    for phase in PHASE_ORDER:
        phase_complete(practice=world.practice, phase=phase, text=f"{phase} done", by=world.owner)
    return Practice.objects.get(pk=world.practice.pk)


def test_assignment_gives_each_confirmed_participant_their_own(world: World) -> None:
    waiting = factories.EnrollmentFactory(
        cohort=world.cohort,
        status=Enrollment.Status.WAITLISTED,
        waitlisted_at=timezone.now(),
    )

    owners = set(world.assignment.practices.values_list("participant_id", flat=True))

    assert owners == {world.practice.participant_id, world.peer_practice.participant_id}
    assert waiting.participant_id not in owners
    assert PhaseEntry.objects.filter(practice=world.practice).count() == 4


def test_participant_confirmed_later_gets_theirs_from_the_hook(world: World) -> None:
    late = participant_in(world.cohort)

    assert practices_ensure(cohort=world.cohort) == 1
    assert practices_ensure(cohort=world.cohort) == 0  # idempotent
    assert Practice.objects.filter(participant=late, assignment=world.assignment).exists()


def test_only_hr_or_the_cohorts_trainer_sets_an_assignment(world: World) -> None:
    args = {"cohort": world.cohort, "title": "T", "brief": "B", "due_on": dt.date(2027, 6, 1)}
    with pytest.raises(PermissionDenied):
        assignment_create(**args, items=world.items[:1], by=world.other_trainer)
    with pytest.raises(PermissionDenied):
        assignment_create(**args, items=world.items[:1], by=world.owner)
    assert assignment_create(**args, items=world.items[:1], by=world.hr).practices.count() == 2


def test_assignment_needs_items_or_a_dimension_of_the_framework(world: World) -> None:
    args = {"cohort": world.cohort, "title": "T", "brief": "B", "due_on": dt.date(2027, 6, 1)}
    with pytest.raises(ValidationError):
        assignment_create(**args, by=world.trainer)
    with pytest.raises(ValidationError):
        assignment_create(**args, items=[factories.ItemFactory()], by=world.trainer)


def test_assignment_takes_the_scale_of_the_cohorts_campaign(world: World) -> None:
    factories.CampaignFactory(cohort=world.cohort, scale_min=1, scale_max=7)
    assignment = assignment_create(
        cohort=world.cohort,
        title="T",
        brief="B",
        due_on=dt.date(2027, 6, 1),
        items=world.items[:1],
        by=world.trainer,
    )
    assert (assignment.scale_min, assignment.scale_max, assignment.target_level) == (1, 7, 6)


def test_a_phase_cannot_be_completed_before_the_one_before_it(world: World) -> None:
    with pytest.raises(ValidationError, match="before this one"):
        phase_complete(practice=world.practice, phase="act", text="Did it", by=world.owner)

    phase_complete(practice=world.practice, phase="prepare", text="Plan", by=world.owner)
    entry = phase_complete(practice=world.practice, phase="act", text="Did it", by=world.owner)

    assert entry.completed_on == timezone.localdate()


def test_draft_is_saved_and_a_completed_phase_is_locked(world: World) -> None:
    phase_save(practice=world.practice, phase="prepare", text="half a plan", by=world.owner)
    assert PhaseEntry.objects.get(practice=world.practice, phase="prepare").completed_on is None
    phase_complete(practice=world.practice, phase="prepare", by=world.owner)

    with pytest.raises(ValidationError):
        phase_save(practice=world.practice, phase="prepare", text="changed", by=world.owner)
    assert PhaseEntry.objects.get(practice=world.practice, phase="prepare").text == "half a plan"


def test_an_empty_phase_or_a_future_date_is_refused(world: World) -> None:
    with pytest.raises(ValidationError):
        phase_complete(practice=world.practice, phase="prepare", by=world.owner)
    with pytest.raises(ValidationError):
        phase_complete(
            practice=world.practice,
            phase="prepare",
            text="x",
            completed_on=timezone.localdate() + dt.timedelta(days=2),
            by=world.owner,
        )


def test_nobody_but_the_owner_writes_the_phases(world: World) -> None:
    for user in (world.peer, world.trainer, world.hr):
        with pytest.raises(PermissionDenied):
            phase_save(practice=world.practice, phase="prepare", text="x", by=user)


def test_completing_the_four_phases_submits_it(world: World) -> None:
    assert complete_all(world).status == Practice.Status.SUBMITTED


def test_return_reopens_only_the_phase_returned(world: World) -> None:
    complete_all(world)

    practice_return(practice=world.practice, phase="reflect", comment="Go deeper", by=world.trainer)

    done = dict(
        PhaseEntry.objects.filter(practice=world.practice).values_list("phase", "completed_on")
    )
    assert done["reflect"] is None
    assert all(done[p] is not None for p in ("prepare", "act", "review"))
    practice = Practice.objects.get(pk=world.practice.pk)
    assert (practice.status, practice.returned_phase) == ("returned", "reflect")
    with pytest.raises(ValidationError):
        phase_save(practice=practice, phase="act", text="sneaky", by=world.owner)
    # then the participant resubmits the one phase, and the trainer accepts
    phase_complete(practice=practice, phase="reflect", text="Deeper", by=world.owner)
    assert Practice.objects.get(pk=practice.pk).status == "submitted"
    accepted = practice_accept(practice=practice, by=world.trainer)
    assert accepted.status == "accepted"
    assert accepted.accepted_at is not None


def test_history_keeps_who_did_what(world: World) -> None:
    complete_all(world)
    feedback_add(practice=world.practice, phase="act", comment="Good meeting", by=world.trainer)
    practice_return(practice=world.practice, phase="reflect", comment="Why?", by=world.trainer)

    rows = list(
        PracticeEvent.objects.filter(practice=world.practice).values_list(
            "kind", "phase", "by_id", "text"
        )
    )

    assert ("feedback", "act", world.trainer.pk, "Good meeting") in rows
    assert ("returned", "reflect", world.trainer.pk, "Why?") in rows
    assert ("completed", "prepare", world.owner.pk, "") in rows


def test_accept_or_return_needs_the_four_phases_and_the_cohorts_staff(world: World) -> None:
    with pytest.raises(ValidationError):
        practice_accept(practice=world.practice, by=world.trainer)
    complete_all(world)
    with pytest.raises(PermissionDenied):
        practice_accept(practice=world.practice, by=world.other_trainer)
    with pytest.raises(PermissionDenied):
        practice_return(practice=world.practice, phase="act", comment="x", by=world.owner)
    assert practice_accept(practice=world.practice, by=world.hr).status == "accepted"
    with pytest.raises(ValidationError):
        phase_save(practice=world.practice, phase="act", text="x", by=world.owner)


def _goal(world: World, participant_id: int) -> Goal:
    campaign = factories.CampaignFactory(
        cohort=world.cohort, framework=world.items[0].dimension.framework
    )
    plan = ActionPlan.objects.create(participant_id=participant_id, campaign=campaign)
    return Goal.objects.create(
        plan=plan,
        dimension=world.items[0].dimension,
        title="Meet the CFO",
        actions="a",
        measure="m",
        due_on=dt.date(2027, 6, 1),
    )


def test_tying_to_a_goal_makes_its_items_the_goals(world: World) -> None:
    goal = _goal(world, world.practice.participant_id)

    practice_goal_link(practice=world.practice, goal=goal, by=world.owner)

    items = {item.pk for item in practice_items(Practice.objects.get(pk=world.practice.pk))}
    assert items == {item.pk for item in world.items}  # the goal's dimension holds all three


def test_someone_elses_goal_is_refused(world: World) -> None:
    goal = _goal(world, world.peer_practice.participant_id)
    with pytest.raises(ValidationError):
        practice_goal_link(practice=world.practice, goal=goal, by=world.owner)
