"""The practice pages work without JavaScript: plain forms, each one action."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from practice.models import Observer, PhaseEntry, Practice
from practice.services.observers import observation_submit, observer_invite
from practice.services.phases import phase_complete
from practice.services.review import feedback_add, practice_return
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


def test_observer_scores_are_named_by_their_activity_in_the_viewers_language(
    world: World,
) -> None:
    observer, _raw = observer_invite(
        practice=world.practice,
        role=world.role("account"),
        name="Lina",
        email="lina@x.example",
        by=world.owner,
    )
    first, second = world.items[0], world.items[1]
    observation_submit(
        observer=observer, scores={first.pk: 4, second.pk: None}, observation="Clear opening."
    )
    url = reverse("practice:practice-detail", args=[world.practice.pk])
    client = _as(world.owner)

    english = client.get(url).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    chinese = client.get(url).content.decode()

    assert f"{first.text_en}: 4" in english
    assert f"{second.text_en}: Not observed" in english
    assert f"#{first.pk}:" not in english
    assert f"{first.text}: 4" in chinese
    assert f"{second.text}: 未观察到" in chinese
    # the items the practice develops read in the viewer's language too
    assert f"· {first.text_en}</li>" in english
    assert f"· {first.text}</li>" in chinese


def test_a_refused_completion_keeps_what_was_typed(world: World) -> None:
    url = reverse("practice:practice-detail", args=[world.practice.pk])
    owner = _as(world.owner)

    refused = owner.post(
        url,
        {"action": "complete", "phase": "act", "text": "Met the CIO <b>", "completed_on": ""},
    )

    assert refused.status_code == 400
    page = refused.content.decode()
    assert "before this one" in page
    assert (
        '<textarea id="text-act" name="text" rows="6" maxlength="20000">Met the CIO &lt;b&gt;'
        in (page)
    )
    # nothing was saved: the draft on the server is still empty
    assert PhaseEntry.objects.get(practice=world.practice, phase="act").text == ""


def test_the_trainers_comments_show_beside_their_phase(world: World) -> None:
    for phase in ("prepare", "act", "reflect", "review"):
        phase_complete(practice=world.practice, phase=phase, text=f"{phase}!", by=world.owner)
    feedback_add(practice=world.practice, phase="act", comment="Good close", by=world.trainer)
    practice_return(
        practice=world.practice, phase="reflect", comment="Why did it work?", by=world.trainer
    )

    page = (
        _as(world.owner)
        .get(reverse("practice:practice-detail", args=[world.practice.pk]))
        .content.decode()
    )

    def section(phase: str) -> str:
        start = page.index(f'<section aria-labelledby="h-{phase}">')
        return page[start : page.index("</section>", start)]

    assert "Good close" in section("act")
    assert "Why did it work?" in section("reflect")
    assert "Returned" in section("reflect")
    assert "Good close" not in section("reflect")
    assert "Why did it work?" not in section("prepare") + section("review")
