"""Where the evaluation is offered: My Zone to an attendee while open; results from cohort pages."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from tests import factories
from tests.evaluations.world import World, build_world

pytestmark = pytest.mark.django_db


def _as(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _answer_url(world: World) -> str:
    return reverse("evaluations:evaluation-answer", args=[world.cohort.pk])


def test_my_zone_offers_the_open_evaluation_to_an_attendee(world: World) -> None:
    page = _as(world.attendee).get(reverse("participants:me")).content.decode()
    assert "Evaluate the course" in page
    assert _answer_url(world) in page


def test_my_zone_does_not_offer_it_once_answered(world: World) -> None:
    factories.VoterFactory(evaluation=world.evaluation, participant=world.attendees[0])
    page = _as(world.attendee).get(reverse("participants:me")).content.decode()
    assert _answer_url(world) not in page


def test_my_zone_does_not_offer_it_to_a_no_show(world: World) -> None:
    page = _as(world.no_show).get(reverse("participants:me")).content.decode()
    assert _answer_url(world) not in page


@pytest.mark.parametrize("ended_ago", [-dt.timedelta(hours=1), dt.timedelta(days=15)])
def test_my_zone_offers_it_only_while_open(ended_ago: dt.timedelta) -> None:
    world = build_world(ended_ago=ended_ago)
    page = _as(world.attendee).get(reverse("participants:me")).content.decode()
    assert _answer_url(world) not in page


def test_cohort_pages_link_to_the_results(world: World) -> None:
    results = reverse("evaluations:evaluation-results", args=[world.cohort.pk])
    overview = reverse("participants:cohort-overview", args=[world.cohort.pk])
    roster = reverse("participants:cohort-roster", args=[world.cohort.pk])
    assert results in _as(world.hr).get(overview).content.decode()
    assert results in _as(world.trainer).get(roster).content.decode()


@pytest.mark.parametrize("cohorts", [1, 3])
def test_my_zone_evaluations_cost_two_queries_at_any_size(
    django_assert_num_queries, cohorts
) -> None:  # type: ignore[no-untyped-def]
    from evaluations.selectors.evaluation import evaluations_to_answer
    from tests.evaluations.world import attend

    world = build_world(attendees=1)
    participant = world.attendees[0]
    for _ in range(cohorts - 1):
        other = build_world(attendees=1)
        enrollment = factories.EnrollmentFactory(participant=participant, cohort=other.cohort)
        factories.AttendanceFactory(
            enrollment=enrollment, session=other.cohort.sessions.first(), status="present"
        )
        attend(other.cohort)
    with django_assert_num_queries(2):
        found = evaluations_to_answer(participant_id=participant.pk)
    assert len(found) == cohorts


def test_the_learning_timeline_lists_the_evaluation_to_do_until_answered(world: World) -> None:
    from programme.selectors import Area, Show, timeline_for

    participant = world.attendees[0]
    (entry,) = [e for e in timeline_for(participant=participant) if e.area == Area.EVALUATION]
    assert entry.url == _answer_url(world)
    assert not entry.is_done
    assert entry.on is not None
    assert entry in timeline_for(participant=participant, show=Show.TODO)
    factories.VoterFactory(evaluation=world.evaluation, participant=participant)
    assert not [e for e in timeline_for(participant=participant) if e.area == Area.EVALUATION]
