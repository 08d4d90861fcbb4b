"""Report PDFs ready before anyone asks, and a cohort's reports as one ZIP.

A participant's report PDF is rendered once per language and kept as a file (`ReportPdf`):
in the background when the campaign is released (`report_pdfs_render_on_commit`, a Celery task;
with no broker only if `REPORT_PDFS_PRERENDER` asks for it), again whenever the stored figures
change (a receiver of `report_store.figures_changed` discards the files and queues new ones),
and on demand when a download finds none. A stored file is served only while its digest — of
everything the PDF shows: the stored figures, the previous plan's goals, the layout's version —
matches the report as it is now, so a download is never stale, whatever path changed the figures.

Who may download is decided by the views through `assessments.access` (the same rules as the
report page); the batch services ask `assessments.access.may_batch_reports` themselves.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import tempfile
import zipfile
from collections.abc import Collection, Iterable
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import IntegrityError, transaction
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from assessments.access import AFTER_CLOSE, may_batch_reports
from assessments.charts.svg import svg_as_image
from assessments.models import Campaign, Invitation, ReportBatch, ReportPdf
from assessments.report_display import previous_goals_display, report_display
from assessments.selectors.action_plans import goals_of_plan
from assessments.selectors.report_store import report_of
from assessments.services.report_store import figures_changed
from courses.access import require
from kamtraining.pdf import html_to_pdf
from participants.models import Participant, User

logger = logging.getLogger(__name__)

# Bump when the PDF's layout changes: every stored file then counts as out of date.
LAYOUT_VERSION = 2
STYLESHEETS = ("css/report.css",)


# ---------------------------------------------------------------------------------------------
# One report


class _Source:
    """What the PDF shows, read once: the stored report, the previous plan's goals, a digest."""

    def __init__(self, campaign: Campaign, participant: Participant) -> None:
        self.campaign, self.participant = campaign, participant
        self.report = report_of(campaign=campaign, participant=participant)
        previous = (self.report.get("campaign") or {}).get("previous")
        self.goals = (
            goals_of_plan(participant=participant, campaign_id=previous["id"]) if previous else []
        )
        shown_goals = [
            [goal.pk, goal.title, goal.dimension.code, [[i.pk, str(i)] for i in goal.items.all()]]
            for goal in self.goals
        ]
        encoded = json.dumps(
            [
                LAYOUT_VERSION,
                translation.get_language(),
                campaign.min_group_size,
                participant.name,
                participant.name_en,
                self.report,
                shown_goals,
            ],
            sort_keys=True,
            default=str,
            ensure_ascii=False,
        )
        self.digest = hashlib.sha256(encoded.encode()).hexdigest()

    def html(self, *, charts_as_images: bool = True) -> str:
        """The PDF's HTML; the charts as images of the same SVG unless told otherwise."""
        display = report_display(self.report, k=self.campaign.min_group_size)
        if charts_as_images:  # about a quarter less CPU per render than inline (bench/pdf.py)
            display["charts"] = {key: svg_as_image(svg) for key, svg in display["charts"].items()}
            display["activity_sections"] = [
                {**section, "svg": svg_as_image(section["svg"])}
                for section in display["activity_sections"]
            ]
        context = {
            **display,
            "previous_goals": previous_goals_display(self.report, self.goals),
            "campaign": self.campaign,
            "participant": self.participant,
        }
        return render_to_string("assessments/report_pdf.html", context)

    def render(self) -> bytes:
        return html_to_pdf(self.html(), static_stylesheets=STYLESHEETS)


def report_pdf_bytes(*, campaign: Campaign, participant: Participant) -> bytes:
    """Render the report as a PDF now, in the current language (nothing stored)."""
    return _Source(campaign, participant).render()


def _language() -> str:
    return translation.get_language() or settings.LANGUAGE_CODE


