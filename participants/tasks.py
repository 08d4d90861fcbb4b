"""Background work of the participants app (inline unless a Celery broker is configured)."""

from typing import Any

from celery import shared_task
from celery.utils.time import get_exponential_backoff_interval

from courses.models import SessionChange
from participants.emails import enrollment_email_send
from participants.models import Enrollment
from participants.services.accounts import InvitationsUndelivered, account_invitations_deliver
from participants.services.import_runs import import_run_execute
from participants.session_emails import session_change_email_send

INVITATION_RETRIES = 5


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def enrollment_notify(enrollment_id: int, event: str, tell_hr: bool = True) -> int:
    """Email the participant (and HR unless told not to) about an enrolment event."""
    enrollment = Enrollment.objects.filter(pk=enrollment_id).first()
    if enrollment is None:
        return 0
    return enrollment_email_send(enrollment=enrollment, event=event, tell_hr=tell_hr)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def session_change_notify(change_id: int) -> int:
    """Email everyone whose calendar holds the session about one recorded change of it."""
    change = SessionChange.objects.filter(pk=change_id).first()
    if change is None:
        return 0
    return session_change_email_send(change=change)


@shared_task(name="participants.run_import")
def run_import(run_id: int) -> int:
    """Run a confirmed participant import, noting progress and the result on its ImportRun."""
    run = import_run_execute(run_id=run_id)
    return run.done if run is not None else 0


@shared_task(bind=True, max_retries=INVITATION_RETRIES)
def account_invitations_notify(self: Any, participant_ids: list[int]) -> int:
    """Email these participants their set-password links.

    When the mail server fails, only the people not sent yet are tried again, later each
    time (as `retry_backoff` would). After the last retry the task fails with the mail
    server's error, so the worker logs it.
    """
    try:
        return account_invitations_deliver(participant_ids=participant_ids)
    except InvitationsUndelivered as undelivered:
        countdown = get_exponential_backoff_interval(
            factor=1, retries=self.request.retries, maximum=600, full_jitter=True
        )
        raise self.retry(
            args=[undelivered.participant_ids], exc=undelivered.error, countdown=countdown
        ) from undelivered
