"""Background work of 360 campaigns: periodic jobs run by celery beat (kamtraining/celery.py)
and the report PDFs (inline unless a Celery broker is configured)."""

from celery import shared_task

from assessments.services.campaigns import campaigns_close_due
from assessments.services.plan_reviews import review_reminders_send
from assessments.services.reminders import reminders_send
from assessments.services.report_pdfs import report_batch_build, report_pdfs_render


@shared_task(name="assessments.close_due_campaigns")
def close_due_campaigns() -> int:
    return campaigns_close_due()


@shared_task(name="assessments.send_due_reminders")
def send_due_reminders() -> int:
    return reminders_send()


@shared_task(name="assessments.send_plan_review_reminders")
def send_plan_review_reminders() -> int:
    return review_reminders_send()


@shared_task(name="assessments.render_report_pdfs", autoretry_for=(OSError,), retry_backoff=True)
def render_report_pdfs(campaign_id: int, participant_ids: list[int] | None = None) -> int:
    """Render and store the campaign's report PDFs (those of `participant_ids`, or all)."""
    return report_pdfs_render(campaign_id=campaign_id, participant_ids=participant_ids)


@shared_task(name="assessments.build_report_batch")
def build_report_batch(batch_id: int) -> int:
    """Put a cohort's report PDFs into one ZIP, noting progress on the ReportBatch row."""
    batch = report_batch_build(batch_id=batch_id)
    return batch.done if batch is not None else 0
