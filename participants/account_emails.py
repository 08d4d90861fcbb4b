"""The invitation to set a password, in the person's language (en or zh-hans), plain text.

Templates: templates/participants/email/account_invitation.<lang>.txt; the first line is the
subject, the rest the body.
"""

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from participants.account_tokens import activation_link, invitation_timeout, user_is_activated
from participants.models import Language, Participant, User


def language_of(*, participant: Participant | None, user: User | None) -> str:
    """The language a person reads: their own choice, else their profile's, else English."""
    chosen = (user.language if user else "") or (participant.language if participant else "")
    return chosen if chosen in Language.values else Language.ENGLISH.value


def invitation_message(*, participant: Participant, user: User) -> EmailMessage:
    """An email with a one-time link to set a first password."""
    language = language_of(participant=participant, user=user)
    name = participant.name_en if language == Language.ENGLISH and participant.name_en else ""
    context = {
        "name": name or participant.name,
        "email": user.email,
        "link": activation_link(user),
        "days": invitation_timeout() // (24 * 3600),
    }
    with translation.override(language):
        text = render_to_string(f"participants/email/account_invitation.{language}.txt", context)
    subject, _newline, body = text.strip().partition("\n")
    return EmailMessage(subject=subject.strip(), body=body.strip() + "\n", to=[user.email])


def first_login_link(*, participant: Participant) -> str:
    """The set-password link for an email that needs a login, when the account is not activated.

    Emails that send a participant to a page behind the login carry it, so a person who never
    set a password can still act on them; "" once the account is activated (or has none).
    """
    user = participant.user
    if user is None or not user.is_active or user_is_activated(user):
        return ""
    return activation_link(user)
