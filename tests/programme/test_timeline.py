"""The learning-zone timeline on My Zone: one list across the 360, plan, practice, certificate."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from assessments.models import ActionPlan, Campaign, Invitation
from assessments.services.action_plans import GoalInput, action_plan_save
from assessments.services.plan_reviews import review_add
from courses.access import TRAINERS_GROUP
from participants.models import Enrollment
from practice.models import Phase, Practice
from practice.services.assignments import assignment_create
from practice.services.phases import phase_complete
from programme.selectors import Area, Show, timeline_for
from tests import factories
from tests.assessments.report_ui_world import ReportWorld, released_world

pytestmark = pytest.mark.django_db

URL = reverse("participants:me")
PLAN_STARTED = dt.datetime(2025, 4, 1, 2, 0, tzinfo=dt.UTC)


def journey(size: int) -> ReportWorld:
    """吴迪 with `size` goals reviewed, `size` practices begun, `size` campaigns nominating."""
    world = released_world()
    subject = world.subject
    cohort = world.campaign.cohort
    cohort.course.framework = world.world.framework
    cohort.course.save(update_fields=["framework"])
    enrollment = factories.EnrollmentFactory(
        participant=subject, cohort=cohort, status=Enrollment.Status.CONFIRMED
    )
    goals = [
        GoalInput(
            item_ids=world.world.item_ids(index % 2),
            title=f"目标 {index + 1}",
            actions="行动",
            measure="衡量",
            due_on=dt.date(2025, 10, 31),
        )
        for index in range(size)
    ]
    plan = action_plan_save(
        participant=subject, campaign=world.campaign, goals=goals, by=subject.user
    )
    ActionPlan.objects.filter(pk=plan.pk).update(created_at=PLAN_STARTED)
    for index, goal in enumerate(plan.goals.all()):
        review_add(
            plan=plan,
            goal=goal,
            reviewed_on=dt.date(2025, 4, 10 + index),
            progress=20,
            by=subject.user,
        )
    world.trainer.groups.add(Group.objects.get(name=TRAINERS_GROUP))
    for index in range(size):
        assignment_create(
            cohort=cohort,
            title=f"实践 {index + 1}",
            brief="简介",
            due_on=dt.date(2025, 6, 1 + index),
            dimension=world.world.dimensions[0],
            by=world.trainer,
        )
    Practice.objects.filter(participant=subject).update(created_at=PLAN_STARTED)
    for practice in Practice.objects.filter(participant=subject):
        phase_complete(
            practice=practice,
            phase=Phase.PREPARE,
            text="准备",
            completed_on=dt.date(2025, 5, 2),
            by=subject.user,
        )
    for _index in range(size):
        later = world.world.another_campaign(status=Campaign.Status.NOMINATING)
        factories.InvitationFactory(
            campaign=later, subject=subject, group=Invitation.Group.SELF, status="approved"
        )
    factories.CertificateFactory(enrollment=enrollment)
    return world


def test_the_timeline_holds_every_area_sorted_by_date() -> None:
    world = journey(2)
    opened = world.world.another_campaign(status=Campaign.Status.OPEN)
    factories.InvitationFactory(
        campaign=opened, subject=world.subject, group=Invitation.Group.SELF, status="sent"
    )

    entries = timeline_for(participant=world.subject, today=dt.date(2025, 5, 1))

    # every area but the evaluation, which this journey (no session attended) never opens
    assert {entry.area for entry in entries} == set(Area) - {Area.EVALUATION}
    dated = [entry.on for entry in entries if entry.on is not None]
    assert dated == sorted(dated)
    assert all(entry.on is not None for entry in entries[: len(dated)])  # undated last
    titles = [entry.title for entry in entries]
    assert "Self-assessment submitted" in titles
    assert titles.count("Answer your self-assessment") == 1  # open; not while nominating
    assert titles.count("Nominate your raters") == 2
    assert "Review your action plan" in titles
    assert "Prepare done" in titles
    assert "Certificate issued" in titles
    reviews = [entry for entry in entries if entry.title.startswith("Reviewed")]
    assert [entry.on for entry in reviews] == [dt.date(2025, 4, 10), dt.date(2025, 4, 11)]


def test_the_review_due_is_on_the_cadence_and_overdue_after_it() -> None:
    world = journey(1)

    entries = timeline_for(participant=world.subject, today=dt.date(2025, 6, 1))

    due = next(entry for entry in entries if entry.title == "Review your action plan")
    assert due.on == dt.date(2025, 5, 8)  # reviewed on 10 April, every four weeks
    assert due.is_overdue
    assert due.url == reverse("assessments:me-action-plan", args=[world.campaign.pk])


def test_the_filter_shows_what_is_to_do_or_what_is_done() -> None:
    world = journey(1)

    todo = timeline_for(participant=world.subject, show=Show.TODO)
    done = timeline_for(participant=world.subject, show=Show.DONE)
    everything = timeline_for(participant=world.subject)

    assert todo
    assert done
    assert not any(entry.is_done for entry in todo)
    assert all(entry.is_done for entry in done)
    assert len(todo) + len(done) == len(everything)
    phases = [entry.title for entry in todo if entry.area == Area.PRACTICE]
    assert phases == ["Act: to complete", "Reflect: to complete", "Review: to complete"]


def test_my_zone_shows_the_timeline_and_filters_it_without_javascript(client: Client) -> None:
    world = journey(1)
    client.force_login(world.subject.user)

    everything = client.get(URL).content.decode()
    todo = client.get(URL, {"show": "todo"}).content.decode()
    done = client.get(URL, {"show": "done"}).content.decode()
    unknown = client.get(URL, {"show": "<script>"})

    assert 'id="timeline"' in everything
    assert "Certificate issued" in everything
    assert "Nominate your raters" in everything
    assert "Certificate issued" not in todo
    assert "Nominate your raters" in todo
    assert "Certificate issued" in done
    assert "Nominate your raters" not in done
    assert 'href="?show=todo#timeline" aria-current="page"' in todo
    assert unknown.status_code == 200
    practice = Practice.objects.get(participant=world.subject)
    assert reverse("practice:practice-detail", args=[practice.pk]) in everything


def test_a_participant_sees_only_their_own_steps(client: Client) -> None:
    world = journey(1)
    client.force_login(world.other_subject.user)

    html = client.get(URL).content.decode()

    assert "目标 1" not in html
    assert "实践 1" not in html
    assert "Certificate issued" not in html


@pytest.mark.parametrize("size", [1, 3])
def test_my_zone_query_count_is_constant_with_the_timeline(
    django_assert_num_queries, size: int
) -> None:  # type: ignore[no-untyped-def]
    world = journey(size)
    client = Client()
    client.force_login(world.subject.user)
    client.get(URL)

    # 23, one for the lists awaiting approval, and the evaluations to answer (one query while
    # no cohort has ended), read once for the box and the timeline; the timeline reuses My
    # Zone's enrolments (one query fewer)
    with django_assert_num_queries(24):
        response = client.get(URL)

    assert response.status_code == 200
    assert response.content.decode().count("Nominate your raters") == size


@pytest.mark.parametrize("size", [1, 4])
def test_the_timeline_reads_a_constant_number_of_queries(
    django_assert_num_queries, size: int
) -> None:  # type: ignore[no-untyped-def]
    world = journey(size)

    with django_assert_num_queries(
        12
    ):  # one of them: the evaluations to answer (none attended here)
        entries = timeline_for(participant=world.subject)

    assert len([e for e in entries if e.area == Area.PRACTICE]) == 4 * size
