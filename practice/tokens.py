"""Observer links follow the rater link's rules: the same budgets, length cap and headers."""

from assessments.rater_access import TOKEN_MAX_LENGTH, rate_limit_check, with_rater_headers
from kamtraining.tokens import token_hash
from practice.models import Observer

__all__ = ["observer_by_token", "rate_limit_check", "with_observer_headers"]

with_observer_headers = with_rater_headers  # no-referrer, no-store: the token stays private


def observer_by_token(raw_token: str) -> Observer | None:
    """The observer whose stored hash matches the token, with what their page shows; else None."""
    if not raw_token or len(raw_token) > TOKEN_MAX_LENGTH:
        return None
    return (
        Observer.objects.select_related(
            "role", "practice__assignment__cohort", "practice__participant"
        )
        .filter(token_hash=token_hash(raw_token))
        .first()
    )
