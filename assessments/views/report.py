"""Report pages: the participant's 360 report, its PDF, and the trainer's cohort debrief."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from assessments import charts
from assessments.forms.action_plans import CohortCadenceForm
from assessments.models import Campaign, Invitation
from assessments.report_display import previous_goals_display, report_display
from assessments.selectors.action_plans import (
    action_plan_get,
    action_plans_for_campaign,
    cohort_review_every_weeks,
    focus_items_for,
    goals_of_plan,
)
from assessments.selectors.report_change import change_detail
from assessments.selectors.report_store import report_of, summary_of
from assessments.selectors.report_viewers import (
    TRAINER_STATUSES,
    debrief_access,
    own_report,
    participant_of,
    released_reports_for,
    trainer_report,
)
from assessments.services.report_pdfs import (
    report_pdf_current,
    report_pdf_filename,
    report_pdf_read,
)
from kamtraining.http import AuthenticatedHttpRequest
from kamtraining.pdf import PdfUnavailable
from participants.models import Participant


def _context(
    *, campaign: Campaign, participant: Participant, viewer: str, **links: Any
) -> dict[str, Any]:
    report = report_of(campaign=campaign, participant=participant)
    previous = (report.get("campaign") or {}).get("previous")
    goals = goals_of_plan(participant=participant, campaign_id=previous["id"]) if previous else []
    change = change_detail(campaign=campaign, report=report) if previous else None
    return {
        **report_display(report, k=campaign.min_group_size, change=change),
        "previous_goals": previous_goals_display(report, goals, change),
        "campaign": campaign,
        "participant": participant,
        "viewer": viewer,
        **links,
    }


def _own(request: AuthenticatedHttpRequest, campaign_pk: int) -> tuple[Campaign, Participant]:
    found = own_report(user=request.user, campaign_pk=campaign_pk)
    if found is None:
        raise Http404
    return found


def _trainer(
    request: AuthenticatedHttpRequest, campaign_pk: int, participant_pk: int
) -> tuple[Campaign, Participant]:
    found = trainer_report(
        user=request.user, campaign_pk=campaign_pk, participant_pk=participant_pk
    )
    if found is None:
        raise Http404
    return found


def _pdf_response(campaign: Campaign, participant: Participant) -> HttpResponse:
    """The stored PDF when it is current, else rendered (and stored) now."""
    try:
        pdf = report_pdf_current(campaign=campaign, participant=participant)
    except PdfUnavailable:
        return HttpResponse(
            _("PDF export is not available on this server (WeasyPrint needs Pango)."),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    # A report PDF is a few hundred kilobytes: read whole, one response.
    response = HttpResponse(report_pdf_read(pdf), content_type="application/pdf")
    filename = report_pdf_filename(campaign=campaign, participant=participant)
    response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    return response


@login_required
def me_report_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The participant's released reports, each with its action plan."""
    participant = participant_of(request.user)
    campaigns = list(released_reports_for(user=request.user)) if participant else []
    return render(
        request,
        "assessments/report_list.html",
        {"participant": participant, "campaigns": campaigns},
    )


@login_required
def me_report(request: AuthenticatedHttpRequest, campaign_pk: int) -> HttpResponse:
    campaign, participant = _own(request, campaign_pk)
    plan = action_plan_get(participant=participant, campaign=campaign)
    context = _context(
        campaign=campaign,
        participant=participant,
        viewer="participant",
        pdf_url=reverse("assessments:me-report-pdf", args=[campaign.pk]),
        plan_url=reverse("assessments:me-action-plan", args=[campaign.pk]),
        has_plan=plan is not None,
        focus_ids={item.pk for item in focus_items_for(participant=participant, campaign=campaign)},
        can_focus=True,
    )
    return render(request, "assessments/report_page.html", context)


@login_required
def me_report_pdf(request: AuthenticatedHttpRequest, campaign_pk: int) -> HttpResponse:
    campaign, participant = _own(request, campaign_pk)
    return _pdf_response(campaign, participant)


