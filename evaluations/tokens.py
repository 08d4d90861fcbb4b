"""Follow-up links follow the rater link's rules: the same budgets, length cap and headers."""

from assessments.rater_access import TOKEN_MAX_LENGTH, rate_limit_check, with_rater_headers
from evaluations.models import FollowUp
from kamtraining.tokens import token_hash

__all__ = ["follow_up_by_token", "rate_limit_check", "with_follow_up_headers"]

with_follow_up_headers = with_rater_headers  # no-referrer, no-store: the token stays private


def follow_up_by_token(raw_token: str) -> FollowUp | None:
    """The follow-up whose stored hash matches the token; else None."""
    if not raw_token or len(raw_token) > TOKEN_MAX_LENGTH:
        return None
    return (
        FollowUp.objects.select_related("goal__plan__participant", "cohort")
        .filter(token_hash=token_hash(raw_token))
        .first()
    )
