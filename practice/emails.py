"""Emails of practice: to observers (in their language) and reminders to participants."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _

from assessments.emails import messages_send_on_commit
from practice.models import Observer, Practice

__all__ = ["messages_send_on_commit", "observer_message", "reminder_message"]

BOTH = ("en", "zh-hans")


def _languages(language: str) -> tuple[str, ...]:
    return (language,) if language in BOTH else BOTH


def observer_link(raw_token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("practice:observe", args=[raw_token])


def observer_message(*, observer: Observer, raw_token: str) -> EmailMessage:
    """Ask one observer, in their language (both when unknown), to watch the Act phase."""
    practice = observer.practice
    parts = []
    for language in _languages(observer.language):
        with translation.override(language):
            participant = (
                practice.participant.name_en or practice.participant.name
                if language == "en"
                else practice.participant.name
            )
            role = observer.role.name_en if language == "en" else observer.role.name
            subject = _("%(participant)s asks you to observe their practice") % {
                "participant": participant
            }
            body = _(
                "Dear %(name)s,\n\n%(participant)s asks you, as %(role)s, to observe their "
                "on-the-job practice “%(title)s” and rate it. Your name is shown with your "
                "answer: this is not anonymous feedback.\n\nOpen this link (no account "
                "needed):\n%(link)s\n"
            ) % {
                "name": observer.name,
                "participant": participant,
                "role": role,
                "title": practice.assignment.title,
                "link": observer_link(raw_token),
            }
        parts.append((subject, body))
    return EmailMessage(
        subject=" / ".join(s for s, _b in parts),
        body=("\n\n" + "—" * 30 + "\n\n").join(b for _s, b in parts),
        to=[f"{observer.name} <{observer.email}>"],
    )


def reminder_message(*, practice: Practice, overdue: bool) -> EmailMessage | None:
    """Remind the participant that the practice is due (or overdue); None without an email."""
    participant = practice.participant
    if not participant.email:
        return None
    link = settings.SITE_URL.rstrip("/") + reverse("practice:practice-detail", args=[practice.pk])
    parts = []
    for language in _languages(participant.language):
        with translation.override(language):
            if overdue:
                subject = _("Your practice “%(title)s” is overdue")
            else:
                subject = _("Your practice “%(title)s” is due on %(due)s")
            subject = subject % {
                "title": practice.assignment.title,
                "due": formats.date_format(practice.assignment.due_on, "DATE_FORMAT"),
            }
            body = _(
                "Complete the phases of your practice and send it to your trainer:\n%(link)s\n"
            ) % {"link": link}
        parts.append((subject, body))
    return EmailMessage(
        subject=" / ".join(s for s, _b in parts),
        body=("\n\n" + "—" * 30 + "\n\n").join(b for _s, b in parts),
        to=[participant.email],
    )
