"""The evaluations API: who may do what, nothing that joins an answer to a person, hostile input.

The questionnaire refuses anyone but an attendee with a 403 that says why; results answer HR
and the cohort's trainers (a 404 for anyone else) with exactly the results page's figures; the
participant reads and answers only their own follow-ups; the manager's link is a token.
"""

import json
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from evaluations.models import Answer, FollowUp, Voter
from evaluations.selectors.results import results_for
from kamtraining.tokens import token_new
from participants.models import Participant
from tests import factories
from tests.evaluations.world import World, build_world

pytestmark = pytest.mark.django_db

API = "/api/v1/evaluations/"
ROLES = ("anonymous", "no_show", "attendee", "other_trainer", "trainer", "hr")


def _client(world: World, role: str) -> APIClient:
    client = APIClient()
    if role != "anonymous":
        client.force_authenticate(getattr(world, role))
    return client


def _answer_body(world: World, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "overall": 5,
        "relevance": 4,
        "engagement": 4,
        "confidence": 3,
        "commitment": 5,
        "recommend": 9,
        "modules": [{"id": world.modules[0].pk, "score": 5}],
        "trainers": [{"id": world.trainer.pk, "score": 4}],
        "comment": "More cases from our own region, please.",
    }
    body.update(overrides)
    return body


def _follow_up(participant: Participant, world: World, respondent: str = "participant") -> Any:
    raw, hashed = token_new()
    goal = factories.GoalFactory(plan__participant=participant, title="Open two joint plans")
    follow_up = factories.FollowUpFactory(
        cohort=world.cohort, goal=goal, respondent=respondent, token_hash=hashed
    )
    return follow_up, raw


def _unchanged(world: World) -> tuple[int, int]:
    return (
        Voter.objects.filter(evaluation=world.evaluation).count(),
        Answer.objects.filter(evaluation=world.evaluation).count(),
    )


# The permission matrix

GETS: dict[str, tuple[Any, dict[str, int]]] = {
    "questionnaire": (
        lambda w: f"{API}cohorts/{w.cohort.pk}/answer/",
        {"no_show": 403, "attendee": 200, "other_trainer": 403, "trainer": 403, "hr": 403},
    ),
    "cohort results": (
        lambda w: f"{API}cohorts/{w.cohort.pk}/results/",
        {"no_show": 404, "attendee": 404, "other_trainer": 404, "trainer": 200, "hr": 200},
    ),
    "course results": (
        lambda w: f"{API}courses/{w.cohort.course_id}/results/",
        {"no_show": 404, "attendee": 404, "other_trainer": 200, "trainer": 200, "hr": 200},
    ),
    "my follow-ups": (
        lambda w: f"{API}follow-ups/",
        {"no_show": 200, "attendee": 200, "other_trainer": 200, "trainer": 200, "hr": 200},
    ),
}


@pytest.mark.parametrize("operation", GETS)
@pytest.mark.parametrize("role", ROLES)
def test_matrix_of_reads(world: World, operation: str, role: str) -> None:
    url, expected = GETS[operation]
    response = _client(world, role).get(url(world))
    assert response.status_code == (401 if role == "anonymous" else expected[role]), role
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 401),
        ("no_show", 403),
        ("other_trainer", 403),
        ("trainer", 403),
        ("hr", 403),
        ("attendee", 201),
    ],
)
def test_matrix_of_answering(world: World, role: str, status: int) -> None:
    response = _client(world, role).post(
        f"{API}cohorts/{world.cohort.pk}/answer/", _answer_body(world), format="json"
    )
    assert response.status_code == status
    answered = 1 if status == 201 else 0
    assert _unchanged(world) == (answered, answered)


def test_a_non_attendee_is_told_why(world: World) -> None:
    response = _client(world, "no_show").post(
        f"{API}cohorts/{world.cohort.pk}/answer/", _answer_body(world), format="json"
    )
    assert response.status_code == 403
    assert "attended" in response.json()["detail"]


def test_an_attendee_answers_once(world: World) -> None:
    client = _client(world, "attendee")
    url = f"{API}cohorts/{world.cohort.pk}/answer/"
    assert client.get(url).json()["answered"] is False

    first = client.post(url, _answer_body(world), format="json")
    second = client.post(url, _answer_body(world, overall=1), format="json")

    assert first.status_code == 201
    assert first.json() == {"cohort": world.cohort.pk, "answered": True}
    assert second.status_code == 400
    assert "already" in second.json()["detail"]
    assert _unchanged(world) == (1, 1)
    assert Answer.objects.get().overall == 5
    assert client.get(url).json()["answered"] is True


