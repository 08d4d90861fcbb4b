"""Permission matrix of the practice API: participant own/other, trainer own/other cohort, HR,
anonymous, and the observer's token (valid, unknown, used) — every route of practice/api/urls.py.

Who may not read a practice gets 404 (nobody learns it exists); who may read it but not do
the operation gets 403; anonymous users are refused before anything is looked up. The pages
ask practice/access.py the same questions, and answer the same.
"""

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from practice.models import Observer, PracticeEvent
from practice.services.observers import observer_invite
from tests.practice.test_services import complete_all
from tests.practice.world import PDF, World, upload

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "owner", "peer", "trainer", "other_trainer", "hr")


def _client(world: World, role: str) -> APIClient:
    client = APIClient()
    if role != "anonymous":
        client.force_authenticate(getattr(world, role))
    return client


def _detail(w: World) -> str:
    return reverse("api:practice-detail", args=[w.practice.pk])


Operation = Callable[[APIClient, World], Any]
OPERATIONS: dict[str, tuple[Operation, dict[str, int]]] = {
    "read": (
        lambda c, w: c.get(_detail(w)),
        {"owner": 200, "trainer": 200, "hr": 200, "peer": 404, "other_trainer": 404},
    ),
    "save draft": (
        lambda c, w: c.put(
            reverse("api:practice-phase", args=[w.practice.pk, "prepare"]),
            {"text": "x"},
            format="json",
        ),
        {"owner": 200, "trainer": 403, "hr": 403, "peer": 404, "other_trainer": 404},
    ),
    "complete phase": (
        lambda c, w: c.post(
            reverse("api:practice-phase-complete", args=[w.practice.pk, "prepare"]),
            {"text": "Plan"},
            format="json",
        ),
        {"owner": 200, "trainer": 403, "hr": 403, "peer": 404, "other_trainer": 404},
    ),
    "ask observer": (
        lambda c, w: c.post(
            reverse("api:practice-observers", args=[w.practice.pk]),
            {"role": "account", "name": "Ahmed", "email": "ahmed@customer.example"},
            format="json",
        ),
        {"owner": 201, "trainer": 403, "hr": 403, "peer": 404, "other_trainer": 404},
    ),
    "feedback": (
        lambda c, w: c.post(
            reverse("api:practice-feedback", args=[w.practice.pk, "act"]),
            {"comment": "Good"},
            format="json",
        ),
        {"owner": 403, "trainer": 201, "hr": 201, "peer": 404, "other_trainer": 404},
    ),
    "attach file": (
        lambda c, w: c.post(
            reverse("api:practice-attachments", args=[w.practice.pk, "prepare"]),
            {"file": upload("plan.pdf", PDF, "application/pdf")},
            format="multipart",
        ),
        {"owner": 201, "trainer": 403, "hr": 403, "peer": 404, "other_trainer": 404},
    ),
    "link goal": (
        lambda c, w: c.put(
            reverse("api:practice-goal", args=[w.practice.pk]), {"goal": None}, format="json"
        ),
        {"owner": 200, "trainer": 403, "hr": 403, "peer": 404, "other_trainer": 404},
    ),
    "list assignments": (
        lambda c, w: c.get(reverse("api:practice-assignments", args=[w.cohort.pk])),
        {"owner": 404, "trainer": 200, "hr": 200, "peer": 404, "other_trainer": 404},
    ),
    "set assignment": (
        lambda c, w: c.post(
            reverse("api:practice-assignments", args=[w.cohort.pk]),
            {"title": "T", "brief": "B", "due_on": "2027-06-01", "items": [w.items[0].pk]},
            format="json",
        ),
        {"owner": 404, "trainer": 201, "hr": 201, "peer": 404, "other_trainer": 404},
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("operation", list(OPERATIONS))
def test_matrix(world: World, operation: str, role: str) -> None:
    run, expected = OPERATIONS[operation]
    events_before = PracticeEvent.objects.count()

    response = run(_client(world, role), world)

    if role == "anonymous":
        assert response.status_code in (401, 403)
    else:
        assert response.status_code == expected[role], response.content
    if response.status_code >= 400:
        assert PracticeEvent.objects.count() == events_before  # nothing changed


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("owner", 200),
        ("trainer", 200),
        ("hr", 200),
        ("peer", 404),
        ("other_trainer", 404),
        ("anonymous", 401),
    ],
)
@pytest.mark.parametrize("decision", ["accept", "return"])
def test_accept_and_return(world: World, role: str, expected: int, decision: str) -> None:
    complete_all(world)
    body = {"phase": "reflect", "comment": "More"} if decision == "return" else {}

    response = _client(world, role).post(
        reverse(f"api:practice-{decision}", args=[world.practice.pk]), body, format="json"
    )

    allowed = {"owner": 403}.get(role, expected)
    assert response.status_code == allowed
    world.practice.refresh_from_db()
    if allowed == 200:
        assert world.practice.status == ("accepted" if decision == "accept" else "returned")
    else:
        assert world.practice.status == "submitted"


