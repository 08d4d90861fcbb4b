"""A cohort's roster and attendance as tables for kamtraining.exports.

Both read what the roster page reads (the same selectors), in a fixed number of queries.
"""

from __future__ import annotations

from typing import Any

from courses.models import Cohort, Session
from kamtraining.exports import Column, Table, both_languages
from participants.models import Attendance, Enrollment
from participants.selectors import trainer as trainer_selectors
from participants.selectors.attendance import (
    attendance_tallies_for_cohort,
    enrollment_completes,
)
from participants.selectors.enrollment import waitlist_for_cohort

PERSON_COLUMNS = (
    Column("Name", "姓名"),
    Column("Name (English)", "英文名"),
    Column("Employee number", "员工编号"),
    Column("Email", "邮箱"),
)


def _person(enrollment: Enrollment) -> list[Any]:
    p = enrollment.participant
    return [p.name, p.name_en, p.employee_number, p.email]


def _status_labels() -> dict[str, str]:
    return {value: both_languages(label) for value, label in Enrollment.Status.choices}


def roster_table(*, cohort: Cohort) -> Table:
    """Everyone enrolled but the cancelled, with their status and place on the waitlist."""
    roster = trainer_selectors.roster_for_cohort(cohort=cohort)
    positions = {
        pk: index
        for index, pk in enumerate(
            waitlist_for_cohort(cohort=cohort).values_list("pk", flat=True), start=1
        )
    }
    labels = _status_labels()
    rows = [
        [
            *_person(e),
            e.participant.region,
            e.participant.time_zone,
            labels.get(e.status, e.status),
            positions.get(e.pk),
        ]
        for e in roster
    ]
    columns = (
        *PERSON_COLUMNS,
        Column("Region", "区域"),
        Column("Time zone", "时区"),
        Column("Enrolment status", "报名状态"),
        Column("Waitlist position", "候补名次"),
    )
    return Table(name=f"roster-{cohort.code}", columns=columns, rows=rows)


def attendance_table(*, cohort: Cohort) -> Table:
    """Participant × session marks, with each person's rate (in per cent) and completion."""
    sessions = list(
        cohort.sessions.filter(status=Session.Status.SCHEDULED)
        .select_related("room__venue")  # for each session's own zone
        .order_by("starts_at", "pk")
    )
    enrollments = list(
        Enrollment.objects.filter(cohort=cohort, status__in=Enrollment.HOLDS_PLACE)
        .select_related("participant", "cohort")
        .order_by("participant__name_en", "participant__name", "pk")
    )
    marks = {
        (enrollment_id, session_id): status
        for enrollment_id, session_id, status in Attendance.objects.filter(
            session__cohort=cohort
        ).values_list("enrollment_id", "session_id", "status")
    }
    tallies = attendance_tallies_for_cohort(cohort=cohort)
    mark_labels = {value: both_languages(label) for value, label in Attendance.Status.choices}
    labels = _status_labels()
    yes, no = "Yes / 是", "No / 否"
    rows = []
    for e in enrollments:
        tally = tallies.get(e.pk)
        rate = tally.rate if tally is not None else None
        rows.append(
            [
                *_person(e),
                labels.get(e.status, e.status),
                *(mark_labels.get(marks.get((e.pk, s.pk), ""), "") for s in sessions),
                None if rate is None else round(100 * rate, 1),
                yes if enrollment_completes(enrollment=e, rate=rate) else no,
            ]
        )
    columns = (
        *PERSON_COLUMNS,
        Column("Enrolment status", "报名状态"),
        *(Column(_session_heading(s, cohort), s.title or s.title_en) for s in sessions),
        Column("Attendance rate %", "出勤率 %"),
        Column("Completes", "是否结业"),
    )
    return Table(name=f"attendance-{cohort.code}", columns=columns, rows=rows)


def _session_heading(session: Session, cohort: Cohort) -> str:
    local = session.starts_at.astimezone(session.zone)
    return f"{local:%Y-%m-%d %H:%M} {session.zone_name} {session.title_en or session.title}"