def test_an_evaluation_not_open_refuses_with_a_400(db: None) -> None:
    import datetime as dt

    world = build_world(ended_ago=dt.timedelta(days=-2))  # the last session is in two days
    response = _client(world, "attendee").post(
        f"{API}cohorts/{world.cohort.pk}/answer/", _answer_body(world), format="json"
    )
    assert response.status_code == 400
    assert "not open" in response.json()["detail"]
    assert _unchanged(world) == (0, 0)


# The results are the page's: the same selector, the same small-group rules and reviews


def _answers(world: World, comments: list[tuple[str, str]]) -> None:
    for text, status in comments:
        factories.AnswerFactory(evaluation=world.evaluation, comment=text, comment_status=status)


def test_results_below_three_answers_show_counts_only(world: World) -> None:
    _answers(world, [("Great.", "published"), ("Fine.", "published")])
    body = _client(world, "trainer").get(f"{API}cohorts/{world.cohort.pk}/results/").json()
    assert (body["answers"], body["shown"], body["nps"], body["comments"]) == (2, False, None, [])
    assert {q["average"] for q in body["questions"]} == {None}


def test_results_with_three_answers_follow_the_reviews(world: World) -> None:
    _answers(
        world,
        [("A published one", "published"), ("For trainers", "trainer_only"), ("Hidden", "hidden")],
    )
    factories.AnswerFactory(evaluation=world.evaluation, comment="Pending")

    trainer = _client(world, "trainer").get(f"{API}cohorts/{world.cohort.pk}/results/").json()
    hr = _client(world, "hr").get(f"{API}cohorts/{world.cohort.pk}/results/").json()
    course = _client(world, "trainer").get(f"{API}courses/{world.cohort.course_id}/results/")

    assert trainer["shown"] is True
    assert trainer["questions"][0] == {"code": "overall", "average": 4.0, "n": 4}
    assert trainer["comments"] == [{"text": "A published one"}, {"text": "For trainers"}]
    assert sorted(c["status"] for c in hr["comments"]) == [
        "hidden",
        "pending",
        "published",
        "trainer_only",
    ]
    assert course.json()["comments"] == [{"text": "A published one"}]
    # exactly what the results page renders from
    assert hr == json.loads(json.dumps(results_for(cohort_ids=[world.cohort.pk], comments="all")))
    assert trainer == json.loads(
        json.dumps(results_for(cohort_ids=[world.cohort.pk], comments="trainer"))
    )


def test_results_under_a_fifth_of_attendees_are_flagged(db: None) -> None:
    world = build_world(attendees=16)
    _answers(world, [("", "pending")] * 3)  # 3 of 16 attendees: under 20 %
    body = _client(world, "hr").get(f"{API}cohorts/{world.cohort.pk}/results/").json()
    assert (body["attendees"], body["answers"], body["shown"], body["low_response"]) == (
        16,
        3,
        True,
        True,
    )
    factories.AnswerFactory(evaluation=world.evaluation)  # 4 of 16: a quarter
    body = _client(world, "hr").get(f"{API}cohorts/{world.cohort.pk}/results/").json()
    assert body["low_response"] is False


# Unlinkability: no response joins an answer to a person


def test_no_response_joins_an_answer_to_its_author(world: World) -> None:
    # given every attendee answered, each with a comment of their own
    for index, participant in enumerate(world.attendees):
        client = APIClient()
        client.force_authenticate(participant.user)
        response = client.post(
            f"{API}cohorts/{world.cohort.pk}/answer/",
            _answer_body(world, comment=f"Comment number {index}", overall=1 + index % 5),
            format="json",
        )
        assert response.status_code == 201
        assert set(response.json()) == {"cohort", "answered"}
    answer_ids = {str(pk) for pk in Answer.objects.values_list("pk", flat=True)}

    # when each who may read anything about the evaluation reads it all
    bodies = []
    for role in ("attendee", "trainer", "hr"):
        client = _client(world, role)
        for url in (
            f"{API}cohorts/{world.cohort.pk}/answer/",
            f"{API}cohorts/{world.cohort.pk}/results/",
            f"{API}courses/{world.cohort.course_id}/results/",
            f"{API}follow-ups/",
        ):
            bodies.append((role, client.get(url).content.decode()))

    # then no body names an attendee, and only HR's names a comment's random key
    for role, body in bodies:
        for participant in world.attendees:
            assert participant.email not in body
            assert participant.name not in body
            assert f'"participant": {participant.pk}' not in body
        if role != "hr":
            assert not any(pk in body for pk in answer_ids)
    # and the answer rows themselves hold no reference to a person
    fields = {field.name for field in Answer._meta.get_fields()}
    assert not fields & {"participant", "voter", "user", "created_at", "submitted_at"}


