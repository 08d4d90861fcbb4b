"""Reminders and follow-ups, by command or beat: each email once, however often they run."""

import datetime as dt
from email.utils import parseaddr

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from evaluations.models import EvaluationReminder, FollowUp, FollowUpReminder
from evaluations.services.follow_ups import follow_ups_send
from kamtraining.celery import app
from tests import factories
from tests.evaluations.world import World, build_world

pytestmark = pytest.mark.django_db


def _recipients() -> list[str]:
    return sorted(parseaddr(address)[1] for message in mail.outbox for address in message.to)


def _attendee_emails(world: World) -> list[str]:
    return sorted(p.email for p in world.attendees)


def test_beat_schedules_both_jobs() -> None:
    tasks = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert {"evaluations.send_reminders", "evaluations.send_follow_ups"} <= tasks


def test_no_reminder_in_the_first_two_days(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    build_world(ended_ago=dt.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("evaluation_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert mail.outbox == []


def test_day_two_reminder_once_to_those_who_have_not_answered(
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    world = build_world(ended_ago=dt.timedelta(days=2, hours=1))
    answered = world.attendees[1]
    factories.VoterFactory(evaluation=world.evaluation, participant=answered)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("evaluation_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
        call_command("evaluation_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    mine = [m for m in mail.outbox if world.cohort.name in m.subject]
    expected = sorted(p.email for p in world.attendees if p != answered)
    assert sorted(m.to[0] for m in mine) == expected  # once each, not the no-show, not the voter
    assert "/evaluations/cohorts/" in mine[0].body
    assert EvaluationReminder.objects.filter(evaluation=world.evaluation).count() == 3


def test_closing_day_reminder_once(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    world = build_world(ended_ago=dt.timedelta(days=13, hours=12))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("evaluation_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
        call_command("evaluation_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    mine = [m for m in mail.outbox if world.cohort.name in m.subject]
    assert sorted(m.to[0] for m in mine) == _attendee_emails(world)
    assert all("Last day" in m.subject for m in mine)
    steps = set(
        EvaluationReminder.objects.filter(evaluation=world.evaluation).values_list(
            "step", flat=True
        )
    )
    assert steps == {"closing_day"}


def test_closed_evaluation_sends_nothing(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    build_world(ended_ago=dt.timedelta(days=20))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("evaluation_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert mail.outbox == []


def _goal_world() -> tuple[World, object]:
    world = build_world(attendees=1, ended_ago=dt.timedelta(days=70))
    ended = timezone.localdate() - dt.timedelta(days=61)
    world.cohort.ends_on = ended
    world.cohort.starts_on = ended - dt.timedelta(days=3)
    world.cohort.save(update_fields=["ends_on", "starts_on"])
    participant = world.attendees[0]
    manager = factories.ParticipantFactory(email="boss@example.com", name="Boss", language="en")
    participant.manager = manager
    participant.save(update_fields=["manager"])
    campaign = factories.CampaignFactory(cohort=world.cohort)
    plan = factories.ActionPlanFactory(campaign=campaign, participant=participant)
    goal = factories.GoalFactory(plan=plan, title="Monthly account review")
    return world, goal


def test_follow_ups_go_out_once_to_participant_and_manager(
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    world, _goal = _goal_world()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("follow_ups", stdout=open("/dev/null", "w"))  # noqa: SIM115
        call_command("follow_ups", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _recipients() == sorted(["boss@example.com", world.attendees[0].email])
    assert set(FollowUp.objects.values_list("respondent", flat=True)) == {
        "participant",
        "manager",
    }
    assert all("/follow-up/" in m.body for m in mail.outbox)


def test_not_before_the_follow_up_days(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    _goal_world()
    with django_capture_on_commit_callbacks(execute=True):
        assert follow_ups_send(today=timezone.localdate() - dt.timedelta(days=2)) == 0
    assert mail.outbox == []


def test_at_most_three_reminders_two_days_apart(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    _goal_world()
    with django_capture_on_commit_callbacks(execute=True):
        assert follow_ups_send() == 2
        assert follow_ups_send() == 0  # nothing due yet
    for _round in range(5):
        # two days pass: move every time back instead of the clock forward
        FollowUp.objects.update(sent_at=timezone.now() - dt.timedelta(days=30))
        FollowUpReminder.objects.update(sent_at=timezone.now() - dt.timedelta(days=3))
        with django_capture_on_commit_callbacks(execute=True):
            follow_ups_send()
            follow_ups_send()
    assert FollowUpReminder.objects.count() == 6  # three each, never more
    assert len(mail.outbox) == 2 + 6
    assert sum("Reminder" in m.subject for m in mail.outbox) == 6


def test_answered_follow_up_gets_no_reminder(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    _goal_world()
    with django_capture_on_commit_callbacks(execute=True):
        follow_ups_send()
    FollowUp.objects.update(
        status="answered", answered_at=timezone.now(), sent_at=timezone.now() - dt.timedelta(days=9)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert follow_ups_send() == 0
    assert FollowUpReminder.objects.count() == 0
