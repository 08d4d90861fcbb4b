"""Rater tokens: 32 random bytes in the link, only their SHA-256 hash in the database."""

from kamtraining.tokens import TOKEN_BYTES, token_hash, token_new

__all__ = ["TOKEN_BYTES", "token_hash", "token_new"]
