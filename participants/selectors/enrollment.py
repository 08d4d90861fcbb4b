"""Reads about enrolments: waitlist order, places, and a participant's schedule clashes."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce, Lower

from courses.models import Cohort, Session
from courses.selectors.conflicts import Clash, clash_when
from participants.models import Enrollment, Participant

Status = Enrollment.Status


@dataclass(frozen=True)
class ScheduleClash:
    """A session of the cohort that overlaps a session of another cohort the person is in."""

    session: Session
    other_session: Session

    @property
    def when(self) -> str:
        return clash_when(self.other_session)


def schedule_clashes_for_participants(
    *, cohort: Cohort, participant_ids: Iterable[int]
) -> dict[int, list[ScheduleClash]]:
    """Participant id → clashes a confirmed place in `cohort` would give them (two queries).

    A clash is a scheduled session of the cohort whose [start, end) range overlaps a scheduled
    session of another cohort in which the participant is confirmed.
    """
    ids = list(participant_ids)
    if not ids:
        return {}
    sessions = list(
        Session.objects.filter(cohort=cohort, status=Session.Status.SCHEDULED)
        .select_related("cohort", "room__venue")  # each shown in its own zone
        .order_by("starts_at", "pk")
    )
    if not sessions:
        return {}
    earliest = min(s.starts_at for s in sessions)
    latest = max(s.ends_at for s in sessions)
    others = (
        Enrollment.objects.filter(participant_id__in=ids, status=Status.CONFIRMED)
        .exclude(cohort=cohort)
        .filter(
            cohort__sessions__status=Session.Status.SCHEDULED,
            cohort__sessions__starts_at__lt=latest,
            cohort__sessions__ends_at__gt=earliest,
        )
        .values_list("participant_id", "cohort__sessions")
        .distinct()
    )
    sessions_by_participant: dict[int, set[int]] = defaultdict(set)
    for participant_id, session_id in others:
        sessions_by_participant[participant_id].add(session_id)
    if not sessions_by_participant:
        return {}
    other_sessions = Session.objects.select_related("cohort", "room__venue").in_bulk(
        {pk for pks in sessions_by_participant.values() for pk in pks}
    )
    result: dict[int, list[ScheduleClash]] = {}
    for participant_id, session_ids in sessions_by_participant.items():
        found = [
            ScheduleClash(session=mine, other_session=other)
            for mine in sessions
            for other in sorted(
                (other_sessions[pk] for pk in session_ids), key=lambda s: (s.starts_at, s.pk)
            )
            if other.starts_at < mine.ends_at and other.ends_at > mine.starts_at
        ]
        if found:
            result[participant_id] = found
    return result


def participant_clashes_for_slot(session: Session) -> list[Clash]:
    """The cohort's confirmed participants who are confirmed in another cohort meeting during
    this session's [start, end): the scheduling services ask this before a session takes its
    slot (courses.services.scheduling.on_slot_clash_check). Two queries."""
    if session.cohort_id is None or session.status != Session.Status.SCHEDULED:
        return []
    mine = Enrollment.objects.filter(cohort_id=session.cohort_id, status=Status.CONFIRMED)
    pairs = list(
        Enrollment.objects.filter(
            status=Status.CONFIRMED, participant_id__in=mine.values("participant_id")
        )
        .exclude(cohort_id=session.cohort_id)
        .filter(
            cohort__sessions__status=Session.Status.SCHEDULED,
            cohort__sessions__starts_at__lt=session.ends_at,
            cohort__sessions__ends_at__gt=session.starts_at,
        )
        .values_list("participant_id", "cohort__sessions")
        .distinct()
    )
    if not pairs:
        return []
    people = Participant.objects.in_bulk({participant_id for participant_id, _s in pairs})
    others = Session.objects.select_related("cohort", "room__venue").in_bulk(
        {session_id for _p, session_id in pairs}
    )
    found = [
        Clash(kind="participant", session=others[session_id], what=str(people[participant_id]))
        for participant_id, session_id in pairs
    ]
    return sorted(found, key=lambda clash: (clash.session.starts_at, clash.what))


# The one waitlist order: first come, first served, ties (one bulk import) broken by id.
WAITLIST_ORDER = ("waitlisted_at", "pk")


def waitlist_for_cohort(*, cohort: Cohort) -> QuerySet[Enrollment]:
    """The cohort's waitlist, head first (first come, first served)."""
    return (
        Enrollment.objects.filter(cohort=cohort, status=Status.WAITLISTED)
        .select_related("participant")
        .order_by(*WAITLIST_ORDER)
    )


