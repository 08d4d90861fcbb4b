"""`/healthz`: fast when the database and Redis answer, a quick 503 naming what failed."""

import statistics
import time

import pytest
import redis
from django.test import Client
from django.test.utils import override_settings

from kamtraining import health
from tests.conftest import IN_CI

CLOSED_PORT_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture(autouse=True)
def _fresh_clients() -> None:
    health._clients.clear()


@pytest.mark.django_db
def test_healthz_answers_ok_well_under_ten_milliseconds(client: Client) -> None:
    client.get("/healthz")  # the first call opens the connection

    durations = []
    for _ in range(20):
        started = time.perf_counter()
        response = client.get("/healthz")
        durations.append(time.perf_counter() - started)
        assert response.status_code == 200

    assert response.json()["status"] == "ok"
    assert response.json()["checks"] == {"database": "ok"}
    assert statistics.median(durations) < 0.010, durations


@pytest.mark.django_db
def test_healthz_sets_no_cookie_and_needs_no_login_or_csrf(client: Client) -> None:
    client = Client(enforce_csrf_checks=True)

    response = client.get("/healthz")
    head = client.head("/healthz/")

    assert response.status_code == 200
    assert head.status_code == 200
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Type"] == "application/json"


@pytest.mark.django_db
def test_healthz_answers_any_host_name(client: Client) -> None:
    # A load balancer calls each process by its own address, not the public host name.
    response = client.get("/healthz", HTTP_HOST="10.0.0.7:8000")

    assert response.status_code == 200


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True)
def test_healthz_answers_over_plain_http_while_pages_redirect(client: Client) -> None:
    assert client.get("/healthz").status_code == 200
    assert client.get("/courses/").status_code == 301


@pytest.mark.django_db
@override_settings(REDIS_URL=CLOSED_PORT_REDIS, HEALTHZ_TIMEOUT_SECONDS=0.2)
def test_healthz_is_503_naming_redis_when_the_cache_server_is_down(client: Client) -> None:
    started = time.perf_counter()
    response = client.get("/healthz")
    elapsed = time.perf_counter() - started

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["redis_cache"].startswith("error: ")
    assert elapsed < 1.0


@pytest.mark.django_db
@override_settings(CELERY_BROKER_URL="redis://10.255.255.1:6379/0", HEALTHZ_TIMEOUT_SECONDS=0.2)
def test_healthz_gives_up_on_an_unreachable_broker_within_its_timeout(client: Client) -> None:
    # A non-routable address: the connection neither succeeds nor is refused.
    started = time.perf_counter()
    response = client.get("/healthz")
    elapsed = time.perf_counter() - started

    assert response.status_code == 503
    assert response.json()["checks"]["redis_broker"].startswith("error: ")
    assert elapsed < 1.5


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_fails(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> None:
        raise RuntimeError("database is down")

    monkeypatch.setattr(health, "_check_database", broken)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "error: RuntimeError"}


def test_only_redis_brokers_are_checked() -> None:
    with override_settings(REDIS_URL="", CELERY_BROKER_URL="amqp://guest@127.0.0.1//"):
        assert health.redis_urls() == {}
    with override_settings(
        REDIS_URL="redis://127.0.0.1:6379/0", CELERY_BROKER_URL="redis://127.0.0.1:6379/1"
    ):
        assert health.redis_urls() == {
            "cache": "redis://127.0.0.1:6379/0",
            "broker": "redis://127.0.0.1:6379/1",
        }


@pytest.mark.django_db
def test_healthz_pings_a_live_redis(client: Client) -> None:
    url = "redis://127.0.0.1:6379/0"
    try:
        health._redis_client(url).ping()
    except redis.RedisError:
        if IN_CI:
            raise
        pytest.skip("needs Redis on 127.0.0.1:6379; CI runs it")

    with override_settings(REDIS_URL=url, CELERY_BROKER_URL=url):
        durations = []
        for _ in range(20):
            started = time.perf_counter()
            response = client.get("/healthz")
            durations.append(time.perf_counter() - started)

    assert response.status_code == 200
    assert response.json()["checks"] == {
        "database": "ok",
        "redis_cache": "ok",
        "redis_broker": "ok",
    }
    assert statistics.median(durations) < 0.010, durations
