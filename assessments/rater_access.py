"""Who reaches a questionnaire through a token link: look-up by hash, liveness, rate limits.

Shared by the rater pages and the rater API. A token is the only credential a rater has, so
every look-up counts against a per-IP and a per-token budget in the cache (Redis in production,
local memory by default) before the database is asked anything.
"""

from typing import TypeVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from assessments.models import Invitation
from assessments.tokens import token_hash
from kamtraining.throttling import Budget, RateLimited, attempt, client_ip

__all__ = [
    "RATER_HEADERS",
    "TOKEN_MAX_LENGTH",
    "RateLimited",
    "invitation_by_token",
    "rate_limit_check",
]

# Look-ups per window (RATER_RATE_LIMIT_PER_IP, RATER_RATE_LIMIT_PER_TOKEN in settings). Per IP
# guards against guessing; per token against one link being hammered.
WINDOW_SECONDS = 60
# A token from `token_new` is 43 characters; anything far longer is not worth hashing.
TOKEN_MAX_LENGTH = 128

AnyResponse = TypeVar("AnyResponse", bound=HttpResponse)

RATER_HEADERS = {"Referrer-Policy": "no-referrer", "Cache-Control": "no-store, max-age=0"}


def rate_limit_check(request: HttpRequest, raw_token: str) -> RateLimited | None:
    """Count one look-up against the address's and the token's budget; say if either is spent."""
    per_ip = Budget("rater-ip", settings.RATER_RATE_LIMIT_PER_IP, WINDOW_SECONDS)
    per_token = Budget("rater-token", settings.RATER_RATE_LIMIT_PER_TOKEN, WINDOW_SECONDS)
    return attempt(
        [(per_ip, client_ip(request)), (per_token, raw_token[:TOKEN_MAX_LENGTH])]
    ).limited


def invitation_by_token(raw_token: str) -> Invitation | None:
    """The invitation whose stored hash matches the token, with what its pages show; else None."""
    if not raw_token or len(raw_token) > TOKEN_MAX_LENGTH:
        return None
    return (
        Invitation.objects.select_related("campaign", "campaign__cohort", "subject")
        .filter(token_hash=token_hash(raw_token))
        .first()
    )


def with_rater_headers(response: AnyResponse) -> AnyResponse:
    """Keep the token out of Referer headers and every answer out of caches."""
    for header, value in RATER_HEADERS.items():
        response[header] = value
    return response
