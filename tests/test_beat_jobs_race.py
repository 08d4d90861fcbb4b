"""Every periodic job run on two workers at the same moment sends nothing twice.

Celery beat may fire a job while the last run is still going, or two workers may take the same
job; a database constraint or a row lock decides, not timing. Each test builds a world where the
job has work to do, runs the beat task in two threads (each on its own PostgreSQL connection)
released together, and checks each email went out once — the same as one run alone. SQLite
serialises writers, so these run on PostgreSQL only (CI runs them there).
"""

import datetime as dt
import threading
from collections.abc import Callable
from email.utils import parseaddr

import pytest
from celery import Task
from django.core import mail
from django.db import connection
from django.utils import timezone

from assessments import tasks as assessment_tasks
from assessments.models import Campaign, CampaignEvent, ReminderLog, ReviewReminder
from evaluations import tasks as evaluation_tasks
from evaluations.models import EvaluationReminder, FollowUp
from practice import tasks as practice_tasks
from practice.models import Assignment, Practice
from practice.models import ReminderLog as PracticeReminderLog
from tests import factories
from tests.assessments.report_ui_world import released_world
from tests.assessments.test_plan_reviews import plan_with_goals
from tests.evaluations.test_reminders import _goal_world
from tests.evaluations.world import build_world as evaluation_world
from tests.practice.world import build_world as practice_world

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _twice_at_once(task: Task) -> list[int]:
    """Run the beat task in two threads released together; what each run returned."""
    barrier = threading.Barrier(2)
    results: list[int] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait(timeout=30)
            results.append(task())
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    return results


def _recipients() -> list[str]:
    return sorted(parseaddr(to)[1] for message in mail.outbox for to in message.to)


def _sent_once(task: Task, must_reach: set[str], log_rows: Callable[[], int]) -> None:
    """Two runs at once: everyone due reached, nobody twice, each email logged once."""
    results = _twice_at_once(task)
    recipients = _recipients()
    assert len(recipients) == len(set(recipients)), "someone was emailed twice"
    assert must_reach <= set(recipients)
    assert sum(results) == len(mail.outbox) == log_rows()


def test_rater_reminders() -> None:
    now = timezone.now()
    campaign = factories.CampaignFactory(
        status=Campaign.Status.OPEN,
        opens_at=now - dt.timedelta(days=20),
        closes_at=now + dt.timedelta(days=1),
    )
    raters = [
        factories.InvitationFactory(
            campaign=campaign, status="sent", sent_at=now - dt.timedelta(days=15)
        )
        for _ in range(5)
    ]

    # one email per rater for every step that is due (7 and 2 days before the close)
    _sent_once(
        assessment_tasks.send_due_reminders,
        {r.rater_email for r in raters},
        ReminderLog.objects.values("invitation").distinct().count,
    )
    assert ReminderLog.objects.count() == 2 * len(raters)


def test_closing_due_campaigns() -> None:
    now = timezone.now()
    due = factories.CampaignFactory(
        status=Campaign.Status.OPEN,
        opens_at=now - dt.timedelta(days=3),
        closes_at=now - dt.timedelta(seconds=1),
    )

    results = _twice_at_once(assessment_tasks.close_due_campaigns)

    due.refresh_from_db()
    assert due.status == Campaign.Status.CLOSED
    assert sum(results) == 1  # closed by one run; the other found it closed
    assert CampaignEvent.objects.filter(campaign=due, to_status=Campaign.Status.CLOSED).count() == 1


def test_plan_review_reminders() -> None:
    world = released_world()
    plan_with_goals(world, count=1)  # started 2025: long overdue

    _sent_once(
        assessment_tasks.send_plan_review_reminders,
        {world.subject.email},
        ReviewReminder.objects.count,
    )


def test_practice_reminders() -> None:
    world = practice_world(participants=3)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    Assignment.objects.filter(cohort=world.cohort).update(due_on=tomorrow)

    _sent_once(
        practice_tasks.send_reminders,
        {p.participant.email for p in Practice.objects.filter(assignment__cohort=world.cohort)},
        PracticeReminderLog.objects.count,
    )


def test_evaluation_reminders() -> None:
    world = evaluation_world(ended_ago=dt.timedelta(days=2, hours=1))

    _sent_once(
        evaluation_tasks.send_reminders,
        {p.email for p in world.attendees},
        EvaluationReminder.objects.count,
    )


def test_follow_ups() -> None:
    world, _goal = _goal_world()

    _sent_once(
        evaluation_tasks.send_follow_ups,
        {"boss@example.com", world.attendees[0].email},
        FollowUp.objects.count,
    )
