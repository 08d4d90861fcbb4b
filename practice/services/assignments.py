"""Setting practice assignments, and giving every confirmed participant their own practice.

`practices_ensure(cohort=..., participant=...)` is the hook for participants confirmed after
the assignment was set: it creates whatever practice is missing and nothing else, so it may be
called from anywhere, any number of times. The participant's practice list calls it too, so a
participant confirmed by any door finds their practice when they open the list.
"""

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from assessments.models import Campaign
from courses.access import require
from courses.models import Cohort, Dimension, Item
from participants.models import Enrollment, Participant, User
from practice.access import may_set_assignment
from practice.models import PHASE_ORDER, Assignment, PhaseEntry, Practice, PracticeEvent

MAX_ITEMS = 10
ACTIVE_ENROLMENT = (Enrollment.Status.CONFIRMED, Enrollment.Status.COMPLETED)


def _scale_of(cohort: Cohort) -> tuple[int, int]:
    campaign = Campaign.objects.filter(cohort=cohort).order_by("-created_at", "-pk").first()
    if campaign is None:
        return 1, 5
    return campaign.scale_min, campaign.scale_max


@transaction.atomic
def assignment_create(
    *,
    cohort: Cohort,
    title: str,
    brief: str,
    due_on: dt.date,
    by: User,
    dimension: Dimension | None = None,
    items: Sequence[Item] = (),
    target_level: int | None = None,
) -> Assignment:
    """Set a practice for the cohort; each confirmed participant gets theirs at once."""
    require(by, may_set_assignment, cohort)
    items = list(items)
    if dimension is None and not items:
        raise ValidationError(_("Choose the items or the dimension this practice develops."))
    if len(items) > MAX_ITEMS:
        raise ValidationError(_("Choose at most %(n)d items.") % {"n": MAX_ITEMS})
    framework_id = cohort.course.framework_id
    chosen = [dimension.framework_id] if dimension else []
    chosen += [item.dimension.framework_id for item in items]
    if any(f != framework_id for f in chosen):
        raise ValidationError(_("Choose items and dimensions of the course's framework."))
    low, high = _scale_of(cohort)
    target = target_level if target_level is not None else min(high, max(low, high - 1))
    if not low <= target <= high:
        raise ValidationError(
            _("The target level must lie between %(low)d and %(high)d.")
            % {"low": low, "high": high}
        )
    assignment = Assignment(
        cohort=cohort,
        title=title,
        brief=brief,
        due_on=due_on,
        dimension=dimension,
        scale_min=low,
        scale_max=high,
        target_level=target,
        created_by=by,
    )
    assignment.full_clean()
    assignment.save()
    assignment.items.set(items)
    practices_ensure(cohort=cohort)
    return assignment


@transaction.atomic
def practices_ensure(
    *, cohort: Cohort | None = None, participant: Participant | None = None
) -> int:
    """Create the missing practices of confirmed participants (of a cohort, or one person).

    Idempotent, and asks no permission: it creates only what the assignments already promise.
    """
    enrolments = Enrollment.objects.filter(status__in=ACTIVE_ENROLMENT)
    if cohort is not None:
        enrolments = enrolments.filter(cohort=cohort)
    if participant is not None:
        enrolments = enrolments.filter(participant=participant)
    places = list(enrolments.values_list("cohort_id", "participant_id"))
    by_cohort: dict[int, list[int]] = {}
    for assignment_id, cohort_id in Assignment.objects.filter(
        cohort_id__in={c for c, _p in places}
    ).values_list("pk", "cohort_id"):
        by_cohort.setdefault(cohort_id, []).append(assignment_id)
    pairs = {(a, p) for c, p in places for a in by_cohort.get(c, [])}
    if not pairs:
        return 0
    existing = set(
        Practice.objects.filter(
            assignment_id__in={a for a, _p in pairs}, participant_id__in={p for _a, p in pairs}
        ).values_list("assignment_id", "participant_id")
    )
    missing = sorted(pairs - existing)
    if not missing:
        return 0
    Practice.objects.bulk_create(
        [Practice(assignment_id=a, participant_id=p) for a, p in missing], ignore_conflicts=True
    )
    created = list(
        Practice.objects.filter(
            assignment_id__in={a for a, _p in missing},
            participant_id__in={p for _a, p in missing},
            entries__isnull=True,
        )
    )
    PhaseEntry.objects.bulk_create(
        [
            PhaseEntry(practice=practice, phase=phase)
            for practice in created
            for phase in PHASE_ORDER
        ],
        ignore_conflicts=True,
    )
    PracticeEvent.objects.bulk_create(
        [PracticeEvent(practice=practice, kind=PracticeEvent.Kind.CREATED) for practice in created]
    )
    return len(created)
