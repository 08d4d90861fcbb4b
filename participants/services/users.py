"""Writes about people and their learning record."""

from django.db import transaction

from kamtraining.tokens import token_new
from participants.models import User


@transaction.atomic
def user_set_language(*, user: User, language: str) -> User:
    """Remember the user's language so every device shows it."""
    user.language = language
    user.full_clean(validate_unique=False)
    user.save(update_fields=["language"])
    return user


@transaction.atomic
def user_reset_feed_token(*, user: User) -> str:
    """Give the user a new calendar feed link and return its token; the old link stops working.

    Only the token's hash is stored: the caller shows the link now or never.
    """
    raw, user.feed_token_hash = token_new()
    user.save(update_fields=["feed_token_hash"])
    return raw
