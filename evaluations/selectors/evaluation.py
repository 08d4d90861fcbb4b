"""When a cohort's evaluation is open, who may answer it, and what it asks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Max
from django.utils import timezone

from courses.models import Cohort, Module, Session
from evaluations.access import ATTENDED
from evaluations.models import DEFAULT_OPEN_DAYS, Evaluation
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
