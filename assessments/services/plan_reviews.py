"""Regular reviews of action plans (seed: 定期Review): one goal at a time, on the trainer's
cadence, with a reminder when one is due — sent once per plan and due date.

The unique (plan, due date) reminder row makes a second run send nothing, even when two runs
overlap: a reminder that cannot be logged is not emailed.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments import plan_emails
from assessments.access import (
    is_plan_owner,
    may_set_cohort_review_cadence,
    may_set_review_cadence,
)
from assessments.models import ActionPlan, Goal, Review, ReviewCadence, ReviewReminder
from assessments.selectors.action_plans import (
    action_plans_released,
    local_today,
    report_released_on,
    review_due_on,
)
from courses.models import Cohort
from participants.models import User

MIN_WEEKS, MAX_WEEKS = 1, 52


@transaction.atomic
def review_add(
    *,
    plan: ActionPlan,
    progress: int,
    note: str = "",
    by: User,
    goal: Goal | None = None,
    reviewed_on: dt.date | None = None,
) -> Review:
    """Log the participant's review of one goal: a date (today unless given), progress, a note.

    Without a goal, a plan of one goal reviews that goal; a plan of several asks which.
    The cohort's trainers are told by email.
    """
    if not is_plan_owner(by, plan):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    goals = list(plan.goals.all())
    if goal is None and len(goals) == 1:
        goal = goals[0]
    if goal is None:
        errors["goal"] = [_("Choose the goal you review.")]
    elif goal.plan_id != plan.pk:
        errors["goal"] = [_("Choose one of the goals of this plan.")]
    today = local_today(participant=plan.participant)
    reviewed_on = reviewed_on or today
    if not 0 <= progress <= 100:
        errors["progress"] = [_("Progress is a percentage from 0 to 100.")]
    released = report_released_on(campaign=plan.campaign)
    if released is not None and reviewed_on < released:
        errors["reviewed_on"] = [
            _("A review cannot be dated before the report's release (%(date)s).")
            % {"date": released.isoformat()}
        ]
    if reviewed_on > today:
        errors.setdefault("reviewed_on", []).append(_("A review cannot be dated in the future."))
    if errors:
        raise ValidationError(errors)
    review = Review(
        plan=plan,
        goal=goal,
        reviewed_on=reviewed_on,
        progress=progress,
        note=note.strip(),
        created_by=by,
    )
    review.full_clean()
    review.save()
    plan.save(update_fields=["updated_at"])
    plan_emails.messages_send_on_commit(plan_emails.review_messages(review=review))
    return review


def _weeks(weeks: int | None, *, allow_empty: bool) -> int | None:
    if weeks is None and allow_empty:
        return None
    if weeks is None or not MIN_WEEKS <= weeks <= MAX_WEEKS:
        raise ValidationError(
            {
                "every_weeks": [
                    _("Choose a cadence from %(min)d to %(max)d weeks.")
                    % {"min": MIN_WEEKS, "max": MAX_WEEKS}
                ]
            }
        )
    return weeks


@transaction.atomic
def review_cadence_set(*, plan: ActionPlan, every_weeks: int | None, by: User) -> ActionPlan:
    """Set how often this plan is reviewed; None: the cohort's cadence again."""
    if not may_set_review_cadence(by, plan):
        raise PermissionDenied
    plan.review_every_weeks = _weeks(every_weeks, allow_empty=True)
    plan.full_clean()
    plan.save(update_fields=["review_every_weeks", "updated_at"])
    return plan


@transaction.atomic
def cohort_review_cadence_set(*, cohort: Cohort, every_weeks: int, by: User) -> ReviewCadence:
    """Set how often the cohort's participants review their plans (each plan may differ)."""
    if not may_set_cohort_review_cadence(by, cohort):
        raise PermissionDenied
    weeks = _weeks(every_weeks, allow_empty=False)
    cadence, _created = ReviewCadence.objects.update_or_create(
        cohort=cohort, defaults={"every_weeks": weeks, "set_by": by, "set_at": timezone.now()}
    )
    return cadence


def review_reminders_send(*, today: dt.date | None = None) -> int:
    """Email each participant whose plan review is due (today or earlier); return emails sent.

    One email per plan and due date, however often this runs: a review moves the due date on.
    """
    sent = 0
    for plan in action_plans_released().iterator(chunk_size=200):
        due_on = review_due_on(plan=plan)
        if due_on is None or due_on > (today or local_today(participant=plan.participant)):
            continue
        sent += _remind(plan=plan, due_on=due_on)
    return sent


def _remind(*, plan: ActionPlan, due_on: dt.date) -> int:
    try:
        with transaction.atomic():
            ReviewReminder.objects.create(plan=plan, due_on=due_on)
            message = plan_emails.review_reminder_message(plan=plan, due_on=due_on)
            if message is not None:
                plan_emails.messages_send_on_commit([message])
    except IntegrityError:  # logged already: by an earlier run, or one running beside us
        return 0
    return 1 if message is not None else 0
