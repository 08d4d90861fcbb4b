"""Observer links: the rater link's rules (hashed token, shared rate limit, no-referrer)."""

from django.conf import settings
from django.http import HttpRequest

from kamtraining.throttling import Budget, RateLimited, attempt, client_ip
from kamtraining.tokens import token_hash
from practice.models import Observer

WINDOW_SECONDS = 60
TOKEN_MAX_LENGTH = 128
OBSERVER_HEADERS = {"Referrer-Policy": "no-referrer", "Cache-Control": "no-store, max-age=0"}


def rate_limit_check(request: HttpRequest, raw_token: str) -> RateLimited | None:
    """Count one look-up against the same per-address and per-token budgets as rater links."""
    per_ip = Budget("rater-ip", settings.RATER_RATE_LIMIT_PER_IP, WINDOW_SECONDS)
    per_token = Budget("rater-token", settings.RATER_RATE_LIMIT_PER_TOKEN, WINDOW_SECONDS)
    return attempt(
        [(per_ip, client_ip(request)), (per_token, raw_token[:TOKEN_MAX_LENGTH])]
    ).limited


def observer_by_token(raw_token: str) -> Observer | None:
    if not raw_token or len(raw_token) > TOKEN_MAX_LENGTH:
        return None
    return (
        Observer.objects.select_related(
            "role", "practice__assignment__cohort", "practice__participant"
        )
        .filter(token_hash=token_hash(raw_token))
        .first()
    )
