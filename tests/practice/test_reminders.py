"""Practice reminders: before the due date and once overdue, each sent once, by command or beat."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from kamtraining.celery import app
from practice.models import ReminderLog
from practice.services.reminders import practice_reminders_send
from practice.services.review import practice_accept
from tests.practice.test_services import complete_all
from tests.practice.world import DUE, World

pytestmark = pytest.mark.django_db


def test_reminded_once_before_and_once_overdue(
    world: World, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        assert practice_reminders_send(today=DUE - dt.timedelta(days=5)) == 0
        assert practice_reminders_send(today=DUE - dt.timedelta(days=1)) == 2
        assert practice_reminders_send(today=DUE) == 0
        assert practice_reminders_send(today=DUE + dt.timedelta(days=1)) == 2
        assert practice_reminders_send(today=DUE + dt.timedelta(days=3)) == 0

    assert len(mail.outbox) == 4
    assert ReminderLog.objects.count() == 4


def test_accepted_practice_is_not_reminded(world: World) -> None:
    complete_all(world)
    practice_accept(practice=world.practice, by=world.trainer)
    assert practice_reminders_send(today=DUE + dt.timedelta(days=1)) == 1  # the peer's only


def test_command_runs_and_beat_schedules_it(world: World) -> None:
    call_command("practice_reminders")
    call_command("practice_reminders")
    tasks = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert "practice.send_reminders" in tasks
