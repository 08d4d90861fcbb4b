"""Reads of practice, with their related rows fetched in a constant number of queries."""

import datetime as dt
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from courses.models import Item
from kamtraining.i18n import person_ordering
from practice.access import assignments_visible_to, practices_visible_to
from practice.models import (
    PHASE_ORDER,
    Assignment,
    Attachment,
    Observer,
    ObserverRating,
    PhaseEntry,
    Practice,
    PracticeEvent,
    TriangleRole,
)

OPEN = (Practice.Status.IN_PROGRESS, Practice.Status.RETURNED)


def practice_items(practice: Practice) -> list[Item]:
    """The items the practice develops: the goal's, else the assignment's (or its dimension's)."""
    own = list(practice.items.select_related("dimension").order_by("dimension__order", "order"))
    if own:
        return own
    assignment = practice.assignment
    chosen = list(
        assignment.items.select_related("dimension").order_by("dimension__order", "order")
    )
    if chosen or assignment.dimension_id is None:
        return chosen
    return list(
        Item.objects.filter(dimension_id=assignment.dimension_id)
        .select_related("dimension")
        .order_by("order", "pk")
    )


def _list_base(qs: QuerySet[Practice]) -> QuerySet[Practice]:
    return (
        qs.select_related("assignment__cohort", "participant")
        .annotate(
            phases_done=Count(
                "entries", filter=Q(entries__completed_on__isnull=False), distinct=True
            )
        )
        .order_by("assignment__due_on", "assignment_id", *person_ordering("participant__"), "pk")
    )


def practices_for_user(
    *, user: Any, cohort_id: int | None = None, overdue: bool = False, today: dt.date | None = None
) -> QuerySet[Practice]:
    """The practices the user may read, optionally of one cohort or only the overdue ones."""
    qs = practices_visible_to(user)
    if cohort_id is not None:
        qs = qs.filter(assignment__cohort_id=cohort_id)
    if overdue:
        qs = qs.filter(status__in=OPEN, assignment__due_on__lt=today or timezone.localdate())
    return _list_base(qs)


def own_practices(*, user: Any) -> QuerySet[Practice]:
    return _list_base(Practice.objects.filter(participant__user_id=user.pk))


def practices_of_participant(*, participant: Any) -> QuerySet[Practice]:
    """The participant's own practices with their phase entries; two queries."""
    return (
        Practice.objects.filter(participant=participant)
        .select_related("assignment")
        .prefetch_related("entries")
        .order_by("assignment__due_on", "pk")
    )


def assignments_for_user(*, user: Any, cohort_id: int | None = None) -> QuerySet[Assignment]:
    qs = assignments_visible_to(user)
    if cohort_id is not None:
        qs = qs.filter(cohort_id=cohort_id)
    return (
        qs.select_related("cohort", "dimension")
        .prefetch_related("items")
        .annotate(
            practice_count=Count("practices", distinct=True),
            accepted_count=Count(
                "practices", filter=Q(practices__status=Practice.Status.ACCEPTED), distinct=True
            ),
        )
        .order_by("due_on", "pk")
    )


def practice_get(*, user: Any, pk: int) -> Practice | None:
    """One practice the user may read, with everything its page shows; None otherwise."""
    return (
        practices_visible_to(user)
        .filter(pk=pk)
        .select_related(
            "assignment__cohort__course", "assignment__dimension", "participant", "goal"
        )
        .prefetch_related(
            Prefetch(
                "entries",
                queryset=PhaseEntry.objects.prefetch_related(
                    Prefetch(
                        "attachments", queryset=Attachment.objects.order_by("uploaded_at", "pk")
                    )
                ),
            ),
            Prefetch(
                "observers",
                queryset=Observer.objects.select_related("role").prefetch_related(
                    Prefetch(
                        "ratings",
                        queryset=ObserverRating.objects.select_related("item").order_by(
                            "item__dimension__order", "item__order", "item_id"
                        ),
                    )
                ),
            ),
            Prefetch("events", queryset=PracticeEvent.objects.select_related("by")),
        )
        .first()
    )


def entries_in_order(practice: Practice) -> list[PhaseEntry]:
    by_phase = {entry.phase: entry for entry in practice.entries.all()}
    return [by_phase[phase] for phase in PHASE_ORDER if phase in by_phase]


def trainer_notes_by_phase(events: list[PracticeEvent]) -> dict[str, list[PracticeEvent]]:
    """Each phase's feedback and return comments, oldest first, to show beside the phase."""
    notes: dict[str, list[PracticeEvent]] = {}
    for event in events:
        if event.phase and event.kind in (PracticeEvent.Kind.FEEDBACK, PracticeEvent.Kind.RETURNED):
            notes.setdefault(event.phase, []).append(event)
    return notes


def observer_slots(practice: Practice) -> list[tuple[TriangleRole, Observer | None]]:
    """Each triangle role with its observer, or None where the role is missing."""
    by_role = {observer.role_id: observer for observer in practice.observers.all()}
    return [(role, by_role.get(role.pk)) for role in TriangleRole.objects.order_by("order", "pk")]


def attachment_get(*, user: Any, pk: int) -> Attachment | None:
    return (
        Attachment.objects.filter(pk=pk, entry__practice__in=practices_visible_to(user))
        .select_related("entry")
        .first()
    )
