"""Background work of the participants app (inline unless a Celery broker is configured)."""

from celery import shared_task

from courses.models import SessionChange
from participants.emails import enrollment_email_send
from participants.models import Enrollment
from participants.services.import_runs import import_run_execute
from participants.session_emails import session_change_email_send


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