# Follow-ups: the participant's own, signed in; the manager's by token


def test_participant_lists_and_answers_only_their_own_follow_ups(world: World) -> None:
    own, _raw = _follow_up(world.attendees[0], world)
    manager, _ = _follow_up(world.attendees[0], world, respondent="manager")
    other, _ = _follow_up(world.attendees[1], world)
    client = _client(world, "attendee")

    listed = client.get(f"{API}follow-ups/").json()
    refused_other = client.post(
        f"{API}follow-ups/{other.pk}/answer/", {"applied_percent": 50}, format="json"
    )
    refused_manager = client.post(
        f"{API}follow-ups/{manager.pk}/answer/", {"applied_percent": 50}, format="json"
    )
    answered = client.post(
        f"{API}follow-ups/{own.pk}/answer/",
        {"applied_percent": 60, "helped": "My manager's support"},
        format="json",
    )
    again = client.post(f"{API}follow-ups/{own.pk}/answer/", {"applied_percent": 10}, format="json")

    assert [row["id"] for row in listed["results"]] == [own.pk]
    assert (refused_other.status_code, refused_manager.status_code) == (404, 404)
    assert answered.status_code == 200
    assert answered.json()["status"] == "answered"
    assert again.status_code == 400
    own.refresh_from_db()
    assert (own.applied_percent, own.helped) == (60, "My manager's support")
    for row in (other, manager):
        row.refresh_from_db()
        assert row.status == "sent"


def test_manager_answers_by_token_without_an_account(world: World) -> None:
    follow_up, raw = _follow_up(world.attendees[0], world, respondent="manager")
    client = APIClient()
    url = f"{API}follow-up/{raw}/"

    page = client.get(url)
    answered = client.post(
        url, {"applied_percent": 70, "observed": "Leads the account plan now."}, format="json"
    )

    assert page.status_code == 200
    assert page["Referrer-Policy"] == "no-referrer"
    assert "no-store" in page["Cache-Control"]
    assert page.json()["goal"]["title"] == "Open two joint plans"
    assert "email" not in page.json()
    assert answered.status_code == 200
    follow_up.refresh_from_db()
    assert (follow_up.applied_percent, follow_up.observed) == (70, "Leads the account plan now.")
    # only the hash is stored: the raw token is nowhere in the database
    assert not FollowUp.objects.filter(token_hash=raw).exists()
    assert client.post(url, {"applied_percent": 1}, format="json").status_code == 400


@pytest.mark.parametrize("token", ["not-a-token", "x" * 129, "%00"])
def test_an_invalid_token_is_a_404(world: World, token: str) -> None:
    response = APIClient().get(f"{API}follow-up/{token}/")
    assert response.status_code == 404
    assert response["Referrer-Policy"] == "no-referrer"


def test_token_look_ups_are_rate_limited(world: World, settings: Any) -> None:
    settings.RATER_RATE_LIMIT_PER_TOKEN = 3
    follow_up, raw = _follow_up(world.attendees[0], world, respondent="manager")
    client = APIClient()
    codes = [client.get(f"{API}follow-up/{raw}/").status_code for _ in range(4)]
    limited = client.post(f"{API}follow-up/{raw}/", {"applied_percent": 5}, format="json")
    assert codes == [200, 200, 200, 429]
    assert limited.status_code == 429
    assert "Retry-After" in limited
    follow_up.refresh_from_db()
    assert follow_up.status == "sent"


def test_a_session_does_not_open_the_token_link(world: World) -> None:
    # a signed-in user is nobody on the token link: the token is the only credential
    response = _client(world, "hr").get(f"{API}follow-up/not-a-token/")
    assert response.status_code == 404


# Hostile input: a 400 or a 404, and nothing changed

