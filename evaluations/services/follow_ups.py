"""The follow-up on the job: N days after a cohort ends, one short form per goal, by token link.

The participant and their manager each get a link (no account). Up to three reminders, two
days apart, each with a fresh link (only the token's hash is stored). Idempotent: the unique
(goal, respondent) and (follow-up, number) keys make a second run send nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import Goal
from courses.models import Cohort
from evaluations import emails
from evaluations.models import MAX_FOLLOW_UP_REMINDERS, FollowUp, FollowUpReminder
from evaluations.services.answers import evaluation_ensure
from kamtraining.tokens import token_new

REMINDER_GAP = dt.timedelta(days=2)
MAX_TEXT = 3000
LOOK_BACK_DAYS = 400


def _manager_of(participant: Any) -> tuple[str, str, str] | None:
    manager = participant.manager
    if manager is not None and manager.email:
        return manager.name, manager.email, manager.language
    if participant.manager_email:
        return participant.manager_email, participant.manager_email, ""
    return None


def follow_ups_send(*, today: dt.date | None = None) -> int:
    """Send the follow-ups that are due and the reminders of unanswered ones; return emails."""
    today = today or timezone.localdate()
    sent = 0
    cohorts = (
        Cohort.objects.exclude(status=Cohort.Status.CANCELLED)
        .filter(ends_on__lt=today, ends_on__gt=today - dt.timedelta(days=LOOK_BACK_DAYS))
        .order_by("pk")
    )
    for cohort in cohorts:
        evaluation = evaluation_ensure(cohort=cohort)
        if today < cohort.ends_on + dt.timedelta(days=evaluation.follow_up_days):
            continue
        sent += follow_ups_start(cohort=cohort)
    sent += _reminders(now=timezone.now())
    return sent


def follow_ups_start(*, cohort: Cohort) -> int:
    """Ask each goal's participant and their manager how far it is applied, once; return emails.

    The beat job calls it when the cohort's follow-up is due; a second call asks no one again.
    """
    sent = 0
    goals = (
        Goal.objects.filter(plan__campaign__cohort=cohort)
        .select_related("plan__participant__manager")
        .order_by("pk")
    )
    for goal in goals:
        participant = goal.plan.participant
        asked: list[tuple[str, tuple[str, str, str] | None]] = [
            (
                FollowUp.Respondent.PARTICIPANT,
                (participant.name, participant.email, participant.language)
                if participant.email
                else None,
            ),
            (FollowUp.Respondent.MANAGER, _manager_of(participant)),
        ]
        for respondent, person in asked:
            if person is not None:
                sent += _create(cohort=cohort, goal=goal, respondent=respondent, person=person)
    return sent


def _create(*, cohort: Cohort, goal: Goal, respondent: str, person: tuple[str, str, str]) -> int:
    name, email, language = person
    raw, hashed = token_new()
    try:
        with transaction.atomic():
            follow_up = FollowUp(
                cohort=cohort,
                goal=goal,
                respondent=respondent,
                name=name[:150],
                email=email,
                language=language,
                token_hash=hashed,
            )
            # The unique (goal, respondent) key is the database's to enforce: a second run, or one
            # beside this one, ends in the IntegrityError below and sends nothing.
            follow_up.full_clean(validate_unique=False, validate_constraints=False)
            follow_up.save()
            emails.messages_send_on_commit(
                [emails.follow_up_message(follow_up=follow_up, raw_token=raw, reminder=False)]
            )
    except IntegrityError:  # asked already
        return 0
    return 1


def _reminders(*, now: dt.datetime) -> int:
    sent = 0
    pending = (
        FollowUp.objects.filter(status=FollowUp.Status.SENT)
        .select_related("goal__plan__participant", "cohort")
        .prefetch_related("reminders")
        .order_by("pk")
    )
    for follow_up in pending:
        done = sorted(reminder.number for reminder in follow_up.reminders.all())
        if len(done) >= MAX_FOLLOW_UP_REMINDERS:
            continue
        last = max(
            [follow_up.sent_at, *(r.sent_at for r in follow_up.reminders.all())], default=now
        )
        if now < last + REMINDER_GAP:
            continue
        number = len(done) + 1
        raw, hashed = token_new()
        try:
            with transaction.atomic():
                FollowUpReminder.objects.create(follow_up=follow_up, number=number, sent_at=now)
                follow_up.token_hash = hashed
                follow_up.save(update_fields=["token_hash"])
                emails.messages_send_on_commit(
                    [emails.follow_up_message(follow_up=follow_up, raw_token=raw, reminder=True)]
                )
        except IntegrityError:
            continue
        sent += 1
    return sent


def _text(value: str, field: str) -> str:
    value = (value or "").strip()
    if len(value) > MAX_TEXT or "\x00" in value:
        raise ValidationError({field: _("Write at most 3000 characters.")})
    return value


@transaction.atomic
def follow_up_answer(
    *,
    follow_up: FollowUp,
    applied_percent: int | None,
    helped: str = "",
    hindered: str = "",
    observed: str = "",
) -> FollowUp:
    """Save a follow-up's answer, once; the token link is the respondent's only credential."""
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if follow_up.status == FollowUp.Status.ANSWERED:
        raise ValidationError(_("You have answered already. Thank you."))
    if (
        applied_percent is None
        or isinstance(applied_percent, bool)
        or not 0 <= applied_percent <= 100
    ):
        raise ValidationError({"applied_percent": _("Give a percentage from 0 to 100.")})
    follow_up.applied_percent = applied_percent
    follow_up.helped = _text(helped, "helped")
    follow_up.hindered = _text(hindered, "hindered")
    if follow_up.respondent == FollowUp.Respondent.MANAGER:
        follow_up.observed = _text(observed, "observed")
    follow_up.status = FollowUp.Status.ANSWERED
    follow_up.answered_at = timezone.now()
    follow_up.full_clean()
    follow_up.save()
    return follow_up