@pytest.mark.parametrize(
    ("role", "count"),
    [("owner", 1), ("peer", 1), ("trainer", 2), ("other_trainer", 0), ("hr", 2)],
)
def test_lists_are_scoped(world: World, role: str, count: int) -> None:
    body = _client(world, role).get(reverse("api:practice-list")).json()

    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == count


def test_lists_refuse_anonymous(world: World) -> None:
    assert _client(world, "anonymous").get(reverse("api:practice-list")).status_code == 401


def test_overdue_list_for_trainer_and_hr(world: World) -> None:
    world.assignment.due_on = world.assignment.due_on.replace(year=2001)
    world.assignment.save(update_fields=["due_on"])
    complete_all(world)  # submitted: waits for the trainer, not overdue

    for role in ("trainer", "hr"):
        body = _client(world, role).get(reverse("api:practice-list") + "?overdue=1").json()
        assert [row["id"] for row in body["results"]] == [world.peer_practice.pk]


def test_observer_token_opens_only_its_own_observation(world: World) -> None:
    _observer, raw = observer_invite(
        practice=world.practice,
        role=world.role("account"),
        name="A",
        email="a@x.example",
        by=world.owner,
    )
    other_practice_observer, _raw = observer_invite(
        practice=world.peer_practice,
        role=world.role("account"),
        name="B",
        email="b@x.example",
        by=world.peer,
    )

    client = APIClient()
    response = client.get(reverse("api:practice-observe", args=[raw]))
    assert response.status_code == 200
    assert response.json()["participant"] == world.practice.participant.name
    assert response.json()["participant_en"] == world.practice.participant.name_en
    # the token is no session: it opens no staff or participant endpoint
    assert client.get(_detail(world), HTTP_AUTHORIZATION=f"Token {raw}").status_code in (401, 403)
    assert Observer.objects.get(pk=other_practice_observer.pk).status == "invited"


@pytest.mark.parametrize(
    ("role", "expected"),
    [("owner", 200), ("trainer", 200), ("hr", 200), ("peer", 404), ("other_trainer", 404)],
)
def test_pages_follow_the_same_rules(world: World, role: str, expected: int, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(getattr(world, role))
    assert (
        client.get(reverse("practice:practice-detail", args=[world.practice.pk])).status_code
        == expected
    )
    cohort_page = client.get(reverse("practice:cohort-assignments", args=[world.cohort.pk]))
    assert cohort_page.status_code == (200 if role in ("trainer", "hr") else 404)
    # and a post from the wrong side changes nothing
    before = PracticeEvent.objects.count()
    client.post(
        reverse("practice:practice-detail", args=[world.practice.pk]),
        {"action": "save", "phase": "prepare", "text": "x"},
    )
    assert (PracticeEvent.objects.count() > before) == (role == "owner")


def _observer_token(world: World, kind: str) -> str:
    """A valid token (invited), a used one (answered), or one that matches no observer."""
    if kind == "unknown":
        return "no-such-observer-token-" + "x" * 20
    observer, raw = observer_invite(
        practice=world.practice,
        role=world.role("account"),
        name="Ahmed",
        email="ahmed@customer.example",
        by=world.owner,
    )
    if kind == "used":
        observer_answer(world, raw)
    return raw


def observer_answer(world: World, raw: str) -> Any:
    return APIClient().post(
        reverse("api:practice-observe", args=[raw]),
        {"scores": {str(item.pk): 4 for item in world.items[:2]}, "observation": "Clear."},
        format="json",
    )


@pytest.mark.parametrize(
    ("kind", "read", "answer"),
    [("valid", 200, 200), ("unknown", 404, 404), ("used", 200, 400)],
)
def test_observer_token_matrix(world: World, client, kind: str, read: int, answer: int) -> None:  # type: ignore[no-untyped-def]
    raw = _observer_token(world, kind)
    before = list(Observer.objects.values_list("pk", "status", "observation"))

    api_read = APIClient().get(reverse("api:practice-observe", args=[raw]))
    api_answer = observer_answer(world, raw)

    assert api_read.status_code == read
    assert api_answer.status_code == answer
    if kind == "used":
        assert api_read.json()["status"] == "submitted"
    changed = list(Observer.objects.values_list("pk", "status", "observation")) != before
    assert changed == (answer == 200)
    # the observer's page answers the same for the same token
    page = client.get(reverse("practice:observe", args=[raw]))
    assert page.status_code == read
    assert page["Referrer-Policy"] == "no-referrer"
    posted = client.post(
        reverse("practice:observe", args=[raw]),
        {f"item-{item.pk}": "3" for item in world.items[:2]} | {"observation": "Again."},
    )
    assert posted.status_code == (404 if kind == "unknown" else 400)  # answered by then


def test_a_staff_or_participant_session_is_no_observer_token(world: World) -> None:
    for role in ("owner", "trainer", "hr"):
        response = _client(world, role).get(reverse("api:practice-observe", args=["nothing"]))
        assert response.status_code == 404
