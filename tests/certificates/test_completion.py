"""HR completes in bulk those who meet the rule; exceptions need a note, refusals a reason."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from certificates.models import Certificate, CompletionDecision
from certificates.services.completion import (
    completion_complete,
    completion_complete_bulk,
    completion_refuse,
)
from participants.models import Enrollment, EnrollmentStatusChange
from tests.certificates.world import World


def test_bulk_completes_who_meets_the_rule_and_skips_the_rest(world: World) -> None:
    ready, not_ready = world.enrollments
    result = completion_complete_bulk(cohort=world.cohort, by=world.hr)
    assert [c.enrollment_id for c in result.completed] == [ready.pk]
    assert [e.pk for e in result.skipped] == [not_ready.pk]
    ready.refresh_from_db()
    not_ready.refresh_from_db()
    assert ready.status == Enrollment.Status.COMPLETED
    assert not_ready.status == Enrollment.Status.CONFIRMED
    # through the enrolment's own service: its history names HR
    change = EnrollmentStatusChange.objects.get(enrollment=ready, to_status="completed")
    assert change.by == world.hr
    decision = CompletionDecision.objects.get(enrollment=ready)
    assert (decision.outcome, decision.by) == ("completed", world.hr)
    assert Certificate.objects.filter(enrollment=ready, issued_by=world.hr).exists()


def test_bulk_twice_issues_nothing_new(world: World) -> None:
    completion_complete_bulk(cohort=world.cohort, by=world.hr)
    again = completion_complete_bulk(cohort=world.cohort, by=world.hr)
    assert again.completed == []
    assert Certificate.objects.count() == 1


def test_completing_one_who_fails_the_rule_is_refused(world: World) -> None:
    with pytest.raises(ValidationError):
        completion_complete(enrollment=world.enrollments[1], by=world.hr)


def test_an_exception_needs_a_note(world: World) -> None:
    not_ready = world.enrollments[1]
    with pytest.raises(ValidationError) as error:
        completion_complete(enrollment=not_ready, by=world.hr, exception=True, note="  ")
    assert "note" in error.value.message_dict
    certificate = completion_complete(
        enrollment=not_ready, by=world.hr, exception=True, note="Sick leave, made up online."
    )
    decision = CompletionDecision.objects.get(enrollment=not_ready)
    assert decision.outcome == "exception"
    assert decision.note == "Sick leave, made up online."
    assert certificate.enrollment_id == not_ready.pk


def test_a_refusal_records_its_reason_and_keeps_the_status(world: World) -> None:
    not_ready = world.enrollments[1]
    with pytest.raises(ValidationError):
        completion_refuse(enrollment=not_ready, by=world.hr, reason="")
    completion_refuse(enrollment=not_ready, by=world.hr, reason="Practice never started.")
    not_ready.refresh_from_db()
    assert not_ready.status == Enrollment.Status.CONFIRMED
    assert CompletionDecision.objects.get(enrollment=not_ready).note == "Practice never started."


def test_a_trainer_may_not_complete(world: World) -> None:
    with pytest.raises(PermissionDenied):
        completion_complete_bulk(cohort=world.cohort, by=world.trainer)
    with pytest.raises(PermissionDenied):
        completion_complete(enrollment=world.enrollments[0], by=world.trainer)


def test_hrs_cohort_page_counts_completion(world: World) -> None:
    from django.test import Client
    from django.urls import reverse

    from certificates.selectors.checklist import completion_counts

    before = completion_counts(cohort=world.cohort)
    assert (before.holding, before.meeting_rule, before.completed, before.certified) == (2, 1, 0, 0)
    completion_complete_bulk(cohort=world.cohort, by=world.hr)
    after = completion_counts(cohort=world.cohort)
    assert (after.holding, after.meeting_rule, after.completed, after.certified) == (2, 0, 1, 1)
    client = Client()
    client.force_login(world.hr)
    page = client.get(reverse("participants:cohort-overview", args=[world.cohort.pk]))
    section = page.content.decode().split('id="completion"')[1].split("</section>")[0]
    assert "<strong>1</strong>completed" in section
    assert "<strong>1</strong>certificates issued" in section
