"""Versions of what pages cache for everyone: a cached value's key carries its version.

`version(name)` is the current token of a family of cached values (say, the catalogue);
`bump(name)` replaces it, so every key built with the old token is never read again and
expires on its own. A bump happens at once and again when the transaction commits: a request
that read the old rows before the commit then stored them under the old token, never the new.
A token is random, so one lost with the cache (a Redis restart) cannot match an old key.
"""

import uuid

from django.core.cache import cache
from django.db import transaction

PREFIX = "cache-version"


def version(name: str) -> str:
    key = f"{PREFIX}:{name}"
    token = cache.get(key)
    if token is None:
        token = uuid.uuid4().hex
        if not cache.add(key, token, None):
            token = cache.get(key) or token
    return str(token)


def _replace(name: str) -> None:
    cache.set(f"{PREFIX}:{name}", uuid.uuid4().hex, None)


def bump(name: str) -> None:
    _replace(name)
    transaction.on_commit(lambda: _replace(name), robust=True)
