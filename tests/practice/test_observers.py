"""Iron-triangle observers: named, one per role, never the participant, by a token link."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from kamtraining.tokens import token_hash
from practice.models import Observer, ObserverRating, TriangleRole
from practice.services.observers import observation_submit, observer_invite
from tests.practice.world import World

pytestmark = pytest.mark.django_db


def invite(
    world: World, role: str = "account", email: str = "ahmed@customer.example", language: str = "en"
) -> tuple[Observer, str]:
    return observer_invite(
        practice=world.practice,
        role=world.role(role),
        name="Ahmed Saleh",
        email=email,
        language=language,
        by=world.owner,
    )


def test_roles_are_seeded_in_both_languages() -> None:
    roles = list(TriangleRole.objects.order_by("order").values_list("code", "name", "name_en"))
    assert roles == [
        ("account", "客户责任人", "Account responsible"),
        ("solution", "解决方案责任人", "Solution responsible"),
        ("fulfilment", "交付责任人", "Fulfilment responsible"),
    ]


def test_the_participant_cannot_observe_themself_whatever_the_case(world: World) -> None:
    with pytest.raises(ValidationError, match="your own"):
        invite(world, email=world.owner.email.upper())


def test_one_observer_per_role(world: World) -> None:
    invite(world)
    with pytest.raises(ValidationError):
        invite(world, email="someone@customer.example")


def test_only_the_token_hash_is_stored_and_the_email_is_in_the_observers_language(
    world: World,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        observer, raw = invite(world, language="zh-hans")

    assert observer.token_hash == token_hash(raw)
    assert raw not in observer.token_hash
    (message,) = mail.outbox
    assert "请" in message.subject or "观察" in message.subject
    assert "not anonymous" not in message.body
    assert f"/observe/{raw}/" in message.body


def test_observer_page_says_up_front_it_is_not_anonymous_and_has_no_referrer(world: World) -> None:
    _observer, raw = invite(world)

    response = Client().get(reverse("practice:observe", args=[raw]))

    html = response.content.decode()
    assert response.status_code == 200
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"]
    assert html.index("not anonymous") < html.index("Win the Q3 renewal")


def test_observer_answers_without_javascript(world: World) -> None:
    observer, raw = invite(world)
    first, second = world.items[0], world.items[1]

    response = Client().post(
        reverse("practice:observe", args=[raw]),
        {
            f"item-{first.pk}": "4",
            f"item-{second.pk}": "",
            "observation": "Clear agenda, good close.",
        },
    )

    assert response.status_code == 200
    observer.refresh_from_db()
    assert observer.status == "submitted"
    assert dict(ObserverRating.objects.values_list("item_id", "score")) == {
        first.pk: 4,
        second.pk: None,
    }
    # and a second answer is refused
    again = Client().post(reverse("practice:observe", args=[raw]), {"observation": "again"})
    assert again.status_code == 400


def test_scores_off_the_scale_or_for_other_items_are_refused(world: World) -> None:
    observer, _raw = invite(world)
    with pytest.raises(ValidationError):
        observation_submit(observer=observer, scores={world.items[0].pk: 9}, observation="x")
    with pytest.raises(ValidationError):
        observation_submit(observer=observer, scores={world.items[2].pk: 3}, observation="x")
    assert not ObserverRating.objects.exists()


def test_unknown_token_is_404_and_look_ups_are_rate_limited(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.RATER_RATE_LIMIT_PER_IP = 3
    client = Client()
    codes = [client.get(reverse("practice:observe", args=["nope"])).status_code for _ in range(4)]
    assert codes == [404, 404, 404, 429]


def test_missing_roles_are_shown_as_missing(world: World) -> None:
    invite(world)
    client = Client()
    client.force_login(world.owner)

    detail = client.get(reverse("api:practice-detail", args=[world.practice.pk])).json()
    page = client.get(
        reverse("practice:practice-detail", args=[world.practice.pk])
    ).content.decode()

    assert [(o["role"], o["missing"]) for o in detail["observers"]] == [
        ("account", False),
        ("solution", True),
        ("fulfilment", True),
    ]
    assert page.count("Missing") == 2
    assert "Ahmed Saleh" in page


def test_observer_api_by_token(world: World) -> None:
    _observer, raw = invite(world)
    client = Client()
    url = reverse("api:practice-observe", args=[raw])

    got = client.get(url)
    posted = client.post(
        url,
        {"scores": {str(world.items[0].pk): 3}, "observation": "Solid."},
        content_type="application/json",
    )
    hostile = client.post(
        url, {"scores": {"1\x00": 3}, "observation": "x"}, content_type="application/json"
    )

    assert got.status_code == 200
    assert got["Referrer-Policy"] == "no-referrer"
    assert "not anonymous" in got.json()["notice"]
    assert posted.status_code == 200
    assert posted.json()["status"] == "submitted"
    assert hostile.status_code == 400


def test_the_invite_form_offers_only_the_roles_still_missing(world: World) -> None:
    client = Client()
    client.force_login(world.owner)
    url = reverse("practice:practice-detail", args=[world.practice.pk])
    invite(world)

    page = client.get(url).content.decode()

    assert '<option value="account"' not in page
    assert '<option value="solution"' in page
    assert '<option value="fulfilment"' in page
    # once every role has its observer, the form is gone and the table stays
    invite(world, role="solution", email="s@customer.example")
    invite(world, role="fulfilment", email="f@customer.example")
    full = client.get(url).content.decode()
    assert "Ask this observer" not in full
    assert "<em>Missing</em>" not in full
    assert full.count("<td>Ahmed Saleh</td>") == 3
    # a role taken already is still refused by name when posted
    refused = client.post(
        url, {"action": "observer", "role": "account", "name": "X", "email": "x@customer.example"}
    )
    assert refused.status_code == 400
    assert "This role has an observer already." in refused.content.decode()


def test_observer_page_names_the_participant_in_both_scripts(world: World) -> None:
    participant = world.practice.participant
    participant.name, participant.name_en = "吴迪", "Wu Di"
    participant.save(update_fields=["name", "name_en"])
    _observer, english = invite(world, language="en")
    _observer, chinese = invite(
        world, role="solution", email="s@customer.example", language="zh-hans"
    )

    in_english = Client().get(reverse("practice:observe", args=[english])).content.decode()
    in_chinese = Client().get(reverse("practice:observe", args=[chinese])).content.decode()

    assert 'you observe Wu Di <span class="other-name" lang="zh-hans">吴迪</span>.' in in_english
    assert '吴迪 <span class="other-name" lang="en">Wu Di</span>' in in_chinese
