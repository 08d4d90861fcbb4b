"""Two app processes behind one database and one Redis agree, as behind a load balancer.

Two gunicorn servers (two workers of four threads each) run the production settings on the
test database (PostgreSQL: a second process must see what this one commits) and share a Redis
cache. Requests are split between them and sent all at once from a thread pool.
"""

import itertools
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import redis
from rest_framework.authtoken.models import Token

from assessments.models import Invitation, Rating
from courses.models import Item
from participants.models import Enrollment
from participants.selectors.enrollment import waitlist_for_cohort
from tests import factories
from tests.assessments.rater_fixtures import invitation_with_token, open_campaign
from tests.conftest import IN_CI
from tests.servers import GUNICORN, database_url, gunicorn, production_env, request

REDIS_URL = "redis://127.0.0.1:6379/8"  # this file's own database: flushed between phases
PASSWORD = "pass-word-123"  # the user factory's
Status = Enrollment.Status

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not GUNICORN.exists() and not IN_CI, reason="needs gunicorn; CI runs it"),
]


@pytest.fixture
def shared_redis() -> redis.Redis:
    try:
        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
        client.flushdb()
    except redis.RedisError:
        if IN_CI:
            raise
        pytest.skip("needs Redis on 127.0.0.1:6379; CI runs it")
    return client


@pytest.fixture
def servers(shared_redis: redis.Redis, tmp_path: Path) -> Iterator[tuple[int, int]]:
    env = production_env(
        DATABASE_URL=database_url(),
        REDIS_URL=REDIS_URL,
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
        WEB_CONCURRENCY="2",
        GUNICORN_THREADS="4",
        # The submissions below all come from one address; the per-link budget is the one tested.
        RATER_RATE_LIMIT_PER_IP="100000",
    )
    with (
        gunicorn(env=env, log=tmp_path / "one.log") as one,
        gunicorn(env=env, log=tmp_path / "two.log") as two,
    ):
        yield one, two


def _all_at_once(calls: list[Callable[[], Any]], threads: int = 40) -> list[Any]:
    with ThreadPoolExecutor(max_workers=threads) as pool:
        return list(pool.map(lambda call: call(), calls))


def test_200_enrolments_split_over_two_processes_fill_10_places_in_arrival_order(
    servers: tuple[int, int], hr_user
) -> None:
    # given a cohort of 10 places and 200 people, and HR's API token
    cohort = factories.CohortFactory(capacity=10)
    people = [factories.ParticipantFactory() for _ in range(200)]
    auth = {"Authorization": f"Token {Token.objects.create(user=hr_user).key}"}

    # when HR's 200 enrolments arrive at once, alternating between the two processes
    statuses = _all_at_once(
        [
            (
                lambda port=port, person=person: request(
                    port,
                    "POST",
                    "/api/v1/enrollments/",
                    {"participant": person.pk, "cohort": cohort.pk},
                    auth,
                )[0]
            )
            for port, person in zip(itertools.cycle(servers), people, strict=False)
        ]
    )

    # then every one was taken, 10 confirmed and 190 waiting, the queue in order of arrival
    assert statuses == [201] * 200
    arrival = list(Enrollment.objects.filter(cohort=cohort).order_by("created_at", "pk"))
    assert len(arrival) == 200
    assert [e.status for e in arrival] == [Status.CONFIRMED] * 10 + [Status.WAITLISTED] * 190
    assert list(waitlist_for_cohort(cohort=cohort)) == arrival[10:]


def test_200_rater_submissions_racing_their_drafts_lose_nothing_and_double_nothing(
    servers: tuple[int, int],
) -> None:
    # given 200 raters of one open campaign of 2 roles × 2 items
    campaign = open_campaign()
    items = list(Item.objects.filter(dimension__framework=campaign.framework))
    tokens = [invitation_with_token(campaign=campaign)[1] for _ in range(200)]
    submitted = {str(item.pk): 4 for item in items}
    draft = {str(item.pk): 1 for item in items}

    # when each submits on one process while a draft of other answers races it on the other
    calls = []
    for token in tokens:
        calls.append(
            lambda token=token: request(
                servers[0], "POST", f"/api/v1/rater/{token}/submit/", {"scores": submitted}
            )[0]
        )
        calls.append(
            lambda token=token: request(
                servers[1], "PUT", f"/api/v1/rater/{token}/", {"scores": draft}
            )[0]
        )
    statuses = _all_at_once(calls)

    # then every submission stands with exactly its answers, once; a late draft is refused
    assert statuses[0::2] == [200] * 200
    assert set(statuses[1::2]) <= {200, 400}  # 400: "already been submitted"
    invitations = Invitation.objects.filter(campaign=campaign)
    assert set(invitations.values_list("status", flat=True)) == {Invitation.Status.SUBMITTED}
    ratings = Rating.objects.filter(invitation__campaign=campaign)
    assert ratings.count() == 200 * len(items)
    assert set(ratings.values_list("score", flat=True)) == {4}


def _refused_after(port_of: Callable[[int], int], attempt: Callable[[int], int], n: int) -> int:
    """How many of `n` attempts (sent one after another) got through before the first 429."""
    statuses = [attempt(port_of(i)) for i in range(n)]
    first_refusal = statuses.index(429)
    assert set(statuses[first_refusal:]) == {429}, "once refused, refused until the window ends"
    return first_refusal


def test_rate_limits_count_the_same_over_two_processes_as_over_one(
    servers: tuple[int, int], shared_redis: redis.Redis
) -> None:
    one, two = servers
    bogus = f"bogus-{uuid.uuid4().hex}"
    user = factories.UserFactory()

    def look_up(port: int) -> int:
        return request(port, "GET", f"/api/v1/rater/{bogus}/")[0]

    def log_in(port: int) -> int:
        body = {"username": user.email, "password": "wrong-" + PASSWORD}
        return request(port, "POST", "/api/v1/auth/token/", body)[0]

    counts = {}
    for name, attempt, n in (("rater link", look_up, 120), ("login", log_in, 20)):
        # one process alone, then the same attempts split over both, from a fresh budget
        shared_redis.flushdb()
        alone = _refused_after(lambda _i: one, attempt, n)
        shared_redis.flushdb()
        split = _refused_after(lambda i: servers[i % 2], attempt, n)
        counts[name] = (alone, split)

    assert counts == {"rater link": (60, 60), "login": (10, 10)}
