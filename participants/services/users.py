"""Writes about people and their learning record."""

from django.db import transaction

from participants.models import User


@transaction.atomic
def user_set_language(*, user: User, language: str) -> User:
    """Remember the user's language so every device shows it."""
    user.language = language
    user.full_clean(validate_unique=False)
    user.save(update_fields=["language"])
    return user
