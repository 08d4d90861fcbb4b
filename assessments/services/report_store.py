"""A campaign's report figures, computed once and stored; the one door that changes them.

`figures_store(campaign)` computes every subject's report (`campaign_reports`, the same
assembly as `report_for`) and the cohort summary (`cohort_summary` with participants), in every
language, and stores them whole as StoredFigures rows for the campaign's current status. The
campaign lifecycle calls it on close (the trainers' view) and on release (the participants'),
and a rater's late submission calls it too. Whatever changes what a stored report shows goes
through it. Pages, the API, the PDF and the debrief read the rows back
(`assessments.selectors.report_store`).

The rescore rule (DESIGN §4 rule 10): once figures are stored, a submitted invitation they do
not count yet (`Invitation.in_stored_figures` False) is held back while fewer than 2 such
raters have joined the same subject's non-exempt group; from the second one on the group's
new raters count, and the subject's figures and the class norms every subject sees are
recomputed. Late self and manager answers (exempt groups) count at once.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.conf import settings
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone, translation

from assessments.models import Campaign, Invitation, StoredFigures
from assessments.selectors.report import campaign_reports
from assessments.selectors.rescore import held_back
from assessments.selectors.summary import cohort_summary

figures_changed = Signal()
"""Sent (sender=Campaign) with `campaign` and `subject_ids` whenever stored figures change."""


def on_figures_changed(*, campaign: Campaign, subject_ids: Collection[int]) -> None:
    """Called after each commit that changed a campaign's stored figures.

    `subject_ids`: the subjects whose stored report differs from before (a change of the class
    norms changes every subject's). Anything derived from the figures — a cached chart, a
    generated PDF — should be discarded by a receiver of `figures_changed`, which this sends.
    """
    figures_changed.send(sender=Campaign, campaign=campaign, subject_ids=frozenset(subject_ids))


def _compute(campaign: Campaign, excluding: Collection[int]) -> dict[tuple[int | None, str], Any]:
    figures: dict[tuple[int | None, str], Any] = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for subject_id, report in campaign_reports(
                campaign=campaign, excluding=excluding
            ).items():
                figures[subject_id, language] = report
            figures[None, language] = cohort_summary(campaign=campaign, excluding=excluding)
    return figures


@transaction.atomic
def figures_store(*, campaign: Campaign) -> Campaign:
    """(Re)compute the campaign's figures under the rescore rule and store them; see above."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    excluding = held_back(campaign=campaign)
    figures = _compute(campaign, excluding)
    before = {
        (row.subject_id, row.language): row.figures
        for row in StoredFigures.objects.filter(campaign_id=campaign.pk)
    }
    StoredFigures.objects.filter(campaign_id=campaign.pk).delete()
    now = timezone.now()
    StoredFigures.objects.bulk_create(
        StoredFigures(
            campaign=campaign, subject_id=subject, language=language, figures=data, computed_at=now
        )
        for (subject, language), data in figures.items()
    )
    Invitation.objects.filter(campaign_id=campaign.pk, status=Invitation.Status.SUBMITTED).exclude(
        pk__in=list(excluding)
    ).update(in_stored_figures=True)
    if campaign.figures_status != campaign.status:
        campaign.figures_status = campaign.status
        campaign.save(update_fields=["figures_status"])
    changed = {
        subject
        for (subject, language), data in figures.items()
        if subject is not None and before.get((subject, language)) != data
    }
    changed |= {subject for (subject, _language) in before if subject is not None} - {
        subject for (subject, _language) in figures
    }
    if changed or before.keys() != figures.keys():
        transaction.on_commit(lambda: on_figures_changed(campaign=campaign, subject_ids=changed))
    return campaign


def figures_after_late_answer(*, invitation: Invitation) -> None:
    """A rater submitted after the figures were stored: store again under the rescore rule."""
    stored = Campaign.objects.filter(pk=invitation.campaign_id).exclude(figures_status="")
    campaign = stored.first()
    if campaign is not None:
        figures_store(campaign=campaign)
