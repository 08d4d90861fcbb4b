import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from assessments.models import Campaign, ReminderLog
from assessments.services.reminders import reminders_send, reminders_send_now
from assessments.tokens import token_hash
from tests import factories

pytestmark = pytest.mark.django_db
LINK = re.compile(r"/rate/([A-Za-z0-9_-]+)/")


@pytest.fixture
def campaign():
    now = timezone.now()
    return factories.CampaignFactory(
        status=Campaign.Status.OPEN,
        opens_at=now - dt.timedelta(days=20),
        closes_at=now + dt.timedelta(days=10),
    )


def invite(campaign, status="sent", days_ago=15, **kw):
    return factories.InvitationFactory(
        campaign=campaign, status=status, sent_at=timezone.now() - dt.timedelta(days=days_ago), **kw
    )


def run(django_capture_on_commit_callbacks, **kw) -> int:
    with django_capture_on_commit_callbacks(execute=True):
        return reminders_send(**kw)


def test_pending_raters_are_reminded_at_each_step_once(
    campaign, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    sent, started = invite(campaign), invite(campaign, status="started")
    invite(campaign, status="submitted", submitted_at=timezone.now())
    invite(campaign, status="declined")
    invite(campaign, status="approved", days_ago=0)
    closes = campaign.closes_at
    # 8 days before the close: nothing due yet
    assert run(django_capture_on_commit_callbacks, now=closes - dt.timedelta(days=8)) == 0
    # 7 days before: the two pending raters
    at_7 = closes - dt.timedelta(days=7) + dt.timedelta(minutes=5)
    assert run(django_capture_on_commit_callbacks, now=at_7) == 2
    assert run(django_capture_on_commit_callbacks, now=at_7 + dt.timedelta(hours=1)) == 0
    assert {m.to[0] for m in mailoutbox} == {
        f"{sent.rater_name} <{sent.rater_email}>",
        f"{started.rater_name} <{started.rater_email}>",
    }
    # 2 days before: once more, then never again
    at_2 = closes - dt.timedelta(days=2)
    assert run(django_capture_on_commit_callbacks, now=at_2) == 2
    assert run(django_capture_on_commit_callbacks, now=at_2 + dt.timedelta(days=1)) == 0
    assert len(mailoutbox) == 4
    assert sorted(
        ReminderLog.objects.filter(invitation=sent).values_list("days_before_close", flat=True)
    ) == [2, 7]


def test_reminder_link_replaces_the_old_token(
    campaign, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    invitation = invite(campaign, rater_language="en", token_hash="0" * 64)
    run(django_capture_on_commit_callbacks, now=campaign.closes_at - dt.timedelta(days=6))
    (mail,) = mailoutbox
    (raw,) = set(LINK.findall(mail.body))
    invitation.refresh_from_db()
    assert token_hash(raw) == invitation.token_hash != "0" * 64
    assert "Reminder" in mail.subject
    assert "replaces" in mail.body


def test_late_runs_send_one_email_for_all_due_steps(
    campaign, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    invitation = invite(campaign)
    assert (
        run(django_capture_on_commit_callbacks, now=campaign.closes_at - dt.timedelta(days=1)) == 1
    )
    assert len(mailoutbox) == 1
    assert set(invitation.reminders.values_list("days_before_close", flat=True)) == {7, 2}


def test_raters_invited_after_a_step_are_not_reminded_for_it(
    campaign, django_capture_on_commit_callbacks
) -> None:
    invite(campaign, days_ago=0)  # invited 10 days before the close... then time passes
    late = invite(campaign, days_ago=0)
    late.sent_at = campaign.closes_at - dt.timedelta(days=5)
    late.save()
    assert (
        run(django_capture_on_commit_callbacks, now=campaign.closes_at - dt.timedelta(days=4)) == 1
    )


def test_closed_and_far_campaigns_are_left_alone(django_capture_on_commit_callbacks) -> None:
    now = timezone.now()
    far = factories.CampaignFactory(status="open", closes_at=now + dt.timedelta(days=30))
    closed = factories.CampaignFactory(status="closed", closes_at=now + dt.timedelta(days=1))
    invite(far), invite(closed)
    assert run(django_capture_on_commit_callbacks) == 0


def test_custom_steps(campaign, django_capture_on_commit_callbacks) -> None:
    invite(campaign)
    assert (
        run(
            django_capture_on_commit_callbacks,
            now=campaign.closes_at - dt.timedelta(days=9),
            steps=(9,),
        )
        == 1
    )


def test_self_reminder_points_to_my_zone(
    campaign, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    invite(campaign, group="self")
    run(django_capture_on_commit_callbacks, now=campaign.closes_at - dt.timedelta(days=2))
    (mail,) = mailoutbox
    assert f"/me/campaigns/{campaign.pk}/self/" in mail.body
    assert not LINK.search(mail.body)


def test_send_reminders_command_is_idempotent(
    campaign, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    campaign.closes_at = timezone.now() + dt.timedelta(days=1)
    campaign.save()
    invite(campaign)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders")
        call_command("send_reminders")
    assert len(mailoutbox) == 1


def test_manual_reminders_all_or_one(
    campaign, hr_user, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    a, b = invite(campaign), invite(campaign, status="started")
    invite(campaign, status="submitted", submitted_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send_now(campaign=campaign, by=hr_user) == 2
        assert reminders_send_now(campaign=campaign, by=hr_user, invitation=b) == 1
    assert len(mailoutbox) == 3
    assert a.reminders.get().days_before_close == 9  # logged with the days left


def test_close_campaigns_command(django_capture_on_commit_callbacks) -> None:
    now = timezone.now()
    due = factories.CampaignFactory(
        status="open", opens_at=now - dt.timedelta(days=3), closes_at=now - dt.timedelta(seconds=1)
    )
    call_command("close_campaigns")
    due.refresh_from_db()
    assert due.status == "closed"


def test_beat_jobs_are_scheduled_and_run(
    campaign, django_capture_on_commit_callbacks, mailoutbox
) -> None:
    from assessments import tasks
    from kamtraining.celery import app

    scheduled = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert scheduled >= {"assessments.close_due_campaigns", "assessments.send_due_reminders"}
    campaign.closes_at = timezone.now() + dt.timedelta(days=1)
    campaign.save()
    invite(campaign)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_due_reminders.delay().get() == 1
    assert tasks.close_due_campaigns.delay().get() == 0
    assert len(mailoutbox) == 1
