"""Reads that combine apps: the learning-zone timeline of My Zone, and the trainer's follow-ups.

One list of what is due and what is done across the 360 (nominations, self-assessment,
report), the action plan (writing it, each review), PARR practice (each phase, acceptance) and
the certificate, each entry linking to its page. Every app is read through its own selectors,
in a constant number of queries whatever the number of campaigns, goals, reviews or phases.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import Campaign
from assessments.selectors.action_plans import (
    action_plans_for_cohort,
    action_plans_for_participant,
    report_released_on,
    review_due_on,
)
from assessments.selectors.campaigns import ZoneCampaign, zone_campaigns_for_participant
from certificates.selectors.certificates import certificates_of_participant
from courses.access import trains_cohort
from evaluations.selectors.evaluation import ToAnswer, evaluations_to_answer
from participants.models import Enrollment, Participant
from participants.selectors.zone import enrollments_for_participant, zone_info
from practice.models import PHASE_ORDER, Phase, Practice
from practice.selectors.practices import OPEN as OPEN_PRACTICE
from practice.selectors.practices import practices_for_user, practices_of_participant

# The plan is due this long after the report is released (the seed: read it, then plan).
PLAN_WRITING_DAYS = 14


class Show(StrEnum):
    ALL = "all"
    TODO = "todo"
    DONE = "done"

    @classmethod
    def parse(cls, value: str | None) -> "Show":
        """The filter a query parameter asks for; anything unknown shows everything."""
        try:
            return cls(value or cls.ALL)
        except ValueError:
            return cls.ALL


class Area(StrEnum):
    FEEDBACK = "360"
    PLAN = "plan"
    PRACTICE = "practice"
    EVALUATION = "evaluation"
    CERTIFICATE = "certificate"


@dataclass(frozen=True)
class TimelineEntry:
    """One step of the learning journey: due on a date (to do) or done on one."""

    area: Area
    title: str
    on: dt.date | None
    is_done: bool
    url: str
    detail: str = ""
    today: dt.date | None = None
    # The moment a step to do is due by (a deadline), shown with |zoned beside its day.
    due_at: dt.datetime | None = None

    @property
    def is_overdue(self) -> bool:
        return (
            not self.is_done
            and self.on is not None
            and self.today is not None
            and (self.on < self.today)
        )

    @property
    def area_label(self) -> str:
        return {
            Area.FEEDBACK: _("360° feedback"),
            Area.PLAN: _("Action plan"),
            Area.PRACTICE: _("PARR practice"),
            Area.EVALUATION: _("Course evaluation"),
            Area.CERTIFICATE: _("Certificate"),
        }[self.area]


def _day(moment: dt.datetime | None, zone: Any) -> dt.date | None:
    return timezone.localtime(moment, zone).date() if moment is not None else None


def _feedback(rows: Iterable[ZoneCampaign], zone: Any) -> list[TimelineEntry]:
    entries: list[TimelineEntry] = []
    for row in rows:
        campaign = row.campaign
        status = campaign.status
        nominate = reverse("assessments:campaign-nominate", args=[campaign.pk])
        mine = reverse("assessments:campaign-mine")
        if status == Campaign.Status.NOMINATING:
            entries.append(
                TimelineEntry(
                    area=Area.FEEDBACK,
                    title=_("Nominate your raters"),
                    on=_day(campaign.nomination_closes_at or campaign.opens_at, zone),
                    is_done=False,
                    url=nominate,
                    detail=campaign.name,
                    due_at=campaign.nomination_closes_at,
                )
            )
        elif row.raters:
            entries.append(
                TimelineEntry(
                    area=Area.FEEDBACK,
                    title=_("Raters nominated"),
                    on=_day(row.last_nominated_at, zone),
                    is_done=True,
                    url=mine,
                    detail=campaign.name,
                )
            )
        answering = status == Campaign.Status.OPEN  # the questionnaire opens with the campaign
        if row.self_submitted or (answering and row.self_invitation is not None):
            own = row.self_invitation
            entries.append(
                TimelineEntry(
                    area=Area.FEEDBACK,
                    title=_("Self-assessment submitted")
                    if row.self_submitted
                    else _("Answer your self-assessment"),
                    on=_day(own.submitted_at, zone)
                    if row.self_submitted and own is not None
                    else _day(campaign.closes_at, zone),
                    is_done=row.self_submitted,
                    # A submitted questionnaire cannot change: the campaigns page says so.
                    url=mine
                    if row.self_submitted
                    else reverse("assessments:invitation-self", args=[campaign.pk]),
                    detail=campaign.name,
                    due_at=None if row.self_submitted else campaign.closes_at,
                )
            )
        if status == Campaign.Status.RELEASED:
            entries.append(
                TimelineEntry(
                    area=Area.FEEDBACK,
                    title=_("Your 360° report is out"),
                    on=_day(campaign.released_at, zone),
                    is_done=True,
                    url=reverse("assessments:me-report", args=[campaign.pk]),
                    detail=campaign.name,
                )
            )
    return entries


def _plans(participant: Participant, rows: Iterable[ZoneCampaign]) -> list[TimelineEntry]:
    entries: list[TimelineEntry] = []
    plans = {
        plan.campaign_id: plan for plan in action_plans_for_participant(participant=participant)
    }
    for row in rows:
        campaign = row.campaign
        if campaign.status != Campaign.Status.RELEASED:
            continue
        url = reverse("assessments:me-action-plan", args=[campaign.pk])
        plan = plans.get(campaign.pk)
        if plan is None or not plan.goals.all():
            released_on = report_released_on(campaign=campaign)
            entries.append(
                TimelineEntry(
                    area=Area.PLAN,
                    title=_("Write your action plan"),
                    on=released_on + dt.timedelta(days=PLAN_WRITING_DAYS) if released_on else None,
                    is_done=False,
                    url=url,
                    detail=campaign.name,
                )
            )
            continue
        entries.extend(
            TimelineEntry(
                area=Area.PLAN,
                title=_("Reviewed “%(goal)s”: %(progress)d %%")
                % {
                    "goal": review.goal.title if review.goal else campaign.name,
                    "progress": review.progress,
                },
                on=review.reviewed_on,
                is_done=True,
                url=url + "#history",
                detail=campaign.name,
            )
            for review in plan.reviews.all()
        )
        entries.append(
            TimelineEntry(
                area=Area.PLAN,
                title=_("Review your action plan"),
                on=review_due_on(plan=plan),
                is_done=False,
                url=url,
                detail=campaign.name,
            )
        )
    return entries


def _practice(practices: Iterable[Practice], zone: Any) -> list[TimelineEntry]:
    entries: list[TimelineEntry] = []
    for practice in practices:
        url = reverse("practice:practice-detail", args=[practice.pk])
        title = practice.assignment.title
        by_phase = {entry.phase: entry for entry in practice.entries.all()}
        for phase in PHASE_ORDER:
            entry = by_phase.get(phase)
            done = entry is not None and entry.completed_on is not None
            label = Phase(phase).label
            entries.append(
                TimelineEntry(
                    area=Area.PRACTICE,
                    title=(_("%(phase)s done") if done else _("%(phase)s: to complete"))
                    % {"phase": label},
                    on=entry.completed_on
                    if done and entry is not None
                    else practice.assignment.due_on,
                    is_done=done,
                    url=url,
                    detail=title,
                )
            )
        if practice.status == Practice.Status.ACCEPTED and practice.accepted_at is not None:
            entries.append(
                TimelineEntry(
                    area=Area.PRACTICE,
                    title=_("Practice accepted by your trainer"),
                    on=_day(practice.accepted_at, zone),
                    is_done=True,
                    url=url,
                    detail=title,
                )
            )
    return entries


def _evaluations(to_answer: Iterable[ToAnswer], zone: Any) -> list[TimelineEntry]:
    # To do only: who answered is kept apart from what and when (no date to show it done on).
    return [
        TimelineEntry(
            area=Area.EVALUATION,
            title=_("Evaluate the course"),
            on=_day(item.closes_at, zone),
            is_done=False,
            url=reverse("evaluations:evaluation-answer", args=[item.cohort.pk]),
            detail=str(item.cohort),
            due_at=item.closes_at,
        )
        for item in to_answer
    ]


def _certificates(
    participant: Participant, enrollments: Iterable[Enrollment], zone: Any
) -> list[TimelineEntry]:
    entries: list[TimelineEntry] = []
    certificates = certificates_of_participant(participant=participant)
    for enrollment in enrollments:
        if enrollment.status not in Enrollment.ATTENDING:
            continue
        certificate = certificates.get(enrollment.pk)
        if certificate is not None and not certificate.is_revoked:
            entries.append(
                TimelineEntry(
                    area=Area.CERTIFICATE,
                    title=_("Certificate issued"),
                    on=_day(certificate.issued_at, zone),
                    is_done=True,
                    url=reverse("certificates:verify", args=[str(certificate.uuid)]),
                    detail=str(enrollment.cohort),
                )
            )
        elif certificate is None:
            entries.append(
                TimelineEntry(
                    area=Area.CERTIFICATE,
                    title=_("Complete the course for your certificate"),
                    on=enrollment.cohort.ends_on,
                    is_done=False,
                    url=reverse("certificates:my-completion"),
                    detail=str(enrollment.cohort),
                )
            )
    return entries


AREA_ORDER = {area: index for index, area in enumerate(Area)}


def timeline_for(
    *,
    participant: Participant,
    show: Show = Show.ALL,
    today: dt.date | None = None,
    enrollments: Iterable[Enrollment] | None = None,
    to_answer: Iterable[ToAnswer] | None = None,
) -> list[TimelineEntry]:
    """What is due and what is done, sorted by date (undated last); to do, done or both.

    A page that has already read the participant's enrolments (enrollments_for_participant) or
    evaluations to answer passes them in, and they are not read twice.
    """
    zone = zone_info(participant.time_zone)
    if enrollments is None:
        enrollments = enrollments_for_participant(participant=participant)
    if to_answer is None:
        to_answer = evaluations_to_answer(participant_id=participant.pk)
    today = today or timezone.localtime(timezone.now(), zone).date()
    campaigns = zone_campaigns_for_participant(participant=participant)
    entries = [
        *_feedback(campaigns, zone),
        *_plans(participant, campaigns),
        *_practice(practices_of_participant(participant=participant), zone),
        *_evaluations(to_answer, zone),
        *_certificates(participant, enrollments, zone),
    ]
    if show == Show.TODO:
        entries = [entry for entry in entries if not entry.is_done]
    elif show == Show.DONE:
        entries = [entry for entry in entries if entry.is_done]
    entries.sort(key=lambda e: (e.on is None, e.on or dt.date.max, AREA_ORDER[e.area]))
    return [replace(entry, today=today) for entry in entries]


@dataclass(frozen=True)
class FollowUp:
    """One thing a trainer follows up for a participant: overdue, or waiting for them."""

    title: str
    url: str
    is_waiting: bool  # waits for the trainer (else: overdue for the participant)
    on: dt.date | None = None


def _plan_follow_ups(plan: Any, today: dt.date) -> list[FollowUp]:
    url = reverse("assessments:trainer-action-plan", args=[plan.campaign_id, plan.participant_id])
    found: list[FollowUp] = []
    due = review_due_on(plan=plan)
    if due is not None and due < today:
        found.append(FollowUp(title=_("Plan review overdue"), url=url, is_waiting=False, on=due))
    owner = plan.participant.user_id
    trainer_said = [c.created_at for c in plan.comments.all() if c.author_id != owner]
    participant_said = [c.created_at for c in plan.comments.all() if c.author_id == owner]
    participant_said += [r.created_at for r in plan.reviews.all()]
    last_trainer = max(trainer_said, default=None)
    last_participant = max(participant_said, default=None)
    if last_participant is not None and (last_trainer is None or last_participant > last_trainer):
        found.append(
            FollowUp(
                title=_("Plan review or answer to comment on"),
                url=url + "#history",
                is_waiting=True,
                on=timezone.localdate(last_participant),
            )
        )
    return found


def follow_ups_for_cohort(
    *, cohort: Any, user: Any, today: dt.date | None = None
) -> dict[int, list[FollowUp]]:
    """Participant id → what is overdue or waits for the trainer; a constant number of queries."""
    today = today or timezone.localdate()
    found: dict[int, list[FollowUp]] = {}
    # Plans are read by the cohort's trainers only, never by HR (as reports are: DESIGN §4).
    plans = action_plans_for_cohort(cohort=cohort) if trains_cohort(user, cohort) else []
    for plan in plans:
        if plan.campaign.status == Campaign.Status.RELEASED:
            found.setdefault(plan.participant_id, []).extend(_plan_follow_ups(plan, today))
    for practice in practices_for_user(user=user, cohort_id=cohort.pk):
        url = reverse("practice:practice-detail", args=[practice.pk])
        title = practice.assignment.title
        if practice.status == Practice.Status.SUBMITTED:
            found.setdefault(practice.participant_id, []).append(
                FollowUp(
                    title=_("Practice to review: %(title)s") % {"title": title},
                    url=url,
                    is_waiting=True,
                )
            )
        elif practice.status in OPEN_PRACTICE and practice.assignment.due_on < today:
            found.setdefault(practice.participant_id, []).append(
                FollowUp(
                    title=_("Practice overdue: %(title)s") % {"title": title},
                    url=url,
                    is_waiting=False,
                    on=practice.assignment.due_on,
                )
            )
    for rows in found.values():
        rows.sort(key=lambda row: (not row.is_waiting, row.on or dt.date.max))
    return found
