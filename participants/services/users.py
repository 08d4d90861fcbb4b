"""Writes about people and their learning record."""

from django.db import transaction

from participants.models import User, new_feed_token


@transaction.atomic
def user_set_language(*, user: User, language: str) -> User:
    """Remember the user's language so every device shows it."""
    user.language = language
    user.full_clean(validate_unique=False)
    user.save(update_fields=["language"])
    return user


@transaction.atomic
def user_reset_feed_token(*, user: User) -> User:
    """Give the user a new calendar feed token; the old subscription link stops working."""
    user.feed_token = new_feed_token()
    user.save(update_fields=["feed_token"])
    return user
