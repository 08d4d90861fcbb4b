"""A promoted participant reads their own enrolment history: its reasons name nobody else."""

import importlib
import pkgutil

import pytest
from django.apps import apps

import participants.migrations
from participants.models import Enrollment, EnrollmentStatusChange
from participants.services.enrollment import enrollment_cancel, enrollment_create
from tests import factories

pytestmark = pytest.mark.django_db

# Found by name, whatever number it carries once other migrations land beside it.
migration = importlib.import_module(
    "participants.migrations."
    + next(
        name
        for _finder, name, _is_package in pkgutil.iter_modules(participants.migrations.__path__)
        if name.endswith("_promotion_reasons_name_nobody")
    )
)


def test_promotion_after_a_cancellation_does_not_name_who_cancelled(hr_user) -> None:
    cohort = factories.CohortFactory(capacity=1)
    leaver = factories.ParticipantFactory(name="张伟", name_en="Zhang Wei")
    first = enrollment_create(participant=leaver, cohort=cohort, by=hr_user)
    waiting = enrollment_create(
        participant=factories.ParticipantFactory(), cohort=cohort, by=hr_user
    )
    enrollment_cancel(enrollment=first, by=hr_user)
    waiting.refresh_from_db()
    assert waiting.status == Enrollment.Status.CONFIRMED
    reasons = list(waiting.history.values_list("reason", flat=True))
    assert reasons[-1] == "Promoted from the waitlist: a place became free."
    assert not any("张伟" in reason or "Zhang" in reason for reason in reasons)


def test_migration_rewrites_stored_reasons_that_name_someone(hr_user) -> None:
    enrollment = factories.EnrollmentFactory()
    rows = {
        "Promoted from the waitlist: 张伟 cancelled.": (
            "Promoted from the waitlist: a place became free."
        ),
        "从候补名单递补：Zhang Wei 已取消。": "从候补名单递补：有名额空出。",
        "Promoted from the waitlist: a place became free.": (
            "Promoted from the waitlist: a place became free."
        ),
        "Cancelled.": "Cancelled.",
        # written by hand by HR: kept as it is
        "Promoted from the waitlist: asked by HR": "Promoted from the waitlist: asked by HR",
    }
    made = {
        before: EnrollmentStatusChange.objects.create(
            enrollment=enrollment,
            from_status="waitlisted",
            to_status="confirmed",
            by=hr_user,
            reason=before,
        )
        for before in rows
    }
    migration.rewrite_promotion_reasons(apps, None)
    for before, row in made.items():
        row.refresh_from_db()
        assert row.reason == rows[before]
