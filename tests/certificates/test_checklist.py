"""The checklist: each part of the rule, switchable per cohort, a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import Invitation
from certificates.selectors.checklist import checklists_for_cohort
from certificates.services.rules import rule_update
from practice.models import Practice
from tests import factories
from tests.certificates.world import World, add_person, build_world


def _by_person(world: World) -> dict[int, object]:
    return {c.enrollment.pk: c for c in checklists_for_cohort(cohort=world.cohort)}


def test_ready_participant_meets_every_part(world: World) -> None:
    ready, not_ready = world.enrollments
    rows = _by_person(world)
    assert rows[ready.pk].meets_rule  # type: ignore[attr-defined]
    assert rows[ready.pk].attendance_rate == 1.0  # type: ignore[attr-defined]
    row = rows[not_ready.pk]
    assert not row.meets_rule  # type: ignore[attr-defined]
    assert (row.attendance_ok, row.self_assessment_done, row.practice_ok) == (  # type: ignore[attr-defined]
        False,
        False,
        False,
    )


def test_only_the_latest_campaigns_self_assessment_counts(world: World) -> None:
    ready = world.enrollments[0]
    newer = factories.CampaignFactory(cohort=world.cohort, framework=world.cohort.course.framework)
    factories.InvitationFactory(
        campaign=newer, subject=ready.participant, group=Invitation.Group.SELF
    )
    assert not _by_person(world)[ready.pk].self_assessment_done  # type: ignore[attr-defined]


def test_one_practice_not_accepted_fails_the_practice_part(world: World) -> None:
    ready = world.enrollments[0]
    second = world.assignment.__class__.objects.create(
        cohort=world.cohort,
        title="Second",
        brief="b",
        due_on=world.assignment.due_on,
        created_by=world.trainer,
    )
    Practice.objects.create(assignment=second, participant=ready.participant)
    row = _by_person(world)[ready.pk]
    assert (row.practices_accepted, row.practices_total, row.practice_ok) == (1, 2, False)  # type: ignore[attr-defined]


def test_parts_switched_off_are_not_asked(world: World) -> None:
    not_ready = world.enrollments[1]
    rule_update(
        cohort=world.cohort,
        requires_attendance=False,
        requires_self_assessment=False,
        requires_practice=False,
        by=world.hr,
    )
    assert _by_person(world)[not_ready.pk].meets_rule  # type: ignore[attr-defined]


def test_a_trainer_may_not_change_the_rule(world: World) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        rule_update(
            cohort=world.cohort,
            requires_attendance=False,
            requires_self_assessment=True,
            requires_practice=True,
            by=world.trainer,
        )


def _queries(world: World) -> int:
    with CaptureQueriesContext(connection) as ctx:
        checklists_for_cohort(cohort=world.cohort)
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_checklist_queries_do_not_grow_with_the_cohort() -> None:
    world = build_world(ready=1, not_ready=1)
    small = _queries(world)
    for _ in range(6):
        add_person(world)
    assert _queries(world) == small
