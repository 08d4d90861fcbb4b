"""Secrets in links: 32 random bytes in the link, only their SHA-256 hash in the database.

Shared by every app that hands out a link as a credential (rater links, calendar feeds), so
that the link alone opens the door and a copy of the database opens none.
"""

import hashlib
import secrets

TOKEN_BYTES = 32


def token_new() -> tuple[str, str]:
    """Return a fresh (raw token for the link, hash to store)."""
    raw = secrets.token_urlsafe(TOKEN_BYTES)
    return raw, token_hash(raw)


def token_hash(raw: str) -> str:
    """The SHA-256 of a token, as 64 hex digits: what is stored and looked up."""
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()