def _store(
    *, campaign: Campaign, participant: Participant, language: str, digest: str, pdf: bytes
) -> ReportPdf:
    new = ReportPdf(
        campaign=campaign,
        participant=participant,
        language=language,
        digest=digest,
        size=len(pdf),
        rendered_at=timezone.now(),
    )
    new.file.save("report.pdf", ContentFile(pdf), save=False)  # through the storage API
    try:
        with transaction.atomic():
            old = list(
                ReportPdf.objects.select_for_update().filter(
                    campaign_id=campaign.pk, participant_id=participant.pk, language=language
                )
            )
            for row in old:
                row.delete()
            new.save()
    except IntegrityError:
        # Someone stored the same report meanwhile (from the same figures): theirs stands.
        new.file.delete(save=False)
        return ReportPdf.objects.get(
            campaign_id=campaign.pk, participant_id=participant.pk, language=language
        )
    for row in old:
        _delete_file_on_commit(row.file.name)
    return new


def _delete_file_on_commit(name: str) -> None:
    if name:
        storage = ReportPdf._meta.get_field("file").storage
        transaction.on_commit(lambda: storage.delete(name), robust=True)


def report_pdf_current(*, campaign: Campaign, participant: Participant) -> ReportPdf:
    """The stored PDF of the report as it is now (current language), rendered and stored first
    when there is none or the stored one no longer matches the report."""
    language = _language()
    source = _Source(campaign, participant)
    stored = (
        ReportPdf.objects.filter(
            campaign_id=campaign.pk,
            participant_id=participant.pk,
            language=language,
            digest=source.digest,
        )
        .order_by("-pk")
        .first()
    )
    if stored is not None and stored.file.storage.exists(stored.file.name):
        return stored
    return _store(
        campaign=campaign,
        participant=participant,
        language=language,
        digest=source.digest,
        pdf=source.render(),
    )


def report_pdf_filename(*, campaign: Campaign, participant: Participant) -> str:
    return f"360-{participant.name}-{campaign.pk}.pdf"


def report_pdf_read(pdf: ReportPdf) -> bytes:
    with pdf.file.open("rb") as handle:
        return bytes(handle.read())


# ---------------------------------------------------------------------------------------------
# Ahead of time: on release, and again after the figures change


def _reader_language(participant: Participant) -> str:
    user = participant.user
    chosen = (user.language if user is not None else "") or participant.language
    return chosen or settings.LANGUAGE_CODE


def _subjects(campaign: Campaign, ids: Collection[int] | None = None) -> list[Participant]:
    subjects = Participant.objects.filter(
        pk__in=Invitation.objects.filter(campaign_id=campaign.pk).values("subject_id")
    )
    if ids is not None:
        subjects = subjects.filter(pk__in=list(ids))
    return list(subjects.select_related("user").order_by("name", "pk"))


def report_pdfs_render(*, campaign_id: int, participant_ids: Collection[int] | None = None) -> int:
    """Render (or keep, when current) each subject's PDF in the language they read; how many."""
    campaign = Campaign.objects.select_related("cohort", "framework").filter(pk=campaign_id).first()
    if campaign is None or campaign.status not in AFTER_CLOSE:
        return 0
    count = 0
    for participant in _subjects(campaign, participant_ids):
        with translation.override(_reader_language(participant)):
            report_pdf_current(campaign=campaign, participant=participant)
        count += 1
    return count


def report_pdfs_render_on_commit(
    *, campaign: Campaign, participant_ids: Collection[int] | None = None
) -> None:
    """Queue the rendering of the campaign's PDFs for after the commit (a Celery task).

    Only when `REPORT_PDFS_PRERENDER` is on (with a broker, by default); otherwise each PDF is
    rendered and stored on its first download.
    """
    from assessments.tasks import render_report_pdfs

    if not settings.REPORT_PDFS_PRERENDER:
        return

    campaign_id = campaign.pk
    ids = sorted(participant_ids) if participant_ids is not None else None
    # robust: the release stands even if rendering or the broker fails (logged; a download
    # renders on demand).
    transaction.on_commit(lambda: render_report_pdfs.delay(campaign_id, ids), robust=True)


