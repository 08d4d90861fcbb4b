"""The completion checklist: each part of the cohort's rule and where one person stands.

For a whole cohort in a constant number of queries: the rule, the enrolments, the attendance
tallies (three), the latest campaign's submitted self-assessments, the practices, the decisions.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q

from assessments.models import Campaign, Invitation
from certificates.models import Certificate, CompletionDecision, CompletionRule
from courses.models import Cohort
from kamtraining.i18n import person_ordering
from participants.models import Enrollment
from participants.selectors.attendance import attendance_rates_for_cohort
from practice.models import Practice


@dataclass
class Checklist:
    """One enrolment against the rule. A part the cohort does not ask for is `None`-required."""

    enrollment: Enrollment
    rule: CompletionRule
    attendance_rate: float | None
    threshold: int
    self_assessment_done: bool
    practices_total: int
    practices_accepted: int
    practice_titles: list[str] = field(default_factory=list)
    decision: CompletionDecision | None = None
    certificate: Certificate | None = None

    @property
    def attendance_ok(self) -> bool:
        return self.attendance_rate is not None and self.attendance_rate * 100 >= self.threshold

    @property
    def practice_ok(self) -> bool:
        return self.practices_total > 0 and self.practices_accepted == self.practices_total

    @property
    def meets_rule(self) -> bool:
        rule = self.rule
        return (
            (not rule.requires_attendance or self.attendance_ok)
            and (not rule.requires_self_assessment or self.self_assessment_done)
            and (not rule.requires_practice or self.practice_ok)
        )

    @property
    def is_completed(self) -> bool:
        return self.enrollment.status == Enrollment.Status.COMPLETED

    @property
    def may_complete(self) -> bool:
        return self.enrollment.status in (Enrollment.Status.CONFIRMED, Enrollment.Status.NO_SHOW)


def rule_for(cohort: Cohort) -> CompletionRule:
    """The cohort's rule, or an unsaved one with the defaults (the service creates it)."""
    rule = CompletionRule.objects.filter(cohort=cohort).first()
    return rule if rule is not None else CompletionRule(cohort=cohort)


def checklists_for_cohort(
    *, cohort: Cohort, enrollment_ids: list[int] | None = None, now: dt.datetime | None = None
) -> list[Checklist]:
    """Checklist of every place-holding enrolment of the cohort (or of the ids given)."""
    rule = rule_for(cohort)
    enrollments = (
        Enrollment.objects.filter(cohort=cohort, status__in=Enrollment.HOLDS_PLACE)
        .select_related("participant", "cohort__course")
        .order_by(*person_ordering("participant__"), "pk")
    )
    if enrollment_ids is not None:
        enrollments = enrollments.filter(pk__in=enrollment_ids)
    rows = list(enrollments)
    rates = attendance_rates_for_cohort(cohort=cohort, now=now)
    campaign = Campaign.objects.filter(cohort=cohort).order_by("-created_at", "-pk").first()
    selves: set[int] = set()
    if campaign is not None:
        selves = set(
            Invitation.objects.filter(
                campaign=campaign,
                group=Invitation.Group.SELF,
                status=Invitation.Status.SUBMITTED,
            ).values_list("subject_id", flat=True)
        )
    people = [e.participant_id for e in rows]
    practices: dict[int, tuple[int, int]] = {
        row["participant_id"]: (row["total"], row["accepted"])
        for row in Practice.objects.filter(assignment__cohort=cohort, participant_id__in=people)
        .values("participant_id")
        .annotate(
            total=Count("pk"), accepted=Count("pk", filter=Q(status=Practice.Status.ACCEPTED))
        )
    }
    titles: dict[int, list[str]] = {}
    for participant_id, title in Practice.objects.filter(
        assignment__cohort=cohort, participant_id__in=people
    ).values_list("participant_id", "assignment__title"):
        titles.setdefault(participant_id, []).append(title)
    decisions: dict[int, CompletionDecision] = {}
    for decision in CompletionDecision.objects.filter(enrollment__in=[e.pk for e in rows]).order_by(
        "at", "pk"
    ):
        decisions[decision.enrollment_id] = decision  # the latest wins
    certificates = {
        c.enrollment_id: c for c in Certificate.objects.filter(enrollment__in=[e.pk for e in rows])
    }
    return [
        Checklist(
            enrollment=e,
            rule=rule,
            attendance_rate=rates.get(e.pk),
            threshold=cohort.completion_threshold,
            self_assessment_done=e.participant_id in selves,
            practices_total=practices.get(e.participant_id, (0, 0))[0],
            practices_accepted=practices.get(e.participant_id, (0, 0))[1],
            practice_titles=sorted(titles.get(e.participant_id, [])),
            decision=decisions.get(e.pk),
            certificate=certificates.get(e.pk),
        )
        for e in rows
    ]


def checklist_for_enrollment(*, enrollment: Enrollment) -> Checklist | None:
    found = checklists_for_cohort(cohort=enrollment.cohort, enrollment_ids=[enrollment.pk])
    return found[0] if found else None


@dataclass(frozen=True)
class CompletionCounts:
    """How far a cohort is towards completion, for HR's cohort page."""

    holding: int  # place-holding enrolments
    meeting_rule: int  # not completed yet, but the rule holds: HR may complete them
    completed: int
    certified: int  # certificates issued and not revoked


def completion_counts(*, cohort: Cohort) -> CompletionCounts:
    """The cohort's checklists counted (the same constant number of queries as the list)."""
    checklists = checklists_for_cohort(cohort=cohort)
    return CompletionCounts(
        holding=len(checklists),
        meeting_rule=sum(1 for c in checklists if not c.is_completed and c.meets_rule),
        completed=sum(1 for c in checklists if c.is_completed),
        certified=sum(
            1 for c in checklists if c.certificate is not None and not c.certificate.is_revoked
        ),
    )
