"""Emails of action plans: a comment or a review tells the other side; review reminders.

Each is written in the recipient's language (both, one after the other, when unknown) and sent
once the transaction commits (`messages_send_on_commit`).
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _

from assessments.emails import LANGUAGES, SEPARATOR, messages_send_on_commit
from assessments.models import ActionPlan, ActionPlanComment, Review
from participants.models import Language, Participant

__all__ = [
    "comment_messages",
    "messages_send_on_commit",
    "review_messages",
    "review_reminder_message",
]


def _name(participant: Participant, language: str) -> str:
    if language == Language.ENGLISH and participant.name_en:
        return participant.name_en
    return participant.name


def _link(name: str, *args: Any) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


def _message(
    *, to: str, name: str, language: str, write: Callable[[], tuple[str, str]]
) -> EmailMessage:
    languages = (language,) if language in LANGUAGES else LANGUAGES
    parts = []
    for each in languages:
        with translation.override(each):
            parts.append(write())
    return EmailMessage(
        subject=" / ".join(subject for subject, _body in parts),
        body=SEPARATOR.join(body for _subject, body in parts),
        to=[f"{name} <{to}>" if name else to],
    )


def _trainers(plan: ActionPlan) -> list[Any]:
    return [user for user in plan.campaign.cohort.trainers.all() if user.email and user.is_active]


def comment_messages(*, comment: ActionPlanComment) -> list[EmailMessage]:
    """A trainer's comment goes to the participant; the participant's to the trainers."""
    plan = comment.plan
    participant = plan.participant
    if comment.author_id != participant.user_id:
        if not participant.email:
            return []
        link = _link("assessments:me-action-plan", plan.campaign_id)

        def to_participant() -> tuple[str, str]:
            return (
                _("%(trainer)s commented on your action plan") % {"trainer": comment.author},
                _("%(trainer)s wrote:\n\n%(text)s\n\nRead it and answer on your plan:\n%(link)s\n")
                % {"trainer": comment.author, "text": comment.text, "link": link},
            )

        return [
            _message(
                to=participant.email,
                name=participant.name,
                language=participant.language,
                write=to_participant,
            )
        ]
    link = _link("assessments:trainer-action-plan", plan.campaign_id, participant.pk)
    messages = []
    for trainer in _trainers(plan):

        def to_trainer(trainer: Any = trainer) -> tuple[str, str]:
            who = _name(participant, translation.get_language() or "")
            return (
                _("%(participant)s answered on their action plan") % {"participant": who},
                _("%(participant)s wrote:\n\n%(text)s\n\nThe plan:\n%(link)s\n")
                % {"participant": who, "text": comment.text, "link": link},
            )

        messages.append(
            _message(
                to=trainer.email,
                name=trainer.get_full_name(),
                language=trainer.language,
                write=to_trainer,
            )
        )
    return messages


def review_messages(*, review: Review) -> list[EmailMessage]:
    """Tell the cohort's trainers that the participant reviewed a goal of their plan."""
    plan = review.plan
    participant = plan.participant
    link = _link("assessments:trainer-action-plan", plan.campaign_id, participant.pk)
    goal = review.goal.title if review.goal is not None else ""
    messages = []
    for trainer in _trainers(plan):

        def write() -> tuple[str, str]:
            who = _name(participant, translation.get_language() or "")
            return (
                _("%(participant)s reviewed their action plan") % {"participant": who},
                _(
                    "%(participant)s reviewed “%(goal)s” on %(date)s: progress %(progress)d %%."
                    "\n\n%(note)s\n\nThe plan, to comment on it:\n%(link)s\n"
                )
                % {
                    "participant": who,
                    "goal": goal,
                    "date": formats.date_format(review.reviewed_on, "DATE_FORMAT"),
                    "progress": review.progress,
                    "note": review.note,
                    "link": link,
                },
            )

        messages.append(
            _message(
                to=trainer.email,
                name=trainer.get_full_name(),
                language=trainer.language,
                write=write,
            )
        )
    return messages


def review_reminder_message(*, plan: ActionPlan, due_on: Any) -> EmailMessage | None:
    """Remind the participant that a review of their plan is due; None without an email."""
    participant = plan.participant
    if not participant.email:
        return None
    link = _link("assessments:me-action-plan", plan.campaign_id)

    def write() -> tuple[str, str]:
        return (
            _("A review of your action plan is due on %(date)s")
            % {"date": formats.date_format(due_on, "DATE_FORMAT")},
            _(
                "It is time to review your action plan: for each goal, the date, your progress "
                "and a note. Your trainer reads it.\n%(link)s\n"
            )
            % {"link": link},
        )

    return _message(
        to=participant.email, name=participant.name, language=participant.language, write=write
    )
