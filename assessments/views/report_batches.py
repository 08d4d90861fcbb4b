"""A cohort's reports as one ZIP: start it, follow its progress, download it."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from assessments.access import may_batch_reports, may_view_batch
from assessments.models import Campaign, ReportBatch
from assessments.services.report_pdfs import report_batch_filename, report_batch_start
from kamtraining.http import AuthenticatedHttpRequest

# How often the page looks again, with or without a script (seconds).
REFRESH_SECONDS = 2


def _campaign(request: AuthenticatedHttpRequest, campaign_pk: int) -> Campaign:
    campaign = Campaign.objects.select_related("cohort").filter(pk=campaign_pk).first()
    if campaign is None or not may_batch_reports(request.user, campaign):
        raise Http404
    return campaign


def _batch(request: AuthenticatedHttpRequest, campaign_pk: int, batch_pk: int) -> ReportBatch:
    batch = (
        ReportBatch.objects.select_related("campaign__cohort")
        .filter(pk=batch_pk, campaign_id=campaign_pk)
        .first()
    )
    if batch is None or not may_view_batch(request.user, batch):
        raise Http404
    return batch


def _urls(batch: ReportBatch) -> dict[str, str]:
    args = [batch.campaign_id, batch.pk]
    return {
        "page_url": reverse("assessments:report-batch", args=args),
        "status_url": reverse("assessments:report-batch-status", args=args),
        "download_url": reverse("assessments:report-batch-download", args=args),
    }


@require_POST
@login_required
def report_batch_create(request: AuthenticatedHttpRequest, campaign_pk: int) -> HttpResponse:
    campaign = _campaign(request, campaign_pk)
    try:
        batch = report_batch_start(campaign=campaign, by=request.user)
    except PermissionDenied as error:
        raise Http404 from error
    return redirect("assessments:report-batch", campaign.pk, batch.pk)


@login_required
def report_batch_page(
    request: AuthenticatedHttpRequest, campaign_pk: int, batch_pk: int
) -> HttpResponse:
    """The progress bar; it refreshes itself (a script, or a meta refresh without one)."""
    batch = _batch(request, campaign_pk, batch_pk)
    context = {
        "batch": batch,
        "campaign": batch.campaign,
        "refresh_seconds": REFRESH_SECONDS,
        **_urls(batch),
    }
    return render(request, "assessments/report_batch.html", context)


@login_required
def report_batch_status(
    request: AuthenticatedHttpRequest, campaign_pk: int, batch_pk: int
) -> JsonResponse:
    """The batch's progress as JSON, for the page's script."""
    batch = _batch(request, campaign_pk, batch_pk)
    return JsonResponse(
        {
            "status": batch.status,
            "status_display": batch.get_status_display(),
            "done": batch.done,
            "total": batch.total,
            "percent": batch.percent,
            "finished": batch.is_finished,
        }
    )


@login_required
def report_batch_download(
    request: AuthenticatedHttpRequest, campaign_pk: int, batch_pk: int
) -> FileResponse:
    batch = _batch(request, campaign_pk, batch_pk)
    if batch.status != ReportBatch.Status.DONE or not batch.file:
        raise Http404
    return FileResponse(
        batch.file.open("rb"),
        as_attachment=True,
        filename=report_batch_filename(batch),
        content_type="application/zip",
    )
