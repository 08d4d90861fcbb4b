"""Downloads of the campaign pages: response progress and class results (CSV, XLSX).

Each answers as the page it is offered on: progress as the progress page (HR or the cohort's
trainers, else 404); class results and answers as the debrief (its trainers or HR, else 404),
and only once the campaign is closed, when the page shows them. Answers name the subjects only
for the cohort's trainers, as the debrief does (`summary_access`).
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.http.response import HttpResponseBase

from assessments import exports
from assessments.access import SummaryAccess, summary_access
from assessments.selectors.campaigns import campaign_for_staff
from assessments.selectors.report_viewers import TRAINER_STATUSES, debrief_access
from kamtraining.exports import export_response
from kamtraining.http import AuthenticatedHttpRequest


@login_required
def progress_export(request: AuthenticatedHttpRequest, pk: int, fmt: str) -> HttpResponseBase:
    campaign = campaign_for_staff(user=request.user, pk=pk)
    return export_response(exports.progress_table(campaign=campaign), fmt)


@login_required
def class_results_export(
    request: AuthenticatedHttpRequest, campaign_pk: int, fmt: str
) -> HttpResponseBase:
    found = debrief_access(user=request.user, campaign_pk=campaign_pk)
    if found is None or found[0].status not in TRAINER_STATUSES:
        raise Http404
    return export_response(exports.class_results_table(campaign=found[0]), fmt)


@login_required
def answers_export(
    request: AuthenticatedHttpRequest, campaign_pk: int, fmt: str
) -> HttpResponseBase:
    found = debrief_access(user=request.user, campaign_pk=campaign_pk)
    if found is None:
        raise Http404
    access = summary_access(user=request.user, campaign=found[0])
    if access is SummaryAccess.NONE:
        raise Http404
    table = exports.answers_table(campaign=found[0], with_names=access is SummaryAccess.FULL)
    return export_response(table, fmt)