HOSTILE_BODIES = [
    '{"overall": 1e400, "relevance": 4, "engagement": 4, "confidence": 3, "commitment": 5, '
    '"recommend": 9}',
    '{"overall": 5, "relevance": 4, "engagement": 4, "confidence": 3, "commitment": 5, '
    '"recommend": 9, "comment": "a\\u0000b"}',
    "[" * 5000 + "]" * 5000,
    '{"a":' * 3000 + "1" + "}" * 3000,
    json.dumps(
        {
            "overall": 5,
            "relevance": 4,
            "engagement": 4,
            "confidence": 3,
            "commitment": 5,
            "recommend": 9,
            "comment": "x" * 50_000,
        }
    ),
    json.dumps(
        {
            "overall": 5,
            "relevance": 4,
            "engagement": 4,
            "confidence": 3,
            "commitment": 5,
            "recommend": 9,
            "modules": [{"id": 2**63, "score": 5}],
        }
    ),
    json.dumps(
        {
            "overall": 5,
            "relevance": 4,
            "engagement": 4,
            "confidence": 3,
            "commitment": 5,
            "recommend": 99,
        }
    ),
    '{"overall": "5", "relevance": true}',
    "null",
]


@pytest.mark.parametrize("body", HOSTILE_BODIES)
def test_hostile_answers_are_a_400_and_change_nothing(world: World, body: str) -> None:
    response = _client(world, "attendee").generic(
        "POST", f"{API}cohorts/{world.cohort.pk}/answer/", body, content_type="application/json"
    )
    assert response.status_code == 400, response.content[:300]
    assert _unchanged(world) == (0, 0)


@pytest.mark.parametrize(
    "body",
    [
        '{"applied_percent": 1e400}',
        '{"applied_percent": 50, "helped": "a\\u0000b"}',
        '{"applied_percent": 50, "observed": "' + "x" * 5000 + '"}',
        '{"applied_percent": 101}',
        '{"applied_percent": true}',
        "[" * 5000 + "]" * 5000,
    ],
)
def test_hostile_follow_up_answers_are_a_400(world: World, body: str) -> None:
    own, raw = _follow_up(world.attendees[0], world)
    manager, manager_raw = _follow_up(world.attendees[1], world, respondent="manager")
    signed_in = _client(world, "attendee").generic(
        "POST", f"{API}follow-ups/{own.pk}/answer/", body, content_type="application/json"
    )
    by_token = APIClient().generic(
        "POST", f"{API}follow-up/{manager_raw}/", body, content_type="application/json"
    )
    assert (signed_in.status_code, by_token.status_code) == (400, 400)
    assert set(FollowUp.objects.values_list("status", flat=True)) == {"sent"}


@pytest.mark.parametrize("value", [str(2**63), "99999999999999999999999", "0", "-1", "1e3"])
def test_ids_past_the_database_range_are_a_404(world: World, value: str) -> None:
    for role, url in (
        ("hr", f"{API}cohorts/{value}/results/"),
        ("hr", f"{API}courses/{value}/results/"),
        ("attendee", f"{API}cohorts/{value}/answer/"),
        ("attendee", f"{API}follow-ups/{value}/answer/"),
    ):
        client = _client(world, role)
        assert client.get(url).status_code in (404, 405), url
        response = client.post(url, {"applied_percent": 5}, format="json")
        assert response.status_code in (404, 405), url
    assert _unchanged(world) == (0, 0)


# Query counts: the same at two sizes


def _queries(client: APIClient, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("role", ["hr", "trainer"])
def test_results_queries_are_constant_in_the_number_of_answers(db: None, role: str) -> None:
    counts = []
    for size in (3, 12):
        world = build_world(attendees=size)
        for index in range(size):
            answer = factories.AnswerFactory(evaluation=world.evaluation, comment=f"c{index}")
            for module in world.modules:
                factories.ModuleRatingFactory(answer=answer, module=module, score=4)
            factories.TrainerRatingFactory(answer=answer, trainer=world.trainer, score=5)
        client = _client(world, role)
        counts.append(
            (
                _queries(client, f"{API}cohorts/{world.cohort.pk}/results/"),
                _queries(client, f"{API}courses/{world.cohort.course_id}/results/"),
            )
        )
    assert counts[0] == counts[1]


def test_follow_up_list_queries_are_constant(db: None) -> None:
    counts = []
    for size in (1, 8):
        world = build_world(attendees=1)
        for _ in range(size):
            _follow_up(world.attendees[0], world)
        counts.append(_queries(_client(world, "attendee"), f"{API}follow-ups/"))
    assert counts[0] == counts[1]
