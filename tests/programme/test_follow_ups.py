"""The trainer's cohort page: per participant, what is overdue and what waits for the trainer."""

import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import ActionPlan
from assessments.services.action_plans import action_plan_comment_add
from practice.models import Practice
from programme.selectors import follow_ups_for_cohort
from tests.programme.test_timeline import journey

pytestmark = pytest.mark.django_db


def roster_url(world) -> str:  # type: ignore[no-untyped-def]
    return reverse("participants:cohort-roster", args=[world.campaign.cohort_id])


def test_overdue_and_waiting_per_participant() -> None:
    # given 吴迪 reviewed the plan long ago and sent one practice in; the other is past due
    world = journey(2)
    first, second = Practice.objects.filter(participant=world.subject).order_by("pk")
    Practice.objects.filter(pk=first.pk).update(status=Practice.Status.SUBMITTED)
    # when
    rows = follow_ups_for_cohort(cohort=world.campaign.cohort, user=world.trainer)
    # then
    titles = [(row.is_waiting, row.title) for row in rows[world.subject.pk]]
    assert (True, "Plan review or answer to comment on") in titles
    assert (True, f"Practice to review: {first.assignment.title}") in titles
    assert (False, "Plan review overdue") in titles
    assert (False, f"Practice overdue: {second.assignment.title}") in titles
    assert titles.index((True, "Plan review or answer to comment on")) < titles.index(
        (False, "Plan review overdue")
    )  # what waits for the trainer first


def test_a_trainer_comment_answers_what_was_waiting() -> None:
    world = journey(1)
    plan = ActionPlan.objects.get(participant=world.subject)

    action_plan_comment_add(plan=plan, by=world.trainer, text="很好")
    rows = follow_ups_for_cohort(cohort=world.campaign.cohort, user=world.trainer)

    assert "Plan review or answer to comment on" not in [
        row.title for row in rows[world.subject.pk]
    ]


def test_the_roster_shows_the_follow_ups_with_their_links(client: Client) -> None:
    world = journey(1)
    client.force_login(world.trainer)

    html = client.get(roster_url(world)).content.decode()

    assert "To follow up" in html
    assert "Plan review overdue" in html
    assert (
        reverse("assessments:trainer-action-plan", args=[world.campaign.pk, world.subject.pk])
        in html
    )


def test_another_trainer_sees_no_follow_ups_of_the_cohort(client: Client) -> None:
    world = journey(1)
    client.force_login(world.users["trainer_other"])

    assert client.get(roster_url(world)).status_code == 404


@pytest.mark.parametrize("size", [1, 3])
def test_the_roster_query_count_is_constant(django_assert_num_queries, size: int) -> None:  # type: ignore[no-untyped-def]
    world = journey(size)
    client = Client()
    client.force_login(world.trainer)
    client.get(roster_url(world))

    with django_assert_num_queries(20):
        assert client.get(roster_url(world)).status_code == 200


def test_hr_sees_practice_follow_ups_but_no_action_plan() -> None:
    world = journey(1)

    rows = follow_ups_for_cohort(cohort=world.campaign.cohort, user=world.users["hr"])

    titles = [row.title for row in rows.get(world.subject.pk, [])]
    assert titles
    assert not [title for title in titles if title.startswith("Plan")]
