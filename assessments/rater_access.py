"""Who reaches a questionnaire through a token link: look-up by hash, liveness, rate limits.

Shared by the rater pages and the rater API. A token is the only credential a rater has, so
every look-up counts against a per-IP and a per-token budget in the cache (Redis in production,
local memory by default) before the database is asked anything.
"""

import dataclasses
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from assessments.models import Invitation
from assessments.tokens import token_hash

# Look-ups per minute. Per IP guards against guessing; per token against one link being hammered.
# Both leave room for the questionnaire's autosave (at most one save every few seconds) and for
# a few raters behind one office address. Override in settings to tune.
DEFAULT_LIMIT_PER_IP = 60
DEFAULT_LIMIT_PER_TOKEN = 60
WINDOW_SECONDS = 60
# A token from `token_new` is 43 characters; anything far longer is not worth hashing.
TOKEN_MAX_LENGTH = 128

RATER_HEADERS = {"Referrer-Policy": "no-referrer", "Cache-Control": "no-store, max-age=0"}


@dataclasses.dataclass(frozen=True)
class RateLimited:
    """A look-up refused for going over a budget; retry after that many seconds."""

    retry_after: int


def client_ip(request: HttpRequest) -> str:
    """The address the request came from (REMOTE_ADDR, or the META key set in settings)."""
    key = getattr(settings, "RATER_CLIENT_IP_META_KEY", "REMOTE_ADDR")
    value = str(request.META.get(key) or request.META.get("REMOTE_ADDR") or "unknown")
    # X-Forwarded-For holds a list; the last entry is the one our own proxy added.
    return value.split(",")[-1].strip() or "unknown"


def _over_budget(key: str, limit: int, window: int) -> bool:
    if cache.add(key, 1, timeout=window + 5):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window + 5)
            count = 1
    return count > limit


def rate_limit_check(request: HttpRequest, raw_token: str) -> RateLimited | None:
    """Count one look-up against the IP's and the token's budget; say if either is spent."""
    window = WINDOW_SECONDS
    now = time.time()
    slot = int(now // window)
    digest = token_hash(raw_token[:TOKEN_MAX_LENGTH])
    per_ip = getattr(settings, "RATER_RATE_LIMIT_PER_IP", DEFAULT_LIMIT_PER_IP)
    per_token = getattr(settings, "RATER_RATE_LIMIT_PER_TOKEN", DEFAULT_LIMIT_PER_TOKEN)
    ip_spent = _over_budget(f"rater-rl:ip:{client_ip(request)}:{slot}", per_ip, window)
    token_spent = _over_budget(f"rater-rl:token:{digest}:{slot}", per_token, window)
    if ip_spent or token_spent:
        return RateLimited(retry_after=max(1, math.ceil((slot + 1) * window - now)))
    return None


def invitation_by_token(raw_token: str) -> Invitation | None:
    """The invitation whose stored hash matches the token, with what its pages show; else None."""
    if not raw_token or len(raw_token) > TOKEN_MAX_LENGTH:
        return None
    return (
        Invitation.objects.select_related("campaign", "campaign__cohort", "subject")
        .filter(token_hash=token_hash(raw_token))
        .first()
    )


def with_rater_headers(response: HttpResponse) -> HttpResponse:
    """Keep the token out of Referer headers and every answer out of caches."""
    for header, value in RATER_HEADERS.items():
        response[header] = value
    return response