def with_waitlist_position(queryset: QuerySet[Enrollment]) -> QuerySet[Enrollment]:
    """Annotate `waitlist_position` (1 = head) on waitlisted rows; None on every other row."""
    ahead = (
        Enrollment.objects.filter(cohort=OuterRef("cohort"), status=Status.WAITLISTED)
        .filter(
            Q(waitlisted_at__lt=OuterRef("waitlisted_at"))
            | Q(waitlisted_at=OuterRef("waitlisted_at"), pk__lt=OuterRef("pk"))
        )
        .order_by()
        .values("cohort")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return queryset.annotate(
        waitlist_position=Case(
            When(status=Status.WAITLISTED, then=Coalesce(Subquery(ahead), Value(0)) + 1),
            default=None,
            output_field=IntegerField(),
        )
    )


def waitlist_position(*, enrollment: Enrollment) -> int | None:
    """The enrolment's place on its cohort's waitlist (1 = head), or None if not waiting."""
    row = with_waitlist_position(Enrollment.objects.filter(pk=enrollment.pk)).values_list(  # type: ignore[misc]
        "waitlist_position", flat=True
    )
    return row.first()


def enrollment_roster_for_cohort(*, cohort: Cohort) -> QuerySet[Enrollment]:
    """The cohort's enrolments: places first, then the waitlist in its order, then the rest."""
    return (
        with_waitlist_position(
            Enrollment.objects.filter(cohort=cohort).select_related("participant", "cohort")
        )
        .annotate(
            away=Case(
                When(status__in=Enrollment.ATTENDING, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
            queue=Coalesce("waitlist_position", Value(0)),
        )
        .order_by("away", "queue", "created_at", "pk")
    )


def enrollments_for_cohort(*, cohort: Cohort) -> QuerySet[Enrollment]:
    """Every enrolment of the cohort with its participant, confirmed first then the waitlist."""
    return (
        Enrollment.objects.filter(cohort=cohort)
        .select_related("participant", "cohort")
        .order_by("status", "waitlisted_at", "created_at", "pk")
    )


@dataclass(frozen=True)
class CohortPlaces:
    capacity: int
    confirmed: int
    waitlisted: int

    @property
    def free(self) -> int:
        return max(self.capacity - self.confirmed, 0)


def places_for_cohort(*, cohort: Cohort) -> CohortPlaces:
    """Capacity, places taken and the length of the waitlist, in one query."""
    counts = Enrollment.objects.filter(cohort=cohort).aggregate(
        taken=Count("pk", filter=Q(status__in=Enrollment.HOLDS_PLACE)),
        waitlisted=Count("pk", filter=Q(status=Status.WAITLISTED)),
    )
    return CohortPlaces(
        capacity=cohort.capacity, confirmed=counts["taken"], waitlisted=counts["waitlisted"]
    )


def participants_by_tokens(*, tokens: list[str]) -> dict[str, Participant]:
    """Each pasted email (any case) or employee number → its participant; two queries at most."""
    emails = {token.lower() for token in tokens if "@" in token}
    numbers = {token for token in tokens if "@" not in token}
    found: dict[str, Participant] = {}
    if emails:
        for participant in Participant.objects.annotate(email_lower=Lower("email")).filter(
            email_lower__in=emails
        ):
            found[participant.email.lower()] = participant
    if numbers:
        for numbered in Participant.objects.filter(employee_number__in=numbers):
            found[numbered.employee_number] = numbered
    return {
        token: found[token.lower() if "@" in token else token]
        for token in tokens
        if (token.lower() if "@" in token else token) in found
    }
