"""Reviews per goal, the trainer's cadence, the due reminder (once) and the emails both ways."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.models import ActionPlan, ReviewReminder
from assessments.selectors.action_plans import (
    action_plan_get,
    local_today,
    review_due_on,
)
from assessments.services.action_plans import (
    GoalInput,
    action_plan_comment_add,
    action_plan_save,
)
from assessments.services.plan_reviews import (
    cohort_review_cadence_set,
    review_add,
    review_cadence_set,
    review_reminders_send,
)
from kamtraining.celery import app
from tests.assessments.report_ui_world import ReportWorld

pytestmark = pytest.mark.django_db

STARTED = dt.datetime(2025, 4, 1, 2, 0, tzinfo=dt.UTC)  # 10:00 in Shanghai


def plan_with_goals(world: ReportWorld, count: int = 2) -> ActionPlan:
    goals = [
        GoalInput(
            item_ids=world.world.item_ids(index % 2),
            title=f"目标 {index + 1}",
            actions="行动",
            measure="衡量",
            due_on=dt.date(2025, 10, 31),
        )
        for index in range(count)
    ]
    action_plan_save(
        participant=world.subject, campaign=world.campaign, goals=goals, by=world.subject.user
    )
    ActionPlan.objects.filter(participant=world.subject).update(created_at=STARTED)
    plan = action_plan_get(participant=world.subject, campaign=world.campaign)
    assert plan is not None
    return plan


def reload(plan: ActionPlan) -> ActionPlan:
    fresh = action_plan_get(participant=plan.participant, campaign=plan.campaign)
    assert fresh is not None
    return fresh


def test_a_review_is_of_one_goal_and_dated_today_by_default(world: ReportWorld) -> None:
    plan = plan_with_goals(world)
    second = plan.goals.all()[1]

    review = review_add(plan=plan, goal=second, progress=40, note="进展", by=world.subject.user)

    assert review.goal == second
    assert review.reviewed_on == local_today(participant=world.subject)


def test_a_plan_of_several_goals_asks_which_one_is_reviewed(world: ReportWorld) -> None:
    plan = plan_with_goals(world)

    with pytest.raises(ValidationError, match="Choose the goal"):
        review_add(plan=plan, progress=40, by=world.subject.user)


def test_a_goal_of_another_plan_is_refused(world: ReportWorld) -> None:
    plan = plan_with_goals(world)
    other = action_plan_save(
        participant=world.other_subject,
        campaign=world.campaign,
        goals=[
            GoalInput(
                item_ids=world.world.item_ids(0),
                title="李明的目标",
                actions="行动",
                measure="衡量",
                due_on=dt.date(2025, 10, 31),
            )
        ],
        by=world.other_subject.user,
    )

    with pytest.raises(ValidationError, match="goals of this plan"):
        review_add(plan=plan, goal=other.goals.get(), progress=40, by=world.subject.user)


def test_the_review_is_due_after_the_cadence_from_the_goal_reviewed_longest_ago(
    world: ReportWorld,
) -> None:
    # given a plan started on 1 April with two goals, every 4 weeks by default
    plan = plan_with_goals(world)
    first, second = plan.goals.all()
    assert review_due_on(plan=plan) == dt.date(2025, 4, 29)
    # when only the first goal is reviewed, the second still falls due on the 29th
    review_add(
        plan=plan, goal=first, reviewed_on=dt.date(2025, 4, 20), progress=10, by=world.subject.user
    )
    assert review_due_on(plan=reload(plan)) == dt.date(2025, 4, 29)
    # then reviewing both moves it on
    review_add(
        plan=plan, goal=second, reviewed_on=dt.date(2025, 4, 22), progress=10, by=world.subject.user
    )
    assert review_due_on(plan=reload(plan)) == dt.date(2025, 5, 18)


def test_the_trainer_sets_the_cadence_per_cohort_and_per_plan(world: ReportWorld) -> None:
    plan = plan_with_goals(world)

    cohort_review_cadence_set(cohort=world.campaign.cohort, every_weeks=2, by=world.trainer)
    assert review_due_on(plan=reload(plan)) == dt.date(2025, 4, 15)
    review_cadence_set(plan=plan, every_weeks=6, by=world.trainer)
    assert review_due_on(plan=reload(plan)) == dt.date(2025, 5, 13)
    review_cadence_set(plan=plan, every_weeks=None, by=world.trainer)  # back to the cohort's
    assert review_due_on(plan=reload(plan)) == dt.date(2025, 4, 15)
    with pytest.raises(ValidationError, match="1 to 52 weeks"):
        review_cadence_set(plan=plan, every_weeks=0, by=world.trainer)


def test_the_reminder_is_sent_once_per_due_date(
    world: ReportWorld, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    world.subject.language = "en"
    world.subject.save(update_fields=["language"])
    plan = plan_with_goals(world, count=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert review_reminders_send(today=dt.date(2025, 4, 28)) == 0  # not due yet
        assert review_reminders_send(today=dt.date(2025, 4, 29)) == 1
        assert review_reminders_send(today=dt.date(2025, 4, 30)) == 0  # same due date
        # a review moves the due date on: a new reminder once that one comes
        review_add(plan=plan, reviewed_on=dt.date(2025, 5, 1), progress=30, by=world.subject.user)
        assert review_reminders_send(today=dt.date(2025, 5, 28)) == 0
        assert review_reminders_send(today=dt.date(2025, 5, 29)) == 1

    assert list(ReviewReminder.objects.values_list("due_on", flat=True)) == [
        dt.date(2025, 4, 29),
        dt.date(2025, 5, 29),
    ]
    reminders = [
        m for m in mail.outbox if m.to == [f"{world.subject.name} <{world.subject.email}>"]
    ]
    assert [m.subject.split(" / ")[0] for m in reminders] == [
        "A review of your action plan is due on 29 Apr 2025",
        "A review of your action plan is due on 29 May 2025",
    ]


def test_the_command_run_twice_reminds_once_and_beat_schedules_it(
    world: ReportWorld, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    plan_with_goals(world, count=1)  # started 2025: long overdue

    with django_capture_on_commit_callbacks(execute=True):
        call_command("plan_review_reminders")
        call_command("plan_review_reminders")

    assert ReviewReminder.objects.count() == 1
    assert len(mail.outbox) == 1
    tasks = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert "assessments.send_plan_review_reminders" in tasks


def test_a_review_emails_the_trainers_in_their_language(
    world: ReportWorld, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    world.trainer.language = "zh-hans"
    world.trainer.save(update_fields=["language"])
    plan = plan_with_goals(world, count=1)

    with django_capture_on_commit_callbacks(execute=True):
        review_add(plan=plan, progress=60, note="已完成两次拜访", by=world.subject.user)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert world.trainer.email in message.to[0]
    assert "已完成两次拜访" in message.body
    assert "60" in message.body
    assert " / " not in message.subject  # one language: the trainer's


def test_a_trainer_comment_emails_the_participant_and_an_answer_the_trainers(
    world: ReportWorld, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    world.subject.language = "en"
    world.subject.save(update_fields=["language"])
    plan = plan_with_goals(world, count=1)

    with django_capture_on_commit_callbacks(execute=True):
        action_plan_comment_add(plan=plan, by=world.trainer, text="Good start.")
    assert [m.to[0] for m in mail.outbox] == [f"{world.subject.name} <{world.subject.email}>"]
    assert mail.outbox[0].subject == f"{world.trainer} commented on your action plan"

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        action_plan_comment_add(plan=plan, by=world.subject.user, text="Thank you.")
    assert len(mail.outbox) == 1
    assert world.trainer.email in mail.outbox[0].to[0]


def test_nothing_is_emailed_when_the_review_is_refused(
    world: ReportWorld, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    plan = plan_with_goals(world, count=1)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        review_add(
            plan=plan,
            reviewed_on=timezone.localdate() + dt.timedelta(days=30),
            progress=10,
            by=world.subject.user,
        )
    assert mail.outbox == []


def test_review_and_cadence_pages(client: Client, world: ReportWorld) -> None:
    # given a plan of two goals
    plan = plan_with_goals(world)
    second = plan.goals.all()[1]
    client.force_login(world.subject.user)
    url = reverse("assessments:me-action-plan", args=[world.campaign.pk])
    # when the participant reviews the second goal, leaving the date empty (today)
    page = client.get(url)
    response = client.post(
        reverse("assessments:me-action-plan-review", args=[world.campaign.pk]),
        {"goal": str(second.pk), "reviewed_on": "", "progress": "35", "note": "第二个目标"},
    )
    # and the trainer sets the plan's cadence to 3 weeks
    client.force_login(world.trainer)
    cadence = client.post(
        reverse(
            "assessments:trainer-action-plan-cadence", args=[world.campaign.pk, world.subject.pk]
        ),
        {"every_weeks": "3"},
    )
    # then
    assert page.context["review_form"].initial["reviewed_on"] == local_today(
        participant=world.subject
    )
    assert response.status_code == 302
    assert second.reviews.get().progress == 35
    assert cadence.status_code == 302
    plan.refresh_from_db()
    assert plan.review_every_weeks == 3
    trainer_page = client.get(
        reverse("assessments:trainer-action-plan", args=[world.campaign.pk, world.subject.pk])
    ).content.decode()
    assert "第二个目标" in trainer_page
    assert "every 3 weeks" in trainer_page


def test_the_trainer_sets_the_cohort_cadence_on_the_debrief_page(
    client: Client, world: ReportWorld
) -> None:
    client.force_login(world.trainer)
    debrief = reverse("assessments:cohort-debrief", args=[world.campaign.pk])
    assert "every 4 weeks" in client.get(debrief).content.decode()

    response = client.post(
        reverse("assessments:cohort-review-cadence", args=[world.campaign.pk]),
        {"every_weeks": "2"},
    )
    refused = client.post(
        reverse("assessments:cohort-review-cadence", args=[world.campaign.pk]),
        {"every_weeks": "99"},
    )

    assert response.status_code == refused.status_code == 302
    assert world.campaign.cohort.review_cadence.every_weeks == 2
    assert "every 2 weeks" in client.get(debrief).content.decode()
