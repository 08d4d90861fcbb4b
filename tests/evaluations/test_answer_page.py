"""The attendee's questionnaire: attendees only, once, while open, without JavaScript."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from evaluations.models import Answer, ModuleRating, TrainerRating, Voter
from tests.evaluations.world import World, answer_form, build_world

pytestmark = pytest.mark.django_db


def _url(world: World) -> str:
    return reverse("evaluations:evaluation-answer", args=[world.cohort.pk])


def _as(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_anonymous_is_sent_to_log_in(world: World) -> None:
    response = Client().get(_url(world))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize("role", ["no_show", "trainer", "other_trainer", "hr"])
def test_anyone_but_an_attendee_is_refused_with_a_reason(world: World, role: str) -> None:
    response = _as(getattr(world, role)).get(_url(world))
    assert response.status_code == 403
    page = response.content.decode()
    assert "Only attendees can evaluate this course" in page
    assert "present or late" in page
    # and a post changes nothing
    assert _as(getattr(world, role)).post(_url(world), answer_form(world)).status_code == 403
    assert Answer.objects.count() == 0


def test_participant_of_another_cohort_is_refused(world: World) -> None:
    stranger = world.other_cohort.enrollments.get().participant.user
    assert _as(stranger).get(_url(world)).status_code == 403


def test_attendee_answers_once_and_is_thanked(world: World) -> None:
    client = _as(world.attendee)
    page = client.get(_url(world))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="q-overall"' in html
    assert f'name="module-{world.modules[0].pk}"' in html
    assert f'name="trainer-{world.trainer.pk}"' in html
    assert 'name="recommend" value="10"' in html

    response = client.post(_url(world), answer_form(world))

    assert response.status_code == 302
    thanks = client.get(response["Location"])
    assert "your evaluation is recorded" in thanks.content.decode()
    answer = Answer.objects.get()
    assert (answer.overall, answer.recommend, answer.comment_status) == (5, 9, "pending")
    assert ModuleRating.objects.get(module=world.modules[0]).score == 5
    assert ModuleRating.objects.get(module=world.modules[1]).score is None
    assert TrainerRating.objects.get().score == 4
    assert Voter.objects.filter(participant__user=world.attendee).count() == 1
    # a second visit: already answered; a second post adds nothing
    again = client.get(_url(world))
    assert "you have already answered" in again.content.decode()
    client.post(_url(world), answer_form(world, **{"q-overall": "1"}))
    assert Answer.objects.count() == 1


def test_late_counts_as_attended() -> None:
    world = build_world(attendees=1)
    from tests.evaluations.world import attend

    late = attend(world.cohort, "late")
    assert _as(late.user).get(_url(world)).status_code == 200


@pytest.mark.parametrize(
    "bad",
    [
        {"q-overall": ""},
        {"q-overall": "6"},
        {"q-relevance": "x"},
        {"recommend": "11"},
        {"recommend": "-1"},
        {"q-engagement": "99999999999999999999"},
    ],
)
def test_bad_input_is_a_form_error_and_saves_nothing(world: World, bad: dict[str, str]) -> None:
    response = _as(world.attendee).post(_url(world), answer_form(world, **bad))
    assert response.status_code == 400
    assert "Nothing was saved" in response.content.decode()
    assert Answer.objects.count() == 0
    assert Voter.objects.count() == 0


def test_unknown_module_and_trainer_keys_are_ignored(world: World) -> None:
    data = answer_form(world, **{"module-999999": "5", "trainer-abc": "5", "module-": "3"})
    assert _as(world.attendee).post(_url(world), data).status_code == 302
    assert ModuleRating.objects.count() == 2


def test_not_open_before_the_last_session_ends() -> None:
    world = build_world(ended_ago=-dt.timedelta(hours=2))
    response = _as(world.attendee).get(_url(world))
    assert response.status_code == 403
    assert "not open yet" in response.content.decode()


def test_closed_after_the_open_days() -> None:
    world = build_world(ended_ago=dt.timedelta(days=15))
    response = _as(world.attendee).get(_url(world))
    assert response.status_code == 410
    assert "has closed" in response.content.decode()
    assert _as(world.attendee).post(_url(world), answer_form(world)).status_code == 410


def test_unknown_cohort_is_404(world: World) -> None:
    url = reverse("evaluations:evaluation-answer", args=[world.other_cohort.pk + 1000])
    assert _as(world.attendee).get(url).status_code == 404


def test_the_page_is_not_cached(world: World) -> None:
    response = _as(world.attendee).get(_url(world))
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_the_questionnaire_speaks_chinese(world: World) -> None:
    from django.conf import settings

    client = _as(world.attendee)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    page = client.get(_url(world)).content.decode()
    assert "课程评估" in page
    assert "总体而言，您如何评价本课程？" in page
    refused = _as(world.no_show)
    refused.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    assert "只有出席学员可以评估本课程" in refused.get(_url(world)).content.decode()
