"""Many enrolments at once: an import's fixed-query write, and HR's person-by-person bulk enrol."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import Cohort
from participants.access import may_manage_enrollment, require
from participants.models import Enrollment, EnrollmentStatusChange, Participant, User
from participants.selectors.enrollment import (
    participants_by_tokens,
    places_for_cohort,
    schedule_clashes_for_participants,
)
from participants.services.enrollment.common import (
    Status,
    clash_message,
    lock_cohort,
    notify_after_commit,
    refuse_closed,
    refuse_outside_window,
)
from participants.services.enrollment.lifecycle import enrollment_create


@transaction.atomic
def enrollments_create_bulk(
    *, cohort: Cohort, participants: list[Participant], by: User | None, reason: str = ""
) -> list[Enrollment]:
    """Enrol many people at once, in list order: free places first, then the waitlist.

    Same rules as `enrollment_create` in a fixed number of queries; for imports. Someone already
    enrolled (or cancelled) in the cohort is left as they are.
    """
    require(by, may_manage_enrollment, cohort)
    cohort = lock_cohort(cohort.pk)
    refuse_closed(cohort)
    refuse_outside_window(cohort)
    ids = [p.pk for p in participants]
    taken_ids = set(
        Enrollment.objects.filter(cohort=cohort, participant_id__in=ids).values_list(
            "participant_id", flat=True
        )
    )
    wanted = [p for p in participants if p.pk not in taken_ids]
    free = places_for_cohort(cohort=cohort).free
    confirmed, waitlisted = wanted[:free], wanted[free:]
    clashes = schedule_clashes_for_participants(
        cohort=cohort, participant_ids=[p.pk for p in confirmed]
    )
    if clashes:
        raise ValidationError(
            [
                _("%(participant)s cannot take a place: %(clash)s.")
                % {"participant": p, "clash": clash_message(clashes[p.pk][0])}
                for p in confirmed
                if p.pk in clashes
            ],
            code="schedule_conflict",
        )
    now = timezone.now()
    enrollments = [
        Enrollment(participant=p, cohort=cohort, status=Status.CONFIRMED, created_at=now)
        for p in confirmed
    ] + [
        Enrollment(
            participant=p,
            cohort=cohort,
            status=Status.WAITLISTED,
            created_at=now,
            waitlisted_at=now,
        )
        for p in waitlisted
    ]
    Enrollment.objects.bulk_create(enrollments, batch_size=500)
    if any(e.pk is None for e in enrollments):
        stored = dict(
            Enrollment.objects.filter(cohort=cohort, participant_id__in=ids).values_list(
                "participant_id", "pk"
            )
        )
        for enrollment in enrollments:
            enrollment.pk = stored[enrollment.participant_id]
    actor = by if getattr(by, "pk", None) else None
    EnrollmentStatusChange.objects.bulk_create(
        [
            EnrollmentStatusChange(
                enrollment=e,
                from_status="",
                to_status=e.status,
                by=actor,
                at=now,
                reason=(
                    reason
                    or (_("Enrolled.") if e.status == Status.CONFIRMED else _("Cohort full."))
                )[:300],
            )
            for e in enrollments
        ],
        batch_size=500,
    )
    for enrollment in enrollments:
        # HR ran the import and sees its summary: only the participants are written to.
        notify_after_commit(enrollment, enrollment.status, tell_hr=False)
    return enrollments


@dataclass
class BulkEnrolment:
    """What one bulk enrolment did, person by person."""

    confirmed: list[Participant] = field(default_factory=list)
    waitlisted: list[Participant] = field(default_factory=list)
    already_enrolled: list[Participant] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # pasted tokens matching nobody
    refused: list[tuple[Participant, str]] = field(default_factory=list)  # clash, closed cohort

    @property
    def total(self) -> int:
        return (
            len(self.confirmed)
            + len(self.waitlisted)
            + len(self.already_enrolled)
            + len(self.unknown)
            + len(self.refused)
        )


@transaction.atomic
def enrollments_create_each(
    *,
    cohort: Cohort,
    by: User | None,
    participants: Iterable[Participant] = (),
    tokens: Iterable[str] = (),
    reason: str = "",
) -> BulkEnrolment:
    """Enrol the chosen people and those the pasted emails or employee numbers name.

    Each person goes through `enrollment_create` in arrival order (its own savepoint), so
    places and the waitlist follow the same rules as a single enrolment; one refusal does not
    undo the others. Outside the enrolment window nobody is, with one message.
    """
    require(by, may_manage_enrollment, cohort)
    refuse_outside_window(cohort)
    tokens = list(dict.fromkeys(token.strip() for token in tokens if token.strip()))
    found = participants_by_tokens(tokens=tokens)
    result = BulkEnrolment(unknown=[token for token in tokens if token not in found])
    people = list({p.pk: p for p in [*participants, *found.values()]}.values())
    for participant in people:
        try:
            with transaction.atomic():
                enrollment = enrollment_create(
                    participant=participant, cohort=cohort, by=by, reason=reason
                )
        except ValidationError as error:
            if getattr(error, "code", None) == "already_enrolled":
                result.already_enrolled.append(participant)
            else:
                result.refused.append((participant, " ".join(error.messages)))
            continue
        if enrollment.status == Status.WAITLISTED:
            result.waitlisted.append(participant)
        else:
            result.confirmed.append(participant)
    return result
