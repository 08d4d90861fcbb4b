"""One-time links that let a person set their first password.

The token is Django's password-reset token with its own salt, so an invitation link cannot
be replayed as a reset link (or the other way round). It is bound to the password hash and to
the last login: setting a password or logging in spends it. It expires after
`ACCOUNT_INVITATION_TIMEOUT` seconds (7 days unless set).
"""

import enum

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode

from participants.models import User

SEVEN_DAYS = 7 * 24 * 3600


class TokenState(enum.Enum):
    VALID = "valid"
    USED = "used"
    EXPIRED = "expired"
    INVALID = "invalid"


def invitation_timeout() -> int:
    return int(getattr(settings, "ACCOUNT_INVITATION_TIMEOUT", SEVEN_DAYS))


class AccountInvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "participants.account_tokens.AccountInvitationTokenGenerator"

    def state(self, user: User | None, token: str) -> TokenState:
        """Tell a good link from one already used, one too old and one never issued."""
        if user is None or not token:
            return TokenState.INVALID
        try:
            ts_b36, _hash = token.split("-")
            ts = base36_to_int(ts_b36)
        except ValueError:
            return TokenState.INVALID
        for secret in [self.secret, *self.secret_fallbacks]:
            if constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token):
                break
        else:
            # A well-formed link that no longer matches: the password or the last login
            # changed since it was made, so it was used (or overtaken by a newer one).
            return TokenState.USED if user_is_activated(user) else TokenState.INVALID
        if self._num_seconds(self._now()) - ts > invitation_timeout():
            return TokenState.EXPIRED
        return TokenState.VALID

    def check_token(self, user: User | None, token: str | None) -> bool:
        return self.state(user, token or "") is TokenState.VALID


invitation_tokens = AccountInvitationTokenGenerator()


def user_is_activated(user: User) -> bool:
    """An account is activated once it has a password of its own or has been logged into."""
    return user.has_usable_password() or user.last_login is not None


def activation_link(user: User) -> str:
    """The absolute set-password link for emails (it holds a one-time token)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse(
        "participants:account-activate",
        kwargs={"uidb64": uid, "token": invitation_tokens.make_token(user)},
    )
    return f"{settings.SITE_URL}{path}"
