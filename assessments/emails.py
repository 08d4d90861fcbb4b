"""Emails of 360 campaigns: invitations, reminders and nomination notices, bilingual.

Each message is written in the recipient's language when we know it, else in English and
Chinese one after the other. Templates live in templates/assessments/email/<name>.<lang>.txt;
their first line is the subject, the rest the body.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy

from assessments.models import Campaign, Invitation
from assessments.selectors.questionnaire import answer_minutes_by_framework
from courses.templatetags.dates import zoned_in
from kamtraining.local_time import recipient_zone
from participants.account_emails import first_login_link
from participants.models import Language, Participant

LANGUAGES = (Language.ENGLISH.value, Language.CHINESE.value)
SEPARATOR = "\n\n" + "—" * 30 + "\n\n"


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str
    language: str  # "" when unknown: the message is written in both languages


def rater_link(raw_token: str) -> str:
    """Absolute link of a rater's questionnaire, for emails only (the raw token is not stored)."""
    return f"{settings.SITE_URL}/rate/{raw_token}/"


def self_assessment_link(campaign: Campaign) -> str:
    return f"{settings.SITE_URL}/me/campaigns/{campaign.pk}/self/"


def nomination_link(campaign: Campaign) -> str:
    return settings.SITE_URL + reverse("assessments:campaign-nominate", kwargs={"pk": campaign.pk})


def progress_link(campaign: Campaign) -> str:
    return settings.SITE_URL + reverse("assessments:campaign-progress", kwargs={"pk": campaign.pk})


def _participant_name(participant: Participant, language: str) -> str:
    if language == Language.ENGLISH and participant.name_en:
        return participant.name_en
    return participant.name


def _when(
    campaign: Campaign, moment: dt.datetime | None, language: str, chosen_zone: str = ""
) -> str:
    """A deadline in the recipient's zone (their own when they chose one, else the cohort's),
    as every page shows it: "20 Mar 2026, 18:00 (Asia/Shanghai)" / "2026年3月20日 18:00（…）"."""
    if moment is None:
        return ""
    with translation.override(language):
        return zoned_in(moment, recipient_zone(chosen_zone, campaign.cohort.time_zone))


def _render(template: str, language: str, context: dict[str, Any]) -> tuple[str, str]:
    with translation.override(language):
        text = render_to_string(f"assessments/email/{template}.{language}.txt", context)
    subject, _newline, body = text.strip().partition("\n")
    return subject.strip(), body.strip() + "\n"


def message_build(
    *,
    template: str,
    recipient: Recipient,
    context_for: Any,
) -> EmailMessage:
    """Render one email in the recipient's language, or in both when it is not known.

    `context_for(language)` returns the template context in that language.
    """
    languages = (recipient.language,) if recipient.language in LANGUAGES else LANGUAGES
    parts = [_render(template, language, context_for(language)) for language in languages]
    subject = " / ".join(subject for subject, _body in parts)
    body = SEPARATOR.join(body for _subject, body in parts)
    to = f"{recipient.name} <{recipient.email}>" if recipient.name else recipient.email
    return EmailMessage(subject=subject, body=body, to=[to])


def messages_send_on_commit(messages: Sequence[EmailMessage]) -> None:
    """Send once the transaction commits, over one connection.

    Sent here rather than through a Celery task: rater links carry raw tokens, which must not
    travel through (or rest in) the broker.
    """
    if not messages:
        return
    batch = list(messages)
    transaction.on_commit(lambda: get_connection().send_messages(batch))


def _rater_message(
    *, invitation: Invitation, raw_token: str | None, kind: str, minutes: int | None
) -> EmailMessage:
    """An email to one rater about their invitation; `kind` is "invitation" or "reminder".

    Raters get their token link; the participant's own self-assessment links to My Zone.
    `minutes` is the time to answer the questionnaire page promises (looked up when not given).
    """
    campaign = invitation.campaign
    if minutes is None:
        minutes = answer_minutes_by_framework(framework_ids=[campaign.framework_id])[
            campaign.framework_id
        ]
    is_self = invitation.group == Invitation.Group.SELF
    link = self_assessment_link(campaign) if is_self else rater_link(raw_token or "")
    set_password_link = first_login_link(participant=invitation.subject) if is_self else ""

    def context_for(language: str) -> dict[str, Any]:
        return {
            "rater_name": invitation.rater_name,
            "subject_name": _participant_name(invitation.subject, language),
            "campaign": campaign,
            # A late rater's own deadline, else the campaign's. A rater is addressed by email
            # and has no zone here: the cohort's; the participant's self-assessment: theirs.
            "closes": _when(
                campaign,
                invitation.answer_by or campaign.closes_at,
                language,
                invitation.subject.time_zone if is_self else "",
            ),
            "link": link,
            "is_started": invitation.status == Invitation.Status.STARTED,
            "minutes": minutes,
            # The manager's cell is shown whatever its size (DESIGN.md §4.2): they are told so.
            "is_manager": invitation.group == Invitation.Group.MANAGER,
            "set_password_link": set_password_link if is_self else "",
        }

    return message_build(
        template=f"self_{kind}" if is_self else kind,
        recipient=Recipient(
            invitation.rater_email, invitation.rater_name, invitation.rater_language
        ),
        context_for=context_for,
    )


def invitation_message(
    *, invitation: Invitation, raw_token: str | None, minutes: int | None = None
) -> EmailMessage:
    """The invitation to rate (with the token link), or to self-assess (with the My Zone link)."""
    return _rater_message(
        invitation=invitation, raw_token=raw_token, kind="invitation", minutes=minutes
    )