@login_required
def trainer_report_page(
    request: AuthenticatedHttpRequest, campaign_pk: int, participant_pk: int
) -> HttpResponse:
    campaign, participant = _trainer(request, campaign_pk, participant_pk)
    context = _context(
        campaign=campaign,
        participant=participant,
        viewer="trainer",
        pdf_url=reverse("assessments:trainer-report-pdf", args=[campaign.pk, participant.pk]),
        plan_url=reverse("assessments:trainer-action-plan", args=[campaign.pk, participant.pk]),
        debrief_url=reverse("assessments:cohort-debrief", args=[campaign.pk]),
    )
    return render(request, "assessments/report_page.html", context)


@login_required
def trainer_report_pdf(
    request: AuthenticatedHttpRequest, campaign_pk: int, participant_pk: int
) -> HttpResponse:
    campaign, participant = _trainer(request, campaign_pk, participant_pk)
    return _pdf_response(campaign, participant)


def _heat_rows(summary: dict[str, Any], *, campaign: Campaign, planned: set[int]) -> list[Any]:
    low, high = summary["scale"]["min"], summary["scale"]["max"]
    codes = [dimension["code"] for dimension in summary["dimensions"]]
    rows = []
    for person in summary.get("participants") or []:
        others = person.get("others") or {}
        rows.append(
            {
                "person": person,
                "cells": [
                    {
                        "code": code,
                        "value": others.get(code),
                        "text": charts.fmt(others.get(code)),
                        "css_class": charts.heat_class(others.get(code), low, high),
                    }
                    for code in codes
                ],
                "report_url": reverse(
                    "assessments:trainer-report", args=[campaign.pk, person["id"]]
                ),
                "plan_url": reverse(
                    "assessments:trainer-action-plan", args=[campaign.pk, person["id"]]
                ),
                "has_plan": person["id"] in planned,
            }
        )
    return rows


@login_required
def cohort_debrief(request: AuthenticatedHttpRequest, campaign_pk: int) -> HttpResponse:
    """The cohort's results: a heatmap for its trainers, aggregates and rates for HR."""
    found = debrief_access(user=request.user, campaign_pk=campaign_pk)
    if found is None:
        raise Http404
    campaign, role = found
    context: dict[str, Any] = {"campaign": campaign, "role": role, "summary": None}
    if campaign.status in TRAINER_STATUSES:
        summary = summary_of(campaign=campaign, include_participants=role == "trainer")
        planned = (
            set(
                action_plans_for_campaign(campaign=campaign).values_list(
                    "participant_id", flat=True
                )
            )
            if role == "trainer"
            else set()
        )
        low, high = summary["scale"]["min"], summary["scale"]["max"]
        weeks = cohort_review_every_weeks(cohort=campaign.cohort) if role == "trainer" else None
        context.update(
            cohort_review_weeks=weeks,
            cohort_cadence_form=CohortCadenceForm(initial={"every_weeks": weeks}),
            summary=summary,
            heat_rows=_heat_rows(summary, campaign=campaign, planned=planned),
            legend=[
                {"value": v, "css_class": charts.heat_class(v, low, high)}
                for v in range(int(low), int(high) + 1)
            ],
            response_rows=_response_rows(summary),
            k=campaign.min_group_size,
        )
    return render(request, "assessments/cohort_debrief.html", context)


def _response_rows(summary: dict[str, Any]) -> list[dict[str, Any]]:
    rates = summary.get("response_rates") or {}
    rows = []
    for group in Invitation.GROUP_ORDER:
        counts = rates.get(group) or {}
        rate = counts.get("rate")
        rows.append(
            {
                "label": charts.series_label(group),
                "invited": counts.get("invited", 0),
                "submitted": counts.get("submitted", 0),
                "declined": counts.get("declined", 0),
                "rate": None if rate is None else round(100 * rate),
            }
        )
    return rows
