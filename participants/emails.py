"""Emails about enrolments: to the participant (in their language) and to HR.

A confirmed place (enrolled, confirmed, promoted from the waitlist) carries the cohort's
sessions as an .ics attachment so the person can add them to their calendar in one click.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from participants.calendars import sessions_to_ical
from participants.models import HR_GROUP, Enrollment, User
from participants.selectors.calendars import sessions_for_cohort
from participants.selectors.enrollment import waitlist_position

EVENTS = ("confirmed", "promoted", "waitlisted", "cancelled")
WITH_CALENDAR = ("confirmed", "promoted")


def hr_addresses() -> list[str]:
    return list(
        User.objects.filter(groups__name=HR_GROUP, is_active=True)
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )


def _message(*, enrollment: Enrollment, event: str, to: list[str], audience: str) -> EmailMessage:
    context = {
        "enrollment": enrollment,
        "participant": enrollment.participant,
        "cohort": enrollment.cohort,
        "course": enrollment.cohort.course,
        "event": event,
        "audience": audience,
        "site_url": settings.SITE_URL,
        "waitlist_position": waitlist_position(enrollment=enrollment)
        if event == "waitlisted"
        else None,
    }
    subject = " ".join(
        render_to_string(f"participants/email/enrollment_{event}_subject.txt", context).split()
    )
    body = render_to_string(f"participants/email/enrollment_{event}_body.txt", context)
    return EmailMessage(subject=subject, body=body, to=to)


def enrollment_messages(
    *, enrollment: Enrollment, event: str, tell_hr: bool = True
) -> list[EmailMessage]:
    """The participant's email (in their language) and HR's (in English), ready to send."""
    enrollment = Enrollment.objects.select_related(
        "participant__user", "cohort__course", "cohort__venue"
    ).get(pk=enrollment.pk)
    participant = enrollment.participant
    attachment: bytes | None = None
    if event in WITH_CALENDAR:
        attachment = sessions_to_ical(
            sessions=sessions_for_cohort(cohort_id=enrollment.cohort_id),
            calendar_name=str(enrollment.cohort),
        )
    language = (
        participant.user.language if participant.user and participant.user.language else ""
    ) or participant.language
    result: list[EmailMessage] = []
    with translation.override(language):
        result.append(
            _message(
                enrollment=enrollment, event=event, to=[participant.email], audience="participant"
            )
        )
    hr = [a for a in hr_addresses() if a != participant.email] if tell_hr else []
    if hr:
        with translation.override(settings.LANGUAGE_CODE):
            result.append(_message(enrollment=enrollment, event=event, to=hr, audience="hr"))
    if attachment is not None:
        filename = f"{enrollment.cohort.code}.ics"
        for message in result:
            message.attach(filename, attachment, "text/calendar; charset=utf-8; method=PUBLISH")
    return result


def enrollment_email_send(*, enrollment: Enrollment, event: str, tell_hr: bool = True) -> int:
    """Send the emails of an enrolment event; returns how many were sent."""
    if event not in EVENTS:
        raise ValueError(f"unknown enrolment event {event!r}")
    messages = enrollment_messages(enrollment=enrollment, event=event, tell_hr=tell_hr)
    return sum(message.send() for message in messages)
