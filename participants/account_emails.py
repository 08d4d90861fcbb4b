"""The invitation to set a password, in the person's language (en or zh-hans), plain text.

Templates: templates/participants/email/account_invitation.<lang>.txt; the first line is the
subject, the rest the body.
"""

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from participants.account_tokens import activation_link, invitation_timeout
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
