"""The practice pages work without JavaScript: plain forms, each one action."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from practice.models import Observer, PhaseEntry, Practice
from tests.practice.world import World

pytestmark = pytest.mark.django_db


def _as(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_the_whole_path_through_the_pages(world: World) -> None:
    url = reverse("practice:practice-detail", args=[world.practice.pk])
    owner = _as(world.owner)
    # the participant finds the practice from their list
    assert url in owner.get(reverse("practice:practice-list")).content.decode()
    # saves a draft, then completes the four phases in order
    assert (
        owner.post(url, {"action": "save", "phase": "prepare", "text": "Draft"}).status_code == 302
    )
    refused = owner.post(url, {"action": "complete", "phase": "act", "text": "Too early"})
    assert refused.status_code == 400
    assert "before this one" in refused.content.decode()
    for phase in ("prepare", "act", "reflect", "review"):
        response = owner.post(url, {"action": "complete", "phase": phase, "text": f"{phase}!"})
        assert response.status_code == 302, response.content
    owner.post(
        url, {"action": "observer", "role": "solution", "name": "Lina", "email": "lina@x.example"}
    )
    assert Observer.objects.filter(practice=world.practice, name="Lina").exists()
    # the trainer gives feedback and returns the Reflect phase
    trainer = _as(world.trainer)
    page = trainer.get(url).content.decode()
    assert "Return the practice" in page
    trainer.post(url, {"action": "feedback", "phase": "act", "comment": "Good close"})
    trainer.post(url, {"action": "return", "phase": "reflect", "comment": "Why did it work?"})
    assert Practice.objects.get(pk=world.practice.pk).status == "returned"
    # the participant resubmits that phase only; the trainer accepts
    owner.post(url, {"action": "complete", "phase": "reflect", "text": "Because..."})
    trainer.post(url, {"action": "accept", "comment": "Well done"})
    practice = Practice.objects.get(pk=world.practice.pk)
    assert practice.status == "accepted"
    history = owner.get(url).content.decode()
    for text in ("Good close", "Why did it work?", "Well done", str(world.trainer)):
        assert text in history
    assert PhaseEntry.objects.filter(practice=practice, completed_on__isnull=True).count() == 0


def test_trainer_sets_an_assignment_on_the_cohort_page(world: World) -> None:
    url = reverse("practice:cohort-assignments", args=[world.cohort.pk])
    trainer = _as(world.trainer)

    bad = trainer.post(url, {"title": "T", "brief": "B", "due_on": "2027-07-01"})
    good = trainer.post(
        url,
        {"title": "Second", "brief": "B", "due_on": "2027-07-01", "items": [world.items[2].pk]},
    )

    assert bad.status_code == 400
    assert good.status_code == 302
    assert Practice.objects.filter(assignment__title="Second").count() == 2


def test_links_from_my_zone_and_the_cohort_page(world: World) -> None:
    link = reverse("practice:cohort-assignments", args=[world.cohort.pk])
    roster = _as(world.trainer).get(reverse("participants:cohort-roster", args=[world.cohort.pk]))
    assert link in roster.content.decode()
    overview = _as(world.hr).get(reverse("participants:cohort-overview", args=[world.cohort.pk]))
    assert link in overview.content.decode()
    zone = _as(world.owner).get(reverse("participants:me"))
    assert reverse("practice:practice-list") in zone.content.decode()


def test_practice_page_in_chinese(world: World) -> None:
    client = _as(world.owner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"

    page = client.get(
        reverse("practice:practice-detail", args=[world.practice.pk])
    ).content.decode()

    assert "准备" in page
    assert "铁三角观察人" in page
    assert "缺少" in page
