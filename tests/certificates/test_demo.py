"""loaddemo decides completion for part of the demo cohort and issues 吴迪's certificate, once."""

import io
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command

from certificates.demo import COHORT_CODE, REFUSALS, SUBJECT_EMAIL
from certificates.models import Certificate, CompletionDecision
from participants.models import Enrollment

pytestmark = pytest.mark.django_db


def _everything() -> dict[str, list[Any]]:
    """Every row of every table, to show a second run changes nothing at all."""
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values_list())
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def test_loaddemo_completes_part_of_the_cohort_and_changes_nothing_the_second_time() -> None:
    call_command("loaddemo", force=True, stdout=io.StringIO())
    first = _everything()

    call_command("loaddemo", force=True, stdout=io.StringIO())

    assert _everything() == first
    decisions = CompletionDecision.objects.filter(enrollment__cohort__code=COHORT_CODE)
    by_email = {d.enrollment.participant.email: d for d in decisions}
    assert set(by_email) == {SUBJECT_EMAIL, *REFUSALS}  # part of the cohort, not all of it
    assert Enrollment.objects.filter(cohort__code=COHORT_CODE).count() > len(by_email)
    exception = by_email[SUBJECT_EMAIL]
    assert exception.outcome == CompletionDecision.Outcome.EXCEPTION
    assert exception.note
    assert exception.by.email == "hr@kamtraining.local"
    assert all(by_email[email].outcome == "refused" and by_email[email].note for email in REFUSALS)
    certificate = Certificate.objects.get()
    assert certificate.enrollment.participant.email == SUBJECT_EMAIL
    assert certificate.enrollment.status == Enrollment.Status.COMPLETED
    assert not certificate.is_revoked
    refused = Enrollment.objects.filter(participant__email__in=REFUSALS, cohort__code=COHORT_CODE)
    assert set(refused.values_list("status", flat=True)) == {Enrollment.Status.CONFIRMED}
