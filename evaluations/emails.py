"""Emails of evaluations: reminders to attendees, follow-up links to participants and managers."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from assessments.emails import messages_send_on_commit
from courses.models import Cohort
from evaluations.models import FollowUp
from participants.models import Participant

__all__ = ["evaluation_reminder_message", "follow_up_message", "messages_send_on_commit"]

BOTH = ("en", "zh-hans")


def _languages(language: str) -> tuple[str, ...]:
    return (language,) if language in BOTH else BOTH


def _combine(parts: list[tuple[str, str]], to: str) -> EmailMessage:
    return EmailMessage(
        subject=" / ".join(s for s, _b in parts),
        body=("\n\n" + "—" * 30 + "\n\n").join(b for _s, b in parts),
        to=[to],
    )


def evaluation_reminder_message(
    *, cohort: Cohort, participant: Participant, closing: bool
) -> EmailMessage | None:
    """Ask an attendee who has not answered to evaluate the course; None without an email."""
    if not participant.email:
        return None
    link = settings.SITE_URL.rstrip("/") + reverse(
        "evaluations:evaluation-answer", args=[cohort.pk]
    )
    parts = []
    for language in _languages(participant.language):
        with translation.override(language):
            if closing:
                subject = _("Last day to evaluate “%(cohort)s”")
            else:
                subject = _("How was “%(cohort)s”? Your evaluation is anonymous")
            subject = subject % {"cohort": cohort.name}
            body = _(
                "Your answers are stored apart from your name: nobody, HR included, can tell "
                "what you answered. Trainers see results only once three people have "
                "answered.\n\nAnswer here (about five minutes):\n%(link)s\n"
            ) % {"link": link}
        parts.append((subject, body))
    return _combine(parts, participant.email)


def follow_up_link(raw_token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("evaluations:follow-up", args=[raw_token])


def follow_up_message(*, follow_up: FollowUp, raw_token: str, reminder: bool) -> EmailMessage:
    """The follow-up on one goal, to the participant or their manager, by token link."""
    goal = follow_up.goal
    participant = goal.plan.participant
    parts = []
    for language in _languages(follow_up.language):
        with translation.override(language):
            name = participant.name_en or participant.name if language == "en" else participant.name
            if follow_up.respondent == FollowUp.Respondent.MANAGER:
                subject = _("What have you seen %(participant)s apply since the programme?")
            else:
                subject = _("How far have you applied your goal “%(goal)s”?")
            if reminder:
                subject = _("Reminder: %(subject)s") % {"subject": subject}
            subject = subject % {"participant": name, "goal": goal.title}
            body = _(
                "Dear %(name)s,\n\nA few questions about the goal “%(goal)s” of %(participant)s, "
                "since the programme ended on %(ended)s. Open this link (no account "
                "needed):\n%(link)s\n"
            ) % {
                "name": follow_up.name,
                "goal": goal.title,
                "participant": name,
                "ended": follow_up.cohort.ends_on.isoformat(),
                "link": follow_up_link(raw_token),
            }
        parts.append((subject, body))
    return _combine(parts, f"{follow_up.name} <{follow_up.email}>")
