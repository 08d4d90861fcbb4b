"""When a cohort's evaluation is open, who may answer it, and what it asks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, Q
from django.utils import timezone

from courses.models import Cohort, Module, Session
from evaluations.access import ATTENDED
from evaluations.models import DEFAULT_OPEN_DAYS, Evaluation, Voter
from participants.models import Enrollment


@dataclass(frozen=True)
class Window:
    """`opens_at` is the end of the cohort's last scheduled session (None: no session yet)."""

    opens_at: dt.datetime | None
    closes_at: dt.datetime | None

    def state(self, now: dt.datetime | None = None) -> str:
        now = now or timezone.now()
        if self.opens_at is None or now < self.opens_at:
            return "not_open"
        assert self.closes_at is not None
        return "open" if now < self.closes_at else "closed"

    @property
    def is_open(self) -> bool:
        return self.state() == "open"


def window_for(*, cohort: Cohort, evaluation: Evaluation | None = None) -> Window:
    """The evaluation's opening and closing time, from the cohort's sessions (one query)."""
    last_end = Session.objects.filter(
        cohort_id=cohort.pk, status=Session.Status.SCHEDULED
    ).aggregate(last=Max("ends_at"))["last"]
    if last_end is None:
        return Window(opens_at=None, closes_at=None)
    days = evaluation.open_days if evaluation is not None else DEFAULT_OPEN_DAYS
    return Window(opens_at=last_end, closes_at=last_end + dt.timedelta(days=days))


def attendees(*, cohort_ids: list[int]) -> Any:
    """Enrolments with at least one session present or late: those who may answer."""
    return Enrollment.objects.filter(
        cohort_id__in=cohort_ids, attendances__status__in=ATTENDED
    ).distinct()


def attendee_count(*, cohort_ids: list[int]) -> int:
    return attendees(cohort_ids=cohort_ids).count()


def questionnaire_for(*, cohort: Cohort) -> dict[str, Any]:
    """The modules and trainers an attendee rates, in syllabus order (two queries)."""
    modules = list(Module.objects.filter(course_id=cohort.course_id).order_by("number", "pk"))
    trainers = list(cohort.trainers.order_by("full_name", "pk"))
    return {"modules": modules, "trainers": trainers}


def evaluation_of(*, cohort: Cohort) -> Evaluation | None:
    """The cohort's evaluation settings if HR or a first answer made them; else None (defaults)."""
    return Evaluation.objects.filter(cohort_id=cohort.pk).first()


def has_voted(*, evaluation: Evaluation | None, participant_id: int) -> bool:
    if evaluation is None:
        return False
    return evaluation.voters.filter(participant_id=participant_id).exists()


@dataclass(frozen=True)
class ToAnswer:
    """An evaluation a participant may answer now, for My Zone."""

    cohort: Cohort
    closes_at: dt.datetime


def evaluations_to_answer(*, participant_id: int, now: dt.datetime | None = None) -> list[ToAnswer]:
    """The open evaluations of the cohorts the participant attended and has not answered yet.

    Two queries, however many cohorts: the attended cohorts with their last session's end and
    their settings, then the participant's own voter rows.
    """
    now = now or timezone.now()
    attended = Enrollment.objects.filter(
        participant_id=participant_id, attendances__status__in=ATTENDED
    ).values("cohort_id")
    cohorts = list(
        Cohort.objects.filter(pk__in=attended)
        .exclude(status=Cohort.Status.CANCELLED)
        .annotate(
            last_end=Max("sessions__ends_at", filter=Q(sessions__status=Session.Status.SCHEDULED))
        )
        .filter(last_end__lte=now)
        .select_related("course", "evaluation")
        .order_by("-last_end", "pk")
    )
    if not cohorts:
        return []
    answered = set(
        Voter.objects.filter(
            participant_id=participant_id, evaluation__cohort_id__in=[c.pk for c in cohorts]
        ).values_list("evaluation__cohort_id", flat=True)
    )
    found = []
    for cohort in cohorts:
        evaluation = getattr(cohort, "evaluation", None)
        days = evaluation.open_days if evaluation is not None else DEFAULT_OPEN_DAYS
        closes_at = cohort.last_end + dt.timedelta(days=days)
        if cohort.pk not in answered and now < closes_at:
            found.append(ToAnswer(cohort=cohort, closes_at=closes_at))
    return found
