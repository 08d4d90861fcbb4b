"""`/healthz` for a load balancer: the database, and Redis where it is configured.

It answers from a middleware placed right after SecurityMiddleware, so that nothing after it
runs: no session, no authentication, no CSRF, no language, and no ALLOWED_HOSTS check (a load
balancer calls each process by its own address). SECURE_REDIRECT_EXEMPT lets it answer over
plain HTTP.
"""

import time
from collections.abc import Callable
from typing import Any

import redis
from django.conf import settings
from django.db import connections
from django.http import HttpRequest, HttpResponse, JsonResponse

PATH = "/healthz"

# One client per URL: each keeps its connection pool, so a healthy check is one PING.
_clients: dict[str, redis.Redis] = {}


def _redis_client(url: str) -> redis.Redis:
    client = _clients.get(url)
    if client is None:
        timeout = settings.HEALTHZ_TIMEOUT_SECONDS
        client = redis.Redis.from_url(
            url, socket_connect_timeout=timeout, socket_timeout=timeout, retry_on_timeout=False
        )
        _clients[url] = client
    return client


def redis_urls() -> dict[str, str]:
    """The Redis servers this process depends on, by role."""
    urls = {}
    if settings.REDIS_URL:
        urls["cache"] = settings.REDIS_URL
    broker = settings.CELERY_BROKER_URL
    if broker.startswith(("redis://", "rediss://", "unix://")):
        urls["broker"] = broker
    return urls


def _check_database() -> None:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def health_checks() -> dict[str, str]:
    """Each dependency's state: "ok", or the name of the error that reaching it raised."""
    checks: dict[str, Callable[[], Any]] = {"database": _check_database}
    for role, url in redis_urls().items():
        checks[f"redis_{role}"] = _redis_client(url).ping
    results = {}
    for name, check in checks.items():
        try:
            check()
        except Exception as error:  # a failed dependency is the answer, never a 500
            results[name] = f"error: {type(error).__name__}"
        else:
            results[name] = "ok"
    return results


def healthz(request: HttpRequest) -> HttpResponse:
    started = time.perf_counter()
    checks = health_checks()
    healthy = all(result == "ok" for result in checks.values())
    response = JsonResponse(
        {
            "status": "ok" if healthy else "error",
            "checks": checks,
            "duration_ms": round((time.perf_counter() - started) * 1000, 2),
        },
        status=200 if healthy else 503,
    )
    response["Cache-Control"] = "no-store"
    return response


class HealthCheckMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.rstrip("/") == PATH and request.method in ("GET", "HEAD"):
            return healthz(request)
        return self.get_response(request)
