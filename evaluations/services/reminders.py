"""Evaluation reminders: two days after it opens and on its closing day, each sent once.

The unique (evaluation, participant, step) row is written before the email is queued, in one
transaction: a second run, or one running beside this one, sends nothing.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone

from courses.models import Cohort, Session
from evaluations import emails
from evaluations.models import Evaluation, EvaluationReminder, Voter
from evaluations.selectors.evaluation import attendees, window_for
from evaluations.services.answers import evaluation_ensure
from participants.models import Participant

DAY_TWO = dt.timedelta(days=2)
CLOSING_DAY = dt.timedelta(days=1)
LOOK_BACK = dt.timedelta(days=91)  # longer than any evaluation stays open


def evaluation_reminders_send(*, now: dt.datetime | None = None) -> int:
    """Remind every attendee who has not answered an open evaluation; return emails sent."""
    now = now or timezone.now()
    cohorts = (
        Cohort.objects.exclude(status=Cohort.Status.CANCELLED)
        .annotate(
            last_end=Max("sessions__ends_at", filter=Q(sessions__status=Session.Status.SCHEDULED))
        )
        .filter(last_end__lte=now, last_end__gt=now - LOOK_BACK)
        .order_by("pk")
    )
    sent = 0
    for cohort in cohorts:
        evaluation = evaluation_ensure(cohort=cohort)
        window = window_for(cohort=cohort, evaluation=evaluation)
        if window.state(now) != "open":
            continue
        assert window.opens_at is not None
        assert window.closes_at is not None
        if now >= window.closes_at - CLOSING_DAY:
            step = EvaluationReminder.Step.CLOSING_DAY
        elif now >= window.opens_at + DAY_TWO:
            step = EvaluationReminder.Step.DAY_TWO
        else:
            continue
        answered = Voter.objects.filter(evaluation=evaluation).values("participant_id")
        pending = (
            attendees(cohort_ids=[cohort.pk])
            .exclude(participant_id__in=answered)
            .select_related("participant")
            .order_by("participant_id")
        )
        for enrollment in pending:
            sent += _remind(
                evaluation=evaluation, cohort=cohort, participant=enrollment.participant, step=step
            )
    return sent


def _remind(*, evaluation: Evaluation, cohort: Cohort, participant: Participant, step: str) -> int:
    try:
        with transaction.atomic():
            EvaluationReminder.objects.create(
                evaluation=evaluation, participant=participant, step=step
            )
            message = emails.evaluation_reminder_message(
                cohort=cohort,
                participant=participant,
                closing=step == EvaluationReminder.Step.CLOSING_DAY,
            )
            if message is not None:
                emails.messages_send_on_commit([message])
    except IntegrityError:  # sent already: by an earlier run, or one running beside us
        return 0
    return 1 if message is not None else 0
