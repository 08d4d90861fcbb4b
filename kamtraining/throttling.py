"""Attempt budgets for every door that takes a secret: login pages, token endpoint, rater links.

Counters live in the default cache (local memory by default, Redis when `REDIS_URL` is set, so
that every process shares them), in fixed windows, one per budget and subject: an account, a
token, a client address. Where the request came from is decided here only (`client_ip`), so no
door can be fooled by a header that another ignores.
"""

import contextlib
import dataclasses
import math
import time
from collections.abc import Sequence

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import ngettext

from kamtraining.tokens import token_hash

UNKNOWN_CLIENT = "unknown"
# A subject is hashed into its key: keys stay short, and no email sits in the cache in clear.
KEY_PREFIX = "throttle"


@dataclasses.dataclass(frozen=True)
class RateLimited:
    """An attempt refused for going over a budget; retry after that many seconds."""

    retry_after: int

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.retry_after / 60))

    def message(self) -> str:
        return ngettext(
            "Too many attempts; try again in %(minutes)d minute.",
            "Too many attempts; try again in %(minutes)d minutes.",
            self.minutes,
        ) % {"minutes": self.minutes}


@dataclasses.dataclass(frozen=True)
class Budget:
    """At most `limit` attempts per `window` seconds, per subject."""

    scope: str
    limit: int
    window: int


@dataclasses.dataclass(frozen=True)
class Attempt:
    """One attempt counted against its budgets, or refused (`limited`) and counted nowhere."""

    limited: RateLimited | None
    keys: tuple[str, ...] = ()

    def refund(self) -> None:
        """Give the attempt back: it succeeded, so it was no guess."""
        for key in self.keys:
            with contextlib.suppress(ValueError):  # the window ended meanwhile
                cache.decr(key)


def client_ip(request: HttpRequest) -> str:
    """The address the request came from: REMOTE_ADDR unless a trusted proxy's header is set.

    `CLIENT_IP_META_KEY` names the META key our own proxy writes (e.g. HTTP_X_FORWARDED_FOR).
    Without it every client-sent header is ignored: anyone can write X-Forwarded-For.
    """
    key = getattr(settings, "CLIENT_IP_META_KEY", "") or "REMOTE_ADDR"
    value = str(request.META.get(key) or request.META.get("REMOTE_ADDR") or UNKNOWN_CLIENT)
    # X-Forwarded-For holds a list; the last entry is the one our own proxy appended.
    return value.split(",")[-1].strip() or UNKNOWN_CLIENT


def _count(key: str, timeout: int) -> int:
    if cache.add(key, 1, timeout=timeout):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=timeout)
        return 1


def clock() -> float:
    """The time windows are counted in (one place, so tests can hold it still)."""
    return time.time()


def attempt(charges: Sequence[tuple[Budget, str]], *, now: float | None = None) -> Attempt:
    """Count one attempt against each (budget, subject); refuse it if any budget is spent.

    Counting comes first and the check after, so parallel requests cannot all slip past a
    check made before any of them counted. A refused attempt tries nothing and is given back.
    """
    now = clock() if now is None else now
    keys: list[str] = []
    waits: list[float] = []
    for budget, subject in charges:
        slot = int(now // budget.window)
        key = f"{KEY_PREFIX}:{budget.scope}:{token_hash(subject)}:{slot}"
        keys.append(key)
        if _count(key, budget.window + 5) > budget.limit:
            waits.append((slot + 1) * budget.window - now)
    if waits:
        Attempt(limited=None, keys=tuple(keys)).refund()
        return Attempt(limited=RateLimited(retry_after=max(1, math.ceil(max(waits)))))
    return Attempt(limited=None, keys=tuple(keys))


# --- Passwords: the login pages and the token endpoint share one budget per account and address.


def login_key(username: str) -> str:
    """The account an attempt aims at, however the email was typed."""
    return username.strip().lower()


def login_attempt(request: HttpRequest, username: str) -> Attempt:
    """Count a password attempt for the account and the client address.

    Call `refund()` on success: only failures spend the budget, and a success gives back only
    its own attempt, so it never clears what another address spent on the same account.
    """
    window = settings.LOGIN_RATE_LIMIT_WINDOW_MINUTES * 60
    per_account = Budget("login-account", settings.LOGIN_RATE_LIMIT_PER_ACCOUNT, window)
    per_ip = Budget("login-ip", settings.LOGIN_RATE_LIMIT_PER_IP, window)
    return attempt([(per_account, login_key(username)), (per_ip, client_ip(request))])