def reminder_message(
    *, invitation: Invitation, raw_token: str | None, minutes: int | None = None
) -> EmailMessage:
    """A reminder to a rater who has not answered yet; the link replaces the earlier one."""
    return _rater_message(
        invitation=invitation, raw_token=raw_token, kind="reminder", minutes=minutes
    )


def nominations_submitted_messages(
    *, campaign: Campaign, subject: Participant, counts: dict[str, int]
) -> list[EmailMessage]:
    """Tell the cohort's trainers (or, without one, nobody) that a list awaits approval."""
    messages = []
    for trainer in campaign.cohort.trainers.all():

        def context_for(language: str, trainer: Any = trainer) -> dict[str, Any]:
            with translation.override(language):
                groups = [
                    (str(label), counts.get(value, 0))
                    for value, label in Invitation.Group.choices
                    if value != Invitation.Group.SELF
                ]
            return {
                "trainer_name": trainer.get_full_name(),
                "subject_name": _participant_name(subject, language),
                "campaign": campaign,
                "groups": groups,
                "link": progress_link(campaign),
            }

        messages.append(
            message_build(
                template="nominations_submitted",
                recipient=Recipient(trainer.email, trainer.get_full_name(), trainer.language),
                context_for=context_for,
            )
        )
    return messages


def nomination_request_messages(
    *, campaign: Campaign, participants: Sequence[Participant]
) -> list[EmailMessage]:
    """Ask each participant to nominate their raters, with the limits and the deadline."""
    limits = campaign.rater_limits()
    messages = []
    for participant in participants:
        first_login = first_login_link(participant=participant)

        def context_for(
            language: str, participant: Participant = participant, first_login: str = first_login
        ) -> dict[str, Any]:
            with translation.override(language):
                groups = [
                    (str(Invitation.Group(group).label), minimum, maximum)
                    for group, (minimum, maximum) in limits.items()
                    if maximum
                ]
            return {
                "subject_name": _participant_name(participant, language),
                "campaign": campaign,
                "groups": groups,
                "deadline": _when(
                    campaign, campaign.nomination_closes_at, language, participant.time_zone
                ),
                "link": nomination_link(campaign),
                "set_password_link": first_login,
            }

        messages.append(
            message_build(
                template="nomination_request",
                recipient=Recipient(
                    participant.email,
                    _participant_name(participant, participant.language),
                    participant.language,
                ),
                context_for=context_for,
            )
        )
    return messages


def report_ready_messages(
    *, campaign: Campaign, participants: Sequence[Participant]
) -> list[EmailMessage]:
    """Tell each participant that their 360 report can be read (with a set-password link
    when their account is not activated yet)."""
    link = settings.SITE_URL + reverse("assessments:me-report", kwargs={"campaign_pk": campaign.pk})
    messages = []
    for participant in participants:
        first_login = first_login_link(participant=participant)

        def context_for(
            language: str, participant: Participant = participant, first_login: str = first_login
        ) -> dict[str, Any]:
            return {
                "subject_name": _participant_name(participant, language),
                "campaign": campaign,
                "link": link,
                "set_password_link": first_login,
            }

        messages.append(
            message_build(
                template="report_ready",
                recipient=Recipient(
                    participant.email,
                    _participant_name(participant, participant.language),
                    participant.language,
                ),
                context_for=context_for,
            )
        )
    return messages


def report_updated_message(*, campaign: Campaign, subject: Participant) -> EmailMessage:
    """Tell the participant that late raters' answers now count in their released report."""
    link = settings.SITE_URL + reverse("assessments:me-report", kwargs={"campaign_pk": campaign.pk})

    def context_for(language: str) -> dict[str, Any]:
        return {
            "subject_name": _participant_name(subject, language),
            "campaign": campaign,
            "link": link,
        }

    return message_build(
        template="report_updated",
        recipient=Recipient(
            subject.email, _participant_name(subject, subject.language), subject.language
        ),
        context_for=context_for,
    )


def _subject_message(
    *, template: str, campaign: Campaign, subject: Participant, extra: Any = None
) -> EmailMessage:
    """One email to the participant about their rater list; `extra(language)` adds context."""
    first_login = first_login_link(participant=subject)

    def context_for(language: str) -> dict[str, Any]:
        return {
            "subject_name": _participant_name(subject, language),
            "campaign": campaign,
            "link": nomination_link(campaign),
            "set_password_link": first_login,
            **(extra(language) if extra else {}),
        }

    return message_build(
        template=template,
        recipient=Recipient(
            subject.email, _participant_name(subject, subject.language), subject.language
        ),
        context_for=context_for,
    )


def nominations_approved_message(*, campaign: Campaign, subject: Participant) -> EmailMessage:
    """Tell the participant that their trainer approved their rater list."""
    return _subject_message(template="nominations_approved", campaign=campaign, subject=subject)


# What a trainer did to one rater, in the words the participant reads.
RATER_CHANGES = {
    "added": gettext_lazy("Added: %(rater)s (%(group)s)"),
    "updated": gettext_lazy("Changed: %(rater)s (%(group)s)"),
    "removed": gettext_lazy("Removed: %(rater)s (%(group)s)"),
}


def nominations_changed_message(
    *, campaign: Campaign, subject: Participant, change: str, rater_name: str, group: str
) -> EmailMessage:
    """Tell the participant what their trainer (or HR) changed on their rater list."""

    def extra(language: str) -> dict[str, str]:
        with translation.override(language):
            label = Invitation.Group(group).label
            return {"change": str(RATER_CHANGES[change]) % {"rater": rater_name, "group": label}}

    return _subject_message(
        template="nominations_changed", campaign=campaign, subject=subject, extra=extra
    )