def report_pdfs_discard(*, campaign: Campaign, subject_ids: Iterable[int]) -> int:
    """Delete the stored PDFs (every language) of these subjects' reports; how many."""
    rows = list(
        ReportPdf.objects.filter(campaign_id=campaign.pk, participant_id__in=list(subject_ids))
    )
    for row in rows:
        name = row.file.name
        row.delete()
        _delete_file_on_commit(name)
    return len(rows)


@receiver(figures_changed, dispatch_uid="assessments.report_pdfs.figures_changed")
def _figures_changed(
    sender: Any, *, campaign: Campaign, subject_ids: Collection[int], **kwargs: Any
) -> None:
    report_pdfs_discard(campaign=campaign, subject_ids=subject_ids)
    if campaign.status == Campaign.Status.RELEASED and subject_ids:
        report_pdfs_render_on_commit(campaign=campaign, participant_ids=subject_ids)


# ---------------------------------------------------------------------------------------------
# A cohort's reports as one ZIP


@transaction.atomic
def report_batch_start(*, campaign: Campaign, by: User) -> ReportBatch:
    """Start building the campaign's reports as one ZIP (a Celery task); see the batch's page."""
    require(by, may_batch_reports, campaign)
    batch = ReportBatch(
        campaign=campaign,
        requested_by=by,
        language=_language(),
        total=len(_subjects(campaign)),
    )
    batch.full_clean()
    batch.save()
    from assessments.tasks import build_report_batch

    batch_id = batch.pk
    transaction.on_commit(lambda: build_report_batch.delay(batch_id), robust=True)
    return batch


def _zip_name(index: int, participant: Participant) -> str:
    # The index keeps names unique (two people may share a name); the names say whose it is.
    names = [participant.name] + ([participant.name_en] if participant.name_en else [])
    base = re.sub(r'[\\/:*?"<>|\s]+', "_", "-".join(names)).strip("_") or str(participant.pk)
    return f"{index:03d}-{base}.pdf"


def report_batch_build(*, batch_id: int) -> ReportBatch | None:
    """Build the batch's ZIP from the stored PDFs (rendering missing ones), noting progress."""
    batch = (
        ReportBatch.objects.select_related("campaign", "requested_by").filter(pk=batch_id).first()
    )
    if batch is None or batch.is_finished:
        return batch
    campaign = batch.campaign
    try:
        # Whoever asked must still be allowed when the work starts (a trainer removed meanwhile).
        require(batch.requested_by, may_batch_reports, campaign)
        subjects = _subjects(campaign)
        batch.status, batch.total, batch.done = ReportBatch.Status.RUNNING, len(subjects), 0
        batch.save(update_fields=["status", "total", "done"])
        # On disk past a few megabytes: a cohort's PDFs need not all sit in memory.
        with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as buffer:
            with (
                translation.override(batch.language),
                zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive,
            ):
                # PDFs are compressed already: stored, not deflated.
                for index, participant in enumerate(subjects, start=1):
                    pdf = report_pdf_current(campaign=campaign, participant=participant)
                    archive.writestr(_zip_name(index, participant), report_pdf_read(pdf))
                    batch.done = index
                    batch.save(update_fields=["done"])
            buffer.seek(0)
            batch.file.save("reports.zip", File(buffer), save=False)
        batch.status, batch.finished_at = ReportBatch.Status.DONE, timezone.now()
        batch.save(update_fields=["file", "status", "finished_at"])
    except Exception as error:
        logger.exception("Report batch %s failed", batch_id)
        batch.status, batch.finished_at = ReportBatch.Status.FAILED, timezone.now()
        batch.error = _("The reports could not be put together (%(error)s).") % {
            "error": type(error).__name__
        }
        batch.save(update_fields=["status", "finished_at", "error"])
        raise
    return batch


def report_batch_filename(batch: ReportBatch) -> str:
    return f"360-{batch.campaign.cohort.code}-{batch.campaign.pk}.zip"
