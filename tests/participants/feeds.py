"""Calendar feed links in tests: only the link holds the token, so a test makes one to use it."""

from django.urls import reverse

from participants.models import User
from participants.services.users import user_reset_feed_token


def feed_path(user: User) -> str:
    """Make the user a feed link (as the reset button does) and return its path."""
    token = user_reset_feed_token(user=user)
    return reverse("participants:calendar-feed", kwargs={"feed_token": token})
